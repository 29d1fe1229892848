/**
 * The kdump path of the old kernel (kernel/kexec_core.c, arch/mips/kernel/crash.c): the panicking CPU
 * saves its registers, IPIs the others without waiting, waits a bounded time for them to check in,
 * then runs machine_kexec. Each other CPU runs crash_shutdown_secondary inside its IPI handler and
 * never returns from it.
 */

import type { KernelOptions } from '../contract/kernel-options.js';
import type { Assembler } from '../machine/asm.js';
import type { RegName } from '../machine/isa.js';
import { msToSteps } from './clock.js';
import {
  cpuBit,
  maskWordOf,
  maskWords,
  perCpu,
  pop,
  push,
  returnIfOffline,
  setCpuOnline,
  waitNonZero,
} from './macros.js';
import { marks, tags } from './vocab.js';

export const NOTE_WORDS = 4;
/**
 * Words between two CPUs' notes: the largest cache line, so no two notes share one. Real per-CPU notes are
 * separate allocations; notes sharing a line would let one core's writeback clobber another's note.
 */
export const NOTE_STRIDE = 16;
/** What crash_save_cpu writes first in a note, so the capture kernel can tell a note from garbage. */
export const NOTE_MAGIC = 0x4e4f5445;
/** crash_kexec_prepare_cpus waits "about 10 s": 10000 × 1 ms, here in steps of the global clock. */
export const CRASH_WAIT_STEPS = msToSteps(10_000);

export interface CrashConfig {
  readonly cpus: number;
  /** A later synchronous cross-call (e.g. a panic notifier) after the secondaries are parked. */
  readonly crossCallAfterPark: boolean;
}

export function emitCrashData(a: Assembler, cpus: number): void {
  a.routine('cpus_in_crash').space(maskWords(cpus));
  a.routine('panic_cpu').word(-1);
  a.routine('crash_notes').space(NOTE_STRIDE * cpus);
}

/** sum += the bits set in word `w` of the mask at `mask` (hweight32). Clobbers t0, t1. */
function popcountWord(a: Assembler, sum: RegName, mask: RegName, w: number, label: string): void {
  a.lw('t0', w, mask);
  a.label(label).beqz('t0', `${label}_done`).andi('t1', 't0', 1).add(sum, sum, 't1').srl('t0', 't0', 1).b(label);
  a.label(`${label}_done`);
}

export function emitCrashPath(a: Assembler, options: KernelOptions, config: CrashConfig): void {
  const words = maskWords(config.cpus);
  // crash_save_cpu(): this CPU's registers into its note (clobbers t0–t3).
  a.routine('crash_save_cpu').mfc0('t1', 'CPUID');
  perCpu(a, 't0', 'crash_notes', 't1', NOTE_STRIDE);
  a.settag(tags.CRASH_NOTE)
    .li('t2', NOTE_MAGIC)
    .sw('t2', 0, 't0')
    .sw('t1', 1, 't0')
    .sw('sp', 2, 't0')
    .sw('ra', 3, 't0');
  a.settag(tags.OLD_DATA).mark(marks.NOTE_SAVED, 't1').ret();

  // panic() → __crash_kexec() on the crashing CPU: only the first to claim panic_cpu proceeds.
  a.routine('crash_kexec').di().mfc0('s0', 'CPUID');
  a.la('t0', 'panic_cpu').li('t1', -1).amoswap('t2', 't0', 's0');
  a.beq('t2', 't1', 'first').j('panic_spin');
  a.label('first').call('crash_save_cpu').call('crash_kexec_prepare_cpus');
  if (config.crossCallAfterPark) a.la('a1', 'smp_noop').li('a2', 1).call('smp_call_function');
  a.j('machine_kexec');

  // crash_kexec_prepare_cpus(): IPI everyone (no wait), then wait ~10 s for cpus_in_crash.
  a.routine('crash_kexec_prepare_cpus');
  push(a, 'ra', 's0', 's1');
  // ncpus = num_online_cpus() - 1, counted before the IPIs go out
  if (words === 1) {
    a.la('t0', 'cpu_online_mask').lw('t0', 0, 't0').li('s1', -1);
    a.label('count').beqz('t0', 'counted').andi('t1', 't0', 1).add('s1', 's1', 't1').srl('t0', 't0', 1).b('count');
    a.label('counted');
  } else {
    a.la('t3', 'cpu_online_mask').li('s1', -1);
    for (let w = 0; w < words; w++) popcountWord(a, 's1', 't3', w, `count_word${w}`);
  }
  a.la('a1', 'crash_shutdown_secondary').li('a2', 0).call('smp_call_function');
  a.mfc0('s0', 'COUNT').li('t0', CRASH_WAIT_STEPS).add('s0', 's0', 't0').mtc0('s0', 'COMPARE');
  if (words === 1) {
    a.label('wait_cpus_in_crash').la('t0', 'cpus_in_crash').lw('t0', 0, 't0').li('t2', 0);
    a.label('popcount')
      .beqz('t0', 'compare')
      .andi('t1', 't0', 1)
      .add('t2', 't2', 't1')
      .srl('t0', 't0', 1)
      .b('popcount');
    a.label('compare');
  } else {
    a.la('t3', 'cpus_in_crash');
    a.label('wait_cpus_in_crash').li('t2', 0);
    for (let w = 0; w < words; w++) popcountWord(a, 't2', 't3', w, `popcount_word${w}`);
  }
  a.slt('t1', 't2', 's1').beqz('t1', 'all_in');
  a.mfc0('t0', 'COUNT').slt('t1', 't0', 's0').pause().bnez('t1', 'wait_cpus_in_crash');
  a.label('all_in').mfc0('t0', 'CPUID');
  cpuBit(a, 't1', 't0', 't2');
  maskWordOf(a, 't0', 'cpus_in_crash', 't0', words);
  a.amoor('zero', 't0', 't1');
  pop(a, 'ra', 's0', 's1');
  a.ret();

  // crash_shutdown_secondary(): in IPI context on every other online CPU; never returns.
  a.routine('crash_shutdown_secondary');
  returnIfOffline(a, words);
  if (options.markOffline) setCpuOnline(a, 's0', false, words);
  a.di().call('crash_save_cpu');
  cpuBit(a, 't1', 's0', 't2');
  maskWordOf(a, 't0', 'cpus_in_crash', 's0', words);
  a.amoor('zero', 't0', 't1');
  waitNonZero(a, 'wait_kexec_ready', 'kexec_ready_to_reboot');
  a.j('kexec_park_secondary');
}
