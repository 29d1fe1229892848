/**
 * The cache hierarchy: per core an L1 I-cache and an L1 D-cache (shared by the core's threads), and
 * an optional shared secondary cache, all holding real copies of the data. Which copy a CPU sees
 * depends on the platform's coherence facts (BRIEF.md §4.2, §4.5), so a missing writeback or
 * invalidate shows up as a CPU really executing or reading old words.
 *
 * Every index below is masked to its array size or comes from a lookup that is; non-null `!` is
 * safe throughout this file.
 */

import { cacheOp, PHYS_MASK } from './isa.js';
import type { Memory } from './memory.js';

export interface CacheGeometry {
  readonly lineWords: number; // power of two
  readonly l1Sets: number; // power of two
  readonly l1Ways: number;
  readonly l2Sets: number; // 0: no secondary cache
  readonly l2Ways: number;
}

/** Coherence facts that differ between platforms. Each is a choice, never a special case. */
export interface CoherenceConfig {
  /** Hardware keeps L1 D-caches coherent between cores (a load sees another core's dirty line). */
  readonly dCoherent: boolean;
  /** L1 D is write-through to the next level (Octeon: "the D-cache needs no flushing"). */
  readonly dWriteThrough: boolean;
  /** cpu_has_ic_fills_f_dc: an I-cache miss fills from the local L1 D first. */
  readonly icFillsFromDc: boolean;
  /** cpu_icache_snoops_remote_store: another core's store invalidates this core's I-lines. */
  readonly icacheSnoopsRemoteStore: boolean;
  /** A coherence manager globalises hit-type cache ops to every core (CPS CM). */
  readonly hitOpsGlobal: boolean;
  /** `synci` invalidates the whole local I-cache (Octeon's `synci 0($0)`), not one line. */
  readonly synciWholeICache: boolean;
}

/**
 * Plain loops instead of `set(subarray())`: no view objects are allocated on a cache miss. One function per
 * array type, so each stays monomorphic on the hot path.
 */
function copyWords(src: Int32Array, from: number, dst: Int32Array, to: number, n: number): void {
  for (let i = 0; i < n; i++) dst[to + i] = src[from + i]!;
}

function copyTags(src: Uint8Array, from: number, dst: Uint8Array, to: number, n: number): void {
  for (let i = 0; i < n; i++) dst[to + i] = src[from + i]!;
}

function log2(n: number): number {
  return 31 - Math.clz32(n);
}

/** One level of set-associative cache for `units` cores (1 for the shared secondary cache). */
export class CacheArray {
  readonly sets: number;
  readonly ways: number;
  readonly lineWords: number;
  readonly units: number;
  /** Line number held by each slot, or -1. Slot = (unit * sets + set) * ways + way. */
  readonly tag: Int32Array;
  readonly dirty: Uint8Array;
  readonly data: Int32Array;
  readonly prov: Uint8Array;
  private readonly victim: Uint8Array;

  constructor(units: number, sets: number, ways: number, lineWords: number) {
    this.units = units;
    this.sets = sets;
    this.ways = ways;
    this.lineWords = lineWords;
    const slots = units * sets * ways;
    this.tag = new Int32Array(slots).fill(-1);
    this.dirty = new Uint8Array(slots);
    this.data = new Int32Array(slots * lineWords);
    this.prov = new Uint8Array(slots * lineWords);
    this.victim = new Uint8Array(units * sets);
  }

  reset(): void {
    this.tag.fill(-1);
    this.dirty.fill(0);
    this.data.fill(0);
    this.prov.fill(0);
    this.victim.fill(0);
  }

  /** The slot holding `line` in `unit`, or -1. */
  lookup(unit: number, line: number): number {
    const base = (unit * this.sets + (line & (this.sets - 1))) * this.ways;
    for (let w = 0; w < this.ways; w++) if (this.tag[base + w] === line) return base + w;
    return -1;
  }

