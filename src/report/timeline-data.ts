/**
 * A finished run as the timeline page draws it: per CPU, run-state spans, parked spans, interrupt-enable
 * spans, the bursts it executed (with the routine it was in), and its events; IPIs as sender → target with
 * what became of them; the relocation copy and the code each CPU executed, over memory. Pure: trace,
 * recorder and symbols in, plain numbers and an interned string table out, so the page's JSON stays small.
 */
import type { Outcome, OutcomeKind } from '../contract/outcome.js';
import { disassemble } from '../machine/disasm.js';
import { PHYS_MASK } from '../machine/isa.js';
import { BURST_INTS, IE_INTS, type RunRecorder } from '../machine/recorder.js';
import { type RunStateName, runStateNames, type TraceEvent } from '../machine/trace.js';
import { describeEvent, type TraceTextOptions } from './trace-text.js';

/** Strings the page shows, each once: runs refer to them by index. */
export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  intern(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(text);
      this.index.set(text, i);
    }
    return i;
  }
}

/** Event kinds the lanes draw as marks, in the order of `TimelineRun.events`' kind numbers. */
export const laneEventKinds = [
  'mark',
  'cache-op',
  'fault',
  'stale-fetch',
  'exec-tag',
  'overwrite-exec',
  'start-ignored',
  'stray-interrupt',
  'exit',
  'ipi-taken',
  'ipi-dropped',
] as const satisfies readonly TraceEvent['kind'][];
export type LaneEventKind = (typeof laneEventKinds)[number];

export const ipiStatuses = ['taken', 'dropped', 'pending'] as const;
export type IpiStatus = (typeof ipiStatuses)[number];

/** The states a lane shows, in the order of `TimelineRun.states`' state numbers. */
export const laneStates = [...runStateNames] as const satisfies readonly RunStateName[];

export interface TimelineRun {
  readonly strategy: string;
  readonly kind: OutcomeKind;
  readonly title: string;
  readonly cause: readonly string[];
  /** 0 when nothing ran (the strategy refused the platform). */
  readonly cpus: number;
  /** The step the run stopped at. */
  readonly end: number;
  /** Where the oracle saw the first anomaly, or null when the run is ok or refused. */
  readonly anomaly: { readonly cpu: number | null; readonly step: number } | null;
  /** Per CPU, flattened [start, end, state] with state an index into `laneStates`. */
  readonly states: readonly (readonly number[])[];
  /** Per CPU, flattened [start, end]: parked in a poll loop, runnable but costing nothing until woken. */
  readonly parked: readonly (readonly number[])[];
  /** Per CPU, flattened [start, end]: interrupts enabled. */
  readonly ie: readonly (readonly number[])[];
  /**
   * Per CPU, flattened [start, end, routine, tip, where]: it executed from `start` to `end`, starting in
   * `routine` at the label `where` (`routine.label`); strings by index.
   */
  readonly bursts: readonly (readonly number[])[];
  /** Per CPU, flattened [step, kind, tip] with kind an index into `laneEventKinds`. */
  readonly events: readonly (readonly number[])[];
  /** Flattened [sent, from, to, arrived, status, tip], status an index into `ipiStatuses`. */
  readonly ipis: readonly number[];
  /** The relocation copy ([step, writer, address] per overwritten executable word) and executed code. */
  readonly memory: {
    readonly copies: readonly number[];
    /** Flattened [step, cpu, address]: where a CPU was executing (burst starts and ends, tag changes). */
    readonly executes: readonly number[];
    readonly low: number;
    readonly high: number;
    /** Flattened [address, name]: a few addresses named along the axis. */
    readonly ticks: readonly number[];
  };
  /** The trace or the recorder hit its cap: the run's latest events are missing. */
  readonly truncated: boolean;
}

export interface TimelineRunInput {
  readonly strategy: string;
  readonly outcome: Outcome;
  readonly cause: readonly string[];
  /** Null when nothing ran. */
  readonly ran: {
    readonly events: readonly TraceEvent[];
    readonly recorder: RunRecorder;
    readonly end: number;
    readonly text: TraceTextOptions;
  } | null;
}

const emptyMemory = { copies: [], executes: [], low: 0, high: 0, ticks: [] };

function perCpu(n: number): number[][] {
  return Array.from({ length: n }, () => []);
}

/** Where `pc` is and what is there, for a hover: `routine.label+2: lw t0, 0(a0)`. */
function instructionAt(pc: number, o: TraceTextOptions): string {
  const where = o.symbols.describe(pc);
  return o.wordAt === undefined ? where : `${where}: ${disassemble(o.wordAt(pc), pc, o.symbols)}`;
}

