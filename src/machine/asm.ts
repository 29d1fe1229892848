/**
 * An assembler DSL for the machine's ISA, so kernel routines read like the assembly they model:
 *
 *   const a = new Assembler(0x1000);
 *   a.routine('kexec_smp_wait');
 *   a.la('t0', 'kexec_flag');
 *   a.label('spin');
 *   a.lw('t1', 0, 't0');
 *   a.bne('t1', 'zero', 'spin');
 *   const program = a.assemble();
 *
 * Labels are local to the routine they are defined in; `routine` or `routine.label` names one
 * elsewhere in the program; anything else must be given as an external symbol to `assemble`.
 * Mistakes here are programming errors in kexfuzz itself, so they throw plain Errors.
 */

import {
  type CacheOpName,
  type Cp0Name,
  cacheOp,
  cp0,
  encodeI,
  encodeJ,
  encodeR,
  fitsSigned16,
  fitsUnsigned16,
  JUMP_REGION_MASK,
  op,
  type RegName,
  reg,
  START_RESTARTS_RUNNING,
} from './isa.js';

export interface ProgramSymbol {
  readonly address: number;
  readonly routine: string;
  /** null for the routine's own entry. */
  readonly label: string | null;
  /** True when the routine holds only data (`word`, `space`): a CPU executing it ran off its code. */
  readonly data?: true;
}

export interface Program {
  readonly base: number;
  readonly words: Int32Array;
  /** Sorted by address. */
  readonly symbols: readonly ProgramSymbol[];
}

type FixupKind = 'branch' | 'jump' | 'hi' | 'lo' | 'word';

interface Fixup {
  readonly at: number; // word index in the program
  readonly kind: FixupKind;
  readonly target: string;
  readonly routine: string;
  readonly offset: number;
}

export class Assembler {
  readonly base: number;
  private readonly words: number[] = [];
  private readonly fixups: Fixup[] = [];
  /** Routine addresses, and each routine's labels by name: no `routine.label` string built per lookup. */
  private readonly routines = new Map<string, number>();
  private readonly labels = new Map<string, Map<string, number>>();
  private currentLabels = new Map<string, number>();
  private readonly symbols: ProgramSymbol[] = [];
  /** Routines that emitted an instruction; the others are data. */
  private readonly code = new Set<string>();
  private current = '';

  constructor(base: number) {
    this.base = base;
  }

  /** Words emitted so far. */
  get size(): number {
    return this.words.length;
  }

  /** Address the next instruction will have. */
  get here(): number {
    return this.base + this.words.length;
  }

  routine(name: string): this {
    if (this.routines.has(name)) throw new Error(`routine ${name} is defined twice`);
    this.current = name;
    this.routines.set(name, this.here);
    this.currentLabels = new Map();
    this.labels.set(name, this.currentLabels);
    this.symbols.push({ address: this.here, routine: name, label: null });
    return this;
  }

  label(name: string): this {
    if (this.current === '') throw new Error(`label ${name} outside any routine`);
    if (this.currentLabels.has(name)) throw new Error(`label ${this.current}.${name} is defined twice`);
    this.currentLabels.set(name, this.here);
    this.symbols.push({ address: this.here, routine: this.current, label: name });
    return this;
  }

  private emit(word: number): this {
    this.code.add(this.current);
    return this.emitData(word);
  }

  private emitData(word: number): this {
    this.words.push(word | 0);
    return this;
  }

  private fix(kind: FixupKind, target: string, offset = 0): void {
    this.fixups.push({ at: this.words.length, kind, target, routine: this.current, offset });
  }

  // ---- data ----

  word(value: number | string): this {
    if (typeof value === 'string') {
      this.fix('word', value);
      return this.emitData(0);
    }
    return this.emitData(value);
  }

  space(words: number, fill = 0): this {
    for (let i = 0; i < words; i++) this.emitData(fill);
    return this;
  }

  /** Pads with `fill` to a multiple of `words` (e.g. a cache line). */
  align(words: number, fill = 0): this {
    while (this.here % words !== 0) this.emitData(fill);
    return this;
  }

  // ---- ALU ----

  private r(code: number, rd: RegName, rs: RegName, rt: RegName): this {
    return this.emit(encodeR(code, reg[rd], reg[rs], reg[rt]));
  }

