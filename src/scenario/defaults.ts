/**
 * What each scenario field may be and what it is when omitted. Every default lives in `defaultsTable`, so a
 * change of default (per path, per platform) is one edit here; the codec and the arbitraries read from it.
 */

import type { Faults, Layout, Region, Scenario, ScenarioInput, ScenarioPath, Timing } from '../contract/scenario.js';
import { scenarioVersion } from '../contract/scenario.js';
import {
  type FeatureSpec,
  maxCpus,
  type PlatformName,
  type TopologyLimits,
  topologyLimits,
} from '../contract/topology.js';
import { oneOf } from '../errors.js';

/** The most steps one run may take: nothing that happens at a later step can matter. */
const maxBudget = 50_000_000;

/** Fixed ranges of the numeric fields (topology limits come from platforms/topology.ts). */
export const scenarioLimits = {
  seed: { min: 0, max: 0xffff_ffff },
  speed: { min: 1, max: 16 },
  quantum: { min: 1, max: 4096 },
  pctDepth: { min: 1, max: 16 },
  pctHorizon: { min: 1, max: 10_000_000 },
  ipiLatency: { min: 1, max: 100_000 },
  stallSteps: { min: 1, max: 10_000_000 },
  /** Entries of `faults.strayInterrupts`. */
  strayInterrupts: { min: 0, max: 8 },
  /**
   * Entries of `timing.stalls`. The fuzzer draws at most 3 and the test arbitraries 16; a stall per CPU per phase
   * of a hand-written scenario stays far below this.
   */
  stalls: { min: 0, max: 256 },
  /**
   * Slices of `timing.schedule`. The minimizer replays whole recorded schedules: the longest measured over 19 600
   * generated runs had 28 548 slices, so this leaves about seven times that.
   */
  schedule: { min: 0, max: 200_000 },
  /**
   * Entries of the per-CPU lists (`timing.speeds`, `faults.offlineBefore`, `faults.wedged`): one per CPU at most,
   * so no valid list is longer than the largest machine.
   */
  perCpu: { min: 0, max: maxCpus },
  /**
   * Bytes of scenario JSON text, checked before it is parsed. The longest schedule, written compactly, is under
   * 3 MiB; parsing this much of the most expensive JSON still takes well under a second.
   */
  textBytes: { min: 0, max: 4 * 1024 * 1024 },
  budget: { min: 1000, max: maxBudget },
  /** Also at most the scenario's `timing.budget`. */
  progressWindow: { min: 1000, max: 10_000_000 },
  /**
   * Step numbers bounded only by the run (where a wedge or stall starts): no run outlasts the largest budget, so a
   * larger value could not change any run.
   */
  steps: { min: 0, max: maxBudget },
  /** Step counts bounded only by the run, likewise (how long a wedge lasts, how long a schedule slice runs). */
  stepCount: { min: 1, max: maxBudget },
  memWordsLog2: { min: 14, max: 22 },
  lineWords: [4, 8, 16],
  l1SetsLog2: { min: 3, max: 10 },
  l1Ways: { min: 1, max: 8 },
  /** `l2Sets` is 0 (no secondary cache) or a power of two in this range. */
  l2SetsLog2: { min: 4, max: 13 },
  l2Ways: { min: 1, max: 16 },
  /** Words below this hold the exception vectors; no region may start there. */
  lowestBase: 0x100,
  segments: { min: 1, max: 8 },
} as const;

/** Timing defaults, with one `speed` for every CPU instead of a per-CPU list. */
export type TimingDefaults = Omit<Timing, 'speeds'> & { readonly speed: number };

/** Defaults a platform may change; missing entries keep the common ones. */
export interface PlatformDefaults {
  readonly timing?: Partial<TimingDefaults>;
  readonly layout?: Partial<Layout>;
  readonly byPath?: Partial<Record<ScenarioPath, Partial<Layout>>>;
}

/** The defaults that apply to one platform on one path, fully resolved. */
export interface ResolvedDefaults {
  readonly crashCpu: number;
  readonly faults: Faults;
  readonly timing: TimingDefaults;
  readonly layout: Layout;
}

const oldKernel: Region = { base: 0x1000, words: 0x3000 };

