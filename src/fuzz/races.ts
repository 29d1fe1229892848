/**
 * Happens-before over one explored run, for the partial-order reduction of fuzz/explore.ts (dynamic
 * partial-order reduction, Flanagan and Godefroid): each instruction that logged accesses is an event; two
 * events of different CPUs depend on each other when they touch the same word (a line, for whole-line
 * accesses) and one of them writes (two atomic updates of one kind whose old value nobody keeps, such as
 * cpumask_set_cpu's, commute), or when either acts on the machine or another CPU (IPI, power, start,
 * reset; a halt only against those). An instruction fetch the recorder logged (a fill, a move to another
 * line, the first fetch after another CPU changed the line) reads its line. Vector clocks give the order;
 * a race is a pair of dependent events of different CPUs with nothing else ordering them, and reversing it
 * is the only kind of new schedule that can end differently. The same clocks name the run's equivalence
 * class: runs that order every dependent pair alike are one class, whatever the order of independent steps.
 * A run decided by an anomaly is read only up to it: its races and its class are those of that prefix.
 */

import { access, lineValue } from '../machine/recorder.js';
import { cpuBit, GIVES_WAY, type SchedulingPoint } from './explore-points.js';

/** A schedule to try: the run's first `cut` instructions, then `cpu` runs (round robin after it). */
export interface Reversal {
  readonly cut: number;
  readonly cpu: number;
}

export interface RunOrder {
  /** The reversals of the run's races, each once, within `bound` preemptions. */
  readonly reversals: readonly Reversal[];
  /** The run's equivalence class: equal for runs that order every dependent pair of events alike. */
  readonly fingerprint: string;
}

interface Event {
  readonly cpu: number;
  /** Its number among its CPU's events, from 1. */
  readonly index: number;
  readonly clock: Int32Array;
  readonly point: SchedulingPoint;
  /** Every access of it is a poll loop's read that found nothing new (SchedulingPoint.pollOnly). */
  readonly pollOnly: boolean;
}

/**
 * Per word or line: the last event that wrote it and, per CPU, its last event that read it since (a CPU's
 * earlier reads come before its last one anyway).
 */
interface Touches {
  lastWrite: Event | null;
  /** The last store of a whole line (a copy's destination), not a cache's write-back or invalidation. */
  lastStore: Event | null;
  reads: (Event | null)[];
  /** Per CPU, its last instruction fill of the line since the last write (isFill). */
  fills: (Event | null)[];
  /** Per CPU, its last instruction fetch from its I-cache since the last store (isHit). */
  hits: (Event | null)[];
  /** The line's last write from the last cache level to memory (isToMemory), and what alone can tell it. */
  toMemory: Event | null;
  lastDrop: Event | null;
  uncachedWrite: Event | null;
  uncachedReads: (Event | null)[];
  /** Per CPU, its last commuting update since the last write, and the update's kind (its opcode). */
  updates: (Event | null)[];
  updateKinds: number[];
}

function touchesOf(map: Map<number, Touches>, key: number, cpus: number): Touches {
  let t = map.get(key);
  if (t === undefined) {
    t = {
      lastWrite: null,
      lastStore: null,
      reads: new Array<Event | null>(cpus).fill(null),
      fills: new Array<Event | null>(cpus).fill(null),
      hits: new Array<Event | null>(cpus).fill(null),
      toMemory: null,
      lastDrop: null,
      uncachedWrite: null,
      uncachedReads: new Array<Event | null>(cpus).fill(null),
      updates: new Array<Event | null>(cpus).fill(null),
      updateKinds: new Array<number>(cpus).fill(0),
    };
    map.set(key, t);
  }
  return t;
}

function note(t: Touches, p: SchedulingPoint, event: Event): void {
  if (isToMemory(p)) {
    t.toMemory = event;
    return;
  }
  if (isDrop(p)) t.lastDrop = event;
  if (p.access === access.UPDATE) {
    t.updates[event.cpu] = event;
    t.updateKinds[event.cpu] = p.value;
  } else if (writes(p)) {
    t.lastWrite = event;
    t.reads.fill(null);
    t.fills.fill(null);
    t.updates.fill(null);
    // A write-back or an invalidation changes nothing a hit reads: hits stay, for the next store to follow.
    if (p.access !== access.LINE_WRITE || p.pc >= 0) {
      t.lastStore = event;
      t.hits.fill(null);
    }
  } else if (isFill(p)) t.fills[event.cpu] = event;
  else if (isHit(p)) t.hits[event.cpu] = event;
  else t.reads[event.cpu] = event;
}