  /** The slot `line` would go into: an invalid way if any, else round-robin. Does not evict. */
  chooseVictim(unit: number, line: number): number {
    const set = unit * this.sets + (line & (this.sets - 1));
    const base = set * this.ways;
    for (let w = 0; w < this.ways; w++) if (this.tag[base + w] === -1) return base + w;
    const w = this.victim[set]!;
    this.victim[set] = (w + 1) % this.ways;
    return base + w;
  }

  /** The slot an index-type op names: set from the low line bits, way from the bits above them. */
  indexSlot(unit: number, address: number): number {
    const lineShift = log2(this.lineWords);
    const set = (address >> lineShift) & (this.sets - 1);
    const way = ((address >> (lineShift + log2(this.sets))) & 0xffff) % this.ways;
    return (unit * this.sets + set) * this.ways + way;
  }

  unitOf(slot: number): number {
    return Math.floor(slot / (this.sets * this.ways));
  }

  /** Invalidates a slot (dirty data is lost) and clears its unit's bit in the line's presence set. */
  drop(slot: number, presence: Int32Array, words: number): void {
    const line = this.tag[slot]!;
    if (line === -1) return;
    const unit = this.unitOf(slot);
    const i = line * words + (unit >> 5);
    presence[i] = presence[i]! & ~(1 << (unit & 31));
    this.tag[slot] = -1;
    this.dirty[slot] = 0;
  }
}

/**
 * Where a cache tells an exploration what it did to state other CPUs can see (recorder.ts): a line read from
 * the level below, or a line changed there or in another core's L1. Changes to a core's own clean L1 lines are
 * not told: only that core can see them, and its own instructions are in program order anyway.
 */
export interface SharedEffects {
  lineEffect(write: boolean, line: number): void;
  /**
   * A line written from the last cache level to memory: only what goes to memory past the caches (an uncached
   * access) or drops a cached line unwritten (a cache instruction) can tell; a fill reads the same words.
   */
  memoryWriteback(line: number): void;
  /** A line the last cache level dropped (a cache instruction's), written back first or not. */
  lastLevelDrop(line: number): void;
}

export class CacheSystem {
  readonly cores: number;
  readonly lineWords: number;
  readonly lineShift: number;
  readonly lineMask: number;
  readonly l1i: CacheArray;
  readonly l1d: CacheArray;
  readonly l2: CacheArray | null;
  /**
   * Per memory line: the set of cores whose L1 D (resp. I) holds it, `coreWords` Int32 words of bits per
   * line (core c is bit c & 31 of word c >> 5): a 48-core Octeon needs two.
   */
  readonly dPresence: Int32Array;
  readonly iPresence: Int32Array;
  readonly coreWords: number;
  /** Words per line of `watchers`, one bit per CPU. */
  readonly cpuWords: number;
  readonly coherence: CoherenceConfig;
  private readonly memory: Memory;
  /** Lines of memory. */
  private readonly lines: number;
  /** Provenance tag of the word the last `load` returned. */
  lastProv = 0;
  /** Per core, the L1 D slot of its last access: a one-compare fast path for loops over one line. */
  private readonly dMemo: Int32Array;
  /** Per memory line: the set of parked CPUs whose wait depends on it (data they polled or code they ran). */
  readonly watchers: Int32Array;
  /** The set of CPUs whose watched lines changed at some level since the machine last looked (park.ts). */
  readonly touchedCpus: Int32Array;
  /** Non-zero when `touchedCpus` has any bit set: the one check the hot loop makes. */
  touched = 0;
  /** Told of shared effects while an exploration records (null otherwise: one test on slow paths only). */
  effects: SharedEffects | null = null;
  /** The core whose operation is under way, so an invalidation can tell its own lines from another's. */
  private actor = 0;

