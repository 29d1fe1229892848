/**
 * Problem collection for scenario validation: every problem names its field, what is allowed and what was
 * given. Validators record problems here and go on, so one run reports them all.
 */

import type { Region, ScenarioPath } from '../contract/scenario.js';
import type { PlatformName } from '../contract/topology.js';
import type { InputProblem } from '../errors.js';
import type { ResolvedDefaults } from './defaults.js';

/** Problems so far, and the fields whose own value was bad: relations involving those are not judged. */
export interface Check {
  readonly problems: InputProblem[];
  readonly bad: Set<string>;
}

export const newCheck = (): Check => ({ problems: [], bad: new Set() });

/**
 * What the sections validated before this one resolved (undefined = unknown, because that field was bad), so a
 * section judges relations only between values it knows.
 */
export interface Resolved {
  readonly platform: PlatformName | undefined;
  /** CPU count, when platform and topology are valid. */
  readonly cpus: number | undefined;
  readonly path: ScenarioPath | undefined;
  readonly crashCpu: number | undefined;
  /** Defaults for this platform and path, when both are known. */
  readonly defaults: ResolvedDefaults | undefined;
}

/** A field's own value is unusable: record it, so later cross-field checks skip it instead of piling on. */
export function reject(c: Check, field: string, text: string): undefined {
  c.problems.push({ field, message: `scenario field "${field}" ${text}` });
  c.bad.add(field);
  return undefined;
}

/** A value is fine on its own but conflicts with another field. */
export function conflict(c: Check, field: string, text: string): void {
  c.problems.push({ field, message: `scenario field "${field}" ${text}` });
}

/** Rejects a value that is not what the field expects; a missing required value says so instead. */
export function expected(c: Check, field: string, what: string, raw: unknown): undefined {
  if (raw === undefined) return reject(c, field, `is required: ${what}.`);
  return reject(c, field, `must be ${what}, but was ${show(raw)}.`);
}

/** Whether the field, or anything inside it, had a bad value of its own. */
export function isBad(c: Check, field: string): boolean {
  for (const b of c.bad) {
    if (b === field || b.startsWith(`${field}.`) || b.startsWith(`${field}[`)) return true;
  }
  return false;
}

/** What the user gave, as JSON, cut to a readable length. Never throws, whatever the value. */
export function show(value: unknown): string {
  let text: string | undefined;
  if (typeof value === 'number') text = String(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = undefined;
    }
  }
  text ??= `a ${typeof value}`;
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

export const child = (parent: string, key: string): string => (parent === '' ? key : `${parent}.${key}`);
export const item = (parent: string, index: number): string => `${parent}[${index}]`;
export const hex = (n: number): string => `0x${n.toString(16).toUpperCase()}`;
export const span = (r: Region): string => `${hex(r.base)}–${hex(r.base + r.words - 1)}`;
