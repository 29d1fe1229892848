/**
 * What BMIPS4350/4380 and BMIPS5000 share (arch/mips/kernel/smp-bmips.c, bmips_vec.S): play_dead() that
 * sleeps in `wait` with the warm-restart (BEV) vector armed and, once woken, resumes the *old* kernel at
 * bmips_secondary_reentry; kexec_nonboot_cpu_jump; and a mach-generic kernel entry that parks nobody
 * (BRIEF.md §1.7, §2.4).
 */

import type { Assembler } from '../machine/asm.js';
import { emitKexecNonbootCpuJump } from './kexec-nonboot-jump.js';

export function emitBmipsOldKernel(a: Assembler): void {
  // play_dead(): idle_task_exit(); _dma_cache_wback_inv(0, ~0); unmask only SW0/SW1 and set ST0_BEV|ST0_IE,
  // so the wake-up goes to the warm-restart vector instead of the Linux handlers; then
  // "wait; j bmips_secondary_reentry". Entered with IRQs off from the idle loop.
  a.routine('play_dead').di();
  a.call('blast_dcache');
  a.la('t0', 'bmips_warm_restart_vec').mtc0('t0', 'EBASE');
  a.ei();
  // Waits for the SW interrupt a warm bmips_boot_secondary() sends (bmips_booted_mask set); a cold boot of a
  // new kernel sends none.
  a.label('wait_warm_restart').wait();
  a.j('bmips_secondary_reentry');

  // bmips_smp_int_vec, copied at boot to BMIPS_WARM_RESTART_VEC in low memory: it clears IE and erets to the
  // instruction after the `wait`, the jump above. This machine's `wait` leaves EPC on the wait itself, so the
  // vector takes that jump itself; it is emitted in old-kernel text, which the fetch provenance also calls it.
  a.routine('bmips_warm_restart_vec').j('bmips_secondary_reentry');

  // bmips_secondary_reentry (bmips_vec.S): reload sp/gp from bmips_smp_boot_sp/gp and `j start_secondary`,
  // which restores the normal vectors and ends in the old kernel's idle loop.
  a.routine('bmips_secondary_reentry').la('t0', 'old_ipi_handler').mtc0('t0', 'EBASE');
  a.j('old_idle');

  emitKexecNonbootCpuJump(a);
}

/** kernel_entry_setup: mach-generic kernel-entry-init.h, an empty macro; every CPU continues the boot path. */
export function emitEmptyEntrySetup(a: Assembler): void {
  a.routine('kernel_entry_setup').ret();
}
