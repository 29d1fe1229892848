/**
 * Bounded-exhaustive exploration, the enumerator: every schedule of one program with at most K preemptions
 * (iterative context bounding, as CHESS does), by re-running the machine on replay schedules. The default
 * schedule runs one CPU until it cannot run on, then the next in turn (round robin); a schedule is that
 * default with deviations at scheduling points, the moments just after a visible operation (a load, store,
 * cache op, IPI, start, halt: what the recorder logs). A deviation that switches away from a CPU that could
 * run on is a preemption (the machine's own count); one where it could not is free. Deviations are made in
 * increasing order along the run, so each schedule is generated once.
 *
 * The reduction: operations of different CPUs that do not conflict (different words, or both reads) give the
 * same result in either order, so with `reduce` a point is only one after an operation that conflicts with
 * another CPU's in the same run, or acts on the machine (cache op, IPI, power). Orders that differ only in
 * where independent operations fall are then one schedule, not many.
 */

import type { Scenario } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { access, BURST_INTS, type RunRecorder, VISIBLE_INTS } from '../machine/recorder.js';
import type { ScheduleSlice } from '../machine/scheduler.js';
import { runRecorded } from '../run/run-strategy.js';

/** What the enumerator needs from one run of the program on a replay schedule. */
export interface ExploredRun {
  /** What the run ended as, e.g. its outcome kind: runs are grouped by it. */
  readonly outcome: string;
  /** The schedule that ran, as the scheduler recorded it: it replays the run exactly. */
  readonly schedule: readonly ScheduleSlice[];
  /** Switches away from a CPU that could have run on (Scheduler.preemptions). */
  readonly preemptions: number;
  /** Scheduling points: executed-instruction counts just after a visible operation, its CPU and access. */
  readonly points: readonly SchedulingPoint[];
}

export interface SchedulingPoint {
  readonly at: number;
  readonly cpu: number;
  /** One of the recorder's `access` kinds, and the word for reads and writes. */
  readonly access: number;
  readonly address: number;
  /** The CPU could not run on after it: a switch here is free. */
  readonly blocks: boolean;
}

/** Steps a replay slice gives a CPU that should run until it cannot: more than any run here takes. */
export const UNTIL_BLOCKED = 50_000_000;
/** Turns of the round robin the default schedule spells out after the last deviation. */
const ROUNDS = 64;

/** The default continuation from `first`: each CPU in turn, until it cannot run on. */
export function roundRobin(first: number, cpus: number): ScheduleSlice[] {
  const out: ScheduleSlice[] = [];
  for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < cpus; i++) out.push([(first + i) % cpus, UNTIL_BLOCKED]);
  return out;
}

/** The first `executed` steps of a recorded schedule. */
export function prefixOf(schedule: readonly ScheduleSlice[], executed: number): ScheduleSlice[] {
  const out: ScheduleSlice[] = [];
  let left = executed;
  for (const [cpu, steps] of schedule) {
    if (left <= 0) break;
    out.push([cpu, Math.min(steps, left)]);
    left -= steps;
  }
  return out;
}

/**
 * The scheduling points of a recorded run: the recorder's visible operations, with their global steps
 * turned into executed-instruction counts (a burst runs one instruction a step; time that passes with
 * nobody running is not in the schedule).
 */
export function pointsOf(r: RunRecorder): SchedulingPoint[] {
  const out: SchedulingPoint[] = [];
  let executed = 0;
  let v = 0;
  for (let b = 0; b < r.burstCount; b++) {
    const cpu = (r.bursts[b * BURST_INTS] ?? 0) & 0xff;
    const start = r.bursts[b * BURST_INTS + 1] ?? 0;
    const end = r.bursts[b * BURST_INTS + 2] ?? 0;
    // On a round-robin replay a CPU keeps running while it can: a burst followed by another CPU's ended
    // because this one could not run on.
    const last = b + 1 >= r.burstCount || ((r.bursts[(b + 1) * BURST_INTS] ?? 0) & 0xff) !== cpu;
    while (v < r.visibleCount) {
      const step = r.visible[v * VISIBLE_INTS] ?? 0;
      if (step >= end) break;
      const word = r.visible[v * VISIBLE_INTS + 1] ?? -1;
      if ((word & 0xff) === cpu && step >= start) {
        out.push({
          at: executed + (step - start) + 1,
          cpu,
          access: word >> 8,
          address: r.visible[v * VISIBLE_INTS + 2] ?? 0,
          blocks: last && step === end - 1,
        });
      }
      v++;
    }
    executed += end - start;
    // Where a CPU stops being able to run (a wait, a parked poll loop, a halt), who runs next is a free
    // choice: a point even when no visible operation ended the burst.
    if (last && end > start && out.at(-1)?.at !== executed) {
      out.push({ at: executed, cpu, access: access.GLOBAL, address: 0, blocks: true });
    }
  }
  return out;
}

export interface Exploration {
  /** Distinct schedules run within the bound. */
  readonly schedules: number;
  /** Runs made, including those over the bound or repeating a schedule. */
  readonly runs: number;
  /** Per outcome, the first schedule found that ends so, with the fewest preemptions among them. */
  readonly outcomes: ReadonlyMap<string, ExploredRun>;
}

