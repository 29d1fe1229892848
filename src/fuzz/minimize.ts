/**
 * The smallest scenario that still shows a finding, signature-preserving at every step:
 * 1. fast-check shrinks the scenario with "same signature" as the failing property (re-running the
 *    arbitrary from the seed that produced it, so shrinking works on its value tree);
 * 2. the schedule pass replays the run's recorded schedule and deletes segments while the signature
 *    holds (ddmin-style, halving chunk sizes): the fewest context switches that still show the bug.
 * Both are capped by strategy runs, not time, so minimization is deterministic.
 */

import fc from 'fast-check';
import type { Signature } from '../contract/finding.js';
import type { Scenario, ScenarioInput, ScheduleSlice } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { runStrategy } from '../run/run-strategy.js';
import { validateScenario } from '../scenario/codec.js';
import { type Unbuildable, unlessUnbuildable } from './candidate.js';
import type { Origin } from './generate.js';

export interface Minimized {
  readonly scenario: Scenario;
  readonly switchesOriginal: number;
  readonly switchesMinimized: number;
  readonly traceHash: string;
}

/** One run of a scenario, as the minimizer compares them. */
interface Measured {
  readonly kind: 'ran';
  readonly scenario: Scenario;
  readonly signature: Signature;
  readonly switches: number;
  readonly schedule: ScheduleSlice[];
  readonly hash: string;
}

/** A run of a scenario already known to build (the finding's own, or one a pass kept). */
function measure(scenario: Scenario, strategy: Strategy): Measured {
  const run = runStrategy(scenario, strategy);
  return {
    kind: 'ran',
    scenario,
    signature: run.signature,
    switches: run.machine?.scheduler.contextSwitches() ?? 0,
    schedule: run.machine?.scheduler.recordedSchedule() ?? [],
    hash: run.machine?.trace.hash() ?? '',
  };
}

/** A candidate input validated and run, or why the codec or the kernel's layout refused it. */
function attempt(input: unknown, strategy: Strategy): Measured | Unbuildable {
  return unlessUnbuildable(() => measure(validateScenario(input), strategy));
}

/**
 * Step 1: fast-check shrinking of the input, with "same signature, no more context switches" as the
 * property (shrinking a quantum towards 1 would otherwise trade a smaller input for a busier schedule).
 * An unbuildable candidate passes the property, so it is never taken as a shrink step.
 */
export function shrinkScenario(
  origin: Origin,
  strategy: Strategy,
  signature: Signature,
  maxSwitches: number,
  maxRuns: number,
): ScenarioInput | null {
  let runs = 0;
  // fast-check reads a throw as a failing input, that is as an accepted shrink step: a bug is held here,
  // every later candidate is refused, and the bug is rethrown once the check is over.
  const bugs: unknown[] = [];
  const property = fc.property(origin.arbitrary, (input) => {
    if (bugs.length > 0 || runs++ >= maxRuns) return true; // budget spent: stop accepting shrinks
    try {
      const r = attempt(input, strategy);
      return r.kind === 'unbuildable' || r.signature !== signature || r.switches > maxSwitches;
    } catch (error) {
      bugs.push(error);
      return true;
    }
  });
  const result = fc.check(property, { seed: origin.seed, numRuns: 1 });
  if (bugs.length > 0) throw bugs[0];
  return result.failed && result.counterexample !== null ? result.counterexample[0] : null;
}

/** The scenario with its scheduler replaying `schedule`. */
function withSchedule(s: Scenario, schedule: readonly ScheduleSlice[]): ScenarioInput {
  return { ...s, timing: { ...s.timing, policy: 'replay', schedule } } as ScenarioInput;
}

function merged(schedule: readonly ScheduleSlice[]): ScheduleSlice[] {
  const out: [number, number][] = [];
  for (const [cpu, steps] of schedule) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0] === cpu) last[1] += steps;
    else out.push([cpu, steps]);
  }
  return out;
}

/** Step 2: replay the recorded schedule, then delete segments while the signature holds. */
export function minimizeSchedule(s: Scenario, strategy: Strategy, signature: Signature, maxRuns: number): Scenario {
  const first = measure(s, strategy);
  let schedule = merged(first.schedule);
  const replayed = attempt(withSchedule(s, schedule), strategy);
  if (replayed.kind === 'unbuildable' || replayed.signature !== signature) return s;
  let best = replayed.scenario;
  // A deletion is kept only if the run it gives has no more context switches: past the end of a short
  // schedule replay falls back to the weighted policy, which can switch more than the recording did.
  let switches = first.switches;
  let runs = 1;
  for (let chunk = Math.max(1, schedule.length >> 1); chunk >= 1 && runs < maxRuns; chunk >>= 1) {
    for (let start = schedule.length - chunk; start >= 0 && runs < maxRuns; start -= chunk) {
      const candidate = merged([...schedule.slice(0, start), ...schedule.slice(start + chunk)]);
      runs++;
      const r = attempt(withSchedule(s, candidate), strategy);
      if (r.kind === 'unbuildable' || r.signature !== signature || r.switches > switches) continue;
      schedule = candidate;
      switches = r.switches;
      best = r.scenario;
    }
  }
  return best;
}

/** Both passes, then the repro is replayed three times: its trace hash must not change. */
export function minimizeFinding(
  original: Scenario,
  origin: Origin,
  strategy: Strategy,
  signature: Signature,
  limits: { shrinkRuns: number; scheduleRuns: number },
): Minimized {
  const before = measure(original, strategy);
  const shrunkInput = shrinkScenario(origin, strategy, signature, before.switches, limits.shrinkRuns);
  // A counterexample is an input the property ran, so it validates.
  const shrunk = shrunkInput === null ? original : validateScenario(shrunkInput);
  const scenario = minimizeSchedule(shrunk, strategy, signature, limits.scheduleRuns);
  const replays = [0, 1, 2].map(() => measure(scenario, strategy));
  const hashes = new Set(replays.map((r) => r.hash));
  if (hashes.size !== 1 || replays[0]?.signature !== signature) {
    throw new Error(`minimized repro of ${signature} does not replay identically (${[...hashes].join(', ')})`);
  }
  return {
    scenario,
    switchesOriginal: before.switches,
    switchesMinimized: replays[0].switches,
    traceHash: replays[0].hash,
  };
}
