/**
 * A compact MIPS-flavoured instruction set, one instruction per 32-bit word.
 *
 *   R-type  [op:8][rd:4][rs:4][rt:4][zero:12]
 *   I-type  [op:8][rd:4][rs:4][imm:16]        imm is sign-extended except for ANDI/ORI/XORI/LUI
 *   J-type  [op:8][target:24]                 absolute word address inside the current 16M-word region
 *
 * Opcodes live in 0x3c..0x7f, so a zero word, an all-ones word and most random data do not decode:
 * a CPU that runs into data faults with illegal-instruction, as it would on hardware.
 * Memory is word-addressed; bit 29 of an address selects the uncached alias (KSEG1-like).
 */

export const op = {
  BREAK: 0x3c,
  EXIT: 0x3d,
  RESET: 0x3e,
  START: 0x3f,
  PWRDN: 0x40,
  NOP: 0x41,
  ADD: 0x42,
  SUB: 0x43,
  AND: 0x44,
  OR: 0x45,
  XOR: 0x46,
  SLT: 0x47,
  SLTU: 0x48,
  MUL: 0x49,
  ADDI: 0x50,
  ANDI: 0x51,
  ORI: 0x52,
  XORI: 0x53,
  SLTI: 0x54,
  LUI: 0x55,
  SLL: 0x56,
  SRL: 0x57,
  SRA: 0x58,
  SLLV: 0x59,
  MFC0: 0x5a,
  MTC0: 0x5b,
  LW: 0x60,
  SW: 0x61,
  AMOADD: 0x62,
  AMOOR: 0x63,
  AMOAND: 0x64,
  AMOSWAP: 0x65,
  CPYL: 0x66,
  CACHE: 0x68,
  SYNCI: 0x69,
  SYNC: 0x6a,
  PAUSE: 0x6b,
  EI: 0x6c,
  DI: 0x6d,
  ERET: 0x6e,
  WAIT: 0x6f,
  BEQ: 0x70,
  BNE: 0x71,
  BLEZ: 0x72,
  BGTZ: 0x73,
  BLTZ: 0x74,
  BGEZ: 0x75,
  BAL: 0x76,
  J: 0x78,
  JAL: 0x79,
  JR: 0x7a,
  JALR: 0x7b,
  IPI: 0x7c,
  MARK: 0x7d,
  SETTAG: 0x7e,
  HALT: 0x7f,
} as const;

export type OpName = keyof typeof op;

/** START's immediate bit: the target restarts even when it is running or in `wait` (a thread reset). */
export const START_RESTARTS_RUNNING = 1;

/** Operand shapes, used by the assembler and the disassembler. */
export type OpShape =
  | 'none' // nop, sync, pause, ei, eret, wait, halt, pwrdn
  | 'rd' // di rd, jr rd... see per-op below
  | 'rd-rs-rt'
  | 'rd-rs-imm'
  | 'rd-imm'
  | 'mem' // rd, imm(rs)
  | 'cache' // cacheop, imm(rs)
  | 'branch2' // rd, rs, label
  | 'branch1' // rd, label
  | 'branch0' // label (PC-relative, links ra)
  | 'jump' // label
  | 'rd-rs'
  | 'imm'
  | 'rd-sel';

export const opShape: Readonly<Record<OpName, OpShape>> = {
  BREAK: 'imm',
  EXIT: 'imm',
  RESET: 'rd-rs',
  START: 'rd-rs',
  PWRDN: 'none',
  NOP: 'none',
  ADD: 'rd-rs-rt',
  SUB: 'rd-rs-rt',
  AND: 'rd-rs-rt',
  OR: 'rd-rs-rt',
  XOR: 'rd-rs-rt',
  SLT: 'rd-rs-rt',
  SLTU: 'rd-rs-rt',
  MUL: 'rd-rs-rt',
  ADDI: 'rd-rs-imm',
  ANDI: 'rd-rs-imm',
  ORI: 'rd-rs-imm',
  XORI: 'rd-rs-imm',
  SLTI: 'rd-rs-imm',
  LUI: 'rd-imm',
  SLL: 'rd-rs-imm',
  SRL: 'rd-rs-imm',
  SRA: 'rd-rs-imm',
  SLLV: 'rd-rs-rt',
  MFC0: 'rd-sel',
  MTC0: 'rd-sel',
  LW: 'mem',
  SW: 'mem',
  AMOADD: 'rd-rs-rt',
  AMOOR: 'rd-rs-rt',
  AMOAND: 'rd-rs-rt',
  AMOSWAP: 'rd-rs-rt',
  CPYL: 'rd-rs',
  CACHE: 'cache',
  SYNCI: 'mem',
  SYNC: 'none',
  PAUSE: 'none',
  EI: 'none',
  DI: 'rd',
  ERET: 'none',
  WAIT: 'none',
  BEQ: 'branch2',
  BNE: 'branch2',
  BLEZ: 'branch1',
  BGTZ: 'branch1',
  BLTZ: 'branch1',
  BGEZ: 'branch1',
  BAL: 'branch0',
  J: 'jump',
  JAL: 'jump',
  JR: 'rd',
  JALR: 'rd-rs',
  IPI: 'rd',
  MARK: 'rd-imm',
  SETTAG: 'imm',
  HALT: 'none',
};

