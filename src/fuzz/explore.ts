/**
 * Bounded-exhaustive exploration: the schedules of one program with at most K preemptions (iterative context
 * bounding, as CHESS does), by re-running the machine on replay schedules. The default schedule runs one CPU
 * until it cannot run on, then the next in turn (round robin); a schedule is that default with deviations at
 * scheduling points (fuzz/explore-points.ts), the moments just after a visible operation. A deviation that
 * switches away from a CPU that could run on is a preemption (the machine's own count); one where it could
 * not is free.
 *
 * Without the reduction every order of the scheduling points within the bound is run, deviations in
 * increasing order so each comes once: the brute-force tests check that count. With it (what `kexfuzz
 * explore` uses), dynamic partial-order reduction: from each run only the schedules that reverse one of its
 * races (fuzz/races.ts), so orders that differ only in where independent steps fall are not run again, and
 * runs are counted by equivalence class as well as by schedule.
 */

import type { ExplorationCounts } from '../contract/exploration.js';
import type { Outcome, OutcomeKind } from '../contract/outcome.js';
import type { Scenario } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { RunRecorder } from '../machine/recorder.js';
import type { ScheduleSlice } from '../machine/scheduler.js';
import { MachinePool, runRecorded } from '../run/run-strategy.js';
import { cpuBit, executedAt, pointsOf, type SchedulingPoint } from './explore-points.js';
import { type RunOrder, runOrder } from './races.js';

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
  /** The machine's L1 D-caches are coherent (RunRecorder.dataCoherent); false is the careful answer. */
  readonly dataCoherent?: boolean;
  /**
   * Where the outcome was settled: the executed-instruction count of the anomaly that decided it, when that
   * alone decides it. A schedule that replays this run that far ends the same way, whatever comes after.
   */
  readonly decidedAt?: number | undefined;
  /** Whether a word was executed in the run (fuzz/races.ts: instruction reads meet stores to code); read at once. */
  readonly code?: ((word: number) => boolean) | undefined;
}

/** Steps a replay slice gives a CPU that should run until it cannot: more than any run here takes. */
const UNTIL_BLOCKED = 50_000_000;
/** Turns of the round robin the default schedule spells out after the last deviation. */
const ROUNDS = 1024;

const continuations = new Map<number, readonly ScheduleSlice[]>();

/**
 * The default continuation from `first`: each CPU in turn, until it cannot run on. Built once per first CPU
 * and machine size (every run of an exploration ends with one) and shared read-only.
 */
export function roundRobin(first: number, cpus: number): readonly ScheduleSlice[] {
  const key = cpus * 256 + first;
  let out = continuations.get(key);
  if (out === undefined) {
    const slices: ScheduleSlice[] = [];
    for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < cpus; i++) slices.push([(first + i) % cpus, UNTIL_BLOCKED]);
    out = Object.freeze(slices);
    continuations.set(key, out);
  }
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

export interface Exploration {
  /** Distinct schedules run within the bound. */
  readonly schedules: number;
  /** Equivalence classes among them: schedules that order every pair of dependent events alike are one. */
  readonly classes: number;
  /** Runs made, including those over the bound or repeating a schedule. */
  readonly runs: number;
  /** Per outcome, the first schedule found that ends so, with the fewest preemptions among them. */
  readonly outcomes: ReadonlyMap<string, Found>;
  /** Nothing is left to run: false when the runner stopped it (`stops`). */
  readonly complete: boolean;
}

/** A run kept for its outcome: the schedule that replays it. */
export interface Found {
  readonly outcome: string;
  readonly schedule: readonly ScheduleSlice[];
  readonly preemptions: number;
}

/** A schedule a reduced exploration still has to run: `prefix`, then `cpu` first in the round robin. */
export interface Request {
  readonly prefix: readonly ScheduleSlice[];
  readonly cpu: number;
  /** Instructions `prefix` runs: where the run deviates from the one it came from. */
  readonly from: number;
}

