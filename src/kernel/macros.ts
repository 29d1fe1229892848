/**
 * Small assembler idioms the kernel routines share (the kernel's own macros: cpumask ops, per-CPU
 * addressing, stack push/pop). Register convention: a0–a3 arguments, v0 result, t0–t3/at/v1 scratch,
 * s0/s1 preserved by callees, sp a per-CPU stack in old kernel data, ra the return address.
 */

import type { CpumaskIdioms } from '../contract/platform.js';
import type { Assembler } from '../machine/asm.js';
import type { RegName } from '../machine/isa.js';

export function push(a: Assembler, ...regs: RegName[]): void {
  a.addi('sp', 'sp', -regs.length);
  regs.forEach((r, i) => {
    a.sw(r, i, 'sp');
  });
}

export function pop(a: Assembler, ...regs: RegName[]): void {
  regs.forEach((r, i) => {
    a.lw(r, i, 'sp');
  });
  a.addi('sp', 'sp', regs.length);
}

/**
 * Words of a cpumask: BITS_TO_LONGS(NR_CPUS) with the model's 32-bit longs. CPU c is bit c & 31 of word
 * c >> 5 (BIT_WORD, BIT_MASK); a board of up to 32 CPUs has the one-word masks its code was written for.
 */
export function maskWords(cpus: number): number {
  return (cpus + 31) >> 5;
}

/** A cpumask as its words, with `cpus` CPUs set and those of `cleared` not. */
export function cpumaskWords(cpus: number, cleared: readonly number[] = []): number[] {
  const words = Array.from({ length: maskWords(cpus) }, (_, w) => {
    const inWord = Math.min(32, cpus - 32 * w);
    return inWord === 32 ? -1 : (1 << inWord) - 1;
  });
  for (const c of cleared) words[c >> 5] = (words[c >> 5] ?? 0) & ~(1 << (c & 31));
  return words;
}

/** reg = 1 << (cpu & 31), the CPU's bit within its mask word (`sllv` shifts by the low five bits). */
export function cpuBit(a: Assembler, reg: RegName, cpu: RegName, scratch: RegName): void {
  a.li(scratch, 1).sllv(reg, scratch, cpu);
}

/**
 * reg = address of the word of the cpumask at `symbol` that holds `cpu`'s bit; `reg` may be `cpu`. Clobbers
 * `at` with several words.
 */
export function maskWordOf(a: Assembler, reg: RegName, symbol: string, cpu: RegName, words: number): void {
  if (words === 1) {
    a.la(reg, symbol);
    return;
  }
  a.srl('at', cpu, 5).la(reg, symbol).add(reg, reg, 'at');
}

/** set_cpu_online(cpu, online): an atomic or/and on cpu_online_mask. Clobbers t0–t2 (and `at`). */
export function setCpuOnline(a: Assembler, cpu: RegName, online: boolean, words: number): void {
  cpuBit(a, 't1', cpu, 't2');
  maskWordOf(a, 't0', 'cpu_online_mask', cpu, words);
  if (online) a.amoor('zero', 't0', 't1');
  else {
    a.li('t2', -1).xor('t1', 't1', 't2');
    a.amoand('zero', 't0', 't1');
  }
}

/**
 * The prologue of the IPI-context shutdown functions: push ra, s0 = this CPU, and return at once if it
 * is already offline ("if (!cpu_online(cpu)) return;").
 */
export function returnIfOffline(a: Assembler, words: number): void {
  push(a, 'ra');
  a.mfc0('s0', 'CPUID');
  maskWordOf(a, 't0', 'cpu_online_mask', 's0', words);
  a.lw('t0', 0, 't0');
  cpuBit(a, 't1', 's0', 't2');
  a.and('t0', 't0', 't1').bnez('t0', 'online');
  pop(a, 'ra');
  a.ret();
  a.label('online');
}

/**
 * `while (num_online_cpus() > 1) cpu_relax();` on a CPU that stays online, with no timeout, at the label
 * `wait_online_count`. With one mask word, "more than one online" is "the mask is not just this CPU's bit".
 * Clobbers t0–t3 (and v0, v1, `at` with several words).
 */
export function waitOthersOffline(a: Assembler, words: number): void {
  a.mfc0('t3', 'CPUID');
  cpuBit(a, 't2', 't3', 't1');
  a.la('t0', 'cpu_online_mask');
  if (words === 1) {
    a.label('wait_online_count').lw('t1', 0, 't0').pause().bne('t1', 't2', 'wait_online_count');
    return;
  }
  // Several words: OR every word together, this CPU's bit cleared in its own word.
  a.li('t1', -1).xor('t2', 't2', 't1').srl('t3', 't3', 5);
  a.label('wait_online_count').li('v0', 0);
  for (let w = 0; w < words; w++) {
    a.lw('t1', w, 't0').li('v1', w).bne('v1', 't3', `others_word${w}`).and('t1', 't1', 't2');
    a.label(`others_word${w}`).or('v0', 'v0', 't1');
  }
  a.pause().bnez('v0', 'wait_online_count');
}

/** The idioms above for a board of `cpus` CPUs, as platform code gets them (`PlatformContext.cpumask`). */
export function cpumaskIdioms(cpus: number): CpumaskIdioms {
  const words = maskWords(cpus);
  return {
    setCpuOnline: (a, cpu, online) => setCpuOnline(a, cpu, online, words),
    waitOthersOffline: (a) => waitOthersOffline(a, words),
  };
}

/** reg = address of the per-CPU slot `symbol[cpu]` with `stride` words per CPU. */
export function perCpu(a: Assembler, reg: RegName, symbol: string, cpu: RegName, stride: number): void {
  a.li(reg, stride).mul(reg, reg, cpu);
  a.la('at', symbol).add(reg, reg, 'at');
}

/** Spins (with cpu_relax) while the word at `symbol` is zero. The label names what it waits on. */
export function waitNonZero(a: Assembler, label: string, symbol: string): void {
  a.la('t0', symbol);
  a.label(label).lw('t1', 0, 't0').pause().beqz('t1', label);
}