/** What a change of `t` by `p` must follow: its last write and its updates, but not updates of p's own kind. */
function pushWrites(deps: Event[], t: Touches, p: SchedulingPoint): void {
  if (t.lastWrite !== null) deps.push(t.lastWrite);
  for (let c = 0; c < t.updates.length; c++) {
    const u = t.updates[c] ?? null;
    if (u !== null && !(p.access === access.UPDATE && t.updateKinds[c] === p.value)) deps.push(u);
  }
}

function pushEach(deps: Event[], events: readonly (Event | null)[]): void {
  for (const r of events) if (r !== null) deps.push(r);
}

/** Whether `d` happens before another of `unseen`: then it is not a race of its own. */
function followed(d: Event, unseen: readonly Event[]): boolean {
  for (const o of unseen) if (o !== d && d.index <= (o.clock[d.cpu] ?? 0)) return true;
  return false;
}

const isLineAccess = (p: SchedulingPoint): boolean => p.access === access.LINE_READ || p.access === access.LINE_WRITE;
/**
 * Instruction reads of a line, which the recorder gives a pc: a fill reads it from where stores and
 * write-backs land; a fetch from the I-cache reads only what the oracle compares with memory, the
 * line's code as the last store left it. Neither reads the line's data words.
 */
const isFill = (p: SchedulingPoint): boolean =>
  p.access === access.LINE_READ && p.pc >= 0 && p.value === lineValue.FILL;
const isHit = (p: SchedulingPoint): boolean =>
  p.access === access.LINE_READ && p.pc >= 0 && p.value === lineValue.PLAIN;
/** A whole line stored (a copy's destination, with a pc), not a cache's write-back or invalidation. */
const isLineStore = (p: SchedulingPoint): boolean => p.access === access.LINE_WRITE && p.pc >= 0;
/**
 * A line written from the last cache level to memory. A fill reads the same words before or after it; only an
 * uncached access, which goes to memory, or a drop of the line from the last level (isDrop) can tell.
 */
const isToMemory = (p: SchedulingPoint): boolean => p.access === access.LINE_WRITE && p.value === lineValue.TO_MEMORY;
const isDrop = (p: SchedulingPoint): boolean => p.access === access.LINE_WRITE && p.value === lineValue.DROPPED;
const touchesMemory = (p: SchedulingPoint): boolean =>
  p.access === access.READ ||
  p.access === access.WRITE ||
  p.access === access.UPDATE ||
  p.access === access.LINE_READ ||
  p.access === access.LINE_WRITE;
const writes = (p: SchedulingPoint): boolean =>
  p.access === access.WRITE || p.access === access.LINE_WRITE || p.access === access.UPDATE;

/** A 32-bit FNV-1a step. */
function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x01000193) >>> 0;
}

/**
 * Instructions of a run as events: one per executed-instruction count, spin-loop repeats left out (the same
 * instruction reading or writing the same word with the same value again, nobody else having run since,
 * leaves the others nothing new to tell) and the give-way marks (not accesses) too.
 */
function eventsOf(points: readonly SchedulingPoint[], until: number): SchedulingPoint[][] {
  const out: SchedulingPoint[][] = [];
  const told = linesMemoryTells(points, until);
  // Per instruction and kind of access, the (address, value) pairs it made in this stretch, flattened.
  const seen = new Map<number, number[]>();
  let stretch = -1;
  let mask = -1;
  for (const p of points) {
    if (p.access === access.GLOBAL && p.address === GIVES_WAY) continue;
    if (isToMemory(p) && !told.has(p.line)) continue;
    if (p.cpu !== stretch || p.before !== mask) {
      seen.clear();
      stretch = p.cpu;
      mask = p.before;
    }
    const last = out.at(-1);
    if (last !== undefined && last[0]?.at === p.at) {
      last.push(p);
      continue;
    }
    if (p.pc >= 0 && (p.access === access.READ || p.access === access.WRITE || p.access === access.LINE_READ)) {
      const key = p.pc * 8 + p.access;
      const made = seen.get(key);
      if (made === undefined) seen.set(key, [p.address, p.value]);
      else if (repeats(made, p)) continue;
      else made.push(p.address, p.value);
    }
    out.push([p]);
  }
  return out;
}