  private i(code: number, rd: RegName, rs: RegName, imm: number, unsigned = false): this {
    if (unsigned ? !fitsUnsigned16(imm) : !fitsSigned16(imm)) {
      throw new Error(`immediate ${imm} does not fit in 16 bits at ${this.current}+${this.here}`);
    }
    return this.emit(encodeI(code, reg[rd], reg[rs], imm));
  }

  add(rd: RegName, rs: RegName, rt: RegName): this {
    return this.r(op.ADD, rd, rs, rt);
  }
  sub(rd: RegName, rs: RegName, rt: RegName): this {
    return this.r(op.SUB, rd, rs, rt);
  }
  and(rd: RegName, rs: RegName, rt: RegName): this {
    return this.r(op.AND, rd, rs, rt);
  }
  or(rd: RegName, rs: RegName, rt: RegName): this {
    return this.r(op.OR, rd, rs, rt);
  }
  xor(rd: RegName, rs: RegName, rt: RegName): this {
    return this.r(op.XOR, rd, rs, rt);
  }
  slt(rd: RegName, rs: RegName, rt: RegName): this {
    return this.r(op.SLT, rd, rs, rt);
  }
  sltu(rd: RegName, rs: RegName, rt: RegName): this {
    return this.r(op.SLTU, rd, rs, rt);
  }
  mul(rd: RegName, rs: RegName, rt: RegName): this {
    return this.r(op.MUL, rd, rs, rt);
  }
  addi(rd: RegName, rs: RegName, imm: number): this {
    return this.i(op.ADDI, rd, rs, imm);
  }
  andi(rd: RegName, rs: RegName, imm: number): this {
    return this.i(op.ANDI, rd, rs, imm, true);
  }
  ori(rd: RegName, rs: RegName, imm: number): this {
    return this.i(op.ORI, rd, rs, imm, true);
  }
  xori(rd: RegName, rs: RegName, imm: number): this {
    return this.i(op.XORI, rd, rs, imm, true);
  }
  slti(rd: RegName, rs: RegName, imm: number): this {
    return this.i(op.SLTI, rd, rs, imm);
  }
  lui(rd: RegName, imm: number): this {
    return this.i(op.LUI, rd, 'zero', imm, true);
  }
  sll(rd: RegName, rs: RegName, shift: number): this {
    return this.i(op.SLL, rd, rs, shift & 31);
  }
  srl(rd: RegName, rs: RegName, shift: number): this {
    return this.i(op.SRL, rd, rs, shift & 31);
  }
  sra(rd: RegName, rs: RegName, shift: number): this {
    return this.i(op.SRA, rd, rs, shift & 31);
  }
  /** rd = rs << (rt & 31) */
  sllv(rd: RegName, rs: RegName, rt: RegName): this {
    return this.r(op.SLLV, rd, rs, rt);
  }
  move(rd: RegName, rs: RegName): this {
    return this.r(op.OR, rd, rs, 'zero');
  }

  /** Load a 32-bit constant: one word when it fits in 16 signed bits, else lui + ori. */
  li(rd: RegName, value: number): this {
    const v = value | 0;
    if (fitsSigned16(v)) return this.addi(rd, 'zero', v);
    this.lui(rd, (v >>> 16) & 0xffff);
    return (v & 0xffff) !== 0 ? this.ori(rd, rd, v & 0xffff) : this;
  }

  /** Load a symbol's address (plus `offset` words); always two words, so layout never shifts. */
  la(rd: RegName, symbol: string, offset = 0): this {
    this.fix('hi', symbol, offset);
    this.emit(encodeI(op.LUI, reg[rd], 0, 0));
    this.fix('lo', symbol, offset);
    return this.emit(encodeI(op.ORI, reg[rd], reg[rd], 0));
  }

  // ---- memory ----

  lw(rd: RegName, offset: number, base: RegName): this {
    return this.i(op.LW, rd, base, offset);
  }
  sw(rt: RegName, offset: number, base: RegName): this {
    return this.i(op.SW, rt, base, offset);
  }
  /** Atomic fetch-and-add: rd = [rs]; [rs] = rd + rt. */
  amoadd(rd: RegName, addr: RegName, rt: RegName): this {
    return this.r(op.AMOADD, rd, addr, rt);
  }
  amoor(rd: RegName, addr: RegName, rt: RegName): this {
    return this.r(op.AMOOR, rd, addr, rt);
  }
  amoand(rd: RegName, addr: RegName, rt: RegName): this {
    return this.r(op.AMOAND, rd, addr, rt);
  }
  amoswap(rd: RegName, addr: RegName, rt: RegName): this {
    return this.r(op.AMOSWAP, rd, addr, rt);
  }
  /** Copies one cache line of words from [src] to [dst] through the D-cache. */
  cpyl(dst: RegName, src: RegName): this {
    return this.r(op.CPYL, dst, src, 'zero');
  }

