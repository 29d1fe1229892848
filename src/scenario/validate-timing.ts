/** The `timing` section: the seed, the scheduling policy and its schedule, latencies, stalls and the budget. */

import type { IpiLatency, ScheduleSlice, Stall, TimingInput } from '../contract/scenario.js';
import { schedulePolicies } from '../contract/scenario.js';
import { type Check, child, conflict, expected, isBad, item, type Resolved } from './check.js';
import { compact } from './compact.js';
import { scenarioLimits as limits } from './defaults.js';
import { complete, optional, own, readArray, readChoice, readCpu, readInt, readObject } from './readers.js';

const timingFields = [
  'seed',
  'policy',
  'speeds',
  'quantum',
  'pctDepth',
  'pctHorizon',
  'ipiLatency',
  'stalls',
  'schedule',
  'budget',
  'progressWindow',
] as const;

export function readTiming(c: Check, raw: unknown, r: Resolved): TimingInput | undefined {
  const o = readObject(c, raw, 'timing', timingFields);
  if (o === undefined) return undefined;
  const int = (key: string, range: { readonly min: number; readonly max: number }): number | undefined =>
    optional(own(o, key), (x) => readInt(c, x, `timing.${key}`, range.min, range.max));

  const seed = int('seed', limits.seed);
  const policy = optional(own(o, 'policy'), (x) => readChoice(c, x, 'timing.policy', schedulePolicies));
  const speeds = optional(own(o, 'speeds'), (x) =>
    readArray(
      c,
      x,
      'timing.speeds',
      'CPU speeds',
      (v, field) => readInt(c, v, field, limits.speed.min, limits.speed.max),
      limits.perCpu,
    ),
  );
  if (speeds !== undefined && r.cpus !== undefined && speeds.length !== r.cpus) {
    conflict(c, 'timing.speeds', `must have one speed per CPU (${r.cpus}), but had ${speeds.length}.`);
  }
  const quantum = int('quantum', limits.quantum);
  const pctDepth = int('pctDepth', limits.pctDepth);
  const pctHorizon = int('pctHorizon', limits.pctHorizon);
  const ipiLatency = optional(own(o, 'ipiLatency'), (x) => readIpiLatency(c, x));
  const stalls = optional(own(o, 'stalls'), (x) =>
    readArray(
      c,
      x,
      'timing.stalls',
      '{"cpu", "from", "steps"} objects',
      (v, field) => readStall(c, v, field, r),
      limits.stalls,
    ),
  );
  const schedule = optional(own(o, 'schedule'), (x) =>
    readArray(c, x, 'timing.schedule', '[cpu, steps] pairs', (v, field) => readSlice(c, v, field, r), limits.schedule),
  );
  // A schedule that could not be read as an array has no length to judge.
  if (schedule !== undefined || own(o, 'schedule') === undefined) checkSchedule(c, policy, schedule?.length ?? 0, r);
  const budget = int('budget', limits.budget);
  const progressWindow = int('progressWindow', limits.progressWindow);
  checkProgressWindow(c, budget, progressWindow, r);

  return compact({
    seed,
    policy,
    speeds: complete(speeds),
    quantum,
    pctDepth,
    pctHorizon,
    ipiLatency,
    stalls: complete(stalls),
    schedule: complete(schedule),
    budget,
    progressWindow,
  });
}

/** Replay needs a recorded schedule, and every other policy makes its own, so a schedule there is a mistake. */
function checkSchedule(c: Check, given: string | undefined, slices: number, r: Resolved): void {
  const policy = isBad(c, 'timing.policy') ? undefined : (given ?? r.defaults?.timing.policy);
  if (policy === 'replay' && slices === 0) {
    conflict(c, 'timing.schedule', 'must list at least one [cpu, steps] slice when "timing.policy" is "replay".');
  } else if (policy !== undefined && policy !== 'replay' && slices > 0) {
    const by = given === undefined ? ', the default' : '';
    conflict(
      c,
      'timing.schedule',
      `must be empty unless "timing.policy" is "replay" (it is "${policy}"${by}), but had ${slices} ${slices === 1 ? 'slice' : 'slices'}.`,
    );
  }
}

/** A run stops at the budget, so a progress window longer than it could never see a run get stuck. */
function checkProgressWindow(
  c: Check,
  givenBudget: number | undefined,
  progressWindow: number | undefined,
  r: Resolved,
): void {
  if (isBad(c, 'timing.budget') || isBad(c, 'timing.progressWindow')) return;
  const budget = givenBudget ?? r.defaults?.timing.budget;
  const window = progressWindow ?? r.defaults?.timing.progressWindow;
  if (budget === undefined || window === undefined || window <= budget) return;
  const by = givenBudget === undefined ? ', the default' : '';
  const field = 'timing.progressWindow';
  const note = progressWindow === undefined ? '(the default) ' : '';
  conflict(c, field, `${note}must be at most "timing.budget" (${budget}${by}), but was ${window}.`);
}

function readIpiLatency(c: Check, raw: unknown): IpiLatency | undefined {
  const o = readObject(c, raw, 'timing.ipiLatency', ['min', 'max']);
  if (o === undefined) return undefined;
  const { min: lo, max: hi } = limits.ipiLatency;
  const min = readInt(c, own(o, 'min'), 'timing.ipiLatency.min', lo, hi);
  const max = readInt(c, own(o, 'max'), 'timing.ipiLatency.max', lo, hi);
  if (min === undefined || max === undefined) return undefined;
  if (max < min) {
    conflict(c, 'timing.ipiLatency.max', `must be at least "timing.ipiLatency.min" (${min}), but was ${max}.`);
  }
  return { min, max };
}

function readStall(c: Check, raw: unknown, field: string, r: Resolved): Stall | undefined {
  const o = readObject(c, raw, field, ['cpu', 'from', 'steps']);
  if (o === undefined) return undefined;
  const cpu = readCpu(c, own(o, 'cpu'), child(field, 'cpu'), r.cpus);
  const from = readInt(c, own(o, 'from'), child(field, 'from'), limits.steps.min, limits.steps.max);
  const steps = readInt(c, own(o, 'steps'), child(field, 'steps'), limits.stallSteps.min, limits.stallSteps.max);
  return cpu === undefined || from === undefined || steps === undefined ? undefined : { cpu, from, steps };
}

function readSlice(c: Check, raw: unknown, field: string, r: Resolved): ScheduleSlice | undefined {
  if (!Array.isArray(raw) || raw.length !== 2) return expected(c, field, 'a pair [cpu, steps]', raw);
  const cpu = readCpu(c, raw[0], item(field, 0), r.cpus);
  const steps = readInt(c, raw[1], item(field, 1), limits.stepCount.min, limits.stepCount.max);
  return cpu === undefined || steps === undefined ? undefined : [cpu, steps];
}