  constructor(cores: number, geometry: CacheGeometry, coherence: CoherenceConfig, memory: Memory, cpus = cores) {
    this.cores = cores;
    this.coreWords = (cores + 31) >> 5;
    this.cpuWords = (cpus + 31) >> 5;
    this.lineWords = geometry.lineWords;
    this.lineShift = log2(geometry.lineWords);
    this.lineMask = geometry.lineWords - 1;
    this.l1i = new CacheArray(cores, geometry.l1Sets, geometry.l1Ways, geometry.lineWords);
    this.l1d = new CacheArray(cores, geometry.l1Sets, geometry.l1Ways, geometry.lineWords);
    this.l2 = geometry.l2Sets > 0 ? new CacheArray(1, geometry.l2Sets, geometry.l2Ways, geometry.lineWords) : null;
    const lines = memory.size >> this.lineShift;
    this.lines = lines;
    this.dPresence = new Int32Array(lines * this.coreWords);
    this.iPresence = new Int32Array(lines * this.coreWords);
    this.watchers = new Int32Array(lines * this.cpuWords);
    this.touchedCpus = new Int32Array(this.cpuWords);
    this.coherence = coherence;
    this.memory = memory;
    this.dMemo = new Int32Array(cores);
    this.resetMemo();
  }

  private resetMemo(): void {
    // A memo always names a slot of its own core, so a tag match there is a real hit.
    for (let c = 0; c < this.cores; c++) this.dMemo[c] = c * this.l1d.sets * this.l1d.ways;
  }

  reset(): void {
    this.l1i.reset();
    this.l1d.reset();
    this.l2?.reset();
    this.dPresence.fill(0);
    this.iPresence.fill(0);
    this.watchers.fill(0);
    this.touchedCpus.fill(0);
    this.touched = 0;
    this.lastProv = 0;
    this.resetMemo();
  }

  /** Something about `line` changed at some level: its watchers must look again. */
  private touch(line: number): void {
    const words = this.cpuWords;
    if (words === 1) {
      const bits = this.watchers[line]!;
      if (bits !== 0) {
        this.touchedCpus[0] = this.touchedCpus[0]! | bits;
        this.touched = 1;
      }
      return;
    }
    for (let w = 0; w < words; w++) {
      const bits = this.watchers[line * words + w]!;
      if (bits === 0) continue;
      this.touchedCpus[w] = this.touchedCpus[w]! | bits;
      this.touched = 1;
    }
  }

  /** Whether a core other than `core` is in the line's presence set. */
  private othersHold(presence: Int32Array, line: number, core: number): boolean {
    const words = this.coreWords;
    if (words === 1) return (presence[line]! & ~(1 << core)) !== 0;
    for (let w = 0; w < words; w++) {
      let bits = presence[line * words + w]!;
      if (w === core >> 5) bits &= ~(1 << (core & 31));
      if (bits !== 0) return true;
    }
    return false;
  }

  /**
   * The highest-numbered core below `below`, other than `except`, in the line's presence set, or -1. Walks go
   * from the top down, as they always have, so the order of snoops is the same for every board size.
   */
  private highestOther(presence: Int32Array, line: number, except: number, below: number): number {
    const words = this.coreWords;
    for (let w = (below - 1) >> 5; w >= 0; w--) {
      let bits = presence[line * words + w]!;
      if (w === except >> 5) bits &= ~(1 << (except & 31));
      const top = below - (w << 5);
      if (top < 32) bits &= (1 << top) - 1;
      if (bits !== 0) return (w << 5) + 31 - Math.clz32(bits);
    }
    return -1;
  }

  private addPresence(presence: Int32Array, line: number, core: number): void {
    const i = line * this.coreWords + (core >> 5);
    presence[i] = presence[i]! | (1 << (core & 31));
  }

  /**
   * The word a data load by `core` would return now, without filling or evicting anything: what a
   * parked CPU would see if it polled again.
   */
  peekData(core: number, address: number): number {
    const line = address >> this.lineShift;
    const offset = address & this.lineMask;
    const lw = this.lineWords;
    const d = this.l1d;
    const own = d.lookup(core, line);
    if (own >= 0) return d.data[own * lw + offset]!;
    const dirty = this.coherence.dCoherent ? this.dirtyElsewhere(core, line) : -1;
    if (dirty >= 0) return d.data[dirty * lw + offset]!;
    return this.peekBelow(line, address);
  }

