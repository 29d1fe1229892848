/**
 * The scheduling points of one recorded run, for bounded-exhaustive exploration (fuzz/explore.ts): the
 * moments just after a visible operation (a load, store, fill or write-back of a line, an IPI, a start, a
 * halt: what the recorder logs), with who could run there and what the schedule had spent in preemptions.
 */

import { access, BURST_INTS, type RunRecorder, UNCACHED_ACCESS, VISIBLE_INTS } from '../machine/recorder.js';

export interface SchedulingPoint {
  readonly at: number;
  readonly cpu: number;
  /** One of the recorder's `access` kinds, and the word (line for LINE_*) it reads or writes. */
  readonly access: number;
  readonly address: number;
  /** The line the access falls in, whatever its kind. */
  readonly line: number;
  /** The word a load read or a store wrote, and the instruction's address (-1 for the rest). */
  readonly value: number;
  readonly pc: number;
  /** A load or store of an uncached address: past the caches, straight to memory. */
  readonly uncached: boolean;
  /** The CPU could not run on after it: a switch here is free. */
  readonly blocks: boolean;
  /** The CPUs that could run just after it (bit c; bit 31 stands for every CPU from 31 on). */
  readonly eligible: number;
  /** Where a CPU gave way: the CPU the run went on with, which a switch need not try again; else -1. */
  readonly next: number;
  /** Executed-instruction count where its CPU's turn began (bursts of one CPU in a row are one turn), and who
   * could run when that CPU was chosen. */
  readonly start: number;
  readonly startEligible: number;
  /** Who could run just before the instruction. */
  readonly before: number;
  /** Preemptions the schedule made up to and including the switch that began the burst. */
  readonly preempted: number;
  /**
   * A read of a poll loop that found nothing new: its CPU read on, wrote nothing, and parked to wait for
   * a change. Another CPU's write placed before it only ends the loop sooner, as waking it after does.
   */
  pollOnly: boolean;
}

/** The address of the point where a CPU gave way with no visible operation: not an access of anything. */
export const GIVES_WAY = -1;

/** Bit of `cpu` in an eligibility mask. */
export function cpuBit(cpu: number): number {
  return 1 << Math.min(cpu, 31);
}

/**
 * The scheduling points of a recorded run: the recorder's visible operations, with their global steps
 * turned into executed-instruction counts (a burst runs one instruction a step; time that passes with
 * nobody running is not in the schedule).
 */
export function pointsOf(r: RunRecorder): SchedulingPoint[] {
  const out: SchedulingPoint[] = [];
  let turnFirst = 0;
  let executed = 0;
  let v = 0;
  const word = (b: number, k: number): number => r.bursts[b * BURST_INTS + k] ?? 0;
  let preempted = 0;
  let turn = { start: 0, startEligible: 0, preempted: 0 };
  for (let b = 0; b < r.burstCount; b++) {
    const cpu = word(b, 0) & 0xff;
    const previous = b > 0 ? word(b - 1, 0) & 0xff : -1;
    // The scheduler's own count: a switch away from a CPU that could still run.
    if (previous >= 0 && previous !== cpu && (word(b, 5) & cpuBit(previous)) !== 0) preempted++;
    // A CPU's turn runs on across bursts broken by an IPI or a wake-up: it began where another CPU last ran.
    if (previous !== cpu) {
      turn = { start: executed, startEligible: word(b, 5), preempted };
      turnFirst = out.length;
    }
    const burst = turn;
    const start = word(b, 1);
    const end = word(b, 2);
    const more = b + 1 < r.burstCount;
    const nextCpu = more ? word(b + 1, 0) & 0xff : -1;
    // Who could run at a point: at the burst's end, whoever could at the next pick; inside it, whoever could
    // when it began, and after a start or reset by this CPU also whoever could at the next pick.
    const after = more ? word(b + 1, 5) : 0;
    const began = word(b, 5);
    let globalStep = -1;
    while (v < r.visibleCount) {
      const step = r.visible[v * VISIBLE_INTS] ?? 0;
      if (step >= end) break;
      const raw = (r.visible[v * VISIBLE_INTS + 1] ?? -1) >> 8;
      const kind = raw & ~UNCACHED_ACCESS;
      const address = r.visible[v * VISIBLE_INTS + 2] ?? 0;
      const value = r.visible[v * VISIBLE_INTS + 3] ?? 0;
      const pc = r.visible[v * VISIBLE_INTS + 4] ?? -1;
      if (((r.visible[v * VISIBLE_INTS + 1] ?? -1) & 0xff) === cpu && step >= start) {
        const atEnd = step === end - 1;
        if (kind === access.START && globalStep < 0) globalStep = step;
        const eligible = atEnd ? after : globalStep >= 0 ? began | after : began;
        out.push({
          at: executed + (step - start) + 1,
          cpu,
          access: kind,
          address,
          line:
            kind === access.LINE_READ || kind === access.LINE_WRITE
              ? address
              : kind === access.READ || kind === access.WRITE || kind === access.UPDATE
                ? address >> r.lineShift
                : -1,
          value,
          pc,
          uncached: (raw & UNCACHED_ACCESS) !== 0,
          blocks: (eligible & cpuBit(cpu)) === 0,
          eligible,
          next: atEnd && nextCpu !== cpu ? nextCpu : -1,
          before: globalStep >= 0 && globalStep < step ? began | after : began,
          ...burst,
          pollOnly: false,
        });
      }
      v++;
    }
    executed += end - start;
    // A turn that ends parked: its last reads, after its last write, were a poll that found nothing new.
    if (nextCpu !== cpu && word(b, 0) >> 8 !== 0) {
      for (let i = out.length - 1; i >= turnFirst; i--) {
        const p = out[i] as SchedulingPoint;
        if (p.access !== access.READ && p.access !== access.LINE_READ) break;
        p.pollOnly = true;
      }
    }
    // Where a CPU stops being able to run (a wait, a parked poll loop, a halt), who runs next is a free
    // choice: a point even when no visible operation ended the burst.
    if (nextCpu !== cpu && end > start && out.at(-1)?.at !== executed) {
      out.push({
        at: executed,
        cpu,
        access: access.GLOBAL,
        address: GIVES_WAY,
        line: -1,
        value: 0,
        pc: -1,
        uncached: false,
        blocks: (after & cpuBit(cpu)) === 0,
        eligible: after,
        next: nextCpu,
        before: globalStep >= 0 ? began | after : began,
        ...burst,
        pollOnly: false,
      });
    }
  }
  return out;
}

/** Instructions executed up to and including the one at global step `step` (time nobody ran is not counted). */
export function executedAt(r: RunRecorder, step: number): number {
  let executed = 0;
  for (let b = 0; b < r.burstCount; b++) {
    const start = r.bursts[b * BURST_INTS + 1] ?? 0;
    const end = r.bursts[b * BURST_INTS + 2] ?? 0;
    if (step < start) return executed;
    if (step < end) return executed + (step - start) + 1;
    executed += end - start;
  }
  return executed;
}
