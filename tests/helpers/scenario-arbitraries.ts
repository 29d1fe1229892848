/**
 * Valid scenario inputs for the codec's property tests: every dimension in its full range, fields present or left
 * to their defaults. Generation only: nothing here runs. `scenario-breakers.ts` breaks them one field at a time.
 */
import fc from 'fast-check';
import type {
  FaultsInput,
  Layout,
  LayoutInput,
  Region,
  ScenarioInput,
  ScenarioPath,
  ScheduleSlice,
  TimingInput,
} from '../../src/contract/scenario.js';
import { scenarioPaths, scenarioVersion, schedulePolicies } from '../../src/contract/scenario.js';
import { type PlatformName, platformNames, topologyLimits } from '../../src/contract/topology.js';
import {
  cacheParts,
  canHave,
  cpuIn,
  intIn,
  maybe,
  powerOfTwoIn,
  strayInterruptOf,
  timingParts,
  topologyParts,
  unpluggable,
  wedgeOf,
} from '../../src/scenario/arbitraries.js';
import { compact } from '../../src/scenario/compact.js';
import {
  defaultsFor,
  defaultsTable,
  scenarioLimits as limits,
  type TimingDefaults,
} from '../../src/scenario/defaults.js';

/** Valid scenario inputs: every platform, topology, path and fault; timing and layout in their full ranges. */
export function validScenarioInput(): fc.Arbitrary<ScenarioInput> {
  return fc
    .constantFrom(...platformNames)
    .chain((platform) => fc.tuple(fc.constant(platform), topologyInput(platform)))
    .chain(([platform, topology]) => {
      const cpus = topology.cores * topology.threadsPerCore;
      return fc
        .record({
          path: maybe(fc.constantFrom(...scenarioPaths)),
          crashCpu: maybe(cpuIn(cpus)),
        })
        .chain(({ path, crashCpu }) =>
          fc
            .record({
              faults: maybe(
                faultsInput(
                  cpus,
                  unpluggable(
                    cpus,
                    crashCpu ?? defaultsTable.common.crashCpu,
                    { platform, ...topology },
                    topology.given.features,
                  ),
                ),
              ),
              timing: maybe(timingInput(cpus, defaultsFor(platform, path ?? defaultsTable.path).timing)),
              layout: layoutInput(platform, path ?? defaultsTable.path),
            })
            .map((rest) => ({
              version: scenarioVersion,
              platform,
              ...compact({ ...topology.given, path, crashCpu, ...rest }),
            })),
        );
    });
}

interface TopologyInput {
  readonly cores: number;
  readonly threadsPerCore: number;
  readonly given: Pick<ScenarioInput, 'cores' | 'threadsPerCore' | 'features'>;
}

/** Any topology and toggles the platform can have, each field given or left to its default. */
function topologyInput(platform: PlatformName): fc.Arbitrary<TopologyInput> {
  const t = topologyLimits[platform];
  const parts = topologyParts(platform);
  // Toggles left out are absent keys, never undefined values.
  const features = fc.record(parts.toggles, { requiredKeys: [] }) as fc.Arbitrary<Record<string, boolean>>;
  return fc
    .record({ cores: maybe(parts.cores), threadsPerCore: maybe(parts.threadsPerCore), features: maybe(features) })
    .map((given) => ({
      cores: given.cores ?? t.defaultCores,
      threadsPerCore: given.threadsPerCore ?? t.defaultThreadsPerCore,
      given: compact(given),
    }))
    .filter((x) => canHave(platform, x, x.given.features));
}

/** Step numbers: mostly early in a run, where the interesting races are, sometimes anywhere in the budget. */
const stepAt = fc.oneof(
  { arbitrary: intIn(limits.steps, { max: 5_000 }), weight: 3 },
  { arbitrary: intIn(limits.steps), weight: 1 },
);

/** Faults on a board with `cpus` CPUs, of which those in `offlineable` may be hot-unplugged. */
function faultsInput(cpus: number, offlineable: readonly number[]): fc.Arbitrary<FaultsInput> {
  const all = Array.from({ length: cpus }, (_, i) => i);
  const steps = intIn(limits.stepCount, { max: 1_000_000 });
  return fc.record(
    {
      offlineBefore: fc.shuffledSubarray([...offlineable]),
      wedged: fc
        .shuffledSubarray(all)
        .chain((wedgedCpus) => fc.tuple(...wedgedCpus.map((cpu) => wedgeOf(fc.constant(cpu), stepAt, steps)))),
      crossCallAfterPark: fc.boolean(),
      controlPagePrimed: fc.boolean(),
      strayInterrupts: fc.array(strayInterruptOf(cpuIn(cpus), stepAt), { maxLength: limits.strayInterrupts.max }),
    },
    { requiredKeys: [] },
  );
}

