/**
 * The fuzz input. `ScenarioInput` is the JSON a user or tool writes (every field but `version` and `platform`
 * optional); `Scenario` is the same after validation, with every default filled in (DESIGN.md, "Scenario").
 * Fields are a fixed contract: new ones may be added, always optional with a default, so old files keep loading.
 */
import type { ScheduleConfig } from '../machine/scheduler.js';
import type { PlatformName } from './topology.js';

// The scheduler's own vocabulary, which the scenario's `timing` passes to it unchanged.
export { type SchedulePolicy, type ScheduleSlice, type Stall, schedulePolicies } from '../machine/scheduler.js';

/** The scenario format this kexfuzz reads and writes. */
export const scenarioVersion = 1;

/** Hex digest of a scenario's canonical JSON: equal hashes mean the same run for every strategy. */
export type ScenarioHash = string & { readonly __brand: 'ScenarioHash' };

/** `kexec`: a normal `kexec -e` reboot. `kdump`: a panic that jumps into the crash kernel. */
export const scenarioPaths = ['kexec', 'kdump'] as const;
export type ScenarioPath = (typeof scenarioPaths)[number];

/** A span of memory, in 32-bit words. */
export interface Region {
  /** First word. At least 0x100: low memory holds the exception vectors. */
  readonly base: number;
  /** Length in words, at least 1; `base + words` must not exceed `layout.memWords`. */
  readonly words: number;
}

/** A CPU stuck with interrupts off: it takes no IPI while wedged. */
export interface Wedge {
  /** The CPU, numbered core-major (CPU0 and CPU1 in core 0 when threadsPerCore is 2). */
  readonly cpu: number;
  /** Step at which it wedges: 0 (from the start) to 50 000 000. */
  readonly from: number;
  /** How many steps it stays wedged, 1 to 50 000 000; `null` = forever. */
  readonly steps: number | null;
}

/** Things that go wrong before or during the kexec. */
export interface Faults {
  /**
   * CPUs hot-unplugged before the kexec (parked in `play_dead`). Each must exist, appear once, and be neither
   * CPU 0 (hotplug refuses CPU0) nor `crashCpu`.
   */
  readonly offlineBefore: readonly number[];
  /** CPUs stuck with interrupts off; at most one entry per CPU. */
  readonly wedged: readonly Wedge[];
  /** A later synchronous cross-call (e.g. from a panic notifier) after the other CPUs were parked. */
  readonly crossCallAfterPark: boolean;
  /**
   * The control page's memory held code that CPUs executed earlier (freed module or init text), so their
   * I-caches may still hold lines for it, as speculation can also cause (BRIEF.md §7 S4).
   */
  readonly controlPagePrimed: boolean;
  /**
   * Software interrupts nobody in the model sends, at most 8 (BRIEF.md §7 S7: a parked BMIPS thread woken by a
   * stray SW interrupt resumes the old kernel). Each arrives as an IPI would: taken if the CPU can, woken from
   * `wait`, dropped on a halted or powered-down CPU.
   */
  readonly strayInterrupts: readonly StrayInterrupt[];
}

/** A software interrupt that nobody sends: a stray SW interrupt, or an IPI from code outside the model. */
export interface StrayInterrupt {
  /** The CPU it arrives at. */
  readonly cpu: number;
  /** The step at which it arrives: 0 to 50 000 000. */
  readonly at: number;
}

/** Minimum and maximum IPI delivery latency, in steps (1 to 100 000, `min ≤ max`). */
export interface IpiLatency {
  readonly min: number;
  readonly max: number;
}

/**
 * Everything that decides how the CPUs' executions interleave: the scheduler's own settings (seed, policy,
 * speeds, quantum, PCT, stalls, schedule; see `ScheduleConfig`) and the run's latencies and limits.
 */
export interface Timing extends ScheduleConfig {
  /** IPI delivery latency range. Default `{"min": 20, "max": 200}`. */
  readonly ipiLatency: IpiLatency;
  /** Hard limit on the steps of one run: 1000 to 50 000 000. Default 30 000 000 (a kdump may wait 10 s for the crash IPIs, 10 000 000 steps). */
  readonly budget: number;
  /**
   * Steps without progress after which a run counts as stuck: 1000 to 10 000 000, and at most `budget` (a longer
   * window could never end before the run does). Default 100 000.
   */
  readonly progressWindow: number;
}

/** Cache geometry (BRIEF.md §4.5); sizes in words. */
export interface CacheGeometry {
  /** Words per cache line: 4, 8 or 16. Default 8. */
  readonly lineWords: number;
  /** Sets of each L1 cache: a power of two, 8 to 1024. Default 64. */
  readonly l1Sets: number;
  /** Ways of each L1 cache: 1 to 8. Default 2. */
  readonly l1Ways: number;
  /** Sets of the secondary cache: 0 for none, else a power of two, 16 to 8192. Default 512. */
  readonly l2Sets: number;
  /** Ways of the secondary cache: 1 to 16. Default 4. */
  readonly l2Ways: number;
}