  /** The word a fetch by `core` would return now, without filling anything (see `fetchSlot`). */
  peekFetch(core: number, address: number): number {
    const line = address >> this.lineShift;
    const offset = address & this.lineMask;
    const lw = this.lineWords;
    const ic = this.l1i.lookup(core, line);
    if (ic >= 0) return this.l1i.data[ic * lw + offset]!;
    const d = this.l1d;
    const own = this.coherence.icFillsFromDc ? d.lookup(core, line) : -1;
    if (own >= 0) return d.data[own * lw + offset]!;
    if (this.coherence.icacheSnoopsRemoteStore && this.coherence.dCoherent) {
      const dirty = this.dirtyElsewhere(core, line);
      if (dirty >= 0) return d.data[dirty * lw + offset]!;
    }
    return this.peekBelow(line, address);
  }

  /** The L1 D slot of another core holding `line` dirty, or -1. */
  private dirtyElsewhere(core: number, line: number): number {
    const p = this.dPresence;
    if (!this.othersHold(p, line, core)) return -1;
    for (let c = this.highestOther(p, line, core, this.cores); c >= 0; c = this.highestOther(p, line, core, c)) {
      const slot = this.l1d.lookup(c, line);
      if (slot >= 0 && this.l1d.dirty[slot] === 1) return slot;
    }
    return -1;
  }

  private peekBelow(line: number, address: number): number {
    const l2 = this.l2;
    const slot = l2 === null ? -1 : l2.lookup(0, line);
    return slot >= 0 ? l2!.data[slot * this.lineWords + (address & this.lineMask)]! : this.memory.words[address]!;
  }

  // ---- the next level below L1: secondary cache if present, else memory ----

  /** Copies a whole line from the level below L1 into `dst` at `dstOffset`. */
  private readBelow(line: number, dst: Int32Array, dstProv: Uint8Array, dstOffset: number): void {
    const lw = this.lineWords;
    const l2 = this.l2;
    if (l2 === null) {
      const base = line << this.lineShift;
      copyWords(this.memory.words, base, dst, dstOffset, lw);
      copyTags(this.memory.tags, base, dstProv, dstOffset, lw);
      return;
    }
    const slot = this.l2Fill(line);
    copyWords(l2.data, slot * lw, dst, dstOffset, lw);
    copyTags(l2.prov, slot * lw, dstProv, dstOffset, lw);
  }

  /** Writes a whole dirty L1 line down a level. */
  private writeBelow(line: number, src: Int32Array, srcProv: Uint8Array, srcOffset: number): void {
    this.touch(line);
    this.effects?.lineEffect(true, line);
    const lw = this.lineWords;
    const l2 = this.l2;
    if (l2 === null) {
      const base = line << this.lineShift;
      this.memory.touch(base);
      copyWords(src, srcOffset, this.memory.words, base, lw);
      copyTags(srcProv, srcOffset, this.memory.tags, base, lw);
      return;
    }
    let slot = l2.lookup(0, line);
    if (slot < 0) slot = this.l2Allocate(line);
    copyWords(src, srcOffset, l2.data, slot * lw, lw);
    copyTags(srcProv, srcOffset, l2.prov, slot * lw, lw);
    l2.dirty[slot] = 1;
  }

  /** One word written down a level (write-through stores). */
  private writeWordBelow(address: number, value: number, tag: number): void {
    this.touch(address >> this.lineShift);
    const l2 = this.l2;
    if (l2 === null) {
      this.memory.touch(address);
      this.memory.words[address] = value;
      this.memory.tags[address] = tag;
      return;
    }
    const slot = this.l2Fill(address >> this.lineShift);
    const i = slot * this.lineWords + (address & this.lineMask);
    l2.data[i] = value;
    l2.prov[i] = tag;
    l2.dirty[slot] = 1;
  }

  private l2Fill(line: number): number {
    const l2 = this.l2!;
    const hit = l2.lookup(0, line);
    if (hit >= 0) return hit;
    const slot = this.l2Allocate(line);
    const lw = this.lineWords;
    const base = line << this.lineShift;
    copyWords(this.memory.words, base, l2.data, slot * lw, lw);
    copyTags(this.memory.tags, base, l2.prov, slot * lw, lw);
    return slot;
  }

