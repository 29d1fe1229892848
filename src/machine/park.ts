/**
 * Parked waits: a CPU spinning in a poll loop costs nothing while nothing it depends on changes.
 *
 * At each `pause` the machine compares the CPU with itself at its previous `pause` on the same word: same
 * registers, same interrupt enable. Such an iteration is a fixed point: the next one fetches the same
 * words, loads the same addresses and, as long as those return the same values, ends the same way. So the
 * CPU is parked instead, and woken when that can stop being true:
 * - a word it loaded (at most two per iteration) reads differently *through its own caches* (a store
 *   stuck in another core's non-coherent L1 does not wake it; its writeback does);
 * - a word of its loop reads differently to its fetch, or is overwritten (it must fetch it, stale or not);
 * - an IPI arrives (one pending with interrupts off, as in an IPI handler, does not stop it parking), its
 *   state changes (reset, power), or, for a timed wait that read COUNT, the deadline it put in CP0 Compare
 *   comes. A timed wait without a Compare ahead of now is not parked.
 * Woken, it runs its loop again and either leaves or parks again. Parking changes no outcome a run
 * could have had; it only removes the steps a spinning CPU would have spent.
 */

import { JUMP_REGION_MASK, op, PHYS_MASK, REG_COUNT, UNCACHED } from './isa.js';
import type { Machine } from './machine.js';
import { NEVER } from './scheduler.js';

/** Loads one iteration may make and still park: a poll reads a flag or two. */
export const PARK_WATCHES = 2;
/** Words of loop code a parked CPU watches: the loop from the branch target back to its branch. */
export const PARK_CODE_WORDS = 24;
/** An iteration's load count that rules parking out (a copy loop, say): more loads than a poll makes. */
export const NOT_A_POLL = PARK_WATCHES + 1;

/** Per-CPU bookkeeping of the current loop iteration and of a parked CPU's wake conditions. */
export class ParkState {
  /** 1 while parked: running as far as the trace and the oracle know, but not scheduled. */
  readonly parked: Uint8Array;
  parkedCount = 0;
  /** The earliest Compare deadline among parked CPUs, or NEVER. */
  nextWake = NEVER;
  readonly wakeAt: Int32Array;
  readonly compare: Int32Array;
  // The iteration since the last `pause`: loads (count, addresses, values), and the register COUNT went to.
  readonly loads: Int32Array;
  readonly loadAddr: Int32Array;
  readonly loadVal: Int32Array;
  readonly countReg: Int32Array;
  /** How many of `loadAddr` a parked CPU watches (its last iteration's loads). */
  readonly watchCount: Int32Array;
  // The CPU at its last `pause`.
  readonly snapPc: Int32Array;
  readonly snapIe: Uint8Array;
  readonly snapRegs: Int32Array;
  // A parked CPU's loop: first word, length, and the words as it fetched them and as memory held them.
  readonly codeBase: Int32Array;
  readonly codeLen: Int32Array;
  readonly codeFetched: Int32Array;
  readonly codeLatest: Int32Array;

  constructor(cpus: number) {
    this.parked = new Uint8Array(cpus);
    this.wakeAt = new Int32Array(cpus);
    this.compare = new Int32Array(cpus);
    this.loads = new Int32Array(cpus);
    this.loadAddr = new Int32Array(cpus * PARK_WATCHES);
    this.loadVal = new Int32Array(cpus * PARK_WATCHES);
    this.countReg = new Int32Array(cpus);
    this.watchCount = new Int32Array(cpus);
    this.snapPc = new Int32Array(cpus);
    this.snapIe = new Uint8Array(cpus);
    this.snapRegs = new Int32Array(cpus * REG_COUNT);
    this.codeBase = new Int32Array(cpus);
    this.codeLen = new Int32Array(cpus);
    this.codeFetched = new Int32Array(cpus * PARK_CODE_WORDS);
    this.codeLatest = new Int32Array(cpus * PARK_CODE_WORDS);
    this.reset();
  }