  // ---- caches, barriers, interrupts ----

  cache(operation: CacheOpName, offset: number, base: RegName): this {
    if (!fitsSigned16(offset)) throw new Error(`cache offset ${offset} does not fit`);
    return this.emit(encodeI(op.CACHE, cacheOp[operation], reg[base], offset));
  }
  synci(offset: number, base: RegName): this {
    return this.i(op.SYNCI, 'zero', base, offset);
  }
  sync(): this {
    return this.emit(encodeR(op.SYNC, 0, 0, 0));
  }
  /** cpu_relax(): a spin-loop hint the PCT scheduler treats as a yield. */
  pause(): this {
    return this.emit(encodeR(op.PAUSE, 0, 0, 0));
  }
  nop(): this {
    return this.emit(encodeR(op.NOP, 0, 0, 0));
  }
  ei(): this {
    return this.emit(encodeR(op.EI, 0, 0, 0));
  }
  di(rd: RegName = 'zero'): this {
    return this.emit(encodeR(op.DI, reg[rd], 0, 0));
  }
  eret(): this {
    return this.emit(encodeR(op.ERET, 0, 0, 0));
  }
  wait(): this {
    return this.emit(encodeR(op.WAIT, 0, 0, 0));
  }
  mfc0(rd: RegName, sel: Cp0Name): this {
    return this.emit(encodeI(op.MFC0, reg[rd], 0, cp0[sel]));
  }
  mtc0(rs: RegName, sel: Cp0Name): this {
    return this.emit(encodeI(op.MTC0, reg[rs], 0, cp0[sel]));
  }

  // ---- control flow ----

  private branch(code: number, rd: RegName, rs: RegName, target: string): this {
    this.fix('branch', target);
    return this.emit(encodeI(code, reg[rd], reg[rs], 0));
  }
  beq(a: RegName, b: RegName, target: string): this {
    return this.branch(op.BEQ, a, b, target);
  }
  bne(a: RegName, b: RegName, target: string): this {
    return this.branch(op.BNE, a, b, target);
  }
  beqz(a: RegName, target: string): this {
    return this.branch(op.BEQ, a, 'zero', target);
  }
  bnez(a: RegName, target: string): this {
    return this.branch(op.BNE, a, 'zero', target);
  }
  blez(a: RegName, target: string): this {
    return this.branch(op.BLEZ, a, 'zero', target);
  }
  bgtz(a: RegName, target: string): this {
    return this.branch(op.BGTZ, a, 'zero', target);
  }
  bltz(a: RegName, target: string): this {
    return this.branch(op.BLTZ, a, 'zero', target);
  }
  bgez(a: RegName, target: string): this {
    return this.branch(op.BGEZ, a, 'zero', target);
  }
  /** Branch and link, PC-relative: the way position-independent code (a copied stub) finds itself. */
  bal(target: string): this {
    this.fix('branch', target);
    return this.emit(encodeI(op.BAL, 0, 0, 0));
  }
  b(target: string): this {
    return this.branch(op.BEQ, 'zero', 'zero', target);
  }
  j(target: string): this {
    this.fix('jump', target);
    return this.emit(encodeJ(op.J, 0));
  }
  jal(target: string): this {
    this.fix('jump', target);
    return this.emit(encodeJ(op.JAL, 0));
  }
  /** Call a routine (jal); the callee returns with `ret`. */
  call(target: string): this {
    return this.jal(target);
  }
  jr(rs: RegName): this {
    return this.emit(encodeI(op.JR, reg[rs], 0, 0));
  }
  jalr(rd: RegName, rs: RegName): this {
    return this.emit(encodeI(op.JALR, reg[rd], reg[rs], 0));
  }
  ret(): this {
    return this.jr('ra');
  }

  // ---- machine services ----

