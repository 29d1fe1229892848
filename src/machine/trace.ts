/**
 * The machine's event log: five int32 per event in a growable Int32Array, appended in the hot loop
 * without allocation, decoded into a `TraceEvent` union only when someone reads it.
 *
 *   [step, kind | cpu << 8 | extra << 16, a, b, c]
 *
 * `extra` is one more byte for the events that need it (`withExtra`): a stale fetch's tag.
 */

import { cacheOpNames } from './isa.js';

export const ev = {
  IPI_SENT: 1, // a = target, b = step it is due
  IPI_TAKEN: 2, // a = epc
  IPI_DROPPED: 3, // cpu = target, a = its run state
  CACHE_OP: 4, // a = cache op, b = effective address
  MARK: 5, // a = mark id, b = argument register value
  FAULT: 6, // a = fault cause, b = pc, c = word or address
  STATE: 7, // a = new run state, b = cpu that caused it, c = pc
  OVERWRITE_EXEC: 8, // cpu = writer, a = physical address, b = new provenance tag, c = old tag
  EXEC_TAG: 9, // a = pc, b = previous provenance tag, c = new tag
  STALE_FETCH: 10, // a = pc, b = word executed, c = word last written there, extra = its tag
  EXIT: 11, // a = exit code
  START_IGNORED: 12, // a = target cpu that was already running
  STRAY_INTERRUPT: 13, // cpu = the CPU it arrives at; nobody sent it
} as const;

/** The kind argument of `Trace.push` for an event that carries one more byte (0–255). */
export function withExtra(kind: number, extra: number): number {
  return kind | ((extra & 0xff) << 16);
}

/** Trace op code used for `synci` in cache-op events (not a `cache` instruction operand). */
export const SYNCI_TRACE_OP = 15;

/** A cache-op event's op as text: the `cache` operand's name, or `synci`. */
export function cacheOpName(op: number): string {
  return op === SYNCI_TRACE_OP ? 'synci' : (cacheOpNames[op] ?? `op ${op}`);
}

export const faultCause = {
  ILLEGAL_INSTRUCTION: 1,
  BUS_ERROR_FETCH: 2,
  BUS_ERROR_DATA: 3,
  BREAK: 4,
  BAD_CPU: 5, // an IPI, start or reset named a CPU that does not exist
} as const;

export type FaultCauseName = 'illegal-instruction' | 'bus-error-fetch' | 'bus-error-data' | 'break' | 'bad-cpu';
const faultCauseNames: Readonly<Record<number, FaultCauseName>> = {
  1: 'illegal-instruction',
  2: 'bus-error-fetch',
  3: 'bus-error-data',
  4: 'break',
  5: 'bad-cpu',
};

/** Run states of a CPU, stored as small ints in the machine's state array. */
export const runState = {
  RUNNING: 0,
  WAITING: 1, // executed `wait`, resumes on an interrupt
  HALTED: 2, // powered but stopped (TCHalt, VP_STOP, reset hold)
  POWERED_DOWN: 3, // its core is power-gated
  FAULTED: 4, // stopped by a fault
} as const;
export type RunStateName = 'running' | 'waiting' | 'halted' | 'powered-down' | 'faulted';
export const runStateNames: readonly RunStateName[] = ['running', 'waiting', 'halted', 'powered-down', 'faulted'];

export type StaleSource = 'icache' | 'uncached';

export type TraceEvent =
  | {
      readonly kind: 'ipi-sent';
      readonly step: number;
      readonly cpu: number;
      readonly target: number;
      readonly due: number;
    }
  | { readonly kind: 'ipi-taken'; readonly step: number; readonly cpu: number; readonly epc: number }
  /** A software interrupt nobody sent (a scenario fault): it arrives as an IPI would. */
  | { readonly kind: 'stray-interrupt'; readonly step: number; readonly cpu: number }
  | { readonly kind: 'ipi-dropped'; readonly step: number; readonly cpu: number; readonly state: RunStateName }
  | {
      readonly kind: 'cache-op';
      readonly step: number;
      readonly cpu: number;
      readonly op: number;
      readonly address: number;
    }
  | { readonly kind: 'mark'; readonly step: number; readonly cpu: number; readonly mark: number; readonly arg: number }
  | {
      readonly kind: 'fault';
      readonly step: number;
      readonly cpu: number;
      readonly cause: FaultCauseName;
      readonly pc: number;
      readonly detail: number;
    }
  | {
      readonly kind: 'state';
      readonly step: number;
      readonly cpu: number;
      readonly state: RunStateName;
      readonly by: number;
      readonly pc: number;
    }
  | {
      readonly kind: 'overwrite-exec';
      readonly step: number;
      readonly cpu: number;
      readonly address: number;
      readonly newTag: number;
      readonly oldTag: number;
    }
  | {
      readonly kind: 'exec-tag';
      readonly step: number;
      readonly cpu: number;
      readonly pc: number;
      readonly fromTag: number;
      readonly toTag: number;
    }
  | {
      readonly kind: 'stale-fetch';
      readonly step: number;
      readonly cpu: number;
      readonly pc: number;
      readonly executed: number;
      readonly latest: number;
      /** The provenance tag of `latest` when it was fetched stale: who had written the word. */
      readonly latestTag: number;
    }
  | { readonly kind: 'exit'; readonly step: number; readonly cpu: number; readonly code: number }
  | { readonly kind: 'start-ignored'; readonly step: number; readonly cpu: number; readonly target: number };