  /** Frees a secondary-cache slot for `line` (writing back a dirty victim) and claims it. */
  private l2Allocate(line: number): number {
    const l2 = this.l2!;
    const slot = l2.chooseVictim(0, line);
    if (l2.tag[slot] !== -1 && l2.dirty[slot] === 1) this.l2WritebackSlot(slot);
    l2.tag[slot] = line;
    l2.dirty[slot] = 0;
    return slot;
  }

  private l2WritebackSlot(slot: number): void {
    const l2 = this.l2!;
    const lw = this.lineWords;
    this.touch(l2.tag[slot]!);
    this.effects?.memoryWriteback(l2.tag[slot]!);
    const base = l2.tag[slot]! << this.lineShift;
    this.memory.touch(base);
    copyWords(l2.data, slot * lw, this.memory.words, base, lw);
    copyTags(l2.prov, slot * lw, this.memory.tags, base, lw);
    l2.dirty[slot] = 0;
  }

  // ---- L1 D ----

  private dWriteback(slot: number): void {
    const d = this.l1d;
    if (d.dirty[slot] !== 1) return;
    this.writeBelow(d.tag[slot]!, d.data, d.prov, slot * this.lineWords);
    d.dirty[slot] = 0;
  }

  private dInvalidate(slot: number): void {
    const line = this.l1d.tag[slot]!;
    if (line >= 0) this.touch(line);
    // Dirty data lost, or another core's copy gone: others can tell.
    if (line >= 0 && (this.l1d.dirty[slot] === 1 || this.l1d.unitOf(slot) !== this.actor)) {
      this.effects?.lineEffect(true, line);
    }
    this.l1d.drop(slot, this.dPresence, this.coreWords);
  }

  /** Other cores' dirty copies of `line` go down a level; with `invalidate` they are dropped too. */
  private dSnoop(core: number, line: number, invalidate: boolean): void {
    const p = this.dPresence;
    if (!this.othersHold(p, line, core)) return;
    // The cores snooped are others: their lines invalidated here are another core's (SharedEffects).
    this.actor = core;
    for (let c = this.highestOther(p, line, core, this.cores); c >= 0; c = this.highestOther(p, line, core, c)) {
      const slot = this.l1d.lookup(c, line);
      if (slot < 0) continue;
      this.dWriteback(slot);
      if (invalidate) this.dInvalidate(slot);
    }
  }

  /** The L1 D slot of `line` for `core`, filling it on a miss. */
  private dFill(core: number, line: number): number {
    const d = this.l1d;
    const hit = d.lookup(core, line);
    if (hit >= 0) return hit;
    this.actor = core;
    if (this.coherence.dCoherent) this.dSnoop(core, line, false);
    const slot = d.chooseVictim(core, line);
    if (d.tag[slot] !== -1) {
      this.dWriteback(slot);
      this.dInvalidate(slot);
    }
    // A coherent L1 D's fill reads what the word-by-word order of stores says: nothing more for others to tell.
    if (!this.coherence.dCoherent) this.effects?.lineEffect(false, line);
    this.readBelow(line, d.data, d.prov, slot * this.lineWords);
    d.tag[slot] = line;
    d.dirty[slot] = 0;
    this.addPresence(this.dPresence, line, core);
    return slot;
  }

  /** A cached load. The provenance of the word read is left in `lastProv`. */
  load(core: number, address: number): number {
    const line = address >> this.lineShift;
    let slot = this.dMemo[core]!;
    if (this.l1d.tag[slot] !== line) {
      slot = this.dFill(core, line);
      this.dMemo[core] = slot;
    }
    const i = slot * this.lineWords + (address & this.lineMask);
    this.lastProv = this.l1d.prov[i]!;
    return this.l1d.data[i]!;
  }