/**
 * Where an exploration stands: what it still has to run and what it has seen. A later process can go on from
 * it (fuzz/explore-state.ts writes it down) and ends where one uninterrupted exploration would have.
 */
export interface ExploreState {
  /** Requests waiting (reduced exploration only), the last one next: depth first. */
  readonly pending: Request[];
  /** Keys of requests asked for, or run already as part of a run's default continuation. */
  readonly asked: Set<string>;
  /** Keys of the schedules run within the bound. */
  readonly seen: Set<string>;
  /** Fingerprints of their equivalence classes. */
  readonly classes: Set<string>;
  readonly outcomes: Map<string, Found>;
  runs: number;
  /** Milliseconds spent on it so far, by this process and earlier ones (exploreScenario adds its own). */
  ms: number;
}

/** An exploration that has not begun: the round robin from CPU0 is its first request. */
export function startingState(): ExploreState {
  return {
    pending: [{ prefix: [], cpu: 0, from: 0 }],
    asked: new Set(),
    seen: new Set(),
    classes: new Set(),
    outcomes: new Map(),
    runs: 0,
    ms: 0,
  };
}

/**
 * Every schedule of the program with at most `bound` preemptions (`reduce` false: every order of its
 * scheduling points), or with `reduce` one or more of every equivalence class such a schedule falls in:
 * dynamic partial-order reduction, which only reverses races (fuzz/races.ts). With `reduce`, it goes on from
 * `state` and leaves in it what is left when the runner stops it.
 */
export function exploreSchedules(
  run: (schedule: readonly ScheduleSlice[]) => ExploredRun,
  cpus: number,
  bound: number,
  options: ExploreOptions = {},
): Exploration {
  const { reduce = false, stops = () => false, progress, state = startingState(), between } = options;
  const { seen, classes, outcomes } = state;
  const keep = (r: ExploredRun): void => {
    const best = outcomes.get(r.outcome);
    if (best === undefined || r.preemptions < best.preemptions) {
      outcomes.set(r.outcome, { outcome: r.outcome, schedule: r.schedule, preemptions: r.preemptions });
    }
  };
  /** Runs `schedule`; the run when it is new and within the bound, else null. */
  const visit = (schedule: readonly ScheduleSlice[]): { run: ExploredRun; order: RunOrder } | null => {
    const r = run(schedule);
    state.runs++;
    if (r.preemptions > bound) return null;
    const key = slicesKey(r.schedule, r.schedule.length);
    if (seen.has(key)) return null;
    seen.add(key);
    keep(r);
    const order = runOrder(r.points, cpus, bound, r.dataCoherent ?? false, r.decidedAt, r.code);
    classes.add(order.fingerprint);
    if (progress !== undefined && state.runs % PROGRESS_EVERY === 0) {
      progress({ schedules: seen.size, classes: classes.size, runs: state.runs });
    }
    return { run: r, order };
  };
  let complete = true;
  try {
    if (reduce) reduced(visit, cpus, state, between);
    else everyOrder(visit, cpus, bound);
  } catch (error) {
    if (!stops(error)) throw error;
    complete = false;
  }
  return { schedules: seen.size, classes: classes.size, runs: state.runs, outcomes, complete };
}

export interface ExploreOptions {
  /** Dynamic partial-order reduction; without it, every order of the scheduling points. */
  readonly reduce?: boolean;
  /** Whether an error the runner throws means "stop here, keep what was found" rather than a bug. */
  readonly stops?: (error: unknown) => boolean;
  /** Told every `PROGRESS_EVERY` runs how far it got. */
  readonly progress?: ((p: ExploreProgress) => void) | undefined;
  /** Where to go on from (reduced exploration): it is left where the exploration stopped. */
  readonly state?: ExploreState | undefined;
  /** Called between two requests of a reduced exploration, where `state` is whole: a moment to save it. */
  readonly between?: (() => void) | undefined;
}

/** How far an exploration got, for a status line. */
export interface ExploreProgress {
  readonly schedules: number;
  readonly classes: number;
  readonly runs: number;
}

