/**
 * kexec_nonboot_cpu_jump() (arch/mips/kernel/machine_kexec.c, v4.20): the kexec_nonboot_cpu callback that
 * Octeon, Loongson-3 and BMIPS put in their plat_smp_ops. It keeps the legacy jump semantics, with a local
 * I-cache flush first (BRIEF.md §1.4 step 6):
 *
 *   local_flush_icache_range((unsigned long)relocated_kexec_smp_wait,
 *                            reboot_code_buffer + relocate_new_kernel_size);
 *   relocated_kexec_smp_wait(NULL);
 *
 * It is generic kernel code, not platform code; it lives here because the platforms that select it are the
 * ones that emit `kexec_nonboot_cpu` (types.ts). Both ends of the range come from the control page: the
 * relocated kexec_smp_wait up to the end of the copied stub.
 */

import type { Assembler } from '../machine/asm.js';

export function emitKexecNonbootCpuJump(a: Assembler): void {
  a.routine('kexec_nonboot_cpu');
  a.la('t0', 'relocated_kexec_smp_wait').lw('a0', 0, 't0');
  // reboot_code_buffer + relocate_new_kernel_size = relocated kexec_smp_wait + (stub end - kexec_smp_wait)
  a.la('t1', 'relocate_new_kernel_end').la('t2', 'kexec_smp_wait').sub('t1', 't1', 't2').add('a1', 'a0', 't1');
  a.call('local_flush_icache_range');
  a.la('t0', 'relocated_kexec_smp_wait').lw('t0', 0, 't0').jr('t0');
}
