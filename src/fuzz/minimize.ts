/**
 * The smallest scenario that still shows a finding, keeping its verdict (verdict.ts: the failing
 * strategy's signature, and every strategy that booted still booting) at every step:
 * 1. fast-check shrinks the scenario with the verdict as the failing property (re-running the arbitrary
 *    from the seed that produced it, so shrinking works on its value tree);
 * 2. greedy removal drops whole sections, fields and elements towards the defaults (shrink-input.ts);
 * 3. the schedule pass replays the run's recorded schedule and deletes segments while the verdict holds
 *    (ddmin-style, halving chunk sizes): the fewest context switches that still show the bug;
 * 4. the preemption pass tries the repro without its pinned schedule and with the longest weighted burst,
 *    and keeps whichever shows the verdict with the fewest preemptions (switches away from a CPU that
 *    could have run on, CHESS's measure of a schedule).
 * A repro is never larger than its original, in JSON bytes or context switches: a pinned schedule that
 * would make it so is not kept. Every pass is capped by checks, not time, so minimization is deterministic.
 */

import fc from 'fast-check';
import type { Scenario, ScenarioInput, ScheduleSlice } from '../contract/scenario.js';
import type { StrategyRun } from '../run/run-strategy.js';
import { validateScenario } from '../scenario/codec.js';
import { scenarioLimits } from '../scenario/defaults.js';
import { type Unbuildable, unlessUnbuildable } from './candidate.js';
import type { Origin } from './generate.js';
import { reproSize, shrinkInput } from './shrink-input.js';
import { keepsVerdict, type Verdict } from './verdict.js';

export interface Minimized {
  readonly scenario: Scenario;
  readonly switchesOriginal: number;
  readonly switchesMinimized: number;
  readonly traceHash: string;
}

/** One run of a scenario that keeps the verdict, as the minimizer compares them. */
interface Measured {
  readonly kind: 'ran';
  readonly scenario: Scenario;
  readonly switches: number;
  readonly preemptions: number;
  readonly schedule: ScheduleSlice[];
  readonly hash: string;
}

function measured(scenario: Scenario, run: StrategyRun): Measured {
  return {
    kind: 'ran',
    scenario,
    switches: run.machine?.scheduler.contextSwitches() ?? 0,
    preemptions: run.machine?.scheduler.preemptions ?? 0,
    schedule: run.machine?.scheduler.recordedSchedule() ?? [],
    hash: run.machine?.trace.hash() ?? '',
  };
}

/** The failing strategy's run on a scenario known to build, if it keeps the verdict. */
function measure(scenario: Scenario, verdict: Verdict): Measured | null {
  const run = keepsVerdict(verdict, scenario);
  return run === null ? null : measured(scenario, run);
}

/** A candidate input validated and checked: null when it loses the verdict. */
function attempt(input: unknown, verdict: Verdict): Measured | Unbuildable | null {
  return unlessUnbuildable(() => measure(validateScenario(input), verdict));
}

/**
 * Step 1: fast-check shrinking of the input, with "same verdict, no more context switches" as the
 * property (shrinking a quantum towards 1 would otherwise trade a smaller input for a busier schedule).
 * An unbuildable candidate passes the property, so it is never taken as a shrink step.
 */
