/**
 * What the trace leaves out: which CPU ran when (each scheduler burst, with the pc it started and ended at and
 * whether it parked) and every change of a CPU's interrupt enable, for the timeline page; with `keepVisible`
 * also every visible operation, for exploration. Attached only when someone asks: the machine looks at it
 * once per burst and on the instructions it logs, and never reads it back, so a recorded run takes the same
 * schedule as any other.
 */

/** Ints per burst: [cpu | parked after << 8, first step, step after, pc at start, pc at end]. */
export const BURST_INTS = 5;
/** Ints per IE change: [step, cpu, new value]. */
export const IE_INTS = 3;
/** Ints per visible operation: [step, cpu | access << 8, address]. */
export const VISIBLE_INTS = 3;
/** What a visible operation does: reads a word, writes one, or acts on the machine (cache, IPI, power). */
export const access = { READ: 0, WRITE: 1, GLOBAL: 2 } as const;

/** `buffer`, or a copy twice its size, with room for one more record of `width` ints after `used` records. */
function room(buffer: Int32Array, used: number, width: number): Int32Array {
  if ((used + 1) * width <= buffer.length) return buffer;
  const next = new Int32Array(buffer.length * 2);
  next.set(buffer);
  return next;
}

export class RunRecorder {
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
    this.truncated = false;
  }

  /** Notes a visible operation of `cpu` at `step` (kept only with `keepVisible`); `kind` is one of `access`. */
  visibleOp(step: number, cpu: number, kind: number, address: number): void {
    if (!this.keepVisible) return;
    this.visible = room(this.visible, this.visibleCount, VISIBLE_INTS);
    const i = this.visibleCount * VISIBLE_INTS;
    this.visible[i] = step;
    this.visible[i + 1] = cpu | (kind << 8);
    this.visible[i + 2] = address;
    this.visibleCount++;
  }

  burst(cpu: number, start: number, end: number, startPc: number, endPc: number, parked: number): void {
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