/** Where things sit in memory. Every size and address is in 32-bit words. */
export interface Layout {
  /** Memory size: a power of two, 2^14 to 2^22. Default 0x10000. */
  readonly memWords: number;
  /** Cache geometry; missing fields take their defaults. */
  readonly cache: CacheGeometry;
  /** The running (old) kernel's text and data. Must not overlap `crashRegion`. */
  readonly oldKernel: Region;
  /**
   * The kexec control page (`reboot_code_buffer`). Overlaps no segment and not `oldKernel` (it is allocated from
   * free memory); inside `crashRegion` for kdump.
   */
  readonly controlPage: Region;
  /**
   * Where the new image's segments land: 1 to 8 regions that do not overlap each other; inside `crashRegion`
   * for kdump. The kexec default puts the new kernel over the old one.
   */
  readonly segments: readonly Region[];
  /** The `crashkernel=` reservation; required for kdump, `null` for none. */
  readonly crashRegion: Region | null;
}

/** A validated scenario: every default filled. Fully determines a run per strategy. */
export interface Scenario {
  /** Format version: 1. */
  readonly version: typeof scenarioVersion;
  /** The platform (BRIEF.md §2). */
  readonly platform: PlatformName;
  /** Cores, within the platform's limits. */
  readonly cores: number;
  /** Hardware threads per core, one of the platform's choices. CPUs = cores × threadsPerCore ≤ 16. */
  readonly threadsPerCore: number;
  /** Every toggle of the platform, with its value (given, or the platform's default for this topology). */
  readonly features: Readonly<Record<string, boolean>>;
  /** Normal kexec or kdump. */
  readonly path: ScenarioPath;
  /** kdump: the CPU that panics; kexec: the CPU that reboots. */
  readonly crashCpu: number;
  readonly faults: Faults;
  readonly timing: Timing;
  readonly layout: Layout;
}

/** `faults` as written: every field optional. */
export interface FaultsInput {
  /** See {@link Faults.offlineBefore}. Default `[]`. */
  readonly offlineBefore?: readonly number[];
  /** See {@link Faults.wedged}. Default `[]`. */
  readonly wedged?: readonly Wedge[];
  /** See {@link Faults.crossCallAfterPark}. Default `false`. */
  readonly crossCallAfterPark?: boolean;
  /** See {@link Faults.controlPagePrimed}. Default `false`. */
  readonly controlPagePrimed?: boolean;
  /** See {@link Faults.strayInterrupts}. Default `[]`. */
  readonly strayInterrupts?: readonly StrayInterrupt[];
}

/** `timing` as written: every field optional, defaults as documented on {@link Timing}. */
export type TimingInput = { readonly [K in keyof Timing]?: Timing[K] };

/** `layout.cache` as written: every field optional, defaults as documented on {@link CacheGeometry}. */
export type CacheGeometryInput = { readonly [K in keyof CacheGeometry]?: CacheGeometry[K] };

/**
 * `layout` as written: every field optional. Missing regions take the default for the scenario's path (and
 * platform); regions given must still be consistent with the defaults that fill the rest.
 */
export interface LayoutInput {
  readonly memWords?: number;
  readonly cache?: CacheGeometryInput;
  readonly oldKernel?: Region;
  readonly controlPage?: Region;
  readonly segments?: readonly Region[];
  readonly crashRegion?: Region | null;
}

/** A scenario as written in JSON. Only `version` and `platform` are required. */
export interface ScenarioInput {
  /**
   * Where an editor finds the JSON Schema to check this file against (`kexfuzz scenario schema` prints it).
   * kexfuzz ignores it: it is not part of the validated scenario, its canonical JSON or its hash.
   */
  readonly $schema?: string;
  /** Format version: must be 1. */
  readonly version: typeof scenarioVersion;
  /** One of `cps`, `octeon`, `loongson3`, `bmips43xx`, `bmips5000`, `cmp`. */
  readonly platform: PlatformName;
  /** Default: the platform's default core count. */
  readonly cores?: number;
  /** Default: the platform's default threads per core. */
  readonly threadsPerCore?: number;
  /** Platform toggles, e.g. cps `{"powerGating": false}`; omitted ones take the platform's default. */
  readonly features?: Readonly<Record<string, boolean>>;
  /** Default `"kexec"`. */
  readonly path?: ScenarioPath;
  /** Default 0. */
  readonly crashCpu?: number;
  readonly faults?: FaultsInput;
  readonly timing?: TimingInput;
  readonly layout?: LayoutInput;
}
