/**
 * The flags several commands share: commander parsers, and options built the same way wherever they
 * appear. Each parser throws commander's InvalidArgumentError, so a bad value is a usage error (exit 2)
 * naming the flag, what is allowed and what was given.
 */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, Option } from 'commander';
import { type PlatformName, platformNames } from '../contract/topology.js';
import { oneOf, UsageError } from '../errors.js';

/** Where campaigns write findings unless `--db` says otherwise. */
export const defaultDbPath = 'findings/kexfuzz.db';

export interface DbOptions {
  readonly db: string;
}

export interface ModuleOptions {
  readonly strategyModule?: readonly string[];
}

/** A file path flag's value: an empty one would open a temporary database SQLite deletes on close. */
export function filePath(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('Expected a file path, but it was empty.');
  return value;
}

/** `--db FILE`, the findings database. */
export const dbOption = (): Option =>
  new Option('--db <file>', 'the findings database').default(defaultDbPath).argParser(filePath);

/** commander parser for a repeatable option: each occurrence adds one value. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** `--strategy-module FILE`, repeatable; `purpose` ends the help text (", for findings of ..."). */
export const strategyModuleOption = (purpose = ''): Option =>
  new Option('--strategy-module <file>', `load a strategy from a .ts or .js module (repeatable)${purpose}`).argParser(
    collect,
  );

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('Expected a positive integer.');
  }
  return n;
}

/**
 * A thread per core is what the pool can use; a few times that only costs memory (~30 MB a thread), and
 * thousands exhaust it. The cap scales with the machine so a 64-core host is not held back.
 */
export function maxWorkers(cores = availableParallelism()): number {
  return Math.max(8, 4 * cores);
}

/** `--workers N`: 1 ≤ N ≤ maxWorkers(). */
export function workerCount(value: string): number {
  const n = positiveInteger(value);
  const max = maxWorkers();
  if (n > max) {
    throw new InvalidArgumentError(
      `Expected at most ${max} (4 threads per core on this machine's ${availableParallelism()}), but was ${n}; more threads than cores only cost memory.`,
    );
  }
  return n;
}

/** Scenarios one worker task may run: a batch's results are held in memory until it commits. */
export const maxBatchSize = 1000;

/** `--batch-size N`: 1 ≤ N ≤ maxBatchSize. */
export function batchSize(value: string): number {
  const n = positiveInteger(value);
  if (n > maxBatchSize) throw new InvalidArgumentError(`Expected at most ${maxBatchSize}, but was ${n}.`);
  return n;
}

const durationUnits = { h: 3_600_000, m: 60_000, s: 1000 } as const;

/** The longest `--time`: Node's timers hold at most 2^31 - 1 ms (24.8 days); a longer one fires at once. */
export const maxDurationMs = 24 * 24 * durationUnits.h;

/** `8h`, `30m`, `90s`, `2m30s`, `1h30m` → milliseconds. */
export function duration(value: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value.trim());
  const [, h, min, s] = m ?? [];
  const ms = Number(h ?? 0) * durationUnits.h + Number(min ?? 0) * durationUnits.m + Number(s ?? 0) * durationUnits.s;
  if (m === null || (h === undefined && min === undefined && s === undefined) || !Number.isSafeInteger(ms)) {
    throw new InvalidArgumentError('Expected a duration such as 8h, 30m, 90s or 2m30s.');
  }
  if (ms <= 0) throw new InvalidArgumentError('Expected a duration longer than zero.');
  if (ms > maxDurationMs) {
    throw new InvalidArgumentError(
      `Expected at most ${durationFlag(maxDurationMs)} (24 days), but was ${value.trim()}; resume a campaign to run it longer.`,
    );
  }
  return ms;
}

/** The base seed: an integer 0 ≤ S < 2^31 (the PRNG mixes it as an int32). */
export function seedNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n > 0x7fffffff) {
    throw new InvalidArgumentError('Expected an integer from 0 to 2147483647.');
  }
  return n;
}

export interface Shard {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

/** `K/N` with 1 ≤ K ≤ N: this machine runs the K-th of N interleaved slices of the seed space. */
export function shard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (m === null || !Number.isSafeInteger(k) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('Expected K/N, e.g. 1/4 for the first of four shards.');
  }
  if (n < 1 || k < 1 || k > n) throw new InvalidArgumentError(`Expected K/N with 1 ≤ K ≤ N, but was ${k}/${n}.`);
  return { index: k - 1, count: n };
}

export function shardText(s: Shard): string {
  return `${s.index + 1}/${s.count}`;
}

/** A parser of comma-separated names, none empty, none twice; `what` says what they are ("strategy names"). */
export function nameList(what: string): (value: string) => string[] {
  return (value) => {
    const names = value.split(',').map((n) => n.trim());
    if (names.some((n) => n === '')) throw new InvalidArgumentError(`Expected ${what} separated by commas.`);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) throw new InvalidArgumentError(`"${twice}" is listed twice.`);
    return names;
  };
}

export const commaList = nameList('names');

export function platformList(value: string): PlatformName[] {
  const names = commaList(value);
  const unknown = names.filter((n) => !(platformNames as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `${oneOf(unknown)} ${unknown.length === 1 ? 'is not a platform' : 'are not platforms'}; each should be one of ${oneOf(platformNames)}.`,
    );
  }
  return names as PlatformName[];
}

/** The strategies `--strategies` names, in that order, or every available one. */
export function selectStrategies<S extends { readonly name: string }>(
  available: readonly S[],
  names: readonly string[] | undefined,
): S[] {
  if (names === undefined) return [...available];
  const known = available.map((s) => s.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown ${unknown.length === 1 ? 'strategy' : 'strategies'} ${oneOf(unknown).replace(' or ', ' and ')} in --strategies; ` +
        `${unknown.length === 1 ? 'it' : 'each'} should be one of ${oneOf(known)} (add your own with --strategy-module FILE).`,
    );
  }
  return names.flatMap((n) => available.filter((s) => s.name === n));
}

/** `--reference NAME|none`: a strategy the campaign runs, or null. */
export function referenceStrategy(reference: string, strategies: readonly string[]): string | null {
  if (reference === 'none') return null;
  if (!strategies.includes(reference)) {
    throw new UsageError(
      `--reference "${reference}" is not one of the strategies the campaign runs (${oneOf(strategies)}); ` +
        'add it to --strategies, or pass --reference none to leave findings unlabelled.',
    );
  }
  return reference;
}

/** Milliseconds back to the `--time` form: `2h30m`, `90s` → `1m30s`. */
export function durationFlag(ms: number): string {
  const s = Math.ceil(ms / 1000);
  const parts = [
    [Math.floor(s / 3600), 'h'],
    [Math.floor(s / 60) % 60, 'm'],
    [s % 60, 's'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join('');
}