/** The one table of defaults: common values, then per path, then per-platform overrides. */
export const defaultsTable: {
  readonly path: ScenarioPath;
  readonly common: Omit<ResolvedDefaults, 'layout'> & { readonly layout: Pick<Layout, 'memWords' | 'cache'> };
  readonly byPath: Readonly<Record<ScenarioPath, Omit<Layout, 'memWords' | 'cache'>>>;
  readonly byPlatform: Readonly<Record<PlatformName, PlatformDefaults>>;
} = {
  path: 'kexec',
  common: {
    crashCpu: 0,
    faults: { offlineBefore: [], wedged: [], crossCallAfterPark: false, controlPagePrimed: false, strayInterrupts: [] },
    timing: {
      seed: 1,
      policy: 'weighted',
      speed: 4,
      quantum: 32,
      pctDepth: 3,
      pctHorizon: 200_000,
      ipiLatency: { min: 20, max: 200 },
      stalls: [],
      schedule: [],
      budget: 30_000_000,
      progressWindow: 100_000,
    },
    layout: {
      memWords: 0x10000,
      cache: { lineWords: 8, l1Sets: 64, l1Ways: 2, l2Sets: 512, l2Ways: 4 },
    },
  },
  byPath: {
    // The usual board: kexec-tools loads the new kernel at the running kernel's address.
    kexec: {
      oldKernel,
      segments: [{ base: 0x1000, words: 0x3000 }],
      controlPage: { base: 0xc000, words: 0x1000 },
      crashRegion: null,
    },
    // crashkernel=size@base: the capture kernel and the control page both live in the reservation.
    kdump: {
      oldKernel,
      segments: [{ base: 0x8000, words: 0x3000 }],
      controlPage: { base: 0xb000, words: 0x1000 },
      crashRegion: { base: 0x8000, words: 0x6000 },
    },
  },
  byPlatform: { cps: {}, octeon: {}, loongson3: {}, bmips43xx: {}, bmips5000: {}, cmp: {} },
};

/** The defaults for one platform and path, with the platform's overrides applied. */
export function defaultsFor(platform: PlatformName, path: ScenarioPath): ResolvedDefaults {
  const { common, byPath } = defaultsTable;
  const own = defaultsTable.byPlatform[platform];
  const layout = { ...common.layout, ...byPath[path], ...own.layout, ...own.byPath?.[path] };
  return {
    crashCpu: common.crashCpu,
    faults: common.faults,
    timing: { ...common.timing, ...own.timing },
    layout: { ...layout, cache: { ...common.layout.cache, ...layout.cache } },
  };
}

/** Every toggle of the platform, each either given or the platform's default for this topology. */
export function fillFeatures(
  platform: PlatformName,
  topology: { readonly cores: number; readonly threadsPerCore: number },
  given: Readonly<Record<string, boolean>> | undefined,
): Record<string, boolean> {
  const features: Record<string, boolean> = {};
  for (const [name, spec] of Object.entries(topologyLimits[platform].features)) {
    const value = given !== undefined && Object.hasOwn(given, name) ? given[name] : undefined;
    features[name] = value ?? spec.defaultFor(topology);
  }
  return features;
}

/** Why no CPU of this board can be hot-unplugged (the platform's rule, toggles filled), or undefined when one can. */
export function hotUnplugRefusal(
  platform: PlatformName,
  topology: { readonly cores: number; readonly threadsPerCore: number },
  given: Readonly<Record<string, boolean>> | undefined,
): string | undefined {
  return topologyLimits[platform].refusesHotUnplug?.(fillFeatures(platform, topology, given));
}

/** A feature's default in words: its value at the platform's default topology, and how it varies, if it does. */
export interface FeatureDefault {
  readonly value: boolean;
  /** True when every topology of the platform gets the same value. */
  readonly fixed: boolean;
  /** For humans: "true", or "true with 2 or 4 threads per core, false with 1". */
  readonly rule: string;
}