/**
 * Lines whose writes to memory someone can tell apart: an uncached access or a drop from the last cache level
 * touches them in the run. Elsewhere a write from the last cache level to memory is no event at all.
 */
function linesMemoryTells(points: readonly SchedulingPoint[], until: number): Set<number> {
  const told = new Set<number>();
  for (const p of points) {
    if (p.at > until) break;
    if ((p.uncached && touchesMemory(p)) || isDrop(p)) told.add(p.line);
  }
  return told;
}

function repeats(made: readonly number[], p: SchedulingPoint): boolean {
  for (let i = 0; i < made.length; i += 2) if (made[i] === p.address && made[i + 1] === p.value) return true;
  return false;
}

/**
 * Which accesses of a run another CPU could be ordered against: those of a line some other CPU also
 * touches in the run. The rest (a relocation's copy of lines nobody else reads: thousands) need no clocks.
 */
function sharedLines(points: readonly SchedulingPoint[], until: number): (p: SchedulingPoint) => boolean {
  const touchedBy = new Map<number, number>();
  for (const p of points) {
    if (p.at > until) break;
    if (touchesMemory(p)) touchedBy.set(p.line, (touchedBy.get(p.line) ?? 0) | cpuBit(p.cpu));
  }
  return (p) => p.cpu >= 31 || ((touchedBy.get(p.line) ?? 0) & ~cpuBit(p.cpu)) !== 0;
}