function timingInput(cpus: number, d: TimingDefaults): fc.Arbitrary<TimingInput> {
  const slice: fc.Arbitrary<ScheduleSlice> = fc.tuple(cpuIn(cpus), intIn(limits.stepCount, { max: 10_000 }));
  // Replay needs a schedule and every other policy forbids one, so the schedule follows the policy.
  const policyAndSchedule = maybe(fc.constantFrom(...schedulePolicies)).chain((policy) =>
    (policy ?? d.policy) === 'replay'
      ? fc.record({
          policy: fc.constant(policy),
          schedule: fc.array(slice, { minLength: 1, maxLength: 64, size: 'max' }),
        })
      : fc.record({ policy: fc.constant(policy), schedule: maybe(fc.constant([] as ScheduleSlice[])) }),
  );
  // The progress window may not outlast the budget; under a short budget the default window does, so give one.
  const budgetAndWindow = maybe(intIn(limits.budget)).chain((given) => {
    const budget = given ?? d.budget;
    const window = intIn(limits.progressWindow, { max: budget });
    const progressWindow = d.progressWindow <= budget ? maybe(window) : window;
    return progressWindow.map((progressWindow) => ({ budget: given, progressWindow }));
  });
  return fc
    .tuple(
      fc.record(timingParts(cpus, { stallFrom: stepAt }), { requiredKeys: [] }),
      policyAndSchedule,
      budgetAndWindow,
    )
    .map(([rest, ps, bw]) => compact({ ...rest, ...ps, ...bw }));
}

const cacheInput = fc.record(cacheParts(), { requiredKeys: [] });

/**
 * Region sizes are biased small: the emulator copies every segment word by word and resets memory between runs,
 * so a multi-million-word region slows a campaign down while rarely finding more than a small one. Most draws
 * stay within this many words; the rest use the full range validation allows.
 */
const smallWords = 0x4000;

/** Mostly memories of 2^16 or 2^17 words (the default and twice it), sometimes any size validation allows. */
const memWordsInput = fc.oneof(
  { arbitrary: powerOfTwoIn(limits.memWordsLog2, { min: 16, max: 17 }), weight: 4 },
  { arbitrary: powerOfTwoIn(limits.memWordsLog2), weight: 1 },
);

/** A size from `min` to `max` words, mostly no more than `smallWords`. */
function regionWords(min: number, max: number): fc.Arbitrary<number> {
  const small = Math.min(max, Math.max(min, smallWords));
  return fc.oneof(
    { arbitrary: fc.integer({ min, max: small }), weight: 4 },
    { arbitrary: fc.integer({ min, max }), weight: 1 },
  );
}

/**
 * `n` disjoint regions inside [lo, hi), in address order, mostly packed into one window of `smallWords` words so
 * that each stays small. Needs hi - lo ≥ 2n - 1.
 */
function disjointRegions(lo: number, hi: number, n: number): fc.Arbitrary<Region[]> {
  const width = Math.min(hi - lo, smallWords);
  const packed = fc.integer({ min: lo, max: hi - width }).chain((start) => spreadRegions(start, start + width, n));
  return fc.oneof({ arbitrary: packed, weight: 4 }, { arbitrary: spreadRegions(lo, hi, n), weight: 1 });
}

/**
 * `n` disjoint regions spread over [lo, hi), some of them touching. Sorting 2n offsets and adding each one's
 * index gives strictly increasing boundaries without rejection sampling. Needs hi - lo ≥ 2n - 1.
 */
function spreadRegions(lo: number, hi: number, n: number): fc.Arbitrary<Region[]> {
  const slack = hi - lo - (2 * n - 1);
  return fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: slack }), { minLength: 2 * n, maxLength: 2 * n }),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    )
    .map(([offsets, touching]) => {
      const q = [...offsets].sort((a, b) => a - b).map((o, i) => lo + o + i);
      const regions: Region[] = [];
      for (let i = 0; i < n; i++) {
        const previous = regions[i - 1];
        const end = q[2 * i + 1] ?? hi;
        const base = previous !== undefined && touching[i] ? previous.base + previous.words : (q[2 * i] ?? lo);
        regions.push({ base, words: end - base });
      }
      return regions;
    });
}

/** One region inside [lo, hi) of at least `minWords` words, mostly small. Needs hi - lo ≥ minWords. */
function regionIn(lo: number, hi: number, minWords = 1): fc.Arbitrary<Region> {
  return fc
    .integer({ min: lo, max: hi - minWords })
    .chain((base) => regionWords(minWords, hi - base).map((words) => ({ base, words })));
}