function statesOf(input: NonNullable<TimelineRunInput['ran']>, cpus: number): number[][] {
  const out = perCpu(cpus);
  const current = [...input.recorder.initialState];
  const since = new Array<number>(cpus).fill(0);
  const close = (cpu: number, at: number): void => {
    const from = since[cpu] ?? 0;
    if (at > from) out[cpu]?.push(from, at, current[cpu] ?? 0);
  };
  for (const e of input.events) {
    if (e.kind !== 'state') continue;
    close(e.cpu, e.step);
    current[e.cpu] = laneStates.indexOf(e.state);
    since[e.cpu] = e.step;
  }
  for (let c = 0; c < cpus; c++) close(c, input.end);
  return out;
}

function ieOf(r: RunRecorder, cpus: number, end: number): number[][] {
  const out = perCpu(cpus);
  const on: (number | null)[] = r.initialIe.map((v) => (v === 1 ? 0 : null));
  for (let i = 0; i < r.ieCount; i++) {
    const step = r.ieChanges[i * IE_INTS] ?? 0;
    const cpu = r.ieChanges[i * IE_INTS + 1] ?? 0;
    const value = r.ieChanges[i * IE_INTS + 2] ?? 0;
    const from = on[cpu] ?? null;
    if (value === 1 && from === null) on[cpu] = step;
    else if (value === 0 && from !== null) {
      out[cpu]?.push(from, step);
      on[cpu] = null;
    }
  }
  for (let c = 0; c < cpus; c++) {
    const from = on[c] ?? null;
    if (from !== null) out[c]?.push(from, end);
  }
  return out;
}

function burstsOf(
  input: NonNullable<TimelineRunInput['ran']>,
  cpus: number,
  strings: StringTable,
): { bursts: number[][]; parked: number[][]; executes: number[] } {
  const { recorder: r, text: o } = input;
  const bursts = perCpu(cpus);
  const parked = perCpu(cpus);
  const executes: number[] = [];
  const parkedSince: (number | null)[] = new Array(cpus).fill(null);
  for (let i = 0; i < r.burstCount; i++) {
    const at = i * BURST_INTS;
    const word = r.bursts[at] ?? 0;
    const cpu = word & 0xff;
    const start = r.bursts[at + 1] ?? 0;
    const end = r.bursts[at + 2] ?? 0;
    const startPc = r.bursts[at + 3] ?? 0;
    const endPc = r.bursts[at + 4] ?? 0;
    const since = parkedSince[cpu] ?? null;
    if (since !== null) {
      parked[cpu]?.push(since, start);
      parkedSince[cpu] = null;
    }
    if (word >> 8 === 1) parkedSince[cpu] = end;
    const tip = `ran ${end - start} steps, steps ${start}–${end}\nfrom ${instructionAt(startPc, o)}\nto   ${instructionAt(endPc, o)}`;
    const loc = o.symbols.locate(startPc);
    const routine = loc?.routine ?? 'outside any program';
    const where = loc === null || loc.label === null ? routine : `${loc.routine}.${loc.label}`;
    bursts[cpu]?.push(start, end, strings.intern(routine), strings.intern(tip), strings.intern(where));
    executes.push(start, cpu, startPc & PHYS_MASK, end, cpu, endPc & PHYS_MASK);
  }
  for (let c = 0; c < cpus; c++) {
    const since = parkedSince[c] ?? null;
    if (since !== null) parked[c]?.push(since, input.end);
  }
  return { bursts, parked, executes };
}

/** Each IPI sent, matched with its delivery on the target: taken, dropped (a stopped target), or never. */
function ipisOf(events: readonly TraceEvent[], end: number, strings: StringTable, o: TraceTextOptions): number[] {
  const out: number[] = [];
  for (const sent of events) {
    if (sent.kind !== 'ipi-sent') continue;
    let arrived = Math.min(sent.due, end);
    let status: IpiStatus = 'pending';
    let how = 'never taken by the end of the run';
    for (const e of events) {
      if (e.step < sent.due || e.cpu !== sent.target) continue;
      if (e.kind === 'ipi-dropped') {
        status = 'dropped';
        arrived = e.step;
        how = `dropped at step ${e.step}: CPU${e.cpu} was ${e.state}`;
        break;
      }
      if (e.kind === 'ipi-taken') {
        status = 'taken';
        arrived = e.step;
        how = `taken at step ${e.step}, interrupting ${instructionAt(e.epc, o)}`;
        break;
      }
    }
    const tip = `IPI CPU${sent.cpu} → CPU${sent.target}, sent at step ${sent.step}, due ${sent.due}\n${how}`;
    out.push(sent.step, sent.cpu, sent.target, arrived, ipiStatuses.indexOf(status), strings.intern(tip));
  }
  return out;
}

