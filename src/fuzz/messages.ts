/**
 * The only types that cross the thread boundary. Tasks carry seeds and indices, never scenarios to
 * run: the worker regenerates scenario n from (baseSeed, n) and the corpus snapshot, as fast-check's
 * worker package rebuilds inputs from RNG state. Results are small and structured-clone friendly.
 */
import type { OutcomeTally, PctTally } from '../contract/campaign.js';
import type { FindingKind, FindingLabel, OutcomeVector, Signature } from '../contract/finding.js';
import type { OutcomeKind } from '../contract/outcome.js';
import type { PlatformName } from '../contract/topology.js';

export interface MinimizeLimits {
  /** Strategy runs the scenario shrink may spend. */
  readonly shrinkRuns: number;
  /** Strategy runs the schedule pass may spend. */
  readonly scheduleRuns: number;
}

export interface BatchTask {
  readonly kind: 'batch';
  readonly batchIndex: number;
  readonly baseSeed: number;
  /** Global index of the batch's first scenario, and how many it runs. */
  readonly from: number;
  readonly count: number;
  readonly strategies: readonly string[];
  readonly strategyModules: readonly string[];
  readonly platforms: readonly PlatformName[];
  readonly reference: string | null;
  /** Corpus entries (scenario JSON) to mutate, as of the end of the previous epoch. */
  readonly corpus: readonly string[];
  /** Coverage keys known at the end of the previous epoch. */
  readonly coverage: Int32Array;
}

/** Where scenario n came from: enough to rebuild the arbitrary and value the minimizer shrinks. */
export interface OriginMsg {
  readonly seed: number;
  /** The corpus entry it mutates (scenario JSON), or null for a fresh scenario. */
  readonly mutates: string | null;
  readonly platforms: readonly PlatformName[];
}

/** Minimize one finding: shrink the scenario, then its schedule, keeping its verdict (verdict.ts). */
export interface MinimizeTask {
  readonly kind: 'minimize';
  readonly origin: OriginMsg;
  readonly strategy: string;
  readonly signature: Signature;
  readonly strategies: readonly string[];
  readonly strategyModules: readonly string[];
  readonly limits: MinimizeLimits;
}

/** A finding's minimized repro, with the outcomes per strategy on it. */
export interface MinimizedRepro {
  readonly kind: 'minimized';
  readonly signature: Signature;
  readonly scenario: string;
  readonly outcomes: OutcomeVector;
  readonly traceHash: string;
  readonly switchesOriginal: number;
  readonly switchesMinimized: number;
}

/**
 * A minimization that never ran: the campaign's minimize gate closed before it started (made on the main
 * thread). The finding keeps the scenario it was found with.
 */
export interface MinimizeSkipped {
  readonly kind: 'minimize-skipped';
  readonly signature: Signature;
}

export type MinimizeResult = MinimizedRepro | MinimizeSkipped;

/** One failing strategy of one scenario, with its repro. */
/** A failing strategy run of one scenario, judged against the other strategies' runs of it. */
export interface ScenarioFinding {
  readonly signature: Signature;
  readonly kind: FindingKind;
  readonly label: FindingLabel | null;
  readonly platform: PlatformName;
  readonly strategy: string;
  readonly outcomeKind: OutcomeKind;
  readonly routine: string | null;
  readonly title: string;
  /** The scenario as generated (JSON); minimization replaces the repro later. */
  readonly scenario: string;
  readonly outcomes: OutcomeVector;
  readonly traceHash: string;
  readonly switches: number;
}

/** A finding of a campaign's batch: which scenario of the batch, and where it came from. */
export interface FindingMsg extends ScenarioFinding {
  readonly index: number;
  readonly origin: OriginMsg;
}

export interface BatchResult {
  readonly kind: 'batch-done';
  readonly batchIndex: number;
  readonly runs: number;
  /** Generated scenarios the kernel could not lay out (counted, not run). */
  readonly invalid: number;
  readonly findings: readonly FindingMsg[];
  /** Runs that reached coverage keys beyond the snapshot: candidates for the corpus, with their keys. */
  readonly novel: readonly { readonly scenario: string; readonly keys: Int32Array }[];
  /** Outcome kind → count over every strategy run of the batch. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** How the batch's strategy runs ended, per platform, strategy and outcome kind. */
  readonly tallies: readonly OutcomeTally[];
  /** PCT runs per platform and bug depth, and the miss bound they add up to (pct-bound.ts). */
  readonly pct: readonly PctTally[];
}

/**
 * A user's strategy module failed in the worker (a StrategyModuleError, or an InputError loading it): its
 * message, which names the module and the function. An error's class does not survive the thread boundary
 * (piscina rethrows a plain Error), so the worker returns this and the pool throws it again on the main thread.
 */
export interface ModuleFailed {
  readonly kind: 'module-failed';
  readonly message: string;
}

/**
 * What the module probe's thread tells the main thread (module-probe.ts): each step before it starts, so a
 * step that never ends can be named; then done, or the module's own error message.
 */
export type ProbeMsg =
  /** `call` is null while the module loads, else the function called, e.g. `refuses("cps", …)`. */
  | { readonly kind: 'probe-step'; readonly module: string; readonly call: string | null }
  | { readonly kind: 'probe-failed'; readonly message: string }
  | { readonly kind: 'probe-done' };