  /** A cached store (write-allocate, write-back unless the platform's L1 D is write-through). */
  store(core: number, address: number, value: number, tag: number): void {
    const line = address >> this.lineShift;
    const d = this.l1d;
    if (this.coherence.dWriteThrough) {
      if (this.coherence.dCoherent) this.dSnoop(core, line, true);
      const slot = d.lookup(core, line);
      if (slot >= 0) {
        const i = slot * this.lineWords + (address & this.lineMask);
        d.data[i] = value;
        d.prov[i] = tag;
      }
      this.writeWordBelow(address, value, tag);
    } else {
      if (this.coherence.dCoherent && this.othersHold(this.dPresence, line, core)) this.dSnoop(core, line, true);
      let slot = this.dMemo[core]!;
      if (d.tag[slot] !== line) {
        slot = this.dFill(core, line);
        this.dMemo[core] = slot;
      }
      const i = slot * this.lineWords + (address & this.lineMask);
      d.data[i] = value;
      d.prov[i] = tag;
      d.dirty[slot] = 1;
    }
    this.touch(line);
    this.snoopIcaches(core, line);
  }

  /** Source slot found by `lineCopySlot`. */
  copySrcSlot = -1;

  /**
   * For the rest of a line copy whose first word already went the general way: the destination's L1 D slot
   * (the source's in `copySrcSlot`) when both lines are in `core`'s L1 D, no other core holds the destination
   * and the L1 D is write-back, so each remaining word is a hit with nothing else to do; else -1.
   */
  lineCopySlot(core: number, dstLine: number, srcLine: number): number {
    if (this.coherence.dWriteThrough) return -1;
    if (this.othersHold(this.dPresence, dstLine, core)) return -1;
    const d = this.l1d;
    this.copySrcSlot = d.lookup(core, srcLine);
    if (this.copySrcSlot < 0) return -1;
    return d.lookup(core, dstLine);
  }

  /** What the stores of a line copy done through `lineCopySlot` leave behind, once for the line. */
  finishLineCopy(core: number, dstSlot: number): void {
    const line = this.l1d.tag[dstSlot]!;
    this.l1d.dirty[dstSlot] = 1;
    this.dMemo[core] = dstSlot;
    this.touch(line);
    this.snoopIcaches(core, line);
  }

  /** An uncached store goes straight to memory; cached copies are left as they are. */
  storeUncached(core: number, address: number, value: number, tag: number): void {
    this.memory.touch(address);
    this.memory.words[address] = value;
    this.memory.tags[address] = tag;
    this.touch(address >> this.lineShift);
    this.snoopIcaches(core, address >> this.lineShift);
  }

  private snoopIcaches(core: number, line: number): void {
    const p = this.iPresence;
    if (!this.coherence.icacheSnoopsRemoteStore || !this.othersHold(p, line, core)) return;
    this.actor = core;
    for (let c = this.highestOther(p, line, core, this.cores); c >= 0; c = this.highestOther(p, line, core, c)) {
      this.iInvalidateLine(c, line);
    }
  }

  // ---- L1 I ----

  /** The I-cache slot holding `line` for `core`, filling it on a miss. */
  fetchSlot(core: number, line: number): number {
    const ic = this.l1i;
    const hit = ic.lookup(core, line);
    if (hit >= 0) return hit;
    this.actor = core;
    // Fetches from this line mark words executed (memory.exec): a fill is the first fetch of a run.
    this.memory.touch(line << this.lineShift);
    const slot = ic.chooseVictim(core, line);
    if (ic.tag[slot] !== -1) this.iInvalidate(slot);
    const lw = this.lineWords;
    // An I-cache that snoops remote stores takes part in coherence: its refill sees other cores' dirty lines.
    if (this.coherence.icacheSnoopsRemoteStore && this.coherence.dCoherent) this.dSnoop(core, line, false);
    const dslot = this.coherence.icFillsFromDc ? this.l1d.lookup(core, line) : -1;
    if (dslot >= 0) {
      this.effects?.lineEffect(false, line);
      copyWords(this.l1d.data, dslot * lw, ic.data, slot * lw, lw);
      copyTags(this.l1d.prov, dslot * lw, ic.prov, slot * lw, lw);
    } else {
      this.effects?.lineEffect(false, line);
      this.readBelow(line, ic.data, ic.prov, slot * lw);
    }
    ic.tag[slot] = line;
    this.addPresence(this.iPresence, line, core);
    return slot;
  }