/** Registers: r0 reads as zero. Names follow the MIPS o32 roles the kernel code uses. */
export const reg = {
  zero: 0,
  at: 1,
  v0: 2,
  v1: 3,
  a0: 4,
  a1: 5,
  a2: 6,
  a3: 7,
  t0: 8,
  t1: 9,
  t2: 10,
  t3: 11,
  s0: 12,
  s1: 13,
  sp: 14,
  ra: 15,
} as const;
export type RegName = keyof typeof reg;
export const regNames: readonly RegName[] = Object.keys(reg) as RegName[];
export const REG_COUNT = 16;

/** `mfc0`/`mtc0` selectors (CP0-like registers). */
export const cp0 = {
  CPUID: 0, // logical CPU number (EBase.CPUNum)
  CORE: 1,
  THREAD: 2,
  NCPUS: 3,
  COUNT: 4, // global step counter: the only clock
  EPC: 5,
  EBASE: 6, // exception vector for IPIs
  STATUS: 7, // 1 when interrupts are enabled
  COMPARE: 8, // the deadline of a timed wait: a CPU parked in a poll that reads COUNT wakes here
} as const;
export type Cp0Name = keyof typeof cp0;

/**
 * `cache` operations. Index ops name a line by set and way and always act on the local core;
 * hit ops name an address and are globalised to every core when a coherence manager does so.
 */
export const cacheOp = {
  I_INDEX_INV: 0,
  D_INDEX_WB_INV: 1,
  S_INDEX_WB_INV: 2,
  I_HIT_INV: 3,
  D_HIT_INV: 4,
  D_HIT_WB_INV: 5,
  D_HIT_WB: 6,
  S_HIT_INV: 7,
  S_HIT_WB_INV: 8,
  S_HIT_WB: 9,
} as const;
export type CacheOpName = keyof typeof cacheOp;
export const cacheOpNames: readonly CacheOpName[] = Object.keys(cacheOp) as CacheOpName[];

/** Bit 29 of an address selects the uncached alias of the same physical word. */
export const UNCACHED = 0x20000000;
/** Mask applied to addresses before the range check. */
export const PHYS_MASK = ~UNCACHED;
export const JUMP_REGION_MASK = ~0xffffff;

const opByCode = new Map<number, OpName>(Object.entries(op).map(([name, code]) => [code, name as OpName]));

/** The opcode of a word, or -1 when it does not decode. */
export function opcodeOf(word: number): number {
  const code = (word >> 24) & 0xff;
  return opByCode.has(code) ? code : -1;
}

export function opNameOf(code: number): OpName | undefined {
  return opByCode.get(code);
}

/** Decodability table for the hot loop: 1 where the opcode byte is a real instruction. */
export const decodable: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (const code of Object.values(op)) table[code] = 1;
  return table;
})();

export function encodeR(code: number, rd: number, rs: number, rt: number): number {
  return (code << 24) | ((rd & 15) << 20) | ((rs & 15) << 16) | ((rt & 15) << 12);
}

export function encodeI(code: number, rd: number, rs: number, imm: number): number {
  return (code << 24) | ((rd & 15) << 20) | ((rs & 15) << 16) | (imm & 0xffff);
}

export function encodeJ(code: number, target: number): number {
  return (code << 24) | (target & 0xffffff);
}

export function fitsSigned16(value: number): boolean {
  return value >= -0x8000 && value <= 0x7fff;
}

export function fitsUnsigned16(value: number): boolean {
  return value >= 0 && value <= 0xffff;
}