const PROGRESS_EVERY = 64;

type Visit = (schedule: readonly ScheduleSlice[]) => { run: ExploredRun; order: RunOrder } | null;

/** Every order of the scheduling points within the bound: deviations in increasing order, depth first. */
function everyOrder(visit: Visit, cpus: number, bound: number): void {
  const stack: { readonly run: ExploredRun; readonly after: number }[] = [];
  const push = (schedule: readonly ScheduleSlice[], after: number): void => {
    const v = visit(schedule);
    if (v !== null) stack.push({ run: v.run, after });
  };
  // The first CPU is a free choice.
  for (let first = 0; first < cpus; first++) push(roundRobin(first, cpus), 0);
  while (stack.length > 0) {
    const { run: parent, after } = stack.pop() as { run: ExploredRun; after: number };
    // At the bound only free switches are left: after an operation its CPU could not run on from.
    const full = parent.preemptions >= bound;
    let previous = -1;
    for (const point of parent.points) {
      if (point.at <= after || point.at === previous || (full && !point.blocks)) continue;
      previous = point.at;
      const prefix = prefixOf(parent.schedule, point.at);
      for (let c = 0; c < cpus; c++) {
        // A CPU that could not run there, or the one the run went on with anyway, makes no new schedule.
        if (c === point.cpu || c === point.next || (point.eligible & cpuBit(c)) === 0) continue;
        push([...prefix, ...roundRobin(c, cpus)], point.at);
      }
    }
  }
}

/**
 * Dynamic partial-order reduction: from one run, only the schedules that reverse one of its races, each
 * asked for once, depth first. A reversal found in a later run may lie in a prefix it shares with an earlier
 * one: it is asked for there all the same, which is what backtracking to that state means here.
 */
function reduced(visit: Visit, cpus: number, state: ExploreState, between?: () => void): void {
  const { pending, asked } = state;
  for (;;) {
    between?.();
    const request = pending.pop();
    if (request === undefined) return;
    let v: ReturnType<Visit>;
    try {
      v = visit([...request.prefix, ...roundRobin(request.cpu, cpus)]);
    } catch (error) {
      // Stopped before it ran: it is still to run.
      pending.push(request);
      throw error;
    }
    if (v === null) continue;
    // Past its deviation a run is round robin: each CPU it turned to there is that request, run already.
    const schedule = v.run.schedule;
    let executed = 0;
    const h = new SlicesHash();
    for (const [cpu, steps] of schedule) {
      if (executed >= request.from && executed > 0) asked.add(h.key(cpu));
      h.add(cpu, steps);
      executed += steps;
    }
    for (const { cut, cpu } of v.order.reversals) {
      const prefix = prefixOf(schedule, cut);
      // Switching to the CPU that was running is letting it run on: the same request without its last slice.
      while (prefix.length > 0 && prefix[prefix.length - 1]?.[0] === cpu) prefix.pop();
      const key = slicesKey(prefix, prefix.length, cpu);
      if (asked.has(key)) continue;
      asked.add(key);
      pending.push({ prefix, cpu, from: executedBy(prefix) });
    }
  }
}

/**
 * A 64-bit hash of schedule slices, in hex with the CPU turned to after them (-1 for none): the key of a
 * schedule or a request, short in memory and on disk. Two FNV-style lanes with different multipliers.
 */
class SlicesHash {
  private a = 0x811c9dc5;
  private b = 0x9747b28c;

  add(cpu: number, steps: number): void {
    this.a = lane(lane(this.a, cpu, 0x01000193), steps, 0x01000193);
    this.b = lane(lane(this.b, cpu, 0x5bd1e995), steps, 0x5bd1e995);
  }

  key(then: number): string {
    const a = lane(this.a, then, 0x01000193) >>> 0;
    const b = lane(this.b, then, 0x5bd1e995) >>> 0;
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }
}

function lane(h: number, v: number, multiplier: number): number {
  const x = Math.imul(h ^ v, multiplier);
  return x ^ (x >>> 15);
}