  reset(): void {
    this.parked.fill(0);
    this.parkedCount = 0;
    this.nextWake = NEVER;
    this.wakeAt.fill(NEVER);
    this.compare.fill(0);
    this.loads.fill(0);
    this.countReg.fill(-1);
    this.snapPc.fill(-1);
  }

  /** Forgets the iteration in progress: the next `pause` starts comparing afresh. */
  forget(cpu: number): void {
    this.snapPc[cpu] = -1;
    this.loads[cpu] = 0;
    this.countReg[cpu] = -1;
  }
}

/** The value a load of `ea` by `cpu` would return now. */
function peekLoad(m: Machine, cpu: number, ea: number): number {
  const p = ea & PHYS_MASK;
  return (ea & UNCACHED) !== 0 ? m.memory.words[p]! : m.cache.peekData(m.coreOf[cpu]!, p);
}

/** The value a fetch of `pc` by `cpu` would return now. */
function peekFetch(m: Machine, cpu: number, pc: number): number {
  const p = pc & PHYS_MASK;
  return (pc & UNCACHED) !== 0 ? m.memory.words[p]! : m.cache.peekFetch(m.coreOf[cpu]!, p);
}

/**
 * The loop a `pause` at `pc` belongs to: from the first branch or jump after it that goes back to or before
 * it, to that branch's target. Null when there is none close by (then the CPU is not parked).
 */
function loopAround(m: Machine, cpu: number, pc: number): { base: number; length: number } | null {
  for (let q = pc + 1; q <= pc + 4; q++) {
    if ((q & PHYS_MASK) >>> 0 >= m.memory.size) return null;
    const w = peekFetch(m, cpu, q);
    const code = (w >> 24) & 0xff;
    let target = -1;
    if (code >= op.BEQ && code <= op.BGEZ) target = q + 1 + ((w << 16) >> 16);
    else if (code === op.J) target = (q & JUMP_REGION_MASK) | (w & 0xffffff);
    else continue;
    if (target > pc) continue;
    const length = q - target + 1;
    return length <= PARK_CODE_WORDS ? { base: target, length } : null;
  }
  return null;
}

function setWatch(m: Machine, cpu: number, on: boolean): void {
  const ps = m.park;
  const watchers = m.cache.watchers;
  const words = m.cache.cpuWords;
  const shift = m.cache.lineShift;
  const bit = 1 << (cpu & 31);
  const mark = (p: number): void => {
    const line = p >> shift;
    if (line < 0 || line * words >= watchers.length) return;
    const i = line * words + (cpu >> 5);
    watchers[i] = on ? watchers[i]! | bit : watchers[i]! & ~bit;
  };
  for (let k = 0; k < ps.watchCount[cpu]!; k++) mark(ps.loadAddr[cpu * PARK_WATCHES + k]! & PHYS_MASK);
  const base = ps.codeBase[cpu]! & PHYS_MASK;
  for (let i = 0; i < ps.codeLen[cpu]!; i++) mark(base + i);
}

/** Whether a word `cpu` loaded in its last iteration (the first `watchCount`) reads differently now. */
function loadsChanged(m: Machine, cpu: number): boolean {
  const ps = m.park;
  for (let k = 0; k < ps.watchCount[cpu]!; k++) {
    const i = cpu * PARK_WATCHES + k;
    if (peekLoad(m, cpu, ps.loadAddr[i]!) !== ps.loadVal[i]) return true;
  }
  return false;
}

/** Whether anything the parked `cpu` depends on reads differently now. */
function changed(m: Machine, cpu: number): boolean {
  const ps = m.park;
  if (loadsChanged(m, cpu)) return true;
  const base = ps.codeBase[cpu]!;
  for (let i = 0; i < ps.codeLen[cpu]!; i++) {
    const j = cpu * PARK_CODE_WORDS + i;
    if (peekFetch(m, cpu, base + i) !== ps.codeFetched[j]) return true;
    if (m.memory.latest[(base + i) & PHYS_MASK] !== ps.codeLatest[j]) return true;
  }
  return false;
}

