/**
 * BMIPS4350/4380 (arch/mips/kernel/smp-bmips.c; c-r4k.c and the BMIPS cpu-feature overrides for its caches):
 * one core, two thread processors sharing the L1 ("No IPI is needed because all CPUs share the same D$"),
 * so r4k's __flush_cache_all finds cpu_foreign_map empty and sends nothing. The I-cache does not fill from
 * the D-cache but snoops remote stores. Kexec uses the jump callback into a mach-generic entry that parks
 * nobody (BRIEF.md §2.4, §4.2, §6.2 footnote 6).
 */

import type { PlatformContext } from '../contract/platform.js';
import type { Assembler } from '../machine/asm.js';
import { emitBmipsOldKernel, emitEmptyEntrySetup } from './bmips.js';
import { definePlatform } from './define.js';

function emitNewKernel(a: Assembler, ctx: PlatformContext): void {
  emitEmptyEntrySetup(a);
  // bmips_boot_secondary(), cold boot (the new kernel's bmips_booted_mask starts empty): set the reset vector
  // (KSEG1), then "Reset slave TP1 if booting from TP0": `if (cpu_logical_map(cpu) == 1)
  // set_c0_brcm_cmt_ctrl(0x01)`. Booting TP0 from TP1 does nothing at all. Whether the cmt_ctrl reset restarts a
  // thread that is running or sitting in `wait` is UNVERIFIED (BRIEF.md §1.7): the `resetsRunningThread` feature
  // says; off (the default), the machine ignores the start on such a thread, which keeps doing what it was doing.
  a.routine('boot_secondary').andi('t0', 'a0', 1).beqz('t0', 'not_tp1');
  a.la('t1', 'secondary_start').start('a0', 't1', ctx.features['resetsRunningThread'] === true);
  a.label('not_tp1').ret();
}

export default definePlatform({
  name: 'bmips43xx',
  description: 'BMIPS4350/4380: one core, two threads sharing L1, jump callback into an entry that parks nobody',
  coherence: () => ({
    dCoherent: true,
    dWriteThrough: false,
    icFillsFromDc: false,
    icacheSnoopsRemoteStore: true, // cpu_icache_snoops_remote_store in the BMIPS override
    hitOpsGlobal: false,
    synciWholeICache: false,
  }),
  code: (ctx) => ({
    flushCacheAll: 'r4k', // one core: cpu_foreign_map is empty, so only the local blast runs
    flushCacheAllL2: false,
    scacheOps: 'r4k',
    localIcacheFlush: 'r4k',
    relocateFinalSync: 'sync',
    hasKexecNonbootCpu: true, // bmips43xx_smp_ops.kexec_nonboot_cpu = kexec_nonboot_cpu_jump
    hasShutdownHook: false,
    bringUpTimeoutMs: 1000, // __cpu_up: wait_for_completion_timeout(&cpu_starting, 1 s)
    emitOldKernel: (a) => emitBmipsOldKernel(a),
    emitNewKernel: (a) => emitNewKernel(a, ctx),
  }),
});
