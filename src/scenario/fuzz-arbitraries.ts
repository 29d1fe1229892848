/**
 * fast-check arbitraries for fuzzing: scenarios that are valid and likely to reach interesting code,
 * with every dimension varied on purpose (BRIEF.md §7's conditions: crash CPU, hot-unplugged and wedged
 * CPUs, late cross-calls, primed control pages, stalls, scheduler policy and depth, IPI latency, cache
 * geometry, image size). Sizes are chosen explicitly: fast-check's default size caps arrays at 10.
 *
 * `tests/helpers/scenario-arbitraries.ts` explores the validator's edges; this one explores the kernel's.
 */
import fc from 'fast-check';
import type { FaultsInput, LayoutInput, ScenarioInput, ScenarioPath, TimingInput } from '../contract/scenario.js';
import { scenarioPaths, scenarioVersion } from '../contract/scenario.js';
import { type PlatformName, platformNames, topologyLimits } from '../contract/topology.js';
import {
  cacheParts,
  canHave,
  cpuIn,
  intIn,
  l2SetsIn,
  maybe,
  powerOfTwoIn,
  strayInterruptOf,
  timingParts,
  topologyParts,
  unpluggable,
  wedgeOf,
} from './arbitraries.js';
import { compact } from './compact.js';
import { defaultsFor, defaultsTable, scenarioLimits as limits } from './defaults.js';

export interface FuzzSpace {
  readonly platforms?: readonly PlatformName[];
}

interface Board {
  readonly platform: PlatformName;
  readonly cores: number;
  readonly threadsPerCore: number;
  readonly features: Readonly<Record<string, boolean>>;
}

/** Fuzzed boards have at most this many cores, whatever more the platform allows. */
const coresAtMost = 4;

/** A topology the platform can have, with every toggle set and a feature set its checkFeatures accepts. */
function boardArbitrary(platforms: readonly PlatformName[]): fc.Arbitrary<Board> {
  return fc
    .constantFrom(...platforms)
    .chain((platform) => {
      const { cores, threadsPerCore, toggles } = topologyParts(platform, coresAtMost);
      return fc.record({ platform: fc.constant(platform), cores, threadsPerCore, features: fc.record(toggles) });
    })
    .filter((b) => canHave(b.platform, b, b.features));
}

