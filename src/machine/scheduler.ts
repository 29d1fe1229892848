/**
 * Who runs next, and for how long. Every policy is seeded and deterministic:
 * - weighted: pick a CPU with probability proportional to its speed, run it for 1..quantum steps;
 * - pct: PCT-style priorities with d-1 change points (Burckhardt et al.), highest priority runs;
 *   a `pause` (cpu_relax) sends the CPU to the back (below every priority so far), so spin loops,
 *   even several of them, cannot starve the CPUs they wait for;
 * - replay: an explicit recorded schedule of (cpu, steps) segments, then weighted once it runs out.
 * Stalls freeze a CPU for a window of global steps. Every decision is recorded as segments, so any
 * run can be replayed exactly and the minimizer can edit its schedule.
 */

import { Prng } from './prng.js';

/**
 * How the scheduler picks the next CPU. `weighted`: random, weighted by CPU speed, in bursts of up to `quantum`
 * steps. `pct`: PCT-style priorities with `pctDepth` change points within `pctHorizon` steps. `replay`: the
 * recorded `schedule`, for replay and minimization.
 */
export const schedulePolicies = ['weighted', 'pct', 'replay'] as const;
export type SchedulePolicy = (typeof schedulePolicies)[number];

/** A CPU that executes nothing for a while (a long stall, an SMI-like pause, a slow memory access). */
export interface Stall {
  /** The CPU, numbered core-major. */
  readonly cpu: number;
  /** Step at which the stall begins: 0 to 50 000 000. */
  readonly from: number;
  /** Length of the stall in steps, 1 to 10 000 000. */
  readonly steps: number;
}

/** One slice of a recorded schedule: `[cpu, steps]` runs that CPU for that many steps (1 to 50 000 000). */
export type ScheduleSlice = readonly [cpu: number, steps: number];

/** The scheduler's settings, as a scenario's `timing` gives them (limits and defaults are the scenario's). */
export interface ScheduleConfig {
  /** Seed of the one PRNG behind scheduling, IPI latencies and stalls: an integer 0 to 4294967295. Default 1. */
  readonly seed: number;
  /** Scheduling policy. Default `"weighted"`. */
  readonly policy: SchedulePolicy;
  /** Relative speed of each CPU, 1 to 16; one entry per CPU. Default 4 for every CPU. */
  readonly speeds: readonly number[];
  /** Longest burst, in steps, the weighted policy gives one CPU: 1 to 4096. Default 32. */
  readonly quantum: number;
  /** PCT bug depth (number of priority change points): 1 to 16. Default 3. */
  readonly pctDepth: number;
  /** Steps over which PCT spreads its change points: 1 to 10 000 000. Default 200 000. */
  readonly pctHorizon: number;
  /** Stalls to inject. Default none. */
  readonly stalls: readonly Stall[];
  /** The recorded schedule: required (non-empty) with policy `"replay"`, and must be empty otherwise. */
  readonly schedule: readonly ScheduleSlice[];
}

/** PCT runs the chosen CPU at most this long before asking again. */
const PCT_MAX_BURST = 1024;
/**
 * The weighted policy's burst when only one CPU can run: there is no interleaving to choose, so no draw.
 * The machine still ends the burst early when another CPU may become able to run (an IPI delivered, a
 * parked CPU's watched line touched, a stall or a deadline ending).
 */
const LONE_BURST = 1024;
/**
 * The longest a CPU that can run waits before it runs, whatever the policy: real CPUs run in parallel, and
 * what delays one (a cache-miss storm, an interrupt) lasts microseconds. Longer delays are a scenario's
 * `stalls`. PCT keeps its priorities and change points inside this bound (delay-bounded scheduling).
 */
export const MAX_DELAY = 2000;
/** How long a CPU that waited `MAX_DELAY` runs before the policy chooses again. */
const CATCH_UP_BURST = 64;
/** A step no run reaches: no stall end, no IPI due. */
export const NEVER = 0x7fffffff;

export class Scheduler {
  readonly cpus: number;
  /** Burst length chosen by the last `pick`. */
  burst = 1;
  private config: ScheduleConfig;
  private rng: Prng;
  private readonly speeds: Int32Array;
  private readonly priority: Int32Array;
  private changePoints: Int32Array = new Int32Array(0);
  private changeIndex = 0;
  private lastRun = -1;
  /** Priority given to the next CPU that yields: below everything before it. */
  private yieldFloor = -1;
  private replayIndex = 0;
  /** Steps of the current replay segment not yet run, and its CPU: a burst may end before its segment does. */
  private replayLeft = 0;
  private replayCpu = -1;
  /** Stall windows as flat arrays, and which CPUs may run at the step being picked for. */
  private stallCpu = new Int32Array(0);
  private stallFrom = new Int32Array(0);
  private stallEnd = new Int32Array(0);
  private readonly elig: Uint8Array;
  /** Per CPU: whether it could run at the last pick, and the step since which it could run and did not. */
  private readonly wasEligible: Uint8Array;
  private readonly waitingSince: Int32Array;
  // recording, as pairs [cpu, steps]
  private recorded = new Int32Array(1024);
  private recordedPairs = 0;
  /** Switches away from a CPU that could have run on: the preemptions a run's schedule made (CHESS's count). */
  preemptions = 0;

