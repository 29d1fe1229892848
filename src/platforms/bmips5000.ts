/**
 * BMIPS5000 (arch/mips/kernel/smp-bmips.c; c-r4k.c): cores of two threads; the I-cache fills from the
 * D-cache once the write buffers drain, so local_flush_icache_range is only b5k_instruction_hazard(), while
 * __flush_cache_all also blasts the L2. With more than one core, r4k's __flush_cache_all IPIs the other
 * cores and waits. Kexec uses the jump callback into a mach-generic entry that parks nobody (BRIEF.md §2.4,
 * §3.2, §6.2 footnotes 6 and 7).
 */

import type { PlatformContext } from '../contract/platform.js';
import type { Assembler } from '../machine/asm.js';
import { emitBmipsOldKernel, emitEmptyEntrySetup } from './bmips.js';
import { definePlatform } from './define.js';

function emitNewKernel(a: Assembler, ctx: PlatformContext): void {
  emitEmptyEntrySetup(a);
  // bmips_boot_secondary(), cold boot: set the reset vector, then write_c0_brcm_action(ACTION_BOOT_THREAD(cpu)).
  // Whether that restarts a thread already running or in `wait` is UNVERIFIED (BRIEF.md §1.7): the
  // `resetsRunningThread` feature says; off (the default), the machine ignores the start on such a thread.
  a.routine('boot_secondary').la('t1', 'secondary_start');
  a.start('a0', 't1', ctx.features['resetsRunningThread'] === true).ret();
}

export default definePlatform({
  name: 'bmips5000',
  description: 'BMIPS5000: cores of two threads, I-cache fills from D, L2 blast in __flush_cache_all, jump callback',
  coherence: () => ({
    dCoherent: true,
    dWriteThrough: false,
    icFillsFromDc: true, // after the write buffers drain (b5k_instruction_hazard)
    icacheSnoopsRemoteStore: true,
    hitOpsGlobal: false,
    synciWholeICache: false,
  }),
  code: (ctx) => ({
    flushCacheAll: 'r4k',
    flushCacheAllL2: true, // r4k___flush_cache_all on BMIPS5000: blast_scache() and __sync()
    scacheOps: 'r4k',
    localIcacheFlush: 'barrier', // local_flush_icache_range = b5k_instruction_hazard
    relocateFinalSync: 'sync',
    hasKexecNonbootCpu: true, // bmips5000_smp_ops.kexec_nonboot_cpu = kexec_nonboot_cpu_jump
    hasShutdownHook: false,
    bringUpTimeoutMs: 1000, // __cpu_up: wait_for_completion_timeout(&cpu_starting, 1 s)
    emitOldKernel: (a) => emitBmipsOldKernel(a),
    emitNewKernel: (a) => emitNewKernel(a, ctx),
  }),
});
