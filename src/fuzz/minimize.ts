/**
 * The smallest scenario that still shows a finding, signature-preserving at every step:
 * 1. fast-check shrinks the scenario with "same signature" as the failing property (re-running the
 *    arbitrary from the seed that produced it, so shrinking works on its value tree);
 * 2. the schedule pass replays the run's recorded schedule and deletes segments while the signature
 *    holds (ddmin-style, halving chunk sizes): the fewest context switches that still show the bug.
 * Both are capped by strategy runs, not time, so minimization is deterministic.
 */
import fc from 'fast-check';
import type { Outcome } from '../contract/outcome.js';
import type { Scenario, ScenarioInput, ScheduleSlice } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { signatureOf } from '../oracle/signature.js';
import { runStrategy } from '../run/run-strategy.js';
import { validateScenario } from '../scenario/codec.js';
import type { Origin } from './generate.js';

export interface Minimized {
  readonly scenario: Scenario;
  readonly switchesOriginal: number;
  readonly switchesMinimized: number;
  readonly traceHash: string;
}

function signatureIn(
  s: Scenario,
  strategy: Strategy,
): { signature: string; outcome: Outcome; switches: number; schedule: ScheduleSlice[]; hash: string } {
  const run = runStrategy(s, strategy);
  return {
    signature: signatureOf(s.platform, strategy.name, run.outcome),
    outcome: run.outcome,
    switches: run.machine?.scheduler.contextSwitches() ?? 0,
    schedule: run.machine?.scheduler.recordedSchedule() ?? [],
    hash: run.machine?.trace.hash() ?? '',
  };
}

function tryScenario(input: ScenarioInput): Scenario | null {
  try {
    return validateScenario(input);
  } catch {
    return null;
  }
}

/**
 * Step 1: fast-check shrinking of the input, with "same signature, no more context switches" as the
 * property (shrinking a quantum towards 1 would otherwise trade a smaller input for a busier schedule).
 */
export function shrinkScenario(
  origin: Origin,
  strategy: Strategy,
  signature: string,
  maxSwitches: number,
  maxRuns: number,
): ScenarioInput | null {
  let runs = 0;
  const property = fc.property(origin.arbitrary, (input) => {
    if (runs++ >= maxRuns) return true; // budget spent: stop accepting shrinks
    const s = tryScenario(input);
    if (s === null) return true;
    const r = signatureIn(s, strategy);
    return r.signature !== signature || r.switches > maxSwitches;
  });
  const result = fc.check(property, { seed: origin.seed, numRuns: 1 });
  return result.failed && result.counterexample !== null ? result.counterexample[0] : null;
}

function withSchedule(s: Scenario, schedule: readonly ScheduleSlice[]): Scenario | null {
  return tryScenario({ ...s, timing: { ...s.timing, policy: 'replay', schedule } } as ScenarioInput);
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
export function minimizeSchedule(s: Scenario, strategy: Strategy, signature: string, maxRuns: number): Scenario {
  const first = signatureIn(s, strategy);
  let best = withSchedule(s, merged(first.schedule));
  if (best === null || signatureIn(best, strategy).signature !== signature) return s;
  let schedule = merged(first.schedule);
  // A deletion is kept only if the run it gives has no more context switches: past the end of a short
  // schedule replay falls back to the weighted policy, which can switch more than the recording did.
  let switches = first.switches;
  let runs = 1;
  for (let chunk = Math.max(1, schedule.length >> 1); chunk >= 1 && runs < maxRuns; chunk >>= 1) {
    for (let start = schedule.length - chunk; start >= 0 && runs < maxRuns; start -= chunk) {
      const candidate = merged([...schedule.slice(0, start), ...schedule.slice(start + chunk)]);
      const scenario = withSchedule(s, candidate);
      runs++;
      if (scenario === null) continue;
      const r = signatureIn(scenario, strategy);
      if (r.signature !== signature || r.switches > switches) continue;
      schedule = candidate;
      switches = r.switches;
      best = scenario;
    }
  }
  return best;
}

/** Both passes, then the repro is replayed three times: its trace hash must not change. */
export function minimizeFinding(
  original: Scenario,
  origin: Origin,
  strategy: Strategy,
  signature: string,
  limits: { shrinkRuns: number; scheduleRuns: number },
): Minimized {
  const before = signatureIn(original, strategy);
  const shrunkInput = shrinkScenario(origin, strategy, signature, before.switches, limits.shrinkRuns);
  const shrunk = shrunkInput === null ? original : (tryScenario(shrunkInput) ?? original);
  const scenario = minimizeSchedule(shrunk, strategy, signature, limits.scheduleRuns);
  const replays = [0, 1, 2].map(() => signatureIn(scenario, strategy));
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