/** Describes a feature's default, which may depend on the topology, over every topology the platform allows. */
export function featureDefault(spec: FeatureSpec, limits: TopologyLimits): FeatureDefault {
  const value = spec.defaultFor({ cores: limits.defaultCores, threadsPerCore: limits.defaultThreadsPerCore });
  const cores = Array.from({ length: limits.maxCores - limits.minCores + 1 }, (_, i) => limits.minCores + i);
  const combos = cores.flatMap((c) =>
    limits.threadsPerCore.map((t) => ({ c, t, on: spec.defaultFor({ cores: c, threadsPerCore: t }) })),
  );
  if (combos.every((x) => x.on === value)) return { value, fixed: true, rule: String(value) };
  const split = (keyOf: (x: (typeof combos)[number]) => number, unit: string): string | undefined => {
    const keys = [...new Set(combos.map(keyOf))];
    const onFor = (k: number): boolean[] => [...new Set(combos.filter((x) => keyOf(x) === k).map((x) => x.on))];
    if (keys.some((k) => onFor(k).length > 1)) return undefined;
    const on = keys.filter((k) => onFor(k)[0] === true);
    const off = keys.filter((k) => onFor(k)[0] === false);
    return `true with ${oneOf(on)} ${unit}, false with ${oneOf(off)}`;
  };
  const rule =
    split((x) => x.t, 'threads per core') ??
    split((x) => x.c, 'cores') ??
    `depends on the topology (${value} at the default ${limits.defaultCores} × ${limits.defaultThreadsPerCore})`;
  return { value, fixed: false, rule };
}

const copyRegion = (r: Region): Region => ({ base: r.base, words: r.words });

/**
 * Fills every omitted field of a scenario that is already known to be valid. The result shares nothing with
 * the input or the defaults table, so it is plain data that can be frozen, cloned or sent to a worker.
 */
export function fillDefaults(input: ScenarioInput): Scenario {
  const limits = topologyLimits[input.platform];
  const cores = input.cores ?? limits.defaultCores;
  const threadsPerCore = input.threadsPerCore ?? limits.defaultThreadsPerCore;
  const path = input.path ?? defaultsTable.path;
  const d = defaultsFor(input.platform, path);
  const f = input.faults ?? {};
  const t = input.timing ?? {};
  const l = input.layout ?? {};
  const crashRegion = l.crashRegion === undefined ? d.layout.crashRegion : l.crashRegion;
  const ipi = t.ipiLatency ?? d.timing.ipiLatency;
  return {
    version: scenarioVersion,
    platform: input.platform,
    cores,
    threadsPerCore,
    features: fillFeatures(input.platform, { cores, threadsPerCore }, input.features),
    path,
    crashCpu: input.crashCpu ?? d.crashCpu,
    faults: {
      offlineBefore: [...(f.offlineBefore ?? d.faults.offlineBefore)],
      wedged: (f.wedged ?? d.faults.wedged).map((w) => ({ cpu: w.cpu, from: w.from, steps: w.steps })),
      crossCallAfterPark: f.crossCallAfterPark ?? d.faults.crossCallAfterPark,
      controlPagePrimed: f.controlPagePrimed ?? d.faults.controlPagePrimed,
      strayInterrupts: (f.strayInterrupts ?? d.faults.strayInterrupts).map((x) => ({ cpu: x.cpu, at: x.at })),
    },
    timing: {
      seed: t.seed ?? d.timing.seed,
      policy: t.policy ?? d.timing.policy,
      speeds: t.speeds ? [...t.speeds] : new Array<number>(cores * threadsPerCore).fill(d.timing.speed),
      quantum: t.quantum ?? d.timing.quantum,
      pctDepth: t.pctDepth ?? d.timing.pctDepth,
      pctHorizon: t.pctHorizon ?? d.timing.pctHorizon,
      ipiLatency: { min: ipi.min, max: ipi.max },
      stalls: (t.stalls ?? d.timing.stalls).map((s) => ({ cpu: s.cpu, from: s.from, steps: s.steps })),
      schedule: (t.schedule ?? d.timing.schedule).map(([cpu, steps]) => [cpu, steps] as const),
      budget: t.budget ?? d.timing.budget,
      progressWindow: t.progressWindow ?? d.timing.progressWindow,
    },
    layout: {
      memWords: l.memWords ?? d.layout.memWords,
      cache: { ...d.layout.cache, ...l.cache },
      oldKernel: copyRegion(l.oldKernel ?? d.layout.oldKernel),
      controlPage: copyRegion(l.controlPage ?? d.layout.controlPage),
      segments: (l.segments ?? d.layout.segments).map(copyRegion),
      crashRegion: crashRegion === null ? null : copyRegion(crashRegion),
    },
  };
}