/**
 * Called at each `pause` (at `pc`): parks the CPU if this iteration of its loop was a fixed point, and
 * otherwise remembers the CPU as it is now for the next `pause`. True when parked.
 */
export function pauseOrPark(m: Machine, cpu: number, pc: number): boolean {
  const ps = m.park;
  const loads = ps.loads[cpu]!;
  const countReg = ps.countReg[cpu]!;
  ps.loads[cpu] = 0;
  ps.countReg[cpu] = -1;
  const rb = cpu * REG_COUNT;
  let same =
    ps.snapPc[cpu] === pc &&
    ps.snapIe[cpu] === m.ie[cpu] &&
    loads <= PARK_WATCHES &&
    (m.pending[cpu] === 0 || m.ie[cpu] === 0);
  for (let r = 1; same && r < REG_COUNT; r++)
    if (r !== countReg && m.regs[rb + r] !== ps.snapRegs[rb + r]) same = false;
  const deadline = countReg >= 0 ? ps.compare[cpu]! : NEVER;
  if (deadline <= m.step) same = false;
  const loop = same ? loopAround(m, cpu, pc) : null;
  if (loop === null) {
    ps.snapPc[cpu] = pc;
    ps.snapIe[cpu] = m.ie[cpu]!;
    for (let r = 0; r < REG_COUNT; r++) ps.snapRegs[rb + r] = m.regs[rb + r]!;
    return false;
  }
  ps.watchCount[cpu] = loads;
  ps.codeBase[cpu] = loop.base;
  ps.codeLen[cpu] = loop.length;
  for (let i = 0; i < loop.length; i++) {
    const j = cpu * PARK_CODE_WORDS + i;
    ps.codeFetched[j] = peekFetch(m, cpu, loop.base + i);
    ps.codeLatest[j] = m.memory.latest[(loop.base + i) & PHYS_MASK]!;
  }
  // A value that changed between the load and this pause (our own IPI handler, say) ends the wait now.
  if (loadsChanged(m, cpu)) return false;
  ps.parked[cpu] = 1;
  ps.parkedCount++;
  ps.wakeAt[cpu] = deadline;
  if (deadline < ps.nextWake) ps.nextWake = deadline;
  setWatch(m, cpu, true);
  return true;
}

/** Wakes a parked CPU: it runs its loop again from where it paused. */
export function unpark(m: Machine, cpu: number): void {
  const ps = m.park;
  if (ps.parked[cpu] === 0) return;
  setWatch(m, cpu, false);
  ps.parked[cpu] = 0;
  ps.parkedCount--;
  ps.wakeAt[cpu] = NEVER;
}

/** Wakes the CPUs whose watched lines were touched and now read differently, and those whose deadline came. */
export function wakeParked(m: Machine): void {
  const ps = m.park;
  const touchedCpus = m.cache.touchedCpus;
  m.cache.touched = 0;
  for (let w = touchedCpus.length - 1; w >= 0; w--) {
    let touched = touchedCpus[w]!;
    touchedCpus[w] = 0;
    while (touched !== 0) {
      const bit = 31 - Math.clz32(touched);
      touched &= ~(1 << bit);
      const cpu = (w << 5) + bit;
      if (ps.parked[cpu] === 1 && changed(m, cpu)) unpark(m, cpu);
    }
  }
  if (m.step < ps.nextWake) return;
  let next = NEVER;
  for (let cpu = 0; cpu < m.cpus; cpu++) {
    if (ps.parked[cpu] === 0) continue;
    if (ps.wakeAt[cpu]! <= m.step) unpark(m, cpu);
    else if (ps.wakeAt[cpu]! < next) next = ps.wakeAt[cpu]!;
  }
  ps.nextWake = next;
}