const TICKS = 6;

function memoryOf(
  events: readonly TraceEvent[],
  executes: number[],
  strings: StringTable,
  o: TraceTextOptions,
): TimelineRun['memory'] {
  const copies: number[] = [];
  for (const e of events) {
    if (e.kind === 'overwrite-exec') copies.push(e.step, e.cpu, e.address & PHYS_MASK);
    else if (e.kind === 'exec-tag' || e.kind === 'stale-fetch') executes.push(e.step, e.cpu, e.pc & PHYS_MASK);
  }
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 2; i < copies.length; i += 3) {
    low = Math.min(low, copies[i] ?? low);
    high = Math.max(high, copies[i] ?? high);
  }
  for (let i = 2; i < executes.length; i += 3) {
    low = Math.min(low, executes[i] ?? low);
    high = Math.max(high, executes[i] ?? high);
  }
  if (low > high) return { ...emptyMemory, executes };
  const ticks: number[] = [];
  for (let t = 0; t < TICKS; t++) {
    const address = Math.round(low + ((high - low) * t) / (TICKS - 1));
    ticks.push(address, strings.intern(o.symbols.describe(address)));
  }
  return { copies, executes, low, high, ticks };
}

function laneEventsOf(events: readonly TraceEvent[], cpus: number, strings: StringTable, o: TraceTextOptions) {
  const out = perCpu(cpus);
  for (const e of events) {
    const kind = laneEventKinds.indexOf(e.kind as LaneEventKind);
    if (kind < 0) continue;
    const tip = `step ${e.step}, CPU${e.cpu}: ${e.kind} ${describeEvent(e, o)}`;
    out[e.cpu]?.push(e.step, kind, strings.intern(tip));
  }
  return out;
}

export function timelineRun(input: TimelineRunInput, strings: StringTable): TimelineRun {
  const { outcome } = input;
  const failed = outcome.kind !== 'ok' && outcome.kind !== 'refused';
  const base = {
    strategy: input.strategy,
    kind: outcome.kind,
    title: outcome.title,
    cause: input.cause,
  };
  const ran = input.ran;
  if (ran === null) {
    return {
      ...base,
      cpus: 0,
      end: 0,
      anomaly: null,
      states: [],
      parked: [],
      ie: [],
      bursts: [],
      events: [],
      ipis: [],
      memory: emptyMemory,
      truncated: false,
    };
  }
  const cpus = ran.text.cpus;
  const { bursts, parked, executes } = burstsOf(ran, cpus, strings);
  return {
    ...base,
    cpus,
    end: ran.end,
    anomaly: failed ? { cpu: outcome.cpu, step: outcome.step ?? ran.end } : null,
    states: statesOf(ran, cpus),
    parked,
    ie: ieOf(ran.recorder, cpus, ran.end),
    bursts,
    events: laneEventsOf(ran.events, cpus, strings, ran.text),
    ipis: ipisOf(ran.events, ran.end, strings, ran.text),
    memory: memoryOf(ran.events, executes, strings, ran.text),
    truncated: ran.text.truncated === true || ran.recorder.truncated,
  };
}

/** Stretches with nothing happening longer than this many steps are drawn shortened, with a break mark. */
export const IDLE_GAP = 4096;
/** How wide, in steps of the axis, a shortened stretch is drawn. */
export const IDLE_SHOWN = 512;

/**
 * The shared time axis of runs drawn side by side: [start, end] of every stretch where none of the runs
 * has anything happening for longer than IDLE_GAP, so a 10-million-step hang does not squeeze its first
 * ten thousand steps into a pixel. Flattened pairs, in order.
 */
export function idleGaps(runs: readonly TimelineRun[]): number[] {
  const points = new Set<number>([0]);
  const add = (flat: readonly number[], stride: number, fields: readonly number[]): void => {
    for (let i = 0; i < flat.length; i += stride) for (const f of fields) points.add(flat[i + f] ?? 0);
  };
  for (const r of runs) {
    points.add(r.end);
    if (r.anomaly !== null) points.add(r.anomaly.step);
    for (const s of r.states) add(s, 3, [0, 1]);
    for (const b of r.bursts) add(b, 5, [0, 1]);
    for (const e of r.events) add(e, 3, [0]);
    add(r.ipis, 6, [0, 3]);
  }
  const sorted = [...points].sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const from = sorted[i - 1] ?? 0;
    const to = sorted[i] ?? 0;
    if (to - from > IDLE_GAP) gaps.push(from + IDLE_SHOWN / 2, to - IDLE_SHOWN / 2);
  }
  return gaps;
}