  private iInvalidate(slot: number): void {
    const line = this.l1i.tag[slot]!;
    if (line >= 0) this.touch(line);
    if (line >= 0 && this.l1i.unitOf(slot) !== this.actor) this.effects?.lineEffect(true, line);
    this.l1i.drop(slot, this.iPresence, this.coreWords);
  }

  private iInvalidateLine(core: number, line: number): void {
    const slot = this.l1i.lookup(core, line);
    if (slot >= 0) this.iInvalidate(slot);
  }

  // ---- cache instructions ----

  /** Executes a `cache` op. Returns false for an op number that does not exist. */
  op(core: number, operation: number, effectiveAddress: number): boolean {
    const address = effectiveAddress & PHYS_MASK;
    const line = address >> this.lineShift;
    const inRange = line >= 0 && line < this.lines;
    this.actor = core;
    // Hit ops act on every core's L1 where a coherence manager globalises them, else on ours.
    const first = this.coherence.hitOpsGlobal ? 0 : core;
    const last = this.coherence.hitOpsGlobal ? this.cores : core + 1;
    switch (operation) {
      case cacheOp.I_INDEX_INV:
        this.iInvalidate(this.l1i.indexSlot(core, address));
        return true;
      case cacheOp.D_INDEX_WB_INV: {
        const slot = this.l1d.indexSlot(core, address);
        this.dWriteback(slot);
        this.dInvalidate(slot);
        return true;
      }
      case cacheOp.S_INDEX_WB_INV: {
        const l2 = this.l2;
        if (l2 === null) return true;
        const slot = l2.indexSlot(0, address);
        if (l2.tag[slot] === -1) return true;
        if (l2.dirty[slot] === 1) this.l2WritebackSlot(slot);
        this.touch(l2.tag[slot]!);
        this.effects?.lastLevelDrop(l2.tag[slot]!);
        l2.tag[slot] = -1;
        return true;
      }
      case cacheOp.I_HIT_INV:
        if (!inRange) return true;
        for (let c = first; c < last; c++) this.iInvalidateLine(c, line);
        return true;
      case cacheOp.D_HIT_INV:
      case cacheOp.D_HIT_WB_INV:
      case cacheOp.D_HIT_WB:
        if (!inRange) return true;
        for (let c = first; c < last; c++) {
          const slot = this.l1d.lookup(c, line);
          if (slot < 0) continue;
          if (operation !== cacheOp.D_HIT_INV) this.dWriteback(slot);
          if (operation !== cacheOp.D_HIT_WB) this.dInvalidate(slot);
        }
        return true;
      case cacheOp.S_HIT_INV:
      case cacheOp.S_HIT_WB_INV:
      case cacheOp.S_HIT_WB: {
        const l2 = this.l2;
        if (l2 === null || !inRange) return true;
        const slot = l2.lookup(0, line);
        if (slot < 0) return true;
        if (operation !== cacheOp.S_HIT_INV && l2.dirty[slot] === 1) this.l2WritebackSlot(slot);
        if (operation !== cacheOp.S_HIT_WB) {
          this.touch(line);
          this.effects?.lastLevelDrop(line);
          l2.tag[slot] = -1;
          l2.dirty[slot] = 0;
        }
        return true;
      }
      default:
        return false;
    }
  }

  /** `synci`: make one line (or, on Octeon, the whole local I-cache) safe to execute after stores. */
  synci(core: number, effectiveAddress: number): void {
    this.actor = core;
    if (this.coherence.synciWholeICache) {
      this.discardL1i(core);
      return;
    }
    this.op(core, cacheOp.D_HIT_WB, effectiveAddress);
    this.op(core, cacheOp.I_HIT_INV, effectiveAddress);
  }

  private discardL1i(core: number): void {
    const ic = this.l1i;
    const per = ic.sets * ic.ways;
    for (let s = core * per; s < (core + 1) * per; s++) this.iInvalidate(s);
  }

  /** A core reset or power-gate: its L1 contents vanish without being written back. */
  discardCore(core: number): void {
    this.actor = core;
    this.discardL1i(core);
    const d = this.l1d;
    const per = d.sets * d.ways;
    for (let s = core * per; s < (core + 1) * per; s++) this.dInvalidate(s);
  }
}
