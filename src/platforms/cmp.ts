/**
 * smp-cmp and the other plat_smp_ops of the era that never got kexec_nonboot_cpu (vsmp, netlogic, sibyte,
 * …; arch/mips/kernel/smp-cmp.c): generic r4k caches with no coherence manager and no snooping I-cache, and
 * CPUs started by firmware (amon_cpu_start). From v4.20 machine_kexec_prepare refuses them with -EINVAL;
 * before, they followed the legacy path (BRIEF.md §2.5, §6.2 column P8).
 */

import type { Assembler } from '../machine/asm.js';
import { definePlatform } from './define.js';

function emitOldKernel(a: Assembler): void {
  // No CPU power controller to hand the CPU to: it parks with IRQs off in a `wait` loop in old-kernel text.
  // With IRQs off an IPI wakes `wait` but is never taken, so nothing another CPU does releases the loop and
  // its label is not a wait_; the pause is cpu_relax() for the scheduler once an IPI has left `wait` pending.
  a.routine('play_dead').di();
  a.label('spin').wait().pause().b('spin');
}

function emitNewKernel(a: Assembler): void {
  a.routine('kernel_entry_setup').ret(); // mach-generic: empty
  // cmp_boot_secondary(): amon_cpu_start(cpu, smp_bootstrap, sp, gp, a0), a firmware call that launches a CPU
  // waiting in YAMON; a CPU that is running (or in `wait`) is not listening, so `start` is ignored there.
  a.routine('boot_secondary').la('t1', 'secondary_start').start('a0', 't1').ret();
}

export default definePlatform({
  name: 'cmp',
  description: 'smp-cmp, vsmp and other ops without kexec_nonboot_cpu: generic r4k caches, refused from v4.20',
  coherence: () => ({
    dCoherent: true,
    dWriteThrough: false,
    icFillsFromDc: false,
    icacheSnoopsRemoteStore: false,
    hitOpsGlobal: false,
    synciWholeICache: false,
  }),
  code: () => ({
    flushCacheAll: 'r4k',
    flushCacheAllL2: false,
    scacheOps: 'r4k',
    localIcacheFlush: 'r4k',
    relocateFinalSync: 'sync',
    hasKexecNonbootCpu: false,
    hasShutdownHook: false,
    bringUpTimeoutMs: 1000, // __cpu_up: wait_for_completion_timeout(&cpu_starting, 1 s)
    emitOldKernel: (a) => emitOldKernel(a),
    emitNewKernel: (a) => emitNewKernel(a),
  }),
});
