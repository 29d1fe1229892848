/**
 * Small assembler idioms the kernel routines share (the kernel's own macros: cpumask ops, per-CPU
 * addressing, stack push/pop). Register convention: a0–a3 arguments, v0 result, t0–t3/at/v1 scratch,
 * s0/s1 preserved by callees, sp a per-CPU stack in old kernel data, ra the return address.
 */

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

/** reg = 1 << cpu, for the CPU number in `cpu`. */
export function cpuBit(a: Assembler, reg: RegName, cpu: RegName, scratch: RegName): void {
  a.li(scratch, 1).sllv(reg, scratch, cpu);
}

/** set_cpu_online(cpu, online): an atomic or/and on cpu_online_mask. Clobbers t0–t2. */
export function setCpuOnline(a: Assembler, cpu: RegName, online: boolean): void {
  cpuBit(a, 't1', cpu, 't2');
  a.la('t0', 'cpu_online_mask');
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
export function returnIfOffline(a: Assembler): void {
  push(a, 'ra');
  a.mfc0('s0', 'CPUID').la('t0', 'cpu_online_mask').lw('t0', 0, 't0');
  cpuBit(a, 't1', 's0', 't2');
  a.and('t0', 't0', 't1').bnez('t0', 'online');
  pop(a, 'ra');
  a.ret();
  a.label('online');
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
