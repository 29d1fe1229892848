/**
 * A finished run's trace as text, one section per CPU and one line per event: step, CPU, event kind and
 * details, with addresses as `routine.label+off`. The kernel's vocabulary (mark and tag names) comes in
 * as data, so report/ stays independent of kernel/. Sweeps (one cache op over every set, a copy over
 * executable words) are one line with a count and a range, and a CPU looping through the same few events
 * (spinning on stale lines) shows the loop once and then how often it repeated.
 */

import { assertNever } from '../errors.js';
import { disassemble, hex, type Symbolizer } from '../machine/disasm.js';
import { TAG_NONE } from '../machine/memory.js';
import { cacheOpName, type TraceEvent } from '../machine/trace.js';
import { textTable } from './text-table.js';

export interface TraceTextOptions {
  readonly symbols: Symbolizer;
  /** CPUs in the machine; a CPU with no events still gets a section saying so. */
  readonly cpus: number;
  /** Mark id → name, e.g. the kernel's `marks` inverted. Unknown ids print as `mark <id>`. */
  readonly markNames: Readonly<Record<number, string>>;
  /** Provenance tag → name, e.g. the kernel's `tags` inverted. Unknown tags print as `tag <id>`. */
  readonly tagNames?: Readonly<Record<number, string>>;
  /** Show only the last N lines of each CPU (after folding: a sweep or a repeat count is one line). */
  readonly last?: number;
  /** The word at an address at the end of the run, to show the instruction a fault stopped on. */
  readonly wordAt?: (address: number) => number;
  /** The trace hit its size cap and lost its latest events. */
  readonly truncated?: boolean;
}

interface Entry {
  readonly step: number;
  readonly kind: string;
  readonly details: string;
  /** Index, in the events given, of the first event the line shows. */
  readonly index: number;
}

function tagName(t: number, o: TraceTextOptions): string {
  if (t < 0) return 'nothing';
  return o.tagNames?.[t] ?? (t === TAG_NONE ? 'unwritten' : `tag ${t}`);
}

/** One event as the trace text shows it (without step and CPU): the timeline page's hover text too. */
export function describeEvent(e: TraceEvent, o: TraceTextOptions): string {
  const at = (address: number): string => o.symbols.describe(address);
  const tag = (t: number): string => tagName(t, o);
  const code = (word: number, pc: number): string => `\`${disassemble(word, pc, o.symbols)}\``;
  const codeAt = (pc: number): string => (o.wordAt === undefined ? '' : `: ${code(o.wordAt(pc), pc)}`);
  switch (e.kind) {
    case 'ipi-sent':
      return `to CPU${e.target}, due at step ${e.due}`;
    case 'ipi-taken':
      return `interrupted ${at(e.epc)}`;
    case 'ipi-dropped':
      return `not delivered: CPU${e.cpu} was ${e.state}`;
    case 'cache-op':
      return `${cacheOpName(e.op)} ${at(e.address)}`;
    case 'mark':
      return `${o.markNames[e.mark] ?? `mark ${e.mark}`} (arg ${e.arg})`;
    case 'fault':
      switch (e.cause) {
        case 'illegal-instruction':
          return `illegal instruction at ${at(e.pc)}: ${code(e.detail, e.pc)}`;
        case 'bus-error-fetch':
          return `bus error fetching from ${at(e.pc)} (outside memory)`;
        case 'bus-error-data':
          return `bus error at ${at(e.pc)} on ${hex(e.detail)}${codeAt(e.pc)}`;
        case 'break':
          return `break ${e.detail} at ${at(e.pc)}`;
        case 'bad-cpu':
          return `no CPU${e.detail} (named at ${at(e.pc)})${codeAt(e.pc)}`;
        default:
          return assertNever(e.cause, 'fault cause');
      }
    case 'state':
      return `→ ${e.state} at ${at(e.pc)}${e.by === e.cpu ? '' : ` (by CPU${e.by})`}`;
    case 'overwrite-exec':
      return `${at(e.address)}: ${tag(e.oldTag)} → ${tag(e.newTag)}`;
    case 'exec-tag':
      return `executes ${tag(e.toTag)} code at ${at(e.pc)} (was ${tag(e.fromTag)})`;
    case 'stale-fetch':
      return `at ${at(e.pc)} executed ${code(e.executed, e.pc)} from the I-cache, memory holds ${code(e.latest, e.pc)}`;
    case 'exit':
      return `code ${e.code}`;
    case 'start-ignored':
      return `CPU${e.target} was already running`;
    case 'stray-interrupt':
      return 'a software interrupt nobody sent arrives';
    default:
      return assertNever(e, 'trace event');
  }
}

