/**
 * The valid parts of a scenario as fast-check arbitraries, drawn from the ranges in `scenarioLimits` and the
 * platform's `topologyLimits`, so that no range is written twice. Each part gives every field its full range; a
 * caller narrows or weights a field by passing its own arbitrary, built with `intIn` or `powerOfTwoIn` from the
 * same limits. `fuzz-arbitraries.ts` narrows them towards the kernel's interesting paths; the codec's property
 * tests (tests/helpers/scenario-arbitraries.ts) keep the full ranges and leave fields out. Generation only.
 */
import fc from 'fast-check';
import type { CacheGeometryInput, IpiLatency, Stall, StrayInterrupt, Wedge } from '../contract/scenario.js';
import { maxCpus, type PlatformName, topologyLimits } from '../contract/topology.js';
import { fillFeatures, hotUnplugRefusal, scenarioLimits as limits } from './defaults.js';
import { isPowerOfTwoIn } from './readers.js';

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Bounds to draw within (each kept inside the limit), or the only values to draw. */
export type Narrowing = Partial<Range> | readonly number[];

const isList = (n: Narrowing): n is readonly number[] => Array.isArray(n);

/** The values of a list, each checked: a value outside the limit is a bug in the caller, caught when built. */
function checked(values: readonly number[], valid: (v: number) => boolean, what: string): readonly number[] {
  const bad = values.filter((v) => !valid(v));
  if (bad.length > 0) throw new Error(`arbitrary values ${bad.join(', ')} are not ${what}`);
  return values;
}

/** Integers within `limit`, or within it and narrower bounds, or only the listed values (each within it). */
export function intIn(limit: Range, narrowing: Narrowing = {}): fc.Arbitrary<number> {
  if (isList(narrowing)) {
    const within = (v: number): boolean => Number.isInteger(v) && v >= limit.min && v <= limit.max;
    return fc.constantFrom(...checked(narrowing, within, `integers from ${limit.min} to ${limit.max}`));
  }
  const min = Math.max(limit.min, narrowing.min ?? limit.min);
  const max = Math.min(limit.max, narrowing.max ?? limit.max);
  if (min > max) throw new Error(`no integer from ${limit.min} to ${limit.max} is also from ${min} to ${max}`);
  return fc.integer({ min, max });
}

/** Powers of two whose exponent is within `log2` (and narrower bounds), or only the listed powers of two. */
export function powerOfTwoIn(log2: Range, narrowing: Narrowing = {}): fc.Arbitrary<number> {
  if (!isList(narrowing)) return intIn(log2, narrowing).map((e) => 2 ** e);
  const what = `powers of two from 2^${log2.min} to 2^${log2.max}`;
  return fc.constantFrom(...checked(narrowing, (v) => isPowerOfTwoIn(v, log2.min, log2.max), what));
}

/** Secondary-cache sets: 0 (none) or a power of two within the limit, or only the listed such values. */
export function l2SetsIn(narrowing?: readonly number[]): fc.Arbitrary<number> {
  const { min, max } = limits.l2SetsLog2;
  if (narrowing === undefined) return fc.oneof(fc.constant(0), powerOfTwoIn(limits.l2SetsLog2));
  const what = `0 or powers of two from 2^${min} to 2^${max}`;
  return fc.constantFrom(...checked(narrowing, (v) => v === 0 || isPowerOfTwoIn(v, min, max), what));
}

/** A value, or undefined so the field is left out and takes its default. */
export const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** A CPU of a machine with `cpus` CPUs. */
export const cpuIn = (cpus: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: cpus - 1 });

// ---------------------------------------------------------------------------------------------------------------
// Topology

export interface TopologyParts {
  readonly cores: fc.Arbitrary<number>;
  readonly threadsPerCore: fc.Arbitrary<number>;
  /** One arbitrary per toggle of the platform, for `fc.record` (with every key, or with keys left out). */
  readonly toggles: Readonly<Record<string, fc.Arbitrary<boolean>>>;
}

/** The platform's topology fields in their full ranges, with at most `coresAtMost` cores. */
export function topologyParts(platform: PlatformName, coresAtMost = Number.POSITIVE_INFINITY): TopologyParts {
  const t = topologyLimits[platform];
  return {
    cores: intIn({ min: t.minCores, max: t.maxCores }, { max: coresAtMost }),
    threadsPerCore: fc.constantFrom(...t.threadsPerCore),
    toggles: Object.fromEntries(Object.keys(t.features).map((name) => [name, fc.boolean()])),
  };
}

/** What the platform's own rule says about this topology with these toggles (the rest at their defaults). */
export function featureProblem(
  platform: PlatformName,
  topology: { readonly cores: number; readonly threadsPerCore: number },
  given: Readonly<Record<string, boolean>> | undefined,
): string | undefined {
  return topologyLimits[platform].checkFeatures?.(topology, fillFeatures(platform, topology, given));
}

