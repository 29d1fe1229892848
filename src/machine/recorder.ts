/**
 * What the trace leaves out: which CPU ran when (each scheduler burst, with the pc it started and ended at and
 * whether it parked) and every change of a CPU's interrupt enable, for the timeline page; with `keepVisible`
 * also every visible operation, for exploration. Attached only when someone asks: the machine looks at it
 * once per burst and on the instructions it logs, and never reads it back, so a recorded run takes the same
 * schedule as any other.
 */

import type { SharedEffects } from './cache.js';

/**
 * Ints per burst: [cpu | parked after << 8, first step, step after, pc at start, pc at end, CPUs that could
 * run when it was chosen (bit c; all bits from CPU 31 on)].
 */
export const BURST_INTS = 6;
/** Ints per IE change: [step, cpu, new value]. */
export const IE_INTS = 3;
/**
 * Ints per visible operation: [step, cpu | access << 8, address, word read or written (0 for the rest), pc of
 * the instruction (-1 where none)].
 */
export const VISIBLE_INTS = 5;
/**
 * What a visible operation does: reads a word, writes one, acts on the machine or another CPU (IPI, power,
 * start, reset), reads or changes a whole line (address = line number) at a level other CPUs share (a fill,
 * a write-back, a line copy, an invalidation of another core's copy), or halts its own CPU. START (a start or
 * reset of another CPU) is a GLOBAL that lets that CPU run at once. UPDATE is an atomic add, or or and whose
 * old value nobody keeps (value = its opcode): two of one kind on one word give the same word in either order.
 */
export const access = {
  READ: 0,
  WRITE: 1,
  GLOBAL: 2,
  LINE_READ: 3,
  LINE_WRITE: 4,
  HALT: 5,
  START: 6,
  UPDATE: 7,
} as const;
/** Added to READ or WRITE: the access went to memory past the caches (an uncached address). */
export const UNCACHED_ACCESS = 8;

/**
 * The value of a LINE_READ or LINE_WRITE record: what kind of line access it was. A fetch from the I-cache is
 * a PLAIN LINE_READ with a pc; a FILL is an instruction fill (with its pc); TO_MEMORY, a line written from the
 * last cache level to memory; DROPPED, a line the last cache level dropped (maybe unwritten).
 */
export const lineValue = { PLAIN: 0, FILL: 1, TO_MEMORY: 2, DROPPED: 3 } as const;

/** `buffer`, or a copy twice its size, with room for one more record of `width` ints after `used` records. */
function room(buffer: Int32Array, used: number, width: number): Int32Array {
  if ((used + 1) * width <= buffer.length) return buffer;
  const next = new Int32Array(buffer.length * 2);
  next.set(buffer);
  return next;
}

export class RunRecorder implements SharedEffects {
  bursts: Int32Array;
  burstCount = 0;
  ieChanges: Int32Array;
  ieCount = 0;
  /**
   * With `keepVisible`, the step and CPU of every instruction another CPU could tell apart in its order: a
   * load, store, atomic or line copy, a cache op, an IPI, a start or reset, a halt or power-down. These are
   * the scheduling points of bounded-exhaustive exploration (fuzz/explore.ts).
   */
  visible: Int32Array = new Int32Array(0);
  visibleCount = 0;
  /** Run state and IE of every CPU when the run started. */
  initialState: readonly number[] = [];
  initialIe: readonly number[] = [];
  /** log2 of the words in a cache line, for the line addresses of LINE_READ and LINE_WRITE. */
  lineShift = 0;
  /**
   * The L1 D-caches are coherent: a cached load or store then depends only on other CPUs' loads and stores of
   * the same word, not on write-backs and fills of its line.
   */
  dataCoherent = false;
  /**
   * Threads share a core's L1: a fetch from the I-cache reads what a sibling thread's fill or invalidation
   * left there, so it is logged as a fill is.
   */
  sharedL1 = false;
  /**
   * Line effects the cache reported for the instruction under way, until its visible operation is logged: per
   * line, its record's kind (LINE_READ or LINE_WRITE) and value (lineValue).
   */
  private effectLines: number[] = [];
  private effectKinds: number[] = [];
  private effectValues: number[] = [];
  /** Bursts past `maxBursts` were not kept. */
  truncated = false;
  private lastIe: number[] = [];
  private readonly maxBursts: number;

  private readonly keepVisible: boolean;

  constructor(maxBursts = 1 << 20, keepVisible = false) {
    this.maxBursts = maxBursts;
    this.keepVisible = keepVisible;
    if (keepVisible) this.visible = new Int32Array(1024 * VISIBLE_INTS);
    this.bursts = new Int32Array(1024 * BURST_INTS);
    this.ieChanges = new Int32Array(256 * IE_INTS);
  }