/**
 * Events that come in sweeps over addresses: the same cache op over every set, a copy overwriting a run of
 * executable words. Consecutive events with the same key fold into one line with a count and a range.
 */
function sweepOf(e: TraceEvent, o: TraceTextOptions): { key: string; address: number; text: string } | undefined {
  if (e.kind === 'cache-op') return { key: `op ${e.op}`, address: e.address, text: cacheOpName(e.op) };
  if (e.kind === 'overwrite-exec') {
    const text = `${tagName(e.oldTag, o)} → ${tagName(e.newTag, o)}`;
    return { key: `tags ${e.oldTag} ${e.newTag}`, address: e.address, text };
  }
  return undefined;
}

/** One CPU's events as lines, with sweeps folded into one line each. */
function entriesOf(events: readonly TraceEvent[], o: TraceTextOptions): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e === undefined) continue;
    const sweep = sweepOf(e, o);
    let j = i;
    while (sweep !== undefined) {
      const next = events[j + 1];
      if (next === undefined || next.kind !== e.kind || sweepOf(next, o)?.key !== sweep.key) break;
      j++;
    }
    const last = events[j];
    const lastSweep = last === undefined ? undefined : sweepOf(last, o);
    if (sweep !== undefined && j > i && lastSweep !== undefined) {
      const range = `${o.symbols.describe(sweep.address)} … ${o.symbols.describe(lastSweep.address)}`;
      const details =
        e.kind === 'cache-op' ? `${sweep.text} ×${j - i + 1}, ${range}` : `${j - i + 1} words, ${range}: ${sweep.text}`;
      out.push({ step: e.step, kind: e.kind, details, index: i });
      i = j;
      continue;
    }
    out.push({ step: e.step, kind: e.kind, details: describeEvent(e, o), index: i });
  }
  return out;
}

/** Longest loop body, in lines, that folding looks for. */
const MAX_PERIOD = 4;

/** Whether the `period` lines at `from` are the same (kind and details) as the `period` lines at `at`. */
function sameBlock(entries: readonly Entry[], from: number, at: number, period: number): boolean {
  if (at + period > entries.length) return false;
  for (let k = 0; k < period; k++) {
    const a = entries[from + k];
    const b = entries[at + k];
    if (a === undefined || b === undefined || a.kind !== b.kind || a.details !== b.details) return false;
  }
  return true;
}

/**
 * A block of 1 to MAX_PERIOD lines that occurs at least three times back to back is shown once, followed by
 * one line saying how many more times it repeated: a CPU spinning on stale lines is two lines, not thousands.
 */
function foldRepeats(entries: readonly Entry[]): Entry[] {
  const out: Entry[] = [];
  let i = 0;
  while (i < entries.length) {
    let best = { period: 1, repeats: 0 };
    for (let period = 1; period <= MAX_PERIOD; period++) {
      let repeats = 0;
      while (sameBlock(entries, i, i + (repeats + 1) * period, period)) repeats++;
      if (repeats * period > best.repeats * best.period) best = { period, repeats };
    }
    const { period, repeats } = best;
    const first = entries[i + period];
    const last = entries[i + (repeats + 1) * period - 1];
    if (repeats < 2 || first === undefined || last === undefined) {
      out.push(...entries.slice(i, i + 1));
      i++;
      continue;
    }
    const what = period === 1 ? 'the line above' : `the ${period} lines above`;
    out.push(...entries.slice(i, i + period), {
      step: first.step,
      index: first.index,
      kind: '…',
      details: `${what} repeat ${repeats} more times, to step ${last.step}`,
    });
    i += (repeats + 1) * period;
  }
  return out;
}

