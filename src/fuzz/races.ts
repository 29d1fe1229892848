/**
 * Happens-before over one explored run, for the partial-order reduction of fuzz/explore.ts (dynamic
 * partial-order reduction, Flanagan and Godefroid): each instruction that logged accesses is an event; two
 * events of different CPUs depend on each other when they touch the same word (a line, for whole-line
 * accesses) and one of them writes, or when either acts on the machine or another CPU (IPI, power, start,
 * reset; a halt only against those). Vector
 * clocks give the order; a race is a pair of dependent events of different CPUs with nothing else ordering
 * them, and reversing it is the only kind of new schedule that can end differently. The same clocks name the
 * run's equivalence class: runs that order every dependent pair alike are one class, whatever the order of
 * independent steps.
 */

import { access } from '../machine/recorder.js';
import { cpuBit, GIVES_WAY, type SchedulingPoint } from './explore-points.js';

/** A schedule to try: the run's first `cut` instructions, then `cpu` runs (round robin after it). */
export interface Reversal {
  readonly cut: number;
  readonly cpu: number;
  /** Preemptions the new schedule makes up to its switch to `cpu`. */
  readonly preemptions: number;
}

export interface RunOrder {
  /** The reversals of the run's races, each once, within `bound` preemptions. */
  readonly reversals: readonly Reversal[];
  /** The run's equivalence class: equal for runs that order every dependent pair of events alike. */
  readonly fingerprint: string;
  /** Events the order was built from (instructions with accesses, spin-loop repeats left out). */
  readonly events: number;
}

interface Event {
  readonly cpu: number;
  /** Its number among its CPU's events, from 1. */
  readonly index: number;
  readonly clock: Int32Array;
  readonly point: SchedulingPoint;
}

/** Per word or line: the last event that wrote it and the events that read it since. */
interface Touches {
  lastWrite: Event | null;
  reads: Event[];
}

function touchesOf(map: Map<number, Touches>, key: number): Touches {
  let t = map.get(key);
  if (t === undefined) {
    t = { lastWrite: null, reads: [] };
    map.set(key, t);
  }
  return t;
}

const isLineAccess = (p: SchedulingPoint): boolean => p.access === access.LINE_READ || p.access === access.LINE_WRITE;
const touchesMemory = (p: SchedulingPoint): boolean => p.access !== access.GLOBAL && p.access !== access.HALT;
const writes = (p: SchedulingPoint): boolean => p.access === access.WRITE || p.access === access.LINE_WRITE;

/** A 32-bit FNV-1a step. */
function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x01000193) >>> 0;
}

/**
 * Instructions of a run as events: one per executed-instruction count, spin-loop repeats left out (the same
 * instruction reading or writing the same word with the same value again, nobody else having run since,
 * leaves the others nothing new to tell) and the give-way marks (not accesses) too.
 */
