/**
 * Readers for scenario validation: each checks one JSON value on its own and returns it typed, or records why
 * not in the Check and returns undefined. Relations between fields are the section validators' job.
 */

import type { Region } from '../contract/scenario.js';
import { maxCpus } from '../contract/topology.js';
import { oneOf } from '../errors.js';
import { type Check, child, childKey, conflict, expected, full, hex, item, problem, reject, show } from './check.js';
import { scenarioLimits as limits } from './defaults.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export const isObject = (raw: unknown): raw is JsonObject =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw);

/** Own properties only: a key such as "constructor" or "__proto__" must not reach Object.prototype. */
export const own = (o: JsonObject, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

/** Reads an optional field: undefined (left out) stays undefined without a problem. */
export const optional = <T>(raw: unknown, read: (raw: unknown) => T | undefined): T | undefined =>
  raw === undefined ? undefined : read(raw);

/** An object with only the given fields; unknown keys are reported but do not make the object unusable. */
export function readObject(c: Check, raw: unknown, field: string, fields: readonly string[]): JsonObject | undefined {
  const owner = field === '' ? 'a scenario' : `"${field}"`;
  if (!isObject(raw)) {
    if (field === '') {
      problem(c, field, `a scenario must be a JSON object, but was ${show(raw)}.`);
      return undefined;
    }
    return expected(c, field, `an object with the fields ${oneOf(fields)}`, raw);
  }
  for (const key of Object.keys(raw)) {
    if (fields.includes(key)) continue;
    // Past the kept problems only the count matters: a million unknown keys need no million messages.
    if (full(c)) c.omitted++;
    else conflict(c, childKey(field, key), `is not a known field; ${owner} may have ${oneOf(fields)}.`);
  }
  return raw;
}

export function readInt(c: Check, raw: unknown, field: string, min: number, max: number, why = ''): number | undefined {
  // `+ 0` turns -0 into 0, which JSON cannot tell apart anyway.
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max) return raw + 0;
  return expected(c, field, `an integer from ${min} to ${max}${why}`, raw);
}

export function isPowerOfTwoIn(raw: unknown, minLog2: number, maxLog2: number): raw is number {
  // Bounds first: the bit test below is only exact within 32 bits, and 2^22 is the largest allowed value.
  return (
    typeof raw === 'number' &&
    Number.isInteger(raw) &&
    raw >= 2 ** minLog2 &&
    raw <= 2 ** maxLog2 &&
    (raw & (raw - 1)) === 0
  );
}

export function readPowerOfTwo(
  c: Check,
  raw: unknown,
  field: string,
  minLog2: number,
  maxLog2: number,
): number | undefined {
  if (isPowerOfTwoIn(raw, minLog2, maxLog2)) return raw;
  return expected(
    c,
    field,
    `a power of two from ${2 ** minLog2} (2^${minLog2}) to ${2 ** maxLog2} (2^${maxLog2})`,
    raw,
  );
}

export function readChoice<T extends string | number>(
  c: Check,
  raw: unknown,
  field: string,
  choices: readonly T[],
  context = '',
): T | undefined {
  if ((choices as readonly unknown[]).includes(raw)) return raw as T;
  if (raw === undefined) return reject(c, field, `is required: one of ${oneOf(choices)}${context}.`);
  return reject(c, field, `should be one of ${oneOf(choices)}${context}, but was ${show(raw)}.`);
}

export function readBoolean(c: Check, raw: unknown, field: string): boolean | undefined {
  return typeof raw === 'boolean' ? raw : expected(c, field, 'true or false', raw);
}

/** A CPU number; `cpus` is undefined when the topology itself is invalid, and then only the hard limit applies. */
export function readCpu(c: Check, raw: unknown, field: string, cpus: number | undefined): number | undefined {
  const n = cpus ?? maxCpus;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw < n) return raw + 0;
  const what = cpus === undefined ? `a CPU number (0–${maxCpus - 1})` : `a CPU of this topology (0–${cpus - 1})`;
  return expected(c, field, what, raw);
}

/**
 * Reads every element, keeping indices, so that messages name `field[i]` of what the user wrote. The length is
 * checked first: an array longer than allowed is rejected as a whole, without reading a million entries.
 */
export function readArray<T>(
  c: Check,
  raw: unknown,
  field: string,
  what: string,
  readItem: (raw: unknown, field: string) => T | undefined,
  length: { readonly min: number; readonly max: number } = { min: 0, max: Number.MAX_SAFE_INTEGER },
): (T | undefined)[] | undefined {
  if (!Array.isArray(raw)) return expected(c, field, `an array of ${what}`, raw);
  if (raw.length < length.min || raw.length > length.max) {
    const range =
      length.max === Number.MAX_SAFE_INTEGER
        ? `at least ${length.min}`
        : length.min === 0
          ? `at most ${length.max}`
          : `${length.min} to ${length.max}`;
    reject(c, field, `must have ${range} entries, but had ${raw.length}.`);
    if (raw.length > length.max) return undefined;
  }
  const items: (T | undefined)[] = [];
  for (let i = 0; i < raw.length; i++) items.push(readItem(raw[i], item(field, i)));
  return items;
}

/** The array as a whole, once every element has been read successfully. */
export function complete<T>(items: readonly (T | undefined)[] | undefined): T[] | undefined {
  if (items === undefined) return undefined;
  const out: T[] = [];
  for (const x of items) {
    if (x === undefined) return undefined;
    out.push(x);
  }
  return out;
}

/** A `{base, words}` region on its own: above the vectors, at least one word, within the largest memory. */
export function readRegion(c: Check, raw: unknown, field: string): Region | undefined {
  const o = readObject(c, raw, field, ['base', 'words']);
  if (o === undefined) return undefined;
  const maxWords = 2 ** limits.memWordsLog2.max;
  const base = readInt(
    c,
    own(o, 'base'),
    child(field, 'base'),
    limits.lowestBase,
    maxWords - 1,
    ` (words below ${hex(limits.lowestBase)} hold the exception vectors)`,
  );
  const words = readInt(c, own(o, 'words'), child(field, 'words'), 1, maxWords);
  return base === undefined || words === undefined ? undefined : { base, words };
}