export function shrinkScenario(
  origin: Origin,
  verdict: Verdict,
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
      const r = attempt(input, verdict);
      return r === null || r.kind === 'unbuildable' || r.switches > maxSwitches;
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

/** Step 3: replay the recorded schedule, then delete segments while the verdict holds. */
export function minimizeSchedule(s: Scenario, verdict: Verdict, maxRuns: number): Scenario {
  const first = measure(s, verdict);
  if (first === null) return s;
  let schedule = merged(first.schedule);
  const replayed = attempt(withSchedule(s, schedule), verdict);
  if (replayed === null || replayed.kind === 'unbuildable') return s;
  let best = replayed.scenario;
  // A deletion is kept only if the run it gives has no more context switches: past the end of a short
  // schedule replay falls back to the weighted policy, which can switch more than the recording did.
  let switches = first.switches;
  let runs = 1;
  for (let chunk = Math.max(1, schedule.length >> 1); chunk >= 1 && runs < maxRuns; chunk >>= 1) {
    for (let start = schedule.length - chunk; start >= 0 && runs < maxRuns; start -= chunk) {
      const candidate = merged([...schedule.slice(0, start), ...schedule.slice(start + chunk)]);
      runs++;
      const r = attempt(withSchedule(s, candidate), verdict);
      if (r === null || r.kind === 'unbuildable' || r.switches > switches) continue;
      schedule = candidate;
      switches = r.switches;
      best = r.scenario;
    }
  }
  return best;
}

const fits = (c: Measured, limit: Measured): boolean =>
  reproSize(c.scenario) <= reproSize(limit.scenario) && c.switches <= limit.switches;

/** The first of `candidates` that is no larger than `limit` in JSON bytes and context switches. */
function noLarger(candidates: readonly Measured[], limit: Measured): Measured {
  return candidates.find((c) => fits(c, limit)) ?? limit;
}

/**
 * Step 4: `chosen` with its pinned schedule dropped (the seeded policy decides again), with the longest
 * weighted burst (fewer turns among CPUs that can all run), or both; the one of them and `chosen` that
 * keeps the verdict with the fewest preemptions, still no larger than `limit`.
 */
function fewerPreemptionsOf(chosen: Measured, verdict: Verdict, limit: Measured): Measured {
  const timing = chosen.scenario.timing;
  const quantum = scenarioLimits.quantum.max;
  const unpinned = { policy: timing.policy === 'replay' ? 'weighted' : timing.policy, schedule: [] };
  const variants = [{ quantum }, unpinned, { ...unpinned, quantum }].map(
    (change) => ({ ...chosen.scenario, timing: { ...timing, ...change } }) as ScenarioInput,
  );
  let best = chosen;
  for (const input of variants) {
    if (best.preemptions === 0) break;
    const r = attempt(input, verdict);
    if (r === null || r.kind === 'unbuildable' || !fits(r, limit)) continue;
    if (r.preemptions < best.preemptions) best = r;
  }
  return best;
}

/** Step 4 alone, for a repro `s` of a finding first seen as `original`: `s` itself if nothing does better. */
export function fewerPreemptions(s: Scenario, verdict: Verdict, original: Scenario): Scenario {
  const chosen = measure(s, verdict);
  const limit = measure(original, verdict);
  return chosen === null || limit === null ? s : fewerPreemptionsOf(chosen, verdict, limit).scenario;
}

/** Every pass, then the repro is replayed three times: its trace hash must not change. */
export function minimizeFinding(
  original: Scenario,
  origin: Origin,
  verdict: Verdict,
  limits: { shrinkRuns: number; scheduleRuns: number },
): Minimized {
  const before = measure(original, verdict);
  if (before === null) throw new Error(`the finding ${verdict.signature} does not show its own verdict`);
  const shrunkInput = shrinkScenario(origin, verdict, before.switches, limits.shrinkRuns);
  // A counterexample is an input the property ran, so it validates.
  const shrunk = shrunkInput === null ? original : validateScenario(shrunkInput);
  const pruned = shrinkInput(shrunk, verdict, Math.max(1, limits.shrinkRuns >> 1)).scenario;
  const scheduled = minimizeSchedule(pruned, verdict, limits.scheduleRuns);
  const tried = [scheduled, pruned, shrunk].flatMap((s) => measure(s, verdict) ?? []);
  const chosen = fewerPreemptionsOf(noLarger(tried, before), verdict, before);
  const replays = [0, 1, 2].map(() => measure(chosen.scenario, verdict));
  const hashes = new Set(replays.map((r) => r?.hash));
  const replay = replays[0];
  if (hashes.size !== 1 || replay === null || replay === undefined) {
    throw new Error(`minimized repro of ${verdict.signature} does not replay identically (${[...hashes].join(', ')})`);
  }
  return {
    scenario: chosen.scenario,
    switchesOriginal: before.switches,
    switchesMinimized: replay.switches,
    traceHash: replay.hash,
  };
}