  /** Sends an interrupt to the CPU whose number is in `cpu`. */
  ipi(cpu: RegName): this {
    return this.emit(encodeI(op.IPI, reg[cpu], 0, 0));
  }
  /** Records a milestone in the trace, with the value of `arg`. */
  mark(id: number, arg: RegName = 'zero'): this {
    return this.i(op.MARK, arg, 'zero', id, true);
  }
  /** Sets the provenance tag of this CPU's following stores. */
  settag(tag: number): this {
    return this.i(op.SETTAG, 'zero', 'zero', tag & 0xff, true);
  }
  halt(): this {
    return this.emit(encodeR(op.HALT, 0, 0, 0));
  }
  /** Power-gates this CPU's whole core. */
  pwrdn(): this {
    return this.emit(encodeR(op.PWRDN, 0, 0, 0));
  }
  /**
   * Power controller: start the stopped CPU numbered in `cpu` at the address in `address`. A running or waiting
   * CPU ignores it, unless `restartRunning` says this controller resets a thread whatever it is doing.
   */
  start(cpu: RegName, address: RegName, restartRunning = false): this {
    return this.emit(encodeI(op.START, reg[cpu], reg[address], restartRunning ? START_RESTARTS_RUNNING : 0));
  }
  /** Power controller: reset the core of CPU `cpu` and start that CPU at `address`. */
  reset(cpu: RegName, address: RegName): this {
    return this.emit(encodeI(op.RESET, reg[cpu], reg[address], 0));
  }
  /** Stops the whole machine with an exit code (a test-finisher device). */
  exit(code: number): this {
    return this.i(op.EXIT, 'zero', 'zero', code, true);
  }
  break(code = 0): this {
    return this.i(op.BREAK, 'zero', 'zero', code, true);
  }

  // ---- linking ----

  private resolve(f: Fixup, externals: ReadonlyMap<string, number>): number {
    const address = this.labels.get(f.routine)?.get(f.target) ?? this.qualified(f.target) ?? externals.get(f.target);
    if (address === undefined) throw new Error(`undefined symbol ${f.target} referenced from ${f.routine}`);
    return address + f.offset;
  }

  /** `routine` or `routine.label`, anywhere in this program. */
  private qualified(target: string): number | undefined {
    const dot = target.indexOf('.');
    if (dot < 0) return this.routines.get(target);
    return this.labels.get(target.slice(0, dot))?.get(target.slice(dot + 1));
  }

  /** Resolves every reference and returns the program. */
  assemble(externals: ReadonlyMap<string, number> = new Map()): Program {
    const words = Int32Array.from(this.words);
    for (const f of this.fixups) {
      const target = this.resolve(f, externals);
      const at = this.base + f.at;
      const w = words[f.at] ?? 0;
      switch (f.kind) {
        case 'branch': {
          const delta = target - (at + 1);
          if (!fitsSigned16(delta)) throw new Error(`branch to ${f.target} from ${f.routine} is out of range`);
          words[f.at] = (w & ~0xffff) | (delta & 0xffff);
          break;
        }
        case 'jump':
          if ((target & JUMP_REGION_MASK) !== (at & JUMP_REGION_MASK)) {
            throw new Error(`jump to ${f.target} from ${f.routine} leaves the 16M-word region`);
          }
          words[f.at] = (w & ~0xffffff) | (target & 0xffffff);
          break;
        case 'hi':
          words[f.at] = (w & ~0xffff) | ((target >>> 16) & 0xffff);
          break;
        case 'lo':
          words[f.at] = (w & ~0xffff) | (target & 0xffff);
          break;
        case 'word':
          words[f.at] = target;
          break;
      }
    }
    const symbols = [...this.symbols]
      .map((s) => (this.code.has(s.routine) ? s : { ...s, data: true as const }))
      .sort((a, b) => a.address - b.address);
    return { base: this.base, words, symbols };
  }
}

/** Each program's symbols by `routine` or `routine.label`, built on the first lookup: worlds look up dozens. */
const symbolIndex = new WeakMap<Program, Map<string, number>>();

/** The address of `routine` or `routine.label` in an assembled program. */
export function symbolAddress(program: Program, name: string): number {
  let index = symbolIndex.get(program);
  if (index === undefined) {
    index = new Map();
    // The first symbol of a name wins, as a search in address order would find it.
    for (const s of program.symbols) {
      const key = s.label === null ? s.routine : `${s.routine}.${s.label}`;
      if (!index.has(key)) index.set(key, s.address);
    }
    symbolIndex.set(program, index);
  }
  const address = index.get(name);
  if (address === undefined) throw new Error(`no symbol ${name} in program at ${program.base}`);
  return address;
}