/** The order of a run's events: its races' reversals within `bound` preemptions, and its class. */
export function runOrder(
  points: readonly SchedulingPoint[],
  cpus: number,
  bound: number,
  /** Coherent L1 D-caches: a cached load or store depends only on accesses to its word and on I-fills. */
  dataCoherent = false,
  /**
   * The executed-instruction count of the anomaly that decided the run (ExploredRun.decidedAt): what comes
   * after it changes nothing the oracle judges, so the run is read as if it stopped there.
   */
  decidedAt = Number.POSITIVE_INFINITY,
  /**
   * Whether a word is code, i.e. executed in the run: an instruction read of a line meets only stores to its
   * code, as the oracle compares fetched words alone with memory. A data word sharing a line with code (a
   * model layout, not the kernel's) does not order the fetches of that line.
   */
  code: (word: number) => boolean = () => true,
): RunOrder {
  const words = new Map<number, Touches>();
  const lines = new Map<number, Touches>();
  const clocks = Array.from({ length: cpus }, () => new Int32Array(cpus));
  const last: (Event | null)[] = Array.from({ length: cpus }, () => null);
  let lastGlobal: Event | null = null;
  const reversals = new Map<number, Reversal>();
  // Per CPU, a hash of its events in order: a CPU's events come in the same order in every run of a class.
  const h1 = new Array<number>(cpus).fill(0x811c9dc5);
  const h2 = new Array<number>(cpus).fill(0x01000193);
  const wordsPerLine = new Map<number, Set<number>>();

  const add = (cut: number, cpu: number): void => {
    const key = cut * 256 + cpu;
    if (!reversals.has(key)) reversals.set(key, { cut, cpu });
  };
  const reverse = (earlier: Event, cpu: number): void => {
    const p = earlier.point;
    if (earlier.pollOnly) return;
    // Before `earlier`: a switch there preempts its CPU unless it had only just been chosen.
    const cut = p.at - 1;
    const first = cut === p.start;
    const preemptions = first ? p.preempted : p.preempted + 1;
    if (preemptions <= bound && (p.before & cpuBit(cpu)) !== 0) add(cut, cpu);
    // And from where its CPU was chosen, for free, within the bound or not (Coons, Musuvathi and McKinley's
    // bounded partial-order reduction): a schedule that reverses an earlier race of the same turn may need the
    // preemption this one spends. Added only over the bound, a store and two loads of one word missed the
    // second load seeing the store within one preemption.
    if (!first && p.preempted <= bound && (p.startEligible & cpuBit(cpu)) !== 0) add(p.start, cpu);
  };

  const shared = sharedLines(points, decidedAt);
  for (const group of eventsOf(points, decidedAt)) {
    const head = group[0] as SchedulingPoint;
    if (head.at > decidedAt) break;
    const cpu = head.cpu;
    let alone = true;
    for (const p of group) if (!touchesMemory(p) || shared(p)) alone = false;
    if (alone) {
      // Nobody else touches what it touched: in the class only as a step of its CPU's own sequence.
      let a = h1[cpu] ?? 0;
      let b = h2[cpu] ?? 0;
      for (const p of group) {
        a = mix(mix(a, p.access), p.address);
        b = mix(mix(b, p.address), p.access);
      }
      h1[cpu] = mix(a, -1);
      h2[cpu] = mix(b, -1);
      continue;
    }
    const deps: Event[] = [];
    let global = false;
    for (const p of group) if (p.access === access.GLOBAL || p.access === access.START) global = true;
    if (global) {
      for (const e of last) if (e !== null) deps.push(e);
    } else if (lastGlobal !== null) deps.push(lastGlobal);
    for (const p of group) {
      if (!touchesMemory(p) || !shared(p)) continue;
      const w = writes(p);
      const line = touchesOf(lines, p.line, cpus);
      if (isToMemory(p)) {
        if (line.toMemory !== null) deps.push(line.toMemory);
        if (line.uncachedWrite !== null) deps.push(line.uncachedWrite);
        if (line.lastDrop !== null) deps.push(line.lastDrop);
        pushEach(deps, line.uncachedReads);
        continue;
      }
      if ((p.uncached || isDrop(p)) && line.toMemory !== null) deps.push(line.toMemory);
      // Coherent caches: a cached access meets the line's whole-line accesses only as a store before a fill.
      const cached = dataCoherent && !isLineAccess(p) && !p.uncached;
      if (isHit(p)) {
        if (line.lastStore !== null) deps.push(line.lastStore);
      } else if (!cached) pushWrites(deps, line, p);
      if (w) {
        pushEach(deps, line.reads);
        const storesCode = isLineAccess(p) || code(p.address);
        if (storesCode) pushEach(deps, line.fills);
        if (storesCode && (!isLineAccess(p) || isLineStore(p))) pushEach(deps, line.hits);
      }
      if (isLineAccess(p)) {
        // With coherent caches a write-back or invalidation changes no word a cached access sees: only a fill
        // (an I-fill, which reads memory) meets the stores to its line.
        for (const word of dataCoherent && w ? [] : (wordsPerLine.get(p.line) ?? [])) {
          if ((isFill(p) || isHit(p)) && !code(word)) continue;
          const t = touchesOf(words, word, cpus);
          pushWrites(deps, t, p);
          if (w) pushEach(deps, t.reads);
        }
      } else {
        const t = touchesOf(words, p.address, cpus);
        pushWrites(deps, t, p);
        if (w) pushEach(deps, t.reads);
      }
    }
    const clock = clocks[cpu] as Int32Array;
    // Races: dependencies of other CPUs this CPU has not seen, and that no other such dependency follows.
    const unseen: Event[] = [];
    for (const d of deps) if (d.cpu !== cpu && d.index > (clock[d.cpu] ?? 0)) unseen.push(d);
    for (const d of unseen) if (!followed(d, unseen)) reverse(d, cpu);
    for (const d of deps) for (let c = 0; c < cpus; c++) clock[c] = Math.max(clock[c] ?? 0, d.clock[c] ?? 0);
    clock[cpu] = (clock[cpu] ?? 0) + 1;
    let pollOnly = true;
    for (const p of group) if (!p.pollOnly) pollOnly = false;
    const event: Event = { cpu, index: clock[cpu] ?? 0, clock: clock.slice(), point: head, pollOnly };
    last[cpu] = event;
    if (global) lastGlobal = event;
    for (const p of group) {
      if (!touchesMemory(p) || !shared(p)) continue;
      note(isLineAccess(p) ? touchesOf(lines, p.line, cpus) : touchesOf(words, p.address, cpus), p, event);
      // An uncached access goes to memory, where whole-line accesses meet it.
      if (p.uncached && dataCoherent) note(touchesOf(lines, p.line, cpus), p, event);
      if (p.uncached) {
        const t = touchesOf(lines, p.line, cpus);
        if (writes(p)) {
          t.uncachedWrite = event;
          t.uncachedReads.fill(null);
        } else t.uncachedReads[cpu] = event;
      }
      if (!isLineAccess(p)) {
        const set = wordsPerLine.get(p.line) ?? new Set<number>();
        set.add(p.address);
        wordsPerLine.set(p.line, set);
      }
    }
    // The class: every event with what it touched and the clock it ran at.
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
  return { reversals: [...reversals.values()], fingerprint: hex(h1) + hex(h2) };
}