  constructor(cpus: number, config: ScheduleConfig) {
    this.cpus = cpus;
    this.speeds = new Int32Array(cpus);
    this.priority = new Int32Array(cpus);
    this.elig = new Uint8Array(cpus);
    this.wasEligible = new Uint8Array(cpus);
    this.waitingSince = new Int32Array(cpus);
    this.config = config;
    this.rng = Prng.from(config.seed, 0);
    this.reset(config);
  }

  reset(config: ScheduleConfig): void {
    this.config = config;
    this.rng = Prng.from(config.seed, 0);
    for (let c = 0; c < this.cpus; c++) this.speeds[c] = Math.max(1, config.speeds[c] ?? 1);
    this.changeIndex = 0;
    this.lastRun = -1;
    this.yieldFloor = -1;
    this.replayIndex = 0;
    this.replayLeft = 0;
    this.replayCpu = -1;
    this.recordedPairs = 0;
    this.preemptions = 0;
    this.wasEligible.fill(0);
    this.waitingSince.fill(0);
    this.stallCpu = Int32Array.from(config.stalls, (s) => s.cpu);
    this.stallFrom = Int32Array.from(config.stalls, (s) => s.from);
    this.stallEnd = Int32Array.from(config.stalls, (s) => Math.min(s.from + s.steps, NEVER));
    if (config.policy === 'pct') this.initPct();
  }

