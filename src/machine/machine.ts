/**
 * The emulated SMP machine: CPUs (cores × threads) executing words from memory through their caches,
 * an IPI network with latency, a power controller, a scheduler and a trace. It knows nothing of kernels:
 * whatever happens during a run emerges from the words it executes.
 *
 * The hot path is `run()`: one switch per instruction over state held in typed arrays, no allocation.
 * What runs rarely lives beside this file as functions over the machine: IPIs in ipi.ts, the power
 * controller in power.ts, CP0 in cp0.ts, run-state changes and faults in run-state.ts.
 * Every array index is either masked, range-checked against `memWords`, or a CPU number below
 * `cpus`, so non-null `!` is safe throughout these files.
 */

import { type CacheGeometry, CacheSystem, type CoherenceConfig } from './cache.js';
import { readCp0, writeCp0 } from './cp0.js';
import { deliverIpis, raiseStrayInterrupt, sendIpi, takeIpi } from './ipi.js';
import { cp0, JUMP_REGION_MASK, op, PHYS_MASK, REG_COUNT, START_RESTARTS_RUNNING, UNCACHED } from './isa.js';
import { EXEC_EVER, EXEC_SINCE_WRITE, Memory } from './memory.js';
import { NOT_A_POLL, PARK_WATCHES, ParkState, pauseOrPark, wakeParked } from './park.js';
import { powerDownCore, resetCore, startOther } from './power.js';
import { Prng } from './prng.js';
import { access, type RunRecorder, UNCACHED_ACCESS } from './recorder.js';
import { fault, setRunState } from './run-state.js';
import { NEVER, type ScheduleConfig, Scheduler } from './scheduler.js';
import { ev, faultCause, runState, SYNCI_TRACE_OP, Trace, withExtra } from './trace.js';

export interface MachineConfig {
  readonly cores: number;
  readonly threadsPerCore: number;
  readonly memWords: number;
  readonly cache: CacheGeometry;
  readonly coherence: CoherenceConfig;
}

export interface RunConfig extends ScheduleConfig {
  readonly ipiLatency: { readonly min: number; readonly max: number };
  /** Hard step limit: every run ends. */
  readonly budget: number;
  /** Steps without progress (a changed word, a mark, an interrupt, a state change) before giving up. */
  readonly progressWindow: number;
}

export type StopReason =
  | { readonly kind: 'exit'; readonly step: number; readonly cpu: number; readonly code: number }
  /** Nothing can run and nothing is due: every CPU is stopped, waits with nothing in flight, or is parked. */
  | { readonly kind: 'all-stopped'; readonly step: number; readonly parked: number }
  | { readonly kind: 'no-progress'; readonly step: number; readonly lastProgress: number }
  | { readonly kind: 'budget'; readonly step: number }
  /** Stopped from outside once the run's outcome could no longer change (run/run-strategy.ts). */
  | { readonly kind: 'decided'; readonly step: number };

const STALE_REPORTS_PER_CPU = 16;

/** The recorder's mark for an access to an uncached address, else 0 (called only while recording). */
function uncachedAccess(ea: number): number {
  return (ea & UNCACHED) !== 0 ? UNCACHED_ACCESS : 0;
}

export class Machine {
  readonly cpus: number;
  readonly cores: number;
  readonly threadsPerCore: number;
  readonly memory: Memory;
  readonly cache: CacheSystem;
  readonly trace: Trace;
  scheduler: Scheduler;

  // per-CPU state, struct-of-arrays
  readonly regs: Int32Array;
  readonly pc: Int32Array;
  readonly state: Int32Array;
  readonly ie: Uint8Array;
  readonly epc: Int32Array;
  readonly ebase: Int32Array;
  readonly pending: Uint8Array;
  readonly ipiDue: Int32Array;
  readonly writeTag: Uint8Array;
  readonly lastTag: Int32Array;
  readonly lastStalePc: Int32Array;
  /** Stale fetches each CPU may still report: a loop running stale code would otherwise flood the trace. */
  readonly staleReports: Int32Array;
  readonly coreOf: Int32Array;
  private readonly iMemo: Int32Array;
  private readonly runnable: Uint8Array;
  /** Poll loops that cost nothing while nothing they read changes (park.ts). */
  readonly park: ParkState;