  /** Takes the machine's per-CPU state as the run's start; call after the world is loaded, before running. */
  begin(state: ArrayLike<number>, ie: ArrayLike<number>): void {
    this.initialState = Array.from(state);
    this.initialIe = Array.from(ie);
    this.lastIe = Array.from(ie);
    this.burstCount = 0;
    this.ieCount = 0;
    this.visibleCount = 0;
    this.effectLines.length = 0;
    this.effectKinds.length = 0;
    this.effectValues.length = 0;
    this.truncated = false;
  }

  /** Whether visible operations are kept: the machine then tells the cache to report its shared effects. */
  get keepsVisible(): boolean {
    return this.keepVisible;
  }

  /** From the cache: a line read from, or changed at, a level others see; logged with the next operation. */
  lineEffect(write: boolean, line: number): void {
    this.effect(line, write ? access.LINE_WRITE : access.LINE_READ, lineValue.PLAIN);
  }

  /** From the cache: a line written from the last cache level to memory; logged with the next operation. */
  memoryWriteback(line: number): void {
    this.effect(line, access.LINE_WRITE, lineValue.TO_MEMORY);
  }

  /** From the cache: a line the last cache level dropped; logged with the next operation. */
  lastLevelDrop(line: number): void {
    this.effect(line, access.LINE_WRITE, lineValue.DROPPED);
  }

  private effect(line: number, kind: number, value: number): void {
    this.effectLines.push(line);
    this.effectKinds.push(kind);
    this.effectValues.push(value);
  }

  /** Notes a visible operation of `cpu` at `step` (kept only with `keepVisible`); `kind` is one of `access`. */
  visibleOp(step: number, cpu: number, kind: number, address: number, value = 0, pc = -1): void {
    if (!this.keepVisible) return;
    this.visible = room(this.visible, this.visibleCount, VISIBLE_INTS);
    const i = this.visibleCount * VISIBLE_INTS;
    this.visible[i] = step;
    this.visible[i + 1] = cpu | (kind << 8);
    this.visible[i + 2] = address;
    this.visible[i + 3] = value;
    this.visible[i + 4] = pc;
    this.visibleCount++;
    if (this.effectLines.length > 0) this.effectsOf(step, cpu);
  }

  /**
   * An instruction fetch at `pc` that left the line the CPU fetched from last, or the first after another CPU
   * changed that line: its fill, or a hit. A hit is logged too (PLAIN), for the oracle compares every fetched
   * word with memory (a stale fetch): another CPU's store to the line's code is ordered against it. On a core
   * of several threads a hit reads what a sibling's fill or invalidation left: it is logged as a FILL.
   */
  fetched(step: number, cpu: number, line: number, pc: number): void {
    if (this.effectLines.length > 0) this.effectsOf(step, cpu, line, pc);
    else this.visibleOp(step, cpu, access.LINE_READ, line, this.sharedL1 ? lineValue.FILL : lineValue.PLAIN, pc);
  }

  /**
   * Logs the line effects reported since the last operation as `cpu`'s at `step`, each a LINE_READ or a
   * LINE_WRITE whose value says more (lineValue). The read of `fetchedLine` is an instruction fill and carries
   * the fetch's `pc`.
   */
  effectsOf(step: number, cpu: number, fetchedLine = -1, pc = -1): void {
    const lines = this.effectLines;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k]!;
      const kind = this.effectKinds[k]!;
      const fill = kind === access.LINE_READ && line === fetchedLine;
      this.visible = room(this.visible, this.visibleCount, VISIBLE_INTS);
      const i = this.visibleCount * VISIBLE_INTS;
      this.visible[i] = step;
      this.visible[i + 1] = cpu | (kind << 8);
      this.visible[i + 2] = line;
      this.visible[i + 3] = fill ? lineValue.FILL : this.effectValues[k]!;
      this.visible[i + 4] = fill ? pc : -1;
      this.visibleCount++;
    }
    lines.length = 0;
    this.effectKinds.length = 0;
    this.effectValues.length = 0;
  }

  burst(
    cpu: number,
    start: number,
    end: number,
    startPc: number,
    endPc: number,
    parked: number,
    eligible: number,
  ): void {
    if (this.burstCount >= this.maxBursts) {
      this.truncated = true;
      return;
    }
    this.bursts = room(this.bursts, this.burstCount, BURST_INTS);
    const i = this.burstCount * BURST_INTS;
    const b = this.bursts;
    b[i] = cpu | (parked << 8);
    b[i + 1] = start;
    b[i + 2] = end;
    b[i + 3] = startPc;
    b[i + 4] = endPc;
    b[i + 5] = eligible;
    this.burstCount++;
  }

  /** Notes IE of `cpu` as it is now; only changes are kept. */
  interruptEnable(step: number, cpu: number, value: number): void {
    if (this.lastIe[cpu] === value) return;
    this.lastIe[cpu] = value;
    this.ieChanges = room(this.ieChanges, this.ieCount, IE_INTS);
    const i = this.ieCount * IE_INTS;
    this.ieChanges[i] = step;
    this.ieChanges[i + 1] = cpu;
    this.ieChanges[i + 2] = value;
    this.ieCount++;
  }
}