/** The key of the first `end` slices, then `then`. */
function slicesKey(slices: readonly ScheduleSlice[], end: number, then = -1): string {
  const h = new SlicesHash();
  for (let i = 0; i < end; i++) {
    const [cpu, steps] = slices[i] as ScheduleSlice;
    h.add(cpu, steps);
  }
  return h.key(then);
}

/** Instructions a schedule's slices run. */
function executedBy(slices: readonly ScheduleSlice[]): number {
  let n = 0;
  for (const [, steps] of slices) n += steps;
  return n;
}

/** One strategy's exploration of one scenario, as `kexfuzz explore` reports it. */
export interface ScenarioExploration extends ExplorationCounts {
  /** Where it stands: what an unfinished one still has to run, for `explore --state`. */
  readonly state: ExploreState;
  /** Per outcome kind reached: a schedule that reaches it with the fewest preemptions found. */
  readonly outcomes: readonly {
    readonly kind: OutcomeKind;
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
  options: {
    /** A `performance.now()` time to stop at, leaving the rest in `state`. */
    readonly deadline?: number | undefined;
    readonly progress?: ((p: ExploreProgress) => void) | undefined;
    /** Where an earlier, unfinished exploration of the same scenario, strategy and bound stopped. */
    readonly state?: ExploreState | undefined;
    readonly between?: (() => void) | undefined;
  } = {},
): ScenarioExploration {
  const { deadline, progress, state = startingState(), between } = options;
  const started = performance.now();
  const before = state.ms;
  // The time so far is in the state whenever it is whole, so a state saved then counts it.
  const spent = (): void => {
    state.ms = before + Math.round(performance.now() - started);
  };
  // Each run is read before the next starts: one machine, reset, serves them all.
  const pool = new MachinePool();
  const recorder = new RunRecorder(1 << 20, true);
  const explored = exploreSchedules(
    (schedule) => {
      if (deadline !== undefined && performance.now() > deadline) throw new OutOfTime();
      const r = runRecorded(onSchedule(s, schedule), strategy, true, pool, recorder);
      return {
        outcome: r.outcome.kind,
        schedule: r.machine?.scheduler.recordedSchedule() ?? [],
        preemptions: r.machine?.scheduler.preemptions ?? 0,
        points: pointsOf(r.recorder),
        dataCoherent: r.recorder.dataCoherent,
        decidedAt: decidedAt(r.outcome, r.recorder),
        // The pooled machine's memory is reset by the next run, after this one's races are read.
        code: r.machine === null ? undefined : (word: number) => r.machine?.memory.wasExecuted(word) ?? true,
      };
    },
    s.cores * s.threadsPerCore,
    bound,
    {
      reduce: true,
      stops: (error) => error instanceof OutOfTime,
      progress,
      state,
      between: () => {
        spent();
        between?.();
      },
    },
  );
  spent();
  return {
    strategy: strategy.name,
    schedules: explored.schedules,
    classes: explored.classes,
    runs: explored.runs,
    ms: state.ms,
    complete: explored.complete,
    // The runner above named each run by its outcome kind.
    outcomes: [...explored.outcomes].map(([kind, r]) => ({
      kind: kind as OutcomeKind,
      preemptions: r.preemptions,
      schedule: r.schedule,
    })),
    state,
  };
}

/**
 * The executed-instruction count of the anomaly that decides `outcome`, or undefined when the end of the
 * run decides it: a hang, a boot, or a lost CPU (which damage found at the end outranks).
 */
function decidedAt(outcome: Outcome, recorder: RunRecorder): number | undefined {
  if (outcome.step === null || outcome.kind === 'cpu-lost' || outcome.kind === 'hang' || outcome.kind === 'ok') {
    return undefined;
  }
  return executedAt(recorder, outcome.step);
}

/** Thrown by a runner whose time is up: the enumerator stops and keeps what it has. */
class OutOfTime extends Error {}