  step = 0;
  lastProgress = 0;
  // Read and written by the rare paths beside this file (ipi.ts); other layers leave them alone.
  /** The earliest step an IPI in flight or a stray interrupt is due, or NEVER. */
  nextDue = NEVER;
  /** Stray interrupts of the run in arrival order, and the next to deliver (ipi.ts). */
  readonly strays: { readonly cpu: number; readonly at: number }[] = [];
  strayNext = 0;
  runConfig: RunConfig;
  ipiRng: Prng;
  /** Bursts, IE changes and visible operations, when someone asked (recorder.ts); reset clears it. */
  recorder: RunRecorder | null = null;
  private exitCode: number | null = null;

  constructor(config: MachineConfig, run: RunConfig) {
    this.cores = config.cores;
    this.threadsPerCore = config.threadsPerCore;
    this.cpus = config.cores * config.threadsPerCore;
    this.memory = new Memory(config.memWords);
    this.cache = new CacheSystem(config.cores, config.cache, config.coherence, this.memory, this.cpus);
    this.trace = new Trace();
    const n = this.cpus;
    this.regs = new Int32Array(n * REG_COUNT);
    this.pc = new Int32Array(n);
    this.state = new Int32Array(n);
    this.ie = new Uint8Array(n);
    this.epc = new Int32Array(n);
    this.ebase = new Int32Array(n);
    this.pending = new Uint8Array(n);
    this.ipiDue = new Int32Array(n);
    this.writeTag = new Uint8Array(n);
    this.lastTag = new Int32Array(n);
    this.lastStalePc = new Int32Array(n);
    this.staleReports = new Int32Array(n);
    this.coreOf = new Int32Array(n);
    this.iMemo = new Int32Array(n);
    this.runnable = new Uint8Array(n);
    this.park = new ParkState(n);
    for (let c = 0; c < n; c++) this.coreOf[c] = Math.floor(c / config.threadsPerCore);
    this.runConfig = run;
    this.ipiRng = Prng.from(run.seed, 1);
    this.scheduler = new Scheduler(n, run);
    this.reset(run);
  }

  /** Back to power-on, in place: memory and caches cleared, every CPU halted, trace empty. */
  reset(run: RunConfig): void {
    this.runConfig = run;
    this.ipiRng = Prng.from(run.seed, 1);
    this.scheduler.reset(run);
    this.memory.reset();
    this.cache.reset();
    this.trace.reset();
    this.regs.fill(0);
    this.pc.fill(0);
    this.state.fill(runState.HALTED);
    this.ie.fill(0);
    this.epc.fill(0);
    this.ebase.fill(0);
    this.pending.fill(0);
    this.ipiDue.fill(-1);
    this.writeTag.fill(0);
    this.lastTag.fill(-1);
    this.lastStalePc.fill(-1);
    this.staleReports.fill(STALE_REPORTS_PER_CPU);
    this.park.reset();
    for (let c = 0; c < this.cpus; c++) this.iMemo[c] = this.coreOf[c]! * this.cache.l1i.sets * this.cache.l1i.ways;
    this.step = 0;
    this.lastProgress = 0;
    this.nextDue = NEVER;
    this.strays.length = 0;
    this.strayNext = 0;
    this.exitCode = null;
    this.recorder = null;
    this.cache.effects = null;
  }

  /** Records this run into `recorder` from now on; one that keeps visible operations also hears the cache. */
  attach(recorder: RunRecorder): void {
    recorder.begin(this.state, this.ie);
    recorder.lineShift = this.cache.lineShift;
    recorder.dataCoherent = this.cache.coherence.dCoherent;
    recorder.sharedL1 = this.cpus > this.cache.cores;
    this.recorder = recorder;
    this.cache.effects = recorder.keepsVisible ? recorder : null;
  }