  private initPct(): void {
    const { pctDepth, pctHorizon } = this.config;
    // A random permutation of priorities pctDepth .. pctDepth+cpus-1; change points lower to < pctDepth.
    const order = Array.from({ length: this.cpus }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.rng.below(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let i = 0; i < this.cpus; i++) this.priority[order[i]!] = pctDepth + i;
    const points = Array.from({ length: Math.max(0, pctDepth - 1) }, () => 1 + this.rng.below(pctHorizon));
    points.sort((a, b) => a - b);
    this.changePoints = Int32Array.from(points);
  }

  /** Whether `cpu` is frozen by a stall at `step`. */
  stalledAt(cpu: number, step: number): boolean {
    for (let i = 0; i < this.stallCpu.length; i++) {
      if (this.stallCpu[i] === cpu && step >= this.stallFrom[i]! && step < this.stallEnd[i]!) return true;
    }
    return false;
  }

  /** The earliest step after `step` at which a stall of a runnable CPU ends, or NEVER. */
  nextStallEnd(runnable: Uint8Array, step: number): number {
    let next = NEVER;
    for (let i = 0; i < this.stallCpu.length; i++) {
      const end = this.stallEnd[i]!;
      if (runnable[this.stallCpu[i]!] === 1 && step >= this.stallFrom[i]! && end > step && end < next) next = end;
    }
    return next;
  }

  private stallStartAfter(cpu: number, step: number): number {
    let next = NEVER;
    for (let i = 0; i < this.stallCpu.length; i++) {
      const from = this.stallFrom[i]!;
      if (this.stallCpu[i] === cpu && from > step && from < next) next = from;
    }
    return next;
  }

  /** Fills `elig` for this pick: runnable and not stalled. */
  private markEligible(runnable: Uint8Array, step: number): void {
    const stalls = this.stallCpu.length > 0;
    for (let c = 0; c < this.cpus; c++) {
      const e = runnable[c] === 1 && !(stalls && this.stalledAt(c, step)) ? 1 : 0;
      if (e === 1 && this.wasEligible[c] === 0) this.waitingSince[c] = step;
      this.wasEligible[c] = e;
      this.elig[c] = e;
    }
  }

  /** The CPU that could run and has waited longest, if that is longer than `MAX_DELAY`; else -1. */
  private overdue(step: number): number {
    let best = -1;
    for (let c = 0; c < this.cpus; c++) {
      if (this.elig[c] !== 1 || step - this.waitingSince[c]! <= MAX_DELAY) continue;
      if (best < 0 || this.waitingSince[c]! < this.waitingSince[best]!) best = c;
    }
    return best;
  }

  private eligible(cpu: number): boolean {
    return this.elig[cpu] === 1;
  }

  /** Chooses the CPU for the next segment, or -1 if none may run now; sets `burst`. */
  pick(runnable: Uint8Array, step: number): number {
    this.markEligible(runnable, step);
    const cpu = this.choose(step);
    if (cpu >= 0) {
      const stall = this.stallStartAfter(cpu, step);
      if (stall !== NEVER && step + this.burst > stall) this.burst = Math.max(1, stall - step);
      if (this.lastRun >= 0 && cpu !== this.lastRun && this.elig[this.lastRun] === 1) this.preemptions++;
      this.lastRun = cpu;
      this.waitingSince[cpu] = step + this.burst;
    }
    return cpu;
  }

  private choose(step: number): number {
    if (this.config.policy === 'replay') return this.pickReplay();
    // The live policies never keep a CPU that can run waiting too long; a recorded schedule ran as it ran.
    const late = this.overdue(step);
    if (late >= 0) {
      this.burst = CATCH_UP_BURST;
      return late;
    }
    return this.config.policy === 'pct' ? this.pickPct(step) : this.pickWeighted();
  }

  private pickWeighted(): number {
    let total = 0;
    let count = 0;
    let only = -1;
    for (let c = 0; c < this.cpus; c++) {
      if (!this.eligible(c)) continue;
      total += this.speeds[c]!;
      count++;
      only = c;
    }
    if (total === 0) return -1;
    if (count === 1) {
      this.burst = LONE_BURST;
      return only;
    }
    let r = this.rng.below(total);
    this.burst = 1 + this.rng.below(this.config.quantum);
    for (let c = 0; c < this.cpus; c++) {
      if (!this.eligible(c)) continue;
      r -= this.speeds[c]!;
      if (r < 0) return c;
    }
    return -1;
  }

  private pickPct(step: number): number {
    const points = this.changePoints;
    while (this.changeIndex < points.length && step >= points[this.changeIndex]!) {
      if (this.lastRun >= 0) this.priority[this.lastRun] = this.config.pctDepth - 1 - this.changeIndex;
      this.changeIndex++;
    }
    let best = -1;
    for (let c = 0; c < this.cpus; c++) {
      if (!this.eligible(c)) continue;
      if (best < 0 || this.priority[c]! > this.priority[best]!) best = c;
    }
    const nextPoint = this.changeIndex < points.length ? points[this.changeIndex]! : NEVER;
    this.burst = Math.max(1, Math.min(PCT_MAX_BURST, nextPoint - step));
    return best;
  }

  private pickReplay(): number {
    const segments = this.config.schedule;
    if (this.replayLeft > 0) {
      if (this.eligible(this.replayCpu)) {
        this.burst = this.replayLeft;
        return this.replayCpu;
      }
      // Recorded runs of one CPU merge across idle time: while nobody can run, nobody ran.
      if (!this.anyEligible()) return -1;
      this.replayLeft = 0;
    }
    // Nor does a segment start while nobody can run: its CPU would be skipped for not being awake yet.
    if (!this.anyEligible()) return -1;
    while (this.replayIndex < segments.length) {
      const [cpu, steps] = segments[this.replayIndex++]!;
      if (cpu >= 0 && cpu < this.cpus && this.eligible(cpu)) {
        this.replayCpu = cpu;
        this.replayLeft = Math.max(1, steps);
        this.burst = this.replayLeft;
        return cpu;
      }
    }
    return this.pickWeighted();
  }

  /** A CPU executed `pause`: under PCT it goes to the back of the priority order. */
  yieldFrom(cpu: number): boolean {
    if (this.config.policy !== 'pct') return false;
    this.priority[cpu] = this.yieldFloor--;
    return true;
  }

  private anyEligible(): boolean {
    for (let c = 0; c < this.cpus; c++) if (this.elig[c] === 1) return true;
    return false;
  }

  /** The CPUs that could run at the last pick, bit c for CPU c (CPUs from 31 on count as always able). */
  eligibleMask(): number {
    let mask = 0;
    for (let c = 0; c < this.cpus; c++) if (c >= 31 || this.elig[c] === 1) mask |= 1 << Math.min(c, 31);
    return mask;
  }

  /** Appends what actually ran; consecutive segments of one CPU merge. */
  record(cpu: number, steps: number): void {
    if (cpu === this.replayCpu) this.replayLeft = Math.max(0, this.replayLeft - steps);
    if (steps <= 0) return;
    const n = this.recordedPairs;
    if (n > 0 && this.recorded[2 * n - 2] === cpu) {
      this.recorded[2 * n - 1] = this.recorded[2 * n - 1]! + steps;
      return;
    }
    if (2 * n + 2 > this.recorded.length) {
      const next = new Int32Array(this.recorded.length * 2);
      next.set(this.recorded);
      this.recorded = next;
    }
    this.recorded[2 * n] = cpu;
    this.recorded[2 * n + 1] = steps;
    this.recordedPairs = n + 1;
  }

  /** The schedule that ran, as [cpu, steps] segments: feed it back with policy 'replay'. */
  recordedSchedule(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.recordedPairs; i++) out.push([this.recorded[2 * i]!, this.recorded[2 * i + 1]!]);
    return out;
  }

  /** Number of context switches in the recorded schedule. */
  contextSwitches(): number {
    return Math.max(0, this.recordedPairs - 1);
  }
}