export type TraceEventKind = TraceEvent['kind'];

export const EVENT_INTS = 5;

/** Growable event buffer. `push` is the only call in the hot loop; it allocates only when doubling. */
/**
 * Event kinds that may decide a run's outcome on their own (a fault, a stale fetch): a caller waiting for the
 * decisive anomaly looks again after one of these, not only every so many steps. Marks alert when their id
 * is in `Trace.alertMarks`, which the caller sets (the machine does not know what marks mean).
 */
const ALERT_KINDS = (1 << ev.FAULT) | (1 << ev.STALE_FETCH);

export class Trace {
  data: Int32Array;
  length = 0; // in events
  truncated = false;
  /** How many alerting events (`ALERT_KINDS`, marks in `alertMarks`) were pushed since the reset. */
  alerts = 0;
  /** Bit i set: a mark with id i alerts. Kept across resets. */
  alertMarks = 0;
  private readonly maxEvents: number;

  constructor(initialEvents = 4096, maxEvents = 1 << 20) {
    this.data = new Int32Array(initialEvents * EVENT_INTS);
    this.maxEvents = maxEvents;
  }

  reset(): void {
    this.length = 0;
    this.truncated = false;
    this.alerts = 0;
  }

  push(step: number, kind: number, cpu: number, a: number, b: number, c: number): void {
    let i = this.length * EVENT_INTS;
    if (i + EVENT_INTS > this.data.length) {
      if (!this.grow()) return;
      i = this.length * EVENT_INTS;
    }
    const d = this.data;
    d[i] = step;
    d[i + 1] = kind | (cpu << 8);
    d[i + 2] = a;
    d[i + 3] = b;
    d[i + 4] = c;
    this.length++;
    const k = kind & 0xff;
    if (((ALERT_KINDS >> k) & 1) !== 0 || (k === ev.MARK && ((this.alertMarks >> a) & 1) !== 0)) this.alerts++;
  }

  private grow(): boolean {
    const events = this.data.length / EVENT_INTS;
    if (events >= this.maxEvents) {
      this.truncated = true;
      return false;
    }
    const next = new Int32Array(Math.min(events * 2, this.maxEvents) * EVENT_INTS);
    next.set(this.data);
    this.data = next;
    return true;
  }

  /** The events as a plain union array, for the oracle, reports and tests. */
  decode(): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (let e = 0; e < this.length; e++) out.push(decodeEvent(this.data, e * EVENT_INTS));
    return out;
  }

  /** FNV-1a over the raw ints, two independent lanes: a 64-bit hex digest, stable across machines. */
  hash(): string {
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x01000193 ^ 0x5bd1e995;
    const d = this.data;
    const n = this.length * EVENT_INTS;
    for (let i = 0; i < n; i++) {
      const v = d[i]!;
      h1 = Math.imul(h1 ^ v, 0x01000193);
      h2 = Math.imul(h2 ^ (v + i), 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    return hex32(h1) + hex32(h2 ^ n);
  }
}

function hex32(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

function decodeEvent(d: Int32Array, i: number): TraceEvent {
  const step = d[i]!;
  const kind = d[i + 1]! & 0xff;
  const cpu = (d[i + 1]! >> 8) & 0xff;
  const extra = (d[i + 1]! >>> 16) & 0xff;
  const a = d[i + 2]!;
  const b = d[i + 3]!;
  const c = d[i + 4]!;
  switch (kind) {
    case ev.IPI_SENT:
      return { kind: 'ipi-sent', step, cpu, target: a, due: b };
    case ev.IPI_TAKEN:
      return { kind: 'ipi-taken', step, cpu, epc: a };
    case ev.IPI_DROPPED:
      return { kind: 'ipi-dropped', step, cpu, state: runStateNames[a] ?? 'faulted' };
    case ev.CACHE_OP:
      return { kind: 'cache-op', step, cpu, op: a, address: b };
    case ev.MARK:
      return { kind: 'mark', step, cpu, mark: a, arg: b };
    case ev.FAULT:
      return { kind: 'fault', step, cpu, cause: faultCauseNames[a] ?? 'illegal-instruction', pc: b, detail: c };
    case ev.STATE:
      return { kind: 'state', step, cpu, state: runStateNames[a] ?? 'faulted', by: b, pc: c };
    case ev.OVERWRITE_EXEC:
      return { kind: 'overwrite-exec', step, cpu, address: a, newTag: b, oldTag: c };
    case ev.EXEC_TAG:
      return { kind: 'exec-tag', step, cpu, pc: a, fromTag: b, toTag: c };
    case ev.STALE_FETCH:
      return { kind: 'stale-fetch', step, cpu, pc: a, executed: b, latest: c, latestTag: extra };
    case ev.EXIT:
      return { kind: 'exit', step, cpu, code: a };
    case ev.START_IGNORED:
      return { kind: 'start-ignored', step, cpu, target: a };
    case ev.STRAY_INTERRUPT:
      return { kind: 'stray-interrupt', step, cpu };
    default:
      throw new Error(`trace holds an unknown event kind ${kind} at index ${i / EVENT_INTS}`);
  }
}