  /** Puts a CPU in the running state at `pc` before the run (firmware releasing it). */
  /** Before the run: a software interrupt nobody sends arrives at `cpu` at step `at`. */
  strayInterrupt(cpu: number, at: number): void {
    raiseStrayInterrupt(this, cpu, at);
  }

  startCpu(cpu: number, pc: number): void {
    this.pc[cpu] = pc;
    this.state[cpu] = runState.RUNNING;
  }

  setRegister(cpu: number, r: number, value: number): void {
    if (r !== 0) this.regs[cpu * REG_COUNT + r] = value | 0;
  }

  register(cpu: number, r: number): number {
    return this.regs[cpu * REG_COUNT + r]!;
  }

  /** The coherent value of a word: what the last store put there, wherever it sits now. */
  peek(address: number): number {
    return this.memory.latest[address & PHYS_MASK]!;
  }

  /** A data load through the caches or, for the uncached alias, straight from memory. */
  private loadWord(core: number, ea: number): number {
    const p = ea & PHYS_MASK;
    return (ea & UNCACHED) !== 0 ? this.memory.words[p]! : this.cache.load(core, p);
  }

  /**
   * CPYL: a line of words loaded and stored one by one. When both lines are aligned and cached, the first word
   * takes the general path (fills, snoops, evictions) and the rest are L1 hits done without a lookup each.
   */
  private copyLine(cpu: number, core: number, dst: number, src: number): void {
    const cache = this.cache;
    const lineWords = cache.lineWords;
    this.storeWord(cpu, core, dst, this.loadWord(core, src));
    const aligned = ((dst | src) & cache.lineMask) === 0 && ((dst | src) & UNCACHED) === 0;
    const dstLine = (dst & PHYS_MASK) >> cache.lineShift;
    const slot = aligned ? cache.lineCopySlot(core, dstLine, (src & PHYS_MASK) >> cache.lineShift) : -1;
    if (slot < 0) {
      for (let k = 1; k < lineWords; k++) this.storeWord(cpu, core, dst + k, this.loadWord(core, src + k));
      return;
    }
    const d = cache.l1d;
    const from = cache.copySrcSlot * lineWords;
    const to = slot * lineWords;
    const tag = this.writeTag[cpu]!;
    for (let k = 1; k < lineWords; k++) {
      const value = d.data[from + k]!;
      this.noteStore(cpu, (dst & PHYS_MASK) + k, value, tag);
      d.data[to + k] = value;
      d.prov[to + k] = tag;
    }
    cache.lastProv = d.prov[from + lineWords - 1]!;
    cache.finishLineCopy(core, slot);
  }

  /** The coherent shadow of a store: `latest`, and overwritten code noted in the trace. */
  private noteStore(cpu: number, p: number, value: number, tag: number): void {
    const mem = this.memory;
    mem.touch(p);
    if (mem.latest[p] !== value) {
      this.lastProgress = this.step;
      if (this.recorder !== null) this.refetch(cpu, p >> this.cache.lineShift);
      if ((mem.exec[p]! & EXEC_SINCE_WRITE) !== 0) {
        this.trace.push(this.step, ev.OVERWRITE_EXEC, cpu, p, tag, mem.latestTags[p]!);
        mem.exec[p] = EXEC_EVER;
      }
      mem.latest[p] = value;
    }
    mem.latestTags[p] = tag;
  }

  /**
   * Makes every other CPU whose fetches stay in `line` fetch it anew, so a recording logs that fetch: the word
   * it fetches next may differ from memory now, which the oracle judges (a stale fetch), and an exploration
   * must order it against this store.
   */
  private refetch(writer: number, line: number): void {
    const itag = this.cache.l1i.tag;
    for (let c = 0; c < this.cpus; c++) {
      const slot = this.iMemo[c]!;
      if (c !== writer && slot >= 0 && itag[slot] === line) this.iMemo[c] = -1;
    }
  }

