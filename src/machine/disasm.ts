/**
 * Turns words back into assembly text and addresses back into `routine+label`, for traces humans read.
 */

import type { Program, ProgramSymbol } from './asm.js';
import {
  cacheOpNames,
  cp0,
  JUMP_REGION_MASK,
  type OpName,
  opNameOf,
  opShape,
  PHYS_MASK,
  regNames,
  START_RESTARTS_RUNNING,
  UNCACHED,
} from './isa.js';

const cp0Names = new Map<number, string>(Object.entries(cp0).map(([name, sel]) => [sel, name]));

function regName(n: number): string {
  return regNames[n & 15] ?? `r${n}`;
}

export interface Location {
  readonly routine: string;
  readonly label: string | null;
  /** Words past the label (or the routine entry). */
  readonly offset: number;
  /** The routine holds only data. */
  readonly data: boolean;
  /** Which of the symbolizer's programs it is in (their order as given). */
  readonly program: number;
}

/** Maps addresses to the routine and nearest label they belong to, over any number of programs. */
export class Symbolizer {
  /** Every program's symbols by address (the first program's first where addresses tie), and whose each is. */
  private readonly symbols: ProgramSymbol[];
  private readonly programOf: Uint8Array;
  /** Each program's own symbols, for a lookup in one program where programs overlap (old text, new image). */
  private readonly perProgram: (readonly ProgramSymbol[])[];
  private readonly ends: { start: number; end: number }[];

  constructor(programs: readonly Program[]) {
    // Each program's symbols are sorted already: merge them, without copying a symbol (one symbolizer a run).
    this.perProgram = programs.map((p) => p.symbols);
    const total = this.perProgram.reduce((n, list) => n + list.length, 0);
    this.symbols = new Array<ProgramSymbol>(total);
    this.programOf = new Uint8Array(total);
    const next = this.perProgram.map(() => 0);
    for (let k = 0; k < total; k++) {
      let from = -1;
      for (let p = 0; p < this.perProgram.length; p++) {
        const s = this.perProgram[p]![next[p]!];
        if (s !== undefined && (from < 0 || s.address < this.perProgram[from]![next[from]!]!.address)) from = p;
      }
      this.symbols[k] = this.perProgram[from]![next[from]!]!;
      this.programOf[k] = from;
      next[from]!++;
    }
    this.ends = programs.map((p) => ({ start: p.base, end: p.base + p.words.length }));
  }

  /**
   * The location of `address` (either alias), or null if it is in no program. With `program`, only in
   * that program (the old kernel's routine at an address the new image has since overwritten).
   */
  locate(address: number, program?: number): Location | null {
    const a = address & PHYS_MASK;
    const inside = (r: { start: number; end: number } | undefined): boolean =>
      r !== undefined && a >= r.start && a < r.end;
    if (program === undefined ? !this.ends.some(inside) : !inside(this.ends[program])) return null;
    const symbols: readonly ProgramSymbol[] = program === undefined ? this.symbols : (this.perProgram[program] ?? []);
    let lo = 0;
    let hi = symbols.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (symbols[mid]!.address <= a) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return null;
    const sym = symbols[best]!;
    return {
      routine: sym.routine,
      label: sym.label,
      offset: a - sym.address,
      data: sym.data === true,
      program: program ?? this.programOf[best]!,
    };
  }

  /** `routine.label+3`, or the hex address when it is in no program. */
  describe(address: number): string {
    const loc = this.locate(address);
    const alias = (address & UNCACHED) !== 0 ? ' (uncached)' : '';
    if (loc === null) return `${hex(address)}${alias}`;
    const name = loc.label === null ? loc.routine : `${loc.routine}.${loc.label}`;
    return `${name}${loc.offset > 0 ? `+${loc.offset}` : ''}${alias}`;
  }
}

export function hex(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(5, '0')}`;
}

/** One instruction as text; branch and jump targets are resolved when `pc` (and a symbolizer) is given. */
export function disassemble(word: number, pc?: number, symbols?: Symbolizer): string {
  const name = opNameOf((word >> 24) & 0xff);
  if (name === undefined) return `.word ${hex(word)}  # does not decode`;
  const rd = regName((word >> 20) & 15);
  const rs = regName((word >> 16) & 15);
  const rt = regName((word >> 12) & 15);
  const imm = (word << 16) >> 16;
  const mnemonic = name.toLowerCase();
  const target = (t: number): string => (symbols ? symbols.describe(t) : hex(t));
  switch (opShape[name as OpName]) {
    case 'none':
      return mnemonic;
    case 'rd':
      return `${mnemonic} ${rd}`;
    case 'rd-rs':
      if (name === 'START' && (imm & START_RESTARTS_RUNNING) !== 0) return `${mnemonic} ${rd}, ${rs}, restart-running`;
      return `${mnemonic} ${rd}, ${rs}`;
    case 'rd-rs-rt':
      return `${mnemonic} ${rd}, ${rs}, ${rt}`;
    case 'rd-rs-imm':
      return name === 'ANDI' || name === 'ORI' || name === 'XORI'
        ? `${mnemonic} ${rd}, ${rs}, ${hex(imm & 0xffff)}`
        : `${mnemonic} ${rd}, ${rs}, ${imm}`;
    case 'rd-imm':
      return name === 'MARK' ? `mark ${imm & 0xffff}, ${rd}` : `${mnemonic} ${rd}, ${hex(imm & 0xffff)}`;
    case 'rd-sel':
      return `${mnemonic} ${rd}, ${cp0Names.get(imm) ?? imm}`;
    case 'mem':
      return name === 'SYNCI' ? `synci ${imm}(${rs})` : `${mnemonic} ${rd}, ${imm}(${rs})`;
    case 'cache':
      return `cache ${cacheOpNames[(word >> 20) & 15] ?? (word >> 20) & 15}, ${imm}(${rs})`;
    case 'branch2':
      return `${mnemonic} ${rd}, ${rs}, ${pc === undefined ? imm : target(pc + 1 + imm)}`;
    case 'branch0':
      return `${mnemonic} ${pc === undefined ? imm : target(pc + 1 + imm)}`;
    case 'branch1':
      return `${mnemonic} ${rd}, ${pc === undefined ? imm : target(pc + 1 + imm)}`;
    case 'jump': {
      const t = word & 0xffffff;
      return `${mnemonic} ${pc === undefined ? hex(t) : target((pc & JUMP_REGION_MASK) | t)}`;
    }
    case 'imm':
      return `${mnemonic} ${imm & 0xffff}`;
  }
}