/** The stretches of [lo, hi) that none of `taken` covers, as [start, end) pairs. */
function freeSpans(lo: number, hi: number, taken: readonly Region[]): [number, number][] {
  const spans: [number, number][] = [];
  let at = lo;
  for (const r of [...taken].sort((a, b) => a.base - b.base)) {
    if (r.base > at) spans.push([at, Math.min(r.base, hi)]);
    at = Math.max(at, r.base + r.words);
  }
  if (hi > at) spans.push([at, hi]);
  return spans.filter(([start, end]) => end > start);
}

/** One region in whichever free stretch of [lowestBase, m) is picked; there must be one. */
function regionClearOf(m: number, taken: readonly Region[]): fc.Arbitrary<Region> {
  return fc.oneof(...freeSpans(limits.lowestBase, m, taken).map(([start, end]) => regionIn(start, end)));
}

/** Segments and the control page: `k` segments plus one page, all disjoint, the page at a random position. */
function segmentsAndPage(lo: number, hi: number): fc.Arbitrary<{ segments: Region[]; controlPage: Region }> {
  return intIn(limits.segments, { max: Math.floor((hi - lo + 1) / 2) - 1 })
    .chain((k) => fc.tuple(disjointRegions(lo, hi, k + 1), fc.integer({ min: 0, max: k })))
    .map(([regions, at]) => ({
      segments: regions.filter((_, i) => i !== at),
      controlPage: regions[at] ?? { base: lo, words: 1 },
    }));
}

function layoutInput(platform: PlatformName, path: ScenarioPath): fc.Arbitrary<LayoutInput | undefined> {
  const d = defaultsFor(platform, path).layout;
  // Most real boards use the default layout: keep that common, so it is fuzzed as much as the odd ones.
  const given = fc
    .record({
      memWords: maybe(memWordsInput),
      cache: maybe(cacheInput),
    })
    .chain(({ memWords, cache }) => {
      const m = memWords ?? d.memWords;
      const regions = path === 'kexec' ? kexecRegions(m) : kdumpRegions(m);
      const choices: fc.Arbitrary<Partial<LayoutInput>>[] = [regions];
      // The default regions need the default memory size; with it, leave them out or move only the old kernel.
      if (m >= d.memWords) choices.push(fc.constant({}), movedOldKernel(d, m));
      return fc.oneof(...choices).map((r) => {
        const layout: LayoutInput = compact({ memWords, cache, ...r });
        return Object.keys(layout).length === 0 ? undefined : layout;
      });
    });
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: given, weight: 2 });
}

function kexecRegions(m: number): fc.Arbitrary<LayoutInput> {
  return segmentsAndPage(limits.lowestBase, m).chain(({ segments, controlPage }) => {
    const first = segments[0] ?? controlPage;
    // The usual board loads the new kernel exactly over the old one; also try anywhere clear of the control page.
    const oldKernel = fc.oneof(fc.constant({ ...first }), regionClearOf(m, [controlPage]));
    return oldKernel.chain((ok) => {
      const crashRegion = freeSpans(limits.lowestBase, m, [ok]).length === 0 ? [] : [regionClearOf(m, [ok])];
      return fc
        .oneof(fc.constant(null), ...crashRegion)
        .map((crash) => ({ oldKernel: ok, controlPage, segments, crashRegion: crash }));
    });
  });
}

function kdumpRegions(m: number): fc.Arbitrary<LayoutInput> {
  const lo = limits.lowestBase;
  // Room inside the reservation for up to 8 segments and the page, as disjoint regions.
  const room = 2 * (limits.segments.max + 1) - 1;
  const outer = fc.oneof(
    regionIn(lo, m - room).chain((ok) =>
      regionIn(ok.base + ok.words, m, room).map((crash) => ({ oldKernel: ok, crashRegion: crash })),
    ),
    regionIn(lo, m - 1, room).chain((crash) =>
      regionIn(crash.base + crash.words, m).map((ok) => ({ oldKernel: ok, crashRegion: crash })),
    ),
  );
  return outer.chain(({ oldKernel, crashRegion }) =>
    segmentsAndPage(crashRegion.base, crashRegion.base + crashRegion.words).map((inner) => ({
      oldKernel,
      crashRegion,
      ...inner,
    })),
  );
}

/** The default regions, with the old kernel moved anywhere clear of the control page and any crash region. */
function movedOldKernel(d: Layout, m: number): fc.Arbitrary<LayoutInput> {
  const taken = d.crashRegion === null ? [d.controlPage] : [d.controlPage, d.crashRegion];
  return regionClearOf(m, taken).map((oldKernel) => ({ oldKernel }));
}