  /** A data store: updates the coherent shadow, notes overwritten code, then writes through the caches. */
  private storeWord(cpu: number, core: number, ea: number, value: number): void {
    const p = ea & PHYS_MASK;
    const tag = this.writeTag[cpu]!;
    this.noteStore(cpu, p, value, tag);
    if ((ea & UNCACHED) !== 0) this.cache.storeUncached(core, p, value, tag);
    else this.cache.store(core, p, value, tag);
  }

  /** Records a load of this loop iteration: a parked CPU watches what its loop read. */
  private noteLoad(cpu: number, ea: number, value: number): void {
    const park = this.park;
    const k = park.loads[cpu]!;
    if (k < PARK_WATCHES) {
      park.loadAddr[cpu * PARK_WATCHES + k] = ea;
      park.loadVal[cpu * PARK_WATCHES + k] = value;
    }
    park.loads[cpu] = k + 1;
  }

  private badAddress(ea: number): boolean {
    const p = ea & PHYS_MASK;
    return p < 0 || p >= this.memory.size;
  }

  /** Runs until the machine exits, every CPU is stopped, progress stops, or the budget is spent. */
  run(): StopReason {
    return this.runUntil(NEVER)!;
  }

  /**
   * As `run`, but pauses (returning null) once `until` steps have passed, or with `pauseOnAlert` after a
   * burst that traced a possibly decisive event (`Trace.alerts`); call it again to go on. Pauses fall
   * between bursts, so they never change the schedule.
   */
  runUntil(until: number, pauseOnAlert = false): StopReason | null {
    const run = this.runConfig;
    const budget = run.budget;
    const window = run.progressWindow;
    const sched = this.scheduler;
    const runnable = this.runnable;
    const state = this.state;
    const n = this.cpus;
    const parked = this.park.parked;
    const alerts = this.trace.alerts;
    for (;;) {
      if (pauseOnAlert && this.trace.alerts !== alerts) return null;
      if (this.step >= budget) return { kind: 'budget', step: this.step };
      if (this.step >= until) return null;
      if (this.step - this.lastProgress > window) {
        return { kind: 'no-progress', step: this.step, lastProgress: this.lastProgress };
      }
      if (this.step >= this.nextDue) deliverIpis(this);
      if (this.cache.touched !== 0 || this.step >= this.park.nextWake) wakeParked(this);
      for (let c = 0; c < n; c++) runnable[c] = state[c] === runState.RUNNING && parked[c] === 0 ? 1 : 0;
      const cpu = sched.pick(runnable, this.step);
      if (cpu < 0) {
        // Nobody can run now: let time pass to the next IPI, stall end or deadline, or stop for good.
        const next = Math.min(this.nextDue, this.park.nextWake, sched.nextStallEnd(runnable, this.step));
        if (next === NEVER) return { kind: 'all-stopped', step: this.step, parked: this.park.parkedCount };
        // Waiting for an event that is due is not a livelock: the no-progress window restarts at it.
        this.step = Math.min(next, budget, until);
        this.lastProgress = this.step;
        continue;
      }
      // A burst ends where another CPU may start: a stall or a Compare deadline ending.
      // `until` does not cut bursts: pausing must not change the schedule.
      const end = Math.min(budget, this.park.nextWake, sched.nextStallEnd(runnable, this.step));
      const limit = Math.max(1, Math.min(sched.burst, end - this.step));
      const recorder = this.recorder;
      const startStep = this.step;
      const startPc = recorder === null ? 0 : this.pc[cpu]!;
      // A replay segment may be millions of steps: progress is judged at least once a window inside it, as
      // between bursts, without asking the scheduler again (which would change live policies' draws).
      let ran = 0;
      for (;;) {
        const part = Math.min(limit - ran, window);
        const used = this.runBurst(cpu, part);
        ran += used;
        const goesOn = state[cpu] === runState.RUNNING && parked[cpu] === 0 && this.exitCode === null;
        if (used < part || ran >= limit || !goesOn || this.step - this.lastProgress > window) break;
      }
      sched.record(cpu, ran);
      recorder?.burst(cpu, startStep, this.step, startPc, this.pc[cpu]!, parked[cpu]!, sched.eligibleMask());
      if (this.exitCode !== null) {
        const code = this.exitCode;
        this.exitCode = null;
        return { kind: 'exit', step: this.step, cpu, code };
      }
    }
  }