/** At most one wedged CPU (never the crash CPU), at most two offline, rarely a stray interrupt, mostly none of these. */
function faultsArbitrary(board: Board, crashCpu: number): fc.Arbitrary<FaultsInput> {
  const cpus = board.cores * board.threadsPerCore;
  const others = Array.from({ length: cpus }, (_, c) => c).filter((c) => c !== crashCpu);
  const offlineable = unpluggable(cpus, crashCpu, board, board.features);
  const wedge =
    others.length === 0
      ? fc.constant([])
      : fc.oneof(
          { weight: 4, arbitrary: fc.constant([]) },
          {
            weight: 1,
            arbitrary: wedgeOf(
              fc.constantFrom(...others),
              intIn(limits.steps, { max: 30_000 }),
              intIn(limits.stepCount, { min: 1_000, max: 80_000 }),
            ).map((w) => [w]),
          },
        );
  const offline =
    offlineable.length === 0
      ? fc.constant([])
      : fc.oneof(
          { weight: 5, arbitrary: fc.constant([] as number[]) },
          {
            weight: 1,
            arbitrary: fc.subarray(offlineable, { minLength: 1, maxLength: Math.min(2, offlineable.length) }),
          },
        );
  return fc.record({
    offlineBefore: offline,
    wedged: wedge,
    crossCallAfterPark: fc.oneof(
      { weight: 5, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    controlPagePrimed: fc.boolean(),
    // Rare: a stray interrupt wakes whatever it reaches, so most scenarios should show the kexec without one.
    strayInterrupts: fc.oneof(
      { weight: 9, arbitrary: fc.constant([]) },
      {
        weight: 1,
        arbitrary: strayInterruptOf(cpuIn(cpus), intIn(limits.steps, { max: 40_000 })).map((x) => [x]),
      },
    ),
  });
}

/** Timing narrower than the format allows: short PCT horizons, small IPI latencies, up to three stalls; no replay. */
function timingArbitrary(cpus: number): fc.Arbitrary<TimingInput> {
  const { seed, ...rest } = timingParts(cpus, {
    quantum: intIn(limits.quantum, [1, 4, 16, 32, 128]),
    pctDepth: intIn(limits.pctDepth, { max: 5 }),
    pctHorizon: intIn(limits.pctHorizon, { min: 1_000, max: 150_000 }),
    // The most latency is the least plus a spread of up to 2,000, so it stays far within the limit.
    ipiLatency: fc
      .tuple(intIn(limits.ipiLatency, { max: 300 }), fc.integer({ min: 0, max: 2_000 }))
      .map(([min, extra]) => ({ min, max: min + extra })),
    stallFrom: intIn(limits.steps, { max: 60_000 }),
    stallSteps: intIn(limits.stallSteps, { min: 100, max: 40_000 }),
    maxStalls: 3,
  });
  return fc.record({ seed, policy: fc.constantFrom('weighted', 'weighted', 'pct'), ...rest });
}

function layoutArbitrary(platform: PlatformName, path: ScenarioPath): fc.Arbitrary<LayoutInput> {
  const d = defaultsFor(platform, path).layout;
  const first = d.segments[0] ?? { base: 0x1000, words: 0x3000 };
  const cache = fc.record(
    cacheParts({
      l1Sets: powerOfTwoIn(limits.l1SetsLog2, [16, 64, 256, 512]),
      l1Ways: intIn(limits.l1Ways, { max: 4 }),
      l2Sets: l2SetsIn([0, 256, 1024]),
      l2Ways: intIn(limits.l2Ways, { max: 8 }),
    }),
  );
  // A smaller image keeps more of it in L1 when the new kernel starts (S17).
  const segments = fc.constantFrom(first.words, 0x2000, 0x400).map((words) => [{ base: first.base, words }]);
  return fc.record({ cache: maybe(cache), segments: maybe(segments) }).map((l) => compact(l) as LayoutInput);
}

/** Scenarios for fuzzing: a board, a path, a crash CPU, faults, timing and sometimes a layout. */
export function fuzzScenarioInput(space: FuzzSpace = {}): fc.Arbitrary<ScenarioInput> {
  const platforms = space.platforms && space.platforms.length > 0 ? space.platforms : platformNames;
  return boardArbitrary(platforms).chain((board) => {
    const cpus = board.cores * board.threadsPerCore;
    return fc
      .record({
        path: fc.constantFrom(...scenarioPaths),
        crashCpu: fc.oneof(fc.constant(0), fc.constant(cpus - 1), cpuIn(cpus)),
      })
      .chain(({ path, crashCpu }) =>
        fc
          .record({
            faults: faultsArbitrary(board, crashCpu),
            timing: timingArbitrary(cpus),
            layout: fc.oneof(
              { weight: 3, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: layoutArbitrary(board.platform, path) },
            ),
          })
          .map(
            (rest): ScenarioInput =>
              compact({
                version: scenarioVersion,
                platform: board.platform,
                cores: board.cores,
                threadsPerCore: board.threadsPerCore,
                features: board.features,
                path,
                crashCpu,
                faults: rest.faults,
                timing: rest.timing,
                layout: rest.layout,
              }) as ScenarioInput,
          ),
      );
  });
}

/**
 * A mutation of a corpus entry: each part of it kept (most of the time) or drawn afresh, so shrinking
 * still works on the result. The board is kept: the other parts depend on it.
 */
export function mutatedScenarioInput(entry: ScenarioInput): fc.Arbitrary<ScenarioInput> {
  const board = validBoard(entry);
  const cpus = board.cores * board.threadsPerCore;
  const keep = <T>(value: T, fresh: fc.Arbitrary<T>): fc.Arbitrary<T> =>
    fc.oneof({ weight: 3, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: fresh });
  const path = entry.path ?? defaultsTable.path;
  const crashCpu = entry.crashCpu ?? defaultsTable.common.crashCpu;
  return fc
    .record({
      path: keep(path, fc.constantFrom(...scenarioPaths)),
      crashCpu: keep(crashCpu, cpuIn(cpus)),
      timing: keep(entry.timing ?? {}, timingArbitrary(cpus)),
      faults: keep(entry.faults ?? {}, faultsArbitrary(board, crashCpu)),
    })
    .map((m) => compact({ ...entry, ...m }) as ScenarioInput);
}

function validBoard(entry: ScenarioInput): Board {
  const t = topologyLimits[entry.platform];
  return {
    platform: entry.platform,
    cores: entry.cores ?? t.defaultCores,
    threadsPerCore: entry.threadsPerCore ?? t.defaultThreadsPerCore,
    features: entry.features ?? {},
  };
}
