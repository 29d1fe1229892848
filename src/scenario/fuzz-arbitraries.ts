/**
 * fast-check arbitraries for fuzzing: scenarios that are valid and likely to reach interesting code,
 * with every dimension varied on purpose (BRIEF.md §7's conditions: crash CPU, hot-unplugged and wedged
 * CPUs, late cross-calls, primed control pages, stalls, scheduler policy and depth, IPI latency, cache
 * geometry, image size). Sizes are chosen explicitly: fast-check's default size caps arrays at 10.
 *
 * `tests/helpers/scenario-arbitraries.ts` explores the validator's edges; this one explores the kernel's.
 */
import fc from 'fast-check';
import { type PlatformName, platformNames, topologyLimits } from '../platforms/topology.js';
import { compact } from './compact.js';
import { defaultsFor } from './defaults.js';
import type { FaultsInput, LayoutInput, ScenarioInput, TimingInput } from './types.js';
import { scenarioVersion } from './types.js';

export interface FuzzSpace {
  readonly platforms?: readonly PlatformName[];
}

interface Board {
  readonly platform: PlatformName;
  readonly cores: number;
  readonly threadsPerCore: number;
  readonly features: Readonly<Record<string, boolean>>;
}

/** A topology the platform can have, with a feature set its checkFeatures accepts. */
function boardArbitrary(platforms: readonly PlatformName[]): fc.Arbitrary<Board> {
  return fc
    .constantFrom(...platforms)
    .chain((platform) => {
      const limits = topologyLimits[platform];
      const names = Object.keys(limits.features);
      return fc.record({
        platform: fc.constant(platform),
        cores: fc.integer({ min: limits.minCores, max: Math.min(limits.maxCores, 4) }),
        threadsPerCore: fc.constantFrom(...limits.threadsPerCore),
        features: fc.record(Object.fromEntries(names.map((n) => [n, fc.boolean()]))),
      });
    })
    .map((b) => ({ ...b, features: b.features as Record<string, boolean> }))
    .filter((b) => topologyLimits[b.platform].checkFeatures?.(b, b.features) === undefined);
}

function faultsArbitrary(cpus: number, crashCpu: number): fc.Arbitrary<FaultsInput> {
  const others = Array.from({ length: cpus }, (_, c) => c).filter((c) => c !== crashCpu);
  const unpluggable = others.filter((c) => c !== 0);
  const wedge =
    others.length === 0
      ? fc.constant([])
      : fc.oneof(
          { weight: 4, arbitrary: fc.constant([]) },
          {
            weight: 1,
            arbitrary: fc
              .record({
                cpu: fc.constantFrom(...others),
                from: fc.integer({ min: 0, max: 30_000 }),
                steps: fc.option(fc.integer({ min: 1_000, max: 80_000 }), { nil: null }),
              })
              .map((w) => [w]),
          },
        );
  const offline =
    unpluggable.length === 0
      ? fc.constant([])
      : fc.oneof(
          { weight: 5, arbitrary: fc.constant([] as number[]) },
          {
            weight: 1,
            arbitrary: fc.subarray(unpluggable, { minLength: 1, maxLength: Math.min(2, unpluggable.length) }),
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
  });
}

function timingArbitrary(cpus: number): fc.Arbitrary<TimingInput> {
  return fc.record({
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    policy: fc.constantFrom('weighted', 'weighted', 'pct'),
    speeds: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: cpus, maxLength: cpus }),
    quantum: fc.constantFrom(1, 4, 16, 32, 128),
    pctDepth: fc.integer({ min: 1, max: 5 }),
    pctHorizon: fc.integer({ min: 1_000, max: 150_000 }),
    ipiLatency: fc
      .tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 2_000 }))
      .map(([min, extra]) => ({ min, max: min + extra })),
    stalls: fc.array(
      fc.record({
        cpu: fc.integer({ min: 0, max: cpus - 1 }),
        from: fc.integer({ min: 0, max: 60_000 }),
        steps: fc.integer({ min: 100, max: 40_000 }),
      }),
      { maxLength: 3, size: 'max' },
    ),
  });
}

function layoutArbitrary(platform: PlatformName, path: 'kexec' | 'kdump'): fc.Arbitrary<LayoutInput> {
  const d = defaultsFor(platform, path).layout;
  const first = d.segments[0] ?? { base: 0x1000, words: 0x3000 };
  const cache = fc.record({
    lineWords: fc.constantFrom(4, 8, 16),
    l1Sets: fc.constantFrom(16, 64, 256, 512),
    l1Ways: fc.integer({ min: 1, max: 4 }),
    l2Sets: fc.constantFrom(0, 256, 1024),
    l2Ways: fc.integer({ min: 1, max: 8 }),
  });
  // A smaller image keeps more of it in L1 when the new kernel starts (S17).
  const segments = fc.constantFrom(first.words, 0x2000, 0x400).map((words) => [{ base: first.base, words }]);
  return fc
    .record({ cache: fc.option(cache, { nil: undefined }), segments: fc.option(segments, { nil: undefined }) })
    .map((l) => compact(l) as LayoutInput);
}

/** Scenarios for fuzzing: a board, a path, a crash CPU, faults, timing and sometimes a layout. */
export function fuzzScenarioInput(space: FuzzSpace = {}): fc.Arbitrary<ScenarioInput> {
  const platforms = space.platforms && space.platforms.length > 0 ? space.platforms : platformNames;
  return boardArbitrary(platforms).chain((board) => {
    const cpus = board.cores * board.threadsPerCore;
    return fc
      .record({
        path: fc.constantFrom('kexec' as const, 'kdump' as const),
        crashCpu: fc.oneof(fc.constant(0), fc.constant(cpus - 1), fc.integer({ min: 0, max: cpus - 1 })),
      })
      .chain(({ path, crashCpu }) =>
        fc
          .record({
            faults: faultsArbitrary(cpus, crashCpu),
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
  const path = entry.path ?? 'kexec';
  const crashCpu = entry.crashCpu ?? 0;
  return fc
    .record({
      path: keep(path, fc.constantFrom('kexec' as const, 'kdump' as const)),
      crashCpu: keep(crashCpu, fc.integer({ min: 0, max: cpus - 1 })),
      timing: keep(entry.timing ?? {}, timingArbitrary(cpus)),
      faults: keep(entry.faults ?? {}, faultsArbitrary(cpus, crashCpu)),
    })
    .map((m) => compact({ ...entry, ...m }) as ScenarioInput);
}

function validBoard(entry: ScenarioInput): Board {
  const limits = topologyLimits[entry.platform];
  return {
    platform: entry.platform,
    cores: entry.cores ?? limits.defaultCores,
    threadsPerCore: entry.threadsPerCore ?? limits.defaultThreadsPerCore,
    features: entry.features ?? {},
  };
}