/**
 * Whether the platform can have this topology with these toggles. Draws are filtered with it rather than
 * repaired: the feature rule is the platform's, so only it knows what would fix a draw.
 */
export function canHave(
  platform: PlatformName,
  topology: { readonly cores: number; readonly threadsPerCore: number },
  given: Readonly<Record<string, boolean>> | undefined,
): boolean {
  return topology.cores * topology.threadsPerCore <= maxCpus && featureProblem(platform, topology, given) === undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Faults

/** The CPUs that may be offline before the kexec: hotplug never takes CPU 0, and the crash CPU runs the kexec. */
export function unpluggable(
  cpus: number,
  crashCpu: number,
  board: { readonly platform: PlatformName; readonly cores: number; readonly threadsPerCore: number },
  given: Readonly<Record<string, boolean>> | undefined,
): number[] {
  if (hotUnplugRefusal(board.platform, board, given) !== undefined) return [];
  return Array.from({ length: cpus }, (_, cpu) => cpu).filter((cpu) => cpu !== 0 && cpu !== crashCpu);
}

/** A wedged CPU: from a step on, for some steps or (null) forever. */
export function wedgeOf(
  cpu: fc.Arbitrary<number>,
  from: fc.Arbitrary<number>,
  steps: fc.Arbitrary<number>,
): fc.Arbitrary<Wedge> {
  return fc.record({ cpu, from, steps: fc.option(steps, { nil: null }) });
}

/** A software interrupt nobody sends, arriving at a CPU at a step. */
export function strayInterruptOf(cpu: fc.Arbitrary<number>, at: fc.Arbitrary<number>): fc.Arbitrary<StrayInterrupt> {
  return fc.record({ cpu, at });
}

// ---------------------------------------------------------------------------------------------------------------
// Timing

/** The timing fields a caller may narrow or weight; the rest (seed, speeds) always take their full range. */
export interface TimingSpace {
  readonly quantum: fc.Arbitrary<number>;
  readonly pctDepth: fc.Arbitrary<number>;
  readonly pctHorizon: fc.Arbitrary<number>;
  readonly ipiLatency: fc.Arbitrary<IpiLatency>;
  /** The step a stall starts at. */
  readonly stallFrom: fc.Arbitrary<number>;
  /** How many steps a stall lasts. */
  readonly stallSteps: fc.Arbitrary<number>;
  /** Stalls per scenario at most. Not a limit of the format: more rarely tell anything new. */
  readonly maxStalls: number;
}

export interface TimingParts {
  readonly seed: fc.Arbitrary<number>;
  readonly speeds: fc.Arbitrary<number[]>;
  readonly quantum: fc.Arbitrary<number>;
  readonly pctDepth: fc.Arbitrary<number>;
  readonly pctHorizon: fc.Arbitrary<number>;
  readonly ipiLatency: fc.Arbitrary<IpiLatency>;
  readonly stalls: fc.Arbitrary<Stall[]>;
}

/**
 * The timing fields that do not depend on each other, for a machine with `cpus` CPUs. The policy, its schedule,
 * the budget and the progress window constrain each other, so the caller draws those.
 */
export function timingParts(cpus: number, space: Partial<TimingSpace> = {}): TimingParts {
  const ipiLatency = fc
    .tuple(intIn(limits.ipiLatency), intIn(limits.ipiLatency))
    .map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
  const stall = fc.record({
    cpu: cpuIn(cpus),
    from: space.stallFrom ?? intIn(limits.steps),
    steps: space.stallSteps ?? intIn(limits.stallSteps),
  });
  return {
    seed: intIn(limits.seed),
    speeds: fc.array(intIn(limits.speed), { minLength: cpus, maxLength: cpus }),
    quantum: space.quantum ?? intIn(limits.quantum),
    pctDepth: space.pctDepth ?? intIn(limits.pctDepth),
    pctHorizon: space.pctHorizon ?? intIn(limits.pctHorizon),
    ipiLatency: space.ipiLatency ?? ipiLatency,
    stalls: fc.array(stall, { maxLength: space.maxStalls ?? 16, size: 'max' }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Layout

export type CacheParts = { readonly [K in keyof Required<CacheGeometryInput>]: fc.Arbitrary<number> };

/** The cache geometry fields in their full ranges, unless `space` narrows some. */
export function cacheParts(space: Partial<CacheParts> = {}): CacheParts {
  return {
    lineWords: space.lineWords ?? fc.constantFrom(...limits.lineWords),
    l1Sets: space.l1Sets ?? powerOfTwoIn(limits.l1SetsLog2),
    l1Ways: space.l1Ways ?? intIn(limits.l1Ways),
    l2Sets: space.l2Sets ?? l2SetsIn(),
    l2Ways: space.l2Ways ?? intIn(limits.l2Ways),
  };
}