/** The points of `r` where another order could tell: conflicting accesses and operations on the machine. */
export function conflictingPoints(points: readonly SchedulingPoint[]): SchedulingPoint[] {
  const readers = new Map<number, Set<number>>();
  const writers = new Map<number, Set<number>>();
  for (const p of points) {
    if (p.access === access.GLOBAL) continue;
    const into = p.access === access.WRITE ? writers : readers;
    const set = into.get(p.address) ?? new Set<number>();
    set.add(p.cpu);
    into.set(p.address, set);
  }
  const othersWrite = (p: SchedulingPoint): boolean => [...(writers.get(p.address) ?? [])].some((c) => c !== p.cpu);
  const othersRead = (p: SchedulingPoint): boolean => [...(readers.get(p.address) ?? [])].some((c) => c !== p.cpu);
  return points.filter(
    (p) => p.access === access.GLOBAL || othersWrite(p) || (p.access === access.WRITE && othersRead(p)),
  );
}

export function exploreSchedules(
  run: (schedule: readonly ScheduleSlice[]) => ExploredRun,
  cpus: number,
  bound: number,
  reduce = false,
  /** Whether an error the runner throws means "stop here, keep what was found" rather than a bug. */
  stops: (error: unknown) => boolean = () => false,
): Exploration {
  const seen = new Set<string>();
  const outcomes = new Map<string, ExploredRun>();
  let runs = 0;
  const keep = (r: ExploredRun): void => {
    const best = outcomes.get(r.outcome);
    if (best === undefined || r.preemptions < best.preemptions) outcomes.set(r.outcome, r);
  };
  // Depth first: a run, and the index after which its children may deviate.
  const stack: { readonly run: ExploredRun; readonly after: number }[] = [];
  const visit = (schedule: readonly ScheduleSlice[], after: number): void => {
    runs++;
    const r = run(schedule);
    if (r.preemptions > bound) return;
    const key = JSON.stringify(r.schedule);
    if (seen.has(key)) return;
    seen.add(key);
    keep(r);
    stack.push({ run: r, after });
  };
  try {
    // The first CPU is a free choice.
    for (let first = 0; first < cpus; first++) visit(roundRobin(first, cpus), 0);
    while (stack.length > 0) {
      const { run: parent, after } = stack.pop() as { run: ExploredRun; after: number };
      // At the bound only free switches are left: after an operation its CPU could not run on from.
      const full = parent.preemptions >= bound;
      for (const point of reduce ? conflictingPoints(parent.points) : parent.points) {
        if (point.at <= after || (full && !point.blocks)) continue;
        const prefix = prefixOf(parent.schedule, point.at);
        for (let c = 0; c < cpus; c++) {
          if (c === point.cpu) continue;
          visit([...prefix, ...roundRobin(c, cpus)], point.at);
        }
      }
    }
  } catch (error) {
    if (!stops(error)) throw error;
  }
  return { schedules: seen.size, runs, outcomes };
}

/** One strategy's exploration of one scenario, as `kexfuzz explore` reports it. */
export interface ScenarioExploration {
  readonly strategy: string;
  readonly schedules: number;
  readonly runs: number;
  readonly ms: number;
  /** False when the time ran out first: then no certificate. */
  readonly complete: boolean;
  /** Per outcome kind reached: a schedule that reaches it with the fewest preemptions found. */
  readonly outcomes: readonly {
    readonly kind: string;
    readonly preemptions: number;
    readonly schedule: readonly ScheduleSlice[];
  }[];
}

/** The scenario with its scheduler replaying `schedule`: what `kexfuzz run` replays bit for bit. */
export function onSchedule(s: Scenario, schedule: readonly ScheduleSlice[]): Scenario {
  return { ...s, timing: { ...s.timing, policy: 'replay', schedule } };
}

/**
 * Every schedule of `s` under `strategy` with at most `bound` preemptions, with the reduction, until
 * `deadline` (a `performance.now()` time) if one is given.
 */
export function exploreScenario(
  s: Scenario,
  strategy: Strategy,
  bound: number,
  deadline?: number,
): ScenarioExploration {
  const started = performance.now();
  let complete = true;
  const explored = exploreSchedules(
    (schedule) => {
      if (deadline !== undefined && performance.now() > deadline) {
        complete = false;
        throw new OutOfTime();
      }
      const r = runRecorded(onSchedule(s, schedule), strategy, true);
      return {
        outcome: r.outcome.kind,
        schedule: r.machine?.scheduler.recordedSchedule() ?? [],
        preemptions: r.machine?.scheduler.preemptions ?? 0,
        points: pointsOf(r.recorder),
      };
    },
    s.cores * s.threadsPerCore,
    bound,
    true,
    (error) => error instanceof OutOfTime,
  );
  return {
    strategy: strategy.name,
    schedules: explored.schedules,
    runs: explored.runs,
    ms: Math.round(performance.now() - started),
    complete,
    outcomes: [...explored.outcomes].map(([kind, r]) => ({ kind, preemptions: r.preemptions, schedule: r.schedule })),
  };
}

/** Thrown by a runner whose time is up: the enumerator stops and keeps what it has. */
class OutOfTime extends Error {}