/** The trace as text: a heading, then per CPU its events in order (or the last `options.last` of them). */
export function traceText(events: readonly TraceEvent[], options: TraceTextOptions): string {
  const byCpu = new Map<number, TraceEvent[]>();
  for (let c = 0; c < options.cpus; c++) byCpu.set(c, []);
  for (const e of events) {
    const list = byCpu.get(e.cpu);
    if (list) list.push(e);
    else byCpu.set(e.cpu, [e]);
  }
  const sections = [...byCpu]
    .sort(([a], [b]) => a - b)
    .map(([cpu, list]) => {
      const entries = foldRepeats(entriesOf(list, options));
      const shown = options.last === undefined ? entries : entries.slice(-options.last);
      const more = shown.length < entries.length ? `, last ${shown.length} of ${entries.length} lines shown` : '';
      const title = `CPU${cpu}: ${list.length} event${list.length === 1 ? '' : 's'}${more}`;
      return { title, rows: shown.map((x) => [String(x.step), `CPU${cpu}`, x.kind, x.details]) };
    });
  // One table for every CPU, so columns line up from section to section; then cut it back into sections.
  const table = textTable(
    ['step', 'cpu', 'event', 'details'],
    sections.flatMap((x) => x.rows),
    { right: [0], indent: '  ' },
  ).split('\n');
  const header = table[0] ?? '';
  let next = 1;
  const lost = options.truncated ? ' (truncated: the latest events were lost)' : '';
  const lines = [`trace: ${events.length} events on ${sections.length} CPUs${lost}`];
  for (const section of sections) {
    lines.push('', section.title);
    if (section.rows.length === 0) continue;
    lines.push(header, ...table.slice(next, next + section.rows.length));
    next += section.rows.length;
  }
  return lines.join('\n');
}

/** Where `traceAround` centres its window: the first anomaly, as the oracle names it. */
export interface TraceFocus {
  readonly cpu: number | null;
  readonly step: number;
  /** Lines shown on each side of the focus line. */
  readonly around: number;
}

/**
 * The events around the first anomaly, every CPU interleaved in trace order, with the anomaly's own line
 * marked `>>`: who wrote what, which IPI went where, in the order it happened. The focus line is the first
 * event of `focus.cpu` at or after `focus.step` (or the first event of any CPU there, else the last event).
 */
export function traceAround(events: readonly TraceEvent[], focus: TraceFocus, options: TraceTextOptions): string {
  // Sweeps fold per CPU, so fold each CPU's events first, then order the lines by their first event.
  const lines: { step: number; cpu: number; order: number; entry: Entry }[] = [];
  const byCpu = new Map<number, { e: TraceEvent; order: number }[]>();
  events.forEach((e, order) => {
    const list = byCpu.get(e.cpu) ?? [];
    list.push({ e, order });
    byCpu.set(e.cpu, list);
  });
  for (const [cpu, list] of byCpu) {
    const entries = entriesOf(
      list.map((x) => x.e),
      options,
    );
    for (const entry of entries) {
      lines.push({ step: entry.step, cpu, order: list[entry.index]?.order ?? Number.MAX_SAFE_INTEGER, entry });
    }
  }
  lines.sort((a, b) => a.order - b.order);
  const atFocus = (x: (typeof lines)[number]): boolean =>
    x.step >= focus.step && (focus.cpu === null || x.cpu === focus.cpu);
  let at = lines.findIndex(atFocus);
  if (at < 0) at = lines.findIndex((x) => x.step >= focus.step);
  if (at < 0) at = lines.length - 1;
  const from = Math.max(0, at - focus.around);
  const shown = lines.slice(from, at + focus.around + 1);
  const table = textTable(
    ['', 'step', 'cpu', 'event', 'details'],
    shown.map((x, i) => [from + i === at ? '>>' : '', String(x.step), `CPU${x.cpu}`, x.entry.kind, x.entry.details]),
    { right: [1], indent: '  ' },
  );
  const lost = options.truncated ? ' (truncated: the latest events were lost)' : '';
  const span = `lines ${from + 1}–${from + shown.length} of ${lines.length}`;
  return [`trace: ${events.length} events on ${options.cpus} CPUs${lost}; ${span}, every CPU in order`, table].join(
    '\n',
  );
}
