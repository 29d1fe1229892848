/**
 * fast-check arbitraries for scenarios: valid inputs across every dimension (fields present or left to their
 * defaults), and inputs with exactly one field broken in a known way. Generation only: nothing here runs.
 */
import fc from 'fast-check';
import type {
  CacheGeometryInput,
  FaultsInput,
  Layout,
  LayoutInput,
  Region,
  Scenario,
  ScenarioInput,
  ScenarioPath,
  ScheduleSlice,
  Stall,
  TimingInput,
  Wedge,
} from '../contract/scenario.js';
import { scenarioPaths, scenarioVersion, schedulePolicies } from '../contract/scenario.js';
import { maxCpus, type PlatformName, platformNames, topologyLimits } from '../contract/topology.js';
import { validateScenario } from './codec.js';
import { compact } from './compact.js';
import { defaultsFor, defaultsTable, fillFeatures, scenarioLimits as limits, type TimingDefaults } from './defaults.js';

/** An input with one field broken, and the dotted path of the field the validation error must name. */
export interface MalformedScenario {
  readonly input: unknown;
  readonly field: string;
}

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
          crashCpu: maybe(fc.integer({ min: 0, max: cpus - 1 })),
        })
        .chain(({ path, crashCpu }) =>
          fc
            .record({
              faults: maybe(faultsInput(cpus, crashCpu ?? defaultsTable.common.crashCpu)),
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

/** A valid input with exactly one field broken, and the field the error must name. */
export function malformedScenarioInput(): fc.Arbitrary<MalformedScenario> {
  return validScenarioInput().chain((input) => {
    const s = validateScenario(input);
    const ways = breakers.map((b) => b(s)).filter((a): a is fc.Arbitrary<Breakage> => a !== undefined);
    return fc.oneof(...ways).map((b) => ({ input: withField(input, b.path, b.value), field: b.field }));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Valid parts

/** A value, or undefined so the field is left out and takes its default. */
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

const powerOfTwo = (minLog2: number, maxLog2: number): fc.Arbitrary<number> =>
  fc.integer({ min: minLog2, max: maxLog2 }).map((e) => 2 ** e);

interface TopologyInput {
  readonly cores: number;
  readonly threadsPerCore: number;
  readonly given: Pick<ScenarioInput, 'cores' | 'threadsPerCore' | 'features'>;
}

function topologyInput(platform: PlatformName): fc.Arbitrary<TopologyInput> {
  const t = topologyLimits[platform];
  const names = Object.keys(t.features);
  const features: fc.Arbitrary<Record<string, boolean>> = fc
    .subarray(names)
    .chain((chosen) => fc.tuple(...chosen.map((n) => fc.tuple(fc.constant(n), fc.boolean()))))
    .map((entries) => Object.fromEntries(entries));
  return (
    fc
      .record({
        cores: maybe(fc.integer({ min: t.minCores, max: t.maxCores })),
        threadsPerCore: maybe(fc.constantFrom(...t.threadsPerCore)),
        features: maybe(features),
      })
      .map((given) => ({
        cores: given.cores ?? t.defaultCores,
        threadsPerCore: given.threadsPerCore ?? t.defaultThreadsPerCore,
        given: compact(given),
      }))
      // Rejected rather than repaired: the feature rule is the platform's, so only it knows what would fix a draw.
      .filter(
        (x) => x.cores * x.threadsPerCore <= maxCpus && featureProblem(platform, x, x.given.features) === undefined,
      )
  );
}

/** What the platform's own rule says about this topology with these toggles (the rest at their defaults). */
function featureProblem(
  platform: PlatformName,
  topology: { readonly cores: number; readonly threadsPerCore: number },
  given: Readonly<Record<string, boolean>> | undefined,
): string | undefined {
  return topologyLimits[platform].checkFeatures?.(topology, fillFeatures(platform, topology, given));
}

/** Every assignment of the platform's toggles that its own rule rejects (a platform has few, so try them all). */
function impossibleFeatures(s: Scenario): Record<string, boolean>[] {
  let assignments: Record<string, boolean>[] = [{}];
  for (const name of Object.keys(topologyLimits[s.platform].features)) {
    assignments = assignments.flatMap((a) => [
      { ...a, [name]: false },
      { ...a, [name]: true },
    ]);
  }
  return assignments.filter((a) => featureProblem(s.platform, s, a) !== undefined);
}

/** Step numbers: mostly early in a run, where the interesting races are, sometimes anywhere in the budget. */
const stepAt = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 5_000 }), weight: 3 },
  { arbitrary: fc.integer(limits.steps), weight: 1 },
);

function faultsInput(cpus: number, crashCpu: number): fc.Arbitrary<FaultsInput> {
  const all = Array.from({ length: cpus }, (_, i) => i);
  const canGoOffline = all.filter((cpu) => cpu !== 0 && cpu !== crashCpu);
  const wedge = (cpu: number): fc.Arbitrary<Wedge> =>
    fc.record({ cpu: fc.constant(cpu), from: stepAt, steps: fc.option(fc.integer({ min: 1, max: 1_000_000 })) });
  return fc.record(
    {
      offlineBefore: fc.shuffledSubarray(canGoOffline),
      wedged: fc.shuffledSubarray(all).chain((wedgedCpus) => fc.tuple(...wedgedCpus.map(wedge))),
      crossCallAfterPark: fc.boolean(),
      controlPagePrimed: fc.boolean(),
    },
    { requiredKeys: [] },
  );
}

function timingInput(cpus: number, d: TimingDefaults): fc.Arbitrary<TimingInput> {
  const int = (range: { readonly min: number; readonly max: number }): fc.Arbitrary<number> => fc.integer(range);
  const cpu = fc.integer({ min: 0, max: cpus - 1 });
  const stall: fc.Arbitrary<Stall> = fc.record({ cpu, from: stepAt, steps: int(limits.stallSteps) });
  const slice: fc.Arbitrary<ScheduleSlice> = fc.tuple(cpu, fc.integer({ min: 1, max: 10_000 }));
  const ipiLatency = fc
    .tuple(int(limits.ipiLatency), int(limits.ipiLatency))
    .map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
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
  const budgetAndWindow = maybe(int(limits.budget)).chain((budget) => {
    const most = Math.min(limits.progressWindow.max, budget ?? d.budget);
    const window = fc.integer({ min: limits.progressWindow.min, max: most });
    return (d.progressWindow <= most ? maybe(window) : window).map((progressWindow) => ({ budget, progressWindow }));
  });
  return fc
    .tuple(
      fc.record(
        {
          seed: int(limits.seed),
          speeds: fc.array(int(limits.speed), { minLength: cpus, maxLength: cpus }),
          quantum: int(limits.quantum),
          pctDepth: int(limits.pctDepth),
          pctHorizon: int(limits.pctHorizon),
          ipiLatency,
          stalls: fc.array(stall, { maxLength: 16, size: 'max' }),
        },
        { requiredKeys: [] },
      ),
      policyAndSchedule,
      budgetAndWindow,
    )
    .map(([rest, ps, bw]) => compact({ ...rest, ...ps, ...bw }));
}

const cacheInput: fc.Arbitrary<CacheGeometryInput> = fc.record(
  {
    lineWords: fc.constantFrom(...limits.lineWords),
    l1Sets: powerOfTwo(limits.l1SetsLog2.min, limits.l1SetsLog2.max),
    l1Ways: fc.integer(limits.l1Ways),
    l2Sets: fc.oneof(fc.constant(0), powerOfTwo(limits.l2SetsLog2.min, limits.l2SetsLog2.max)),
    l2Ways: fc.integer(limits.l2Ways),
  },
  { requiredKeys: [] },
);

/**
 * Region sizes are biased small: the emulator copies every segment word by word and resets memory between runs,
 * so a multi-million-word region slows a campaign down while rarely finding more than a small one. Most draws
 * stay within this many words; the rest use the full range validation allows.
 */
const smallWords = 0x4000;

/** Mostly memories of 2^16 or 2^17 words (the default and twice it), sometimes any size validation allows. */
const memWordsInput = fc.oneof(
  { arbitrary: powerOfTwo(16, 17), weight: 4 },
  { arbitrary: powerOfTwo(limits.memWordsLog2.min, limits.memWordsLog2.max), weight: 1 },
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
  const most = Math.min(limits.segments.max, Math.floor((hi - lo + 1) / 2) - 1);
  return fc
    .integer({ min: limits.segments.min, max: most })
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

// ---------------------------------------------------------------------------------------------------------------
// Breaking one field

interface Breakage {
  /** Where to write in the input; `remove` deletes the key instead. */
  readonly path: readonly (string | number)[];
  readonly value: unknown;
  readonly field: string;
}

const remove: unique symbol = Symbol('remove');

const at = (field: string, value: unknown, path = field.split('.')): Breakage => ({ path, value, field });
const setTo = (field: string, values: readonly unknown[]): fc.Arbitrary<Breakage> =>
  fc.constantFrom(...values).map((v) => at(field, v));

/** Each returns the ways to break one field of `s`, or undefined when that field cannot be broken here. */
const breakers: readonly ((s: Scenario) => fc.Arbitrary<Breakage> | undefined)[] = [
  () => setTo('version', [2, 0, '1', remove, null]),
  () => setTo('platform', ['mips', 'CPS', 42, remove]),
  () => setTo('bogus', [1]),
  (s) => setTo('cores', [topologyLimits[s.platform].maxCores + 1, 0, 1.5, '2']),
  () => setTo('threadsPerCore', [3, 0, 'two']),
  () => setTo('features', ['mt', [true]]),
  () => setTo('features.bogus', [true]),
  (s) => {
    const [name] = Object.keys(s.features);
    return name === undefined ? undefined : setTo(`features.${name}`, ['yes', 1, null]);
  },
  (s) => {
    const impossible = impossibleFeatures(s);
    return impossible.length === 0
      ? undefined
      : setTo('threadsPerCore', impossible).map((b) => ({ ...b, path: ['features'] }));
  },
  () => setTo('path', ['panic', 'KDUMP', 0]),
  (s) => setTo('crashCpu', [cpusOf(s), -1, '0', 0.5]),
  () => setTo('faults', [[], 'none']),
  () => setTo('faults.bogus', [1]),
  () => setTo('faults.crossCallAfterPark', ['yes', 1]),
  () => setTo('faults.controlPagePrimed', ['no', 0]),
  () => setTo('faults.offlineBefore', [7, '1,2']),
  (s) => {
    const list = s.faults.offlineBefore;
    const field = `faults.offlineBefore[${list.length}]`;
    const bad = [0, cpusOf(s), -1, 'one'];
    if (s.crashCpu !== 0) bad.push(s.crashCpu);
    if (list[0] !== undefined) bad.push(list[0]);
    return fc.constantFrom(...bad).map((cpu) => at(field, [...list, cpu], ['faults', 'offlineBefore']));
  },
  (s) => {
    const list = s.faults.wedged;
    const i = list.length;
    const cpu = cpusOf(s);
    const wedged = (w: unknown): unknown[] => [...list, w];
    const ways = [
      at(`faults.wedged[${i}].cpu`, wedged({ cpu, from: 0, steps: null })),
      at(`faults.wedged[${i}].from`, wedged({ cpu: 0, from: -1, steps: null })),
      at(`faults.wedged[${i}].from`, wedged({ cpu: 0, from: limits.steps.max + 1, steps: null })),
      at(`faults.wedged[${i}].steps`, wedged({ cpu: 0, from: 0, steps: 0 })),
      at(`faults.wedged[${i}].steps`, wedged({ cpu: 0, from: 0, steps: limits.steps.max + 1 })),
      at(`faults.wedged[${i}].steps`, wedged({ cpu: 0, from: 0 })),
      at(`faults.wedged[${i}]`, wedged(3)),
    ];
    const first = list[0];
    if (first !== undefined) ways.push(at(`faults.wedged[${i}].cpu`, wedged({ ...first })));
    return fc.constantFrom(...ways.map((b) => ({ ...b, path: ['faults', 'wedged'] })));
  },
  () => setTo('timing', [7, [1]]),
  () => setTo('timing.bogus', [1]),
  () => setTo('timing.seed', [-1, 2 ** 32, 1.5, '1', 1e308]),
  () => setTo('timing.policy', ['random', 'PCT', null]),
  () => setTo('timing.quantum', [0, 4097]),
  () => setTo('timing.pctDepth', [0, 17]),
  () => setTo('timing.pctHorizon', [0, 10_000_001]),
  () => setTo('timing.budget', [999, 50_000_001, '2000000']),
  () => setTo('timing.progressWindow', [999, 10_000_001]),
  (s) =>
    fc
      .integer({ min: limits.budget.min, max: limits.progressWindow.max - 1 })
      .map((budget) => at('timing.progressWindow', { ...s.timing, budget, progressWindow: budget + 1 }, ['timing'])),
  (s) => fc.constant(at('timing.speeds', [...s.timing.speeds, 4])),
  (s) =>
    fc.tuple(fc.integer({ min: 0, max: cpusOf(s) - 1 }), fc.constantFrom(0, 17, 'fast', 2.5)).map(([i, v]) =>
      at(
        `timing.speeds[${i}]`,
        s.timing.speeds.map((x, j) => (j === i ? v : x)),
        ['timing', 'speeds'],
      ),
    ),
  (s) => fc.constantFrom(0, 100_001, 'x').map((v) => ipi('min', { ...s.timing.ipiLatency, min: v })),
  (s) => fc.constantFrom(0, 100_001, null).map((v) => ipi('max', { ...s.timing.ipiLatency, max: v })),
  () => fc.integer({ min: 2, max: 100_000 }).map((v) => ipi('max', { min: v, max: v - 1 })),
  (s) => {
    const i = s.timing.stalls.length;
    const stalls = (st: unknown): unknown[] => [...s.timing.stalls, st];
    return fc.constantFrom(
      at(`timing.stalls[${i}].cpu`, stalls({ cpu: cpusOf(s), from: 0, steps: 1 }), ['timing', 'stalls']),
      at(`timing.stalls[${i}].from`, stalls({ cpu: 0, from: -5, steps: 1 }), ['timing', 'stalls']),
      at(`timing.stalls[${i}].from`, stalls({ cpu: 0, from: limits.steps.max + 1, steps: 1 }), ['timing', 'stalls']),
      at(`timing.stalls[${i}].steps`, stalls({ cpu: 0, from: 0, steps: 0 }), ['timing', 'stalls']),
      at(`timing.stalls[${i}].steps`, stalls({ cpu: 0, from: 0, steps: 10_000_001 }), ['timing', 'stalls']),
      at(`timing.stalls[${i}].bogus`, stalls({ cpu: 0, from: 0, steps: 1, bogus: 1 }), ['timing', 'stalls']),
    );
  },
  (s) => {
    const schedule = s.timing.schedule;
    if (s.timing.policy !== 'replay') {
      return fc.constant(at('timing.schedule', [[0, 1]]));
    }
    const i = schedule.length;
    const slices = (x: unknown): unknown[] => [...schedule, x];
    return fc.constantFrom(
      at('timing.schedule', []),
      at(`timing.schedule[${i}][0]`, slices([cpusOf(s), 1]), ['timing', 'schedule']),
      at(`timing.schedule[${i}][1]`, slices([0, 0]), ['timing', 'schedule']),
      at(`timing.schedule[${i}][1]`, slices([0, limits.steps.max + 1]), ['timing', 'schedule']),
      at(`timing.schedule[${i}]`, slices([0]), ['timing', 'schedule']),
      at(`timing.schedule[${i}]`, slices({ cpu: 0, steps: 1 }), ['timing', 'schedule']),
    );
  },
  () => setTo('layout', ['big', [1]]),
  () => setTo('layout.bogus', [1]),
  () => setTo('layout.memWords', [3000, 2 ** 13, 2 ** 23, 65536.5]),
  () => setTo('layout.cache', [8]),
  () => setTo('layout.cache.lineWords', [5, 32, '8']),
  () => setTo('layout.cache.l1Sets', [4, 12, 2048]),
  () => setTo('layout.cache.l1Ways', [0, 9]),
  () => setTo('layout.cache.l2Sets', [8, 12, 16384, -16]),
  () => setTo('layout.cache.l2Ways', [0, 17]),
  (s) => fc.constantFrom(...regionFields(s)).chain((r) => brokenRegion(s, r.field, r.path, r.region)),
  (s) => {
    const list = s.layout.segments;
    const first = list[0];
    if (first === undefined || list.length >= limits.segments.max) return undefined;
    return fc.constant(at(`layout.segments[${list.length}]`, [...list, { ...first }], ['layout', 'segments']));
  },
  (s) => setTo('layout.segments', [[], Array.from({ length: 9 }, () => ({ ...s.layout.oldKernel }))]),
  (s) => {
    const first = s.layout.segments[0];
    return first === undefined ? undefined : fc.constant(at('layout.controlPage', { ...first }));
  },
  (s) => fc.constant(at('layout.crashRegion', { ...s.layout.oldKernel })),
  (s) => fc.constant(at('layout.controlPage', { ...s.layout.oldKernel })),
  (s) => {
    if (s.path !== 'kdump') return undefined;
    const outside = s.layout.segments.map((seg, i) => (i === 0 ? { ...s.layout.oldKernel } : seg));
    return fc.constantFrom(
      at('layout.crashRegion', null),
      at('layout.segments[0]', outside, ['layout', 'segments']),
      at('layout.controlPage', { ...s.layout.oldKernel }),
    );
  },
];

const cpusOf = (s: Scenario): number => s.cores * s.threadsPerCore;
const ipi = (which: 'min' | 'max', value: unknown): Breakage =>
  at(`timing.ipiLatency.${which}`, value, ['timing', 'ipiLatency']);

interface RegionField {
  readonly field: string;
  readonly path: readonly (string | number)[];
  readonly region: Region;
}

function regionFields(s: Scenario): RegionField[] {
  const l = s.layout;
  const fields: RegionField[] = [
    { field: 'layout.oldKernel', path: ['layout', 'oldKernel'], region: l.oldKernel },
    { field: 'layout.controlPage', path: ['layout', 'controlPage'], region: l.controlPage },
    ...l.segments.map((region, i) => ({ field: `layout.segments[${i}]`, path: ['layout', 'segments', i], region })),
  ];
  if (l.crashRegion !== null)
    fields.push({ field: 'layout.crashRegion', path: ['layout', 'crashRegion'], region: l.crashRegion });
  return fields;
}

/** A region with a bad base or size, an unknown key, or running off the end of memory. */
function brokenRegion(
  s: Scenario,
  field: string,
  path: readonly (string | number)[],
  r: Region,
): fc.Arbitrary<Breakage> {
  // Write the whole layout, so a region that was defaulted before is explicit now and `path` exists.
  const write = (part: string, value: unknown): Breakage => ({
    path: ['layout'],
    value: withField(s.layout, path.slice(1), value),
    field: part === '' ? field : `${field}.${part}`,
  });
  return fc.constantFrom(
    write('base', { ...r, base: 0xff }),
    write('base', { ...r, base: -1 }),
    write('base', { ...r, base: '0x1000' }),
    write('words', { ...r, words: 0 }),
    write('words', { base: r.base }),
    write('size', { ...r, size: 1 }),
    write('', { base: s.layout.memWords - 1, words: 2 }),
    write('', [r.base, r.words]),
  );
}

/** A copy of plain JSON data with one value replaced (or removed), creating objects along the way. */
function withField(data: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (Array.isArray(data) && typeof key === 'number') {
    return data.map((x, i) => (i === key ? withField(x, rest, value) : x));
  }
  const o: Record<string, unknown> =
    typeof data === 'object' && data !== null ? { ...(data as Record<string, unknown>) } : {};
  const k = String(key);
  if (rest.length === 0 && value === remove) delete o[k];
  else o[k] = withField(o[k], rest, value);
  return o;
}