  /** Executes up to `limit` instructions on `cpu`; returns how many steps it used. */
  private runBurst(cpu: number, limit: number): number {
    const regs = this.regs;
    const pcs = this.pc;
    const mem = this.memory;
    const memWords = mem.size;
    const latest = mem.latest;
    const exec = mem.exec;
    const cache = this.cache;
    const itag = cache.l1i.tag;
    const idata = cache.l1i.data;
    const iprov = cache.l1i.prov;
    const lineShift = cache.lineShift;
    const lineMask = cache.lineMask;
    const lineWords = cache.lineWords;
    const trace = this.trace;
    // Null unless a timeline or an exploration asked: one local test per visible operation.
    const recorder = this.recorder;
    const pending = this.pending;
    const ie = this.ie;
    const state = this.state;
    const core = this.coreOf[cpu]!;
    const rb = cpu * REG_COUNT;
    let slot = this.iMemo[cpu]!;
    let lastTag = this.lastTag[cpu]!;
    // pc lives in a local for the burst; pcs[cpu] is written back before anything that reads it.
    let cur = pcs[cpu]!;
    let done = 0;
    let stop = false;

    while (done < limit && !stop) {
      // this.step stays valid for the whole instruction; the local copy saves reloads.
      const step = this.step;
      if (step >= this.nextDue) {
        // An arrival may wake or interrupt another CPU: let the scheduler choose again.
        deliverIpis(this);
        break;
      }
      // A store of ours touched what a parked CPU watches: let it look before we run on.
      if (this.cache.touched !== 0) break;
      if (pending[cpu] === 1 && ie[cpu] === 1) cur = takeIpi(this, cpu, cur);

      // ---- fetch ----
      const pc = cur;
      const p = pc & PHYS_MASK;
      if (p < 0 || p >= memWords) {
        fault(this, cpu, faultCause.BUS_ERROR_FETCH, pc, pc);
        done++;
        this.step = step + 1;
        break;
      }
      let w: number;
      let tag: number;
      if ((pc & UNCACHED) !== 0) {
        mem.touch(p);
        w = mem.words[p]!;
        tag = mem.tags[p]!;
        recorder?.visibleOp(step, cpu, access.READ | UNCACHED_ACCESS, p, w, pc);
      } else {
        const line = p >> lineShift;
        if (itag[slot] !== line) {
          slot = cache.fetchSlot(core, line);
          this.iMemo[cpu] = slot;
          // A fill reads the line from where other CPUs' writes land; on a core of many threads even a hit
          // reads what a sibling's fill or invalidation left.
          recorder?.fetched(step, cpu, line, pc);
        }
        const i = slot * lineWords + (p & lineMask);
        w = idata[i]!;
        tag = iprov[i]!;
      }
      if (w !== latest[p] && this.lastStalePc[cpu] !== pc && this.staleReports[cpu]! > 0) {
        this.lastStalePc[cpu] = pc;
        this.staleReports[cpu] = this.staleReports[cpu]! - 1;
        trace.push(step, withExtra(ev.STALE_FETCH, mem.latestTags[p]!), cpu, pc, w, latest[p]!);
      }
      if (tag !== lastTag) {
        trace.push(step, ev.EXEC_TAG, cpu, pc, lastTag, tag);
        lastTag = tag;
        this.lastTag[cpu] = tag;
      }
      exec[p] = EXEC_SINCE_WRITE | EXEC_EVER;

      // ---- decode and execute ----
      const rd = (w >> 20) & 15;
      const rs = (w >> 16) & 15;
      const rt = (w >> 12) & 15;
      const imm = (w << 16) >> 16;
      let next = pc + 1;
      switch ((w >> 24) & 0xff) {
        case op.NOP:
        case op.SYNC:
          break;
        case op.ADD:
          if (rd !== 0) regs[rb + rd] = (regs[rb + rs]! + regs[rb + rt]!) | 0;
          break;
        case op.SUB:
          if (rd !== 0) regs[rb + rd] = (regs[rb + rs]! - regs[rb + rt]!) | 0;
          break;
        case op.AND:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! & regs[rb + rt]!;
          break;
        case op.OR:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! | regs[rb + rt]!;
          break;
        case op.XOR:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! ^ regs[rb + rt]!;
          break;
        case op.SLT:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! < regs[rb + rt]! ? 1 : 0;
          break;
        case op.SLTU:
          if (rd !== 0) regs[rb + rd] = (regs[rb + rs]! ^ 0x80000000) < (regs[rb + rt]! ^ 0x80000000) ? 1 : 0;
          break;
        case op.MUL:
          if (rd !== 0) regs[rb + rd] = Math.imul(regs[rb + rs]!, regs[rb + rt]!);
          break;
        case op.ADDI:
          if (rd !== 0) regs[rb + rd] = (regs[rb + rs]! + imm) | 0;
          break;
        case op.ANDI:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! & (imm & 0xffff);
          break;
        case op.ORI:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! | (imm & 0xffff);
          break;
        case op.XORI:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! ^ (imm & 0xffff);
          break;
        case op.SLTI:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! < imm ? 1 : 0;
          break;
        case op.LUI:
          if (rd !== 0) regs[rb + rd] = imm << 16;
          break;
        case op.SLL:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! << (imm & 31);
          break;
        case op.SRL:
          if (rd !== 0) regs[rb + rd] = (regs[rb + rs]! >>> (imm & 31)) | 0;
          break;
        case op.SLLV:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! << (regs[rb + rt]! & 31);
          break;
        case op.SRA:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! >> (imm & 31);
          break;
        case op.LW: {
          const ea = (regs[rb + rs]! + imm) | 0;
          if (this.badAddress(ea)) {
            fault(this, cpu, faultCause.BUS_ERROR_DATA, pc, ea);
            stop = true;
            break;
          }
          const v = this.loadWord(core, ea);
          if (rd !== 0) regs[rb + rd] = v;
          this.noteLoad(cpu, ea, v);
          recorder?.visibleOp(step, cpu, access.READ | uncachedAccess(ea), ea & PHYS_MASK, v, pc);
          break;
        }
        case op.SW: {
          const ea = (regs[rb + rs]! + imm) | 0;
          if (this.badAddress(ea)) {
            fault(this, cpu, faultCause.BUS_ERROR_DATA, pc, ea);
            stop = true;
            break;
          }
          this.storeWord(cpu, core, ea, regs[rb + rd]!);
          recorder?.visibleOp(step, cpu, access.WRITE | uncachedAccess(ea), ea & PHYS_MASK, regs[rb + rd]!, pc);
          break;
        }
        case op.AMOADD:
        case op.AMOOR:
        case op.AMOAND:
        case op.AMOSWAP: {
          // One instruction is atomic in this machine: read, combine, write, old value to rd.
          const ea = regs[rb + rs]!;
          if (this.badAddress(ea)) {
            fault(this, cpu, faultCause.BUS_ERROR_DATA, pc, ea);
            stop = true;
            break;
          }
          const old = this.loadWord(core, ea);
          const operand = regs[rb + rt]!;
          const opc = (w >> 24) & 0xff;
          const value =
            opc === op.AMOADD
              ? (old + operand) | 0
              : opc === op.AMOOR
                ? old | operand
                : opc === op.AMOAND
                  ? old & operand
                  : operand;
          this.storeWord(cpu, core, ea, value);
          if (rd !== 0) regs[rb + rd] = old;
          this.noteLoad(cpu, ea, old);
          // An atomic that changed nothing is a read to the others; the value logged is what it read.
          recorder?.visibleOp(
            step,
            cpu,
            (value === old ? access.READ : rd === 0 && opc !== op.AMOSWAP ? access.UPDATE : access.WRITE) |
              uncachedAccess(ea),
            ea & PHYS_MASK,
            value === old || rd !== 0 || opc === op.AMOSWAP ? old : opc,
            pc,
          );
          break;
        }
        case op.CPYL: {
          const dst = regs[rb + rd]!;
          const src = regs[rb + rs]!;
          if (this.badAddress(dst) || this.badAddress(dst + lineWords - 1)) {
            fault(this, cpu, faultCause.BUS_ERROR_DATA, pc, dst);
            stop = true;
            break;
          }
          if (this.badAddress(src) || this.badAddress(src + lineWords - 1)) {
            fault(this, cpu, faultCause.BUS_ERROR_DATA, pc, src);
            stop = true;
            break;
          }
          this.copyLine(cpu, core, dst, src);
          if (recorder !== null) {
            const first = (src & PHYS_MASK) >> lineShift;
            const into = (dst & PHYS_MASK) >> lineShift;
            recorder.visibleOp(step, cpu, access.LINE_READ, first);
            if (((src + lineWords - 1) & PHYS_MASK) >> lineShift !== first) {
              recorder.visibleOp(step, cpu, access.LINE_READ, first + 1);
            }
            // With its pc: a store of the line, which a fetch from the I-cache is ordered against.
            recorder.visibleOp(step, cpu, access.LINE_WRITE, into, 0, pc);
            if (((dst + lineWords - 1) & PHYS_MASK) >> lineShift !== into) {
              recorder.visibleOp(step, cpu, access.LINE_WRITE, into + 1, 0, pc);
            }
          }
          this.park.loads[cpu] = NOT_A_POLL; // a copy loop is never a fixed point worth checking
          break;
        }
        case op.CACHE: {
          const ea = (regs[rb + rs]! + imm) | 0;
          if (!cache.op(core, rd, ea)) {
            fault(this, cpu, faultCause.ILLEGAL_INSTRUCTION, pc, w);
            stop = true;
            break;
          }
          trace.push(step, ev.CACHE_OP, cpu, rd, ea, 0);
          // Visible only through what it did to lines others see; a private clean line is nobody's business.
          recorder?.effectsOf(step, cpu);
          break;
        }
        case op.SYNCI: {
          const ea = (regs[rb + rs]! + imm) | 0;
          cache.synci(core, ea);
          trace.push(step, ev.CACHE_OP, cpu, SYNCI_TRACE_OP, ea, 0);
          recorder?.effectsOf(step, cpu);
          break;
        }
        case op.PAUSE:
          if (pauseOrPark(this, cpu, pc) || this.scheduler.yieldFrom(cpu)) stop = true;
          break;
        case op.EI:
          this.ie[cpu] = 1;
          recorder?.interruptEnable(step, cpu, 1);
          break;
        case op.DI:
          if (rd !== 0) regs[rb + rd] = this.ie[cpu]!;
          this.ie[cpu] = 0;
          recorder?.interruptEnable(step, cpu, 0);
          break;
        case op.ERET:
          next = this.epc[cpu]!;
          this.ie[cpu] = 1;
          recorder?.interruptEnable(step, cpu, 1);
          break;
        case op.WAIT:
          if (this.pending[cpu] === 0) {
            pcs[cpu] = pc;
            setRunState(this, cpu, runState.WAITING, cpu);
            stop = true;
          }
          break;
        case op.BEQ:
          if (regs[rb + rd] === regs[rb + rs]) next = pc + 1 + imm;
          break;
        case op.BNE:
          if (regs[rb + rd] !== regs[rb + rs]) next = pc + 1 + imm;
          break;
        case op.BLEZ:
          if (regs[rb + rd]! <= 0) next = pc + 1 + imm;
          break;
        case op.BGTZ:
          if (regs[rb + rd]! > 0) next = pc + 1 + imm;
          break;
        case op.BLTZ:
          if (regs[rb + rd]! < 0) next = pc + 1 + imm;
          break;
        case op.BGEZ:
          if (regs[rb + rd]! >= 0) next = pc + 1 + imm;
          break;
        case op.BAL:
          regs[rb + 15] = pc + 1;
          next = pc + 1 + imm;
          break;
        case op.J:
          next = (pc & JUMP_REGION_MASK) | (w & 0xffffff);
          break;
        case op.JAL:
          regs[rb + 15] = pc + 1;
          next = (pc & JUMP_REGION_MASK) | (w & 0xffffff);
          break;
        case op.JR:
          next = regs[rb + rd]!;
          break;
        case op.JALR: {
          const target = regs[rb + rs]!;
          if (rd !== 0) regs[rb + rd] = pc + 1;
          next = target;
          break;
        }
        case op.MFC0:
          if (rd !== 0) regs[rb + rd] = readCp0(this, cpu, imm);
          if (imm === cp0.COUNT) this.park.countReg[cpu] = rd;
          break;
        case op.MTC0:
          writeCp0(this, cpu, imm, regs[rb + rd]!);
          break;
        case op.IPI: {
          const target = regs[rb + rd]!;
          if (target < 0 || target >= this.cpus) {
            fault(this, cpu, faultCause.BAD_CPU, pc, target);
            stop = true;
            break;
          }
          sendIpi(this, cpu, target);
          recorder?.visibleOp(step, cpu, access.GLOBAL, 0);
          break;
        }
        case op.MARK:
          trace.push(step, ev.MARK, cpu, imm & 0xffff, regs[rb + rd]!, 0);
          this.lastProgress = step;
          break;
        case op.SETTAG:
          this.writeTag[cpu] = imm & 0xff;
          break;
        case op.HALT:
          recorder?.visibleOp(step, cpu, access.HALT, 0);
          pcs[cpu] = pc;
          setRunState(this, cpu, runState.HALTED, cpu);
          stop = true;
          break;
        case op.PWRDN:
          recorder?.visibleOp(step, cpu, access.GLOBAL, 0);
          pcs[cpu] = pc;
          powerDownCore(this, cpu);
          recorder?.effectsOf(step, cpu);
          stop = true;
          break;
        case op.START:
        case op.RESET: {
          const target = regs[rb + rd]!;
          if (target < 0 || target >= this.cpus) {
            fault(this, cpu, faultCause.BAD_CPU, pc, target);
            stop = true;
            break;
          }
          // A reset of our own core redirects or stops us: take our pc and state back from it.
          pcs[cpu] = next;
          recorder?.visibleOp(step, cpu, access.START, 0);
          if (((w >> 24) & 0xff) === op.START)
            startOther(this, cpu, target, regs[rb + rs]!, (imm & START_RESTARTS_RUNNING) !== 0);
          else resetCore(this, cpu, target, regs[rb + rs]!);
          recorder?.effectsOf(step, cpu);
          next = pcs[cpu]!;
          if (this.state[cpu] !== runState.RUNNING) stop = true;
          break;
        }
        case op.EXIT:
          this.trace.push(step, ev.EXIT, cpu, imm, 0, 0);
          this.exitCode = imm;
          stop = true;
          break;
        case op.BREAK:
          fault(this, cpu, faultCause.BREAK, pc, imm);
          stop = true;
          break;
        default:
          fault(this, cpu, faultCause.ILLEGAL_INSTRUCTION, pc, w);
          stop = true;
          break;
      }
      // A faulting instruction leaves pc on itself, for the report.
      cur = stop && state[cpu] === runState.FAULTED ? pc : next;
      this.step = step + 1;
      done++;
    }
    pcs[cpu] = cur;
    return done;
  }
}