function eventsOf(points: readonly SchedulingPoint[]): SchedulingPoint[][] {
  const out: SchedulingPoint[][] = [];
  let seen = new Set<string>();
  let stretch = -1;
  let mask = -1;
  for (const p of points) {
    if (p.access === access.GLOBAL && p.address === GIVES_WAY) continue;
    if (p.cpu !== stretch || p.before !== mask) {
      seen = new Set<string>();
      stretch = p.cpu;
      mask = p.before;
    }
    const last = out.at(-1);
    if (last !== undefined && last[0]?.at === p.at) {
      last.push(p);
      continue;
    }
    if (p.pc >= 0 && (p.access === access.READ || p.access === access.WRITE)) {
      const key = `${p.pc}:${p.access}:${p.address}:${p.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push([p]);
  }
  return out;
}

/** The order of a run's events: its races' reversals within `bound` preemptions, and its class. */
export function runOrder(
  points: readonly SchedulingPoint[],
  cpus: number,
  bound: number,
  /** Coherent L1 D-caches: a cached load or store depends only on accesses to its word and on I-fills. */
  dataCoherent = false,
): RunOrder {
  const words = new Map<number, Touches>();
  const lines = new Map<number, Touches>();
  const clocks = Array.from({ length: cpus }, () => new Int32Array(cpus));
  const last: (Event | null)[] = Array.from({ length: cpus }, () => null);
  let lastGlobal: Event | null = null;
  const reversals = new Map<string, Reversal>();
  // Per CPU, a hash of its events in order: a CPU's events come in the same order in every run of a class.
  const h1 = new Array<number>(cpus).fill(0x811c9dc5);
  const h2 = new Array<number>(cpus).fill(0x01000193);
  let count = 0;
  const wordsPerLine = new Map<number, Set<number>>();

  const reverse = (earlier: Event, cpu: number): void => {
    const p = earlier.point;
    // Before `earlier`: a switch there preempts its CPU unless it had only just been chosen.
    const cut = p.at - 1;
    const first = cut === p.start;
    const preemptions = first ? p.preempted : p.preempted + 1;
    const add = (r: Reversal): void => {
      const key = `${r.cut}:${r.cpu}`;
      if (!reversals.has(key)) reversals.set(key, r);
    };
    if (preemptions <= bound && (p.before & cpuBit(cpu)) !== 0) add({ cut, cpu, preemptions });
    // Over the bound, the reversal may still be reached from where its CPU was chosen, for free (Coons,
    // Musuvathi and McKinley's bounded partial-order reduction).
    else if (!first && p.preempted <= bound && (p.startEligible & cpuBit(cpu)) !== 0) {
      add({ cut: p.start, cpu, preemptions: p.preempted });
    }
  };

  for (const group of eventsOf(points)) {
    const head = group[0] as SchedulingPoint;
    const cpu = head.cpu;
    const deps: Event[] = [];
    const global = group.some((p) => p.access === access.GLOBAL);
    if (global) {
      for (const e of last) if (e !== null) deps.push(e);
    } else if (lastGlobal !== null) deps.push(lastGlobal);
    for (const p of group) {
      if (!touchesMemory(p)) continue;
      const w = writes(p);
      const line = touchesOf(lines, p.line);
      // Coherent caches: a cached access meets the line's whole-line accesses only as a store before a fill.
      const cached = dataCoherent && !isLineAccess(p) && !p.uncached;
      if (line.lastWrite !== null && !cached) deps.push(line.lastWrite);
      if (w) deps.push(...line.reads);
      if (isLineAccess(p)) {
        for (const word of wordsPerLine.get(p.line) ?? []) {
          const t = touchesOf(words, word);
          if (t.lastWrite !== null) deps.push(t.lastWrite);
          // a write-back or invalidation changes no word a coherent cached load reads
          if (w && !dataCoherent) deps.push(...t.reads);
        }
      } else {
        const t = touchesOf(words, p.address);
        if (t.lastWrite !== null) deps.push(t.lastWrite);
        if (w) deps.push(...t.reads);
      }
    }
    const clock = clocks[cpu] as Int32Array;
    // Races: dependencies of other CPUs this CPU has not seen, and that no other such dependency follows.
    const unseen = deps.filter((d) => d.cpu !== cpu && d.index > (clock[d.cpu] ?? 0));
    for (const d of unseen) {
      if (!unseen.some((o) => o !== d && d.index <= (o.clock[d.cpu] ?? 0))) reverse(d, cpu);
    }
    for (const d of deps) for (let c = 0; c < cpus; c++) clock[c] = Math.max(clock[c] ?? 0, d.clock[c] ?? 0);
    clock[cpu] = (clock[cpu] ?? 0) + 1;
    const event: Event = { cpu, index: clock[cpu] ?? 0, clock: clock.slice(), point: head };
    last[cpu] = event;
    if (global) lastGlobal = event;
    const note = (t: Touches, write: boolean): void => {
      if (write) {
        t.lastWrite = event;
        t.reads = [];
      } else t.reads.push(event);
    };
    for (const p of group) {
      if (!touchesMemory(p)) continue;
      note(isLineAccess(p) ? touchesOf(lines, p.line) : touchesOf(words, p.address), writes(p));
      // An uncached access goes to memory, where whole-line accesses meet it.
      if (p.uncached && dataCoherent) note(touchesOf(lines, p.line), writes(p));
      if (!isLineAccess(p)) {
        const set = wordsPerLine.get(p.line) ?? new Set<number>();
        set.add(p.address);
        wordsPerLine.set(p.line, set);
      }
    }
    // The class: every event with what it touched and the clock it ran at.
    count++;
    let a = h1[cpu] ?? 0;
    let b = h2[cpu] ?? 0;
    for (const p of group) {
      a = mix(mix(a, p.access), p.address);
      b = mix(mix(b, p.address), p.access);
    }
    for (let c = 0; c < cpus; c++) {
      a = mix(a, clock[c] ?? 0);
      b = mix(b, (clock[c] ?? 0) ^ c);
    }
    h1[cpu] = a;
    h2[cpu] = b;
  }
  const hex = (hs: readonly number[]): string =>
    hs
      .reduce((h, v) => mix(h, v), 0x811c9dc5)
      .toString(16)
      .padStart(8, '0');
  return { reversals: [...reversals.values()], fingerprint: hex(h1) + hex(h2), events: count };
}
