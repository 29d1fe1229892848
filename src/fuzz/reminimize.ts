/**
 * `findings minimize`: a stored repro minimized again, keeping its verdict (verdict.ts). The store has the repro
 * and the original scenario but not the fast-check origin, so this shrinks the repro towards the
 * defaults (shrink-input.ts) and then runs the schedule pass (minimize.ts) on what is left. The result
 * is replayed three times; the caller decides whether it is better than what is stored.
 */

import type { Signature } from '../contract/finding.js';
import type { Scenario } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { runStrategy } from '../run/run-strategy.js';
import { minimizeSchedule } from './minimize.js';
import { inputSize, shrinkInput } from './shrink-input.js';
import { verdictOf } from './verdict.js';

/** One repro measured: what it shows, how many context switches, how big its JSON is. */
export interface ReproStats {
  readonly scenario: Scenario;
  readonly signature: Signature;
  readonly switches: number;
  /** Length of the minimal JSON without the recorded schedule (see `inputSize`). */
  readonly size: number;
  readonly traceHash: string;
}

export interface Reminimized {
  readonly before: ReproStats;
  readonly after: ReproStats;
  /** The signature held, nothing got bigger, and something got smaller. */
  readonly improved: boolean;
}

export function measureRepro(s: Scenario, strategy: Strategy): ReproStats {
  const run = runStrategy(s, strategy);
  return {
    scenario: s,
    signature: run.signature,
    switches: run.machine?.scheduler.contextSwitches() ?? 0,
    size: inputSize(s),
    traceHash: run.machine?.trace.hash() ?? '',
  };
}

/**
 * Shrinks `repro` while it keeps its verdict against `strategies` (the failing strategy's signature, the
 * others that boot on it still booting), within about `maxRuns` strategy runs (up to half for the input
 * shrink, the rest for the schedule pass, plus some to measure and replay). Throws if the result does not
 * replay identically.
 */
export function reminimize(
  repro: Scenario,
  strategy: Strategy,
  signature: Signature,
  strategies: readonly Strategy[],
  maxRuns: number,
): Reminimized {
  const before = measureRepro(repro, strategy);
  if (before.signature !== signature) return { before, after: before, improved: false };
  const verdict = verdictOf(repro, strategy, signature, strategies);
  const shrunk = shrinkInput(repro, verdict, Math.max(1, Math.floor(maxRuns / 2)));
  const scheduleRuns = Math.max(1, maxRuns - shrunk.runs);
  const scheduled = minimizeSchedule(shrunk.scenario, verdict, scheduleRuns);
  const replays = [0, 1, 2].map(() => measureRepro(scheduled, strategy));
  const hashes = new Set(replays.map((r) => r.traceHash));
  const after = replays[0];
  if (after === undefined || hashes.size !== 1) {
    throw new Error(`re-minimized repro of ${signature} does not replay identically (${[...hashes].join(', ')})`);
  }
  // A schedule pass that could not shorten anything still pins the schedule: keep whichever is smaller.
  const candidate = after.signature === signature ? after : before;
  const notWorse = candidate.switches <= before.switches && candidate.size <= before.size;
  const smaller = candidate.switches < before.switches || candidate.size < before.size;
  const improved = notWorse && smaller;
  return { before, after: improved ? candidate : before, improved };
}
