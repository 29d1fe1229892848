/**
 * Problem collection for scenario validation: every problem names its field, what is allowed and what was
 * given. Validators record problems here and go on, so one run reports them all.
 */

import type { Region, ScenarioPath } from '../contract/scenario.js';
import type { PlatformName } from '../contract/topology.js';
import type { InputProblem } from '../errors.js';
import type { ResolvedDefaults } from './defaults.js';

/**
 * Problems so far (the first `keptProblems`; `omitted` counts the rest, so a hostile input cannot fill memory
 * with messages), and the fields whose own value was bad, with every field that contains one: relations
 * involving those are not judged.
 */
export interface Check {
  readonly problems: InputProblem[];
  omitted: number;
  readonly bad: Set<string>;
}

/** Problems kept in full; more than a reader or a tool would go through before fixing the first ones. */
export const keptProblems = 100;

export const newCheck = (): Check => ({ problems: [], omitted: 0, bad: new Set() });

/** Whether further problems are only counted: then there is no point in spending time on their messages. */
export const full = (c: Check): boolean => c.problems.length >= keptProblems;

/** Records one problem, or only counts it once `keptProblems` are kept. */
export function problem(c: Check, field: string, message: string): void {
  if (full(c)) c.omitted++;
  else c.problems.push({ field, message });
}

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

/** A problem past the kept ones, in `field` or inside it: counted and marked, with no message to build. */
export function count(c: Check, field: string): void {
  c.omitted++;
  markBad(c, field);
}

/** A field's own value is unusable: record it, so later cross-field checks skip it instead of piling on. */
export function reject(c: Check, field: string, text: string): undefined {
  problem(c, field, `scenario field "${field}" ${text}`);
  markBad(c, field);
  return undefined;
}

/**
 * Marks `field` and every field that contains it, so `isBad` is one lookup. An array is marked as a whole
 * ("a.b[2].c" marks "a.b" and "a"): marking each of a million bad entries would take seconds.
 */
function markBad(c: Check, field: string): void {
  const bracket = field.indexOf('[');
  let name = bracket < 0 ? field : field.slice(0, bracket);
  while (name !== '' && !c.bad.has(name)) {
    c.bad.add(name);
    name = name.slice(0, Math.max(0, name.lastIndexOf('.')));
  }
}

/** A value is fine on its own but conflicts with another field. */
export function conflict(c: Check, field: string, text: string): void {
  problem(c, field, `scenario field "${field}" ${text}`);
}

/** Rejects a value that is not what the field expects; a missing required value says so instead. */
export function expected(c: Check, field: string, what: string, raw: unknown): undefined {
  if (full(c)) return reject(c, field, '');
  if (raw === undefined) return reject(c, field, `is required: ${what}.`);
  return reject(c, field, `must be ${what}, but was ${show(raw)}.`);
}

/** Whether the field, or anything inside it, had a bad value of its own; an array entry answers for its array. */
export const isBad = (c: Check, field: string): boolean => {
  const bracket = field.indexOf('[');
  return c.bad.has(bracket < 0 ? field : field.slice(0, bracket));
};

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
  // JSON.stringify throws only on nesting too deep for its recursion.
  text ??= typeof value === 'object' ? 'a value nested too deeply to show' : `a ${typeof value}`;
  return cut(printable(text), 40);
}

/**
 * A key the user wrote, as it can appear in a field name: escaped like a JSON string (so a newline cannot start
 * a line of its own) and cut to a readable length (so a 10 MB key is not echoed whole).
 */
export function showKey(key: string): string {
  return cut(printable(JSON.stringify(key).slice(1, -1)), 60);
}

/** `text` as at most `max` characters, the last of them "…" when anything was cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never end on half of a surrogate pair.
  return `${text.slice(0, max - 1).replace(/[\ud800-\udbff]$/, '')}…`;
}

/** Characters JSON.stringify leaves raw that a terminal would act on: DEL, C1 controls, line and bidi marks. */
const unprintable = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const printable = (text: string): string =>
  text.replace(unprintable, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

export const child = (parent: string, key: string): string => (parent === '' ? key : `${parent}.${key}`);
/** `child` for a key the user wrote rather than one the format names. */
export const childKey = (parent: string, key: string): string => child(parent, showKey(key));
export const item = (parent: string, index: number): string => `${parent}[${index}]`;
export const hex = (n: number): string => `0x${n.toString(16).toUpperCase()}`;
export const span = (r: Region): string => `${hex(r.base)}–${hex(r.base + r.words - 1)}`;
