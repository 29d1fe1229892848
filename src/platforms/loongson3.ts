/**
 * Loongson-3 (arch/mips/loongson64/loongson-3/smp.c; c-r4k.c for its caches): hardware keeps L1 D coherent
 * between cores and the I-cache coherent with the D-caches, so __flush_cache_all is a no-op (4978c8477e96).
 * Cores are started through per-core IPI mailbox registers. This era's entry code parks nobody, so a
 * jump-style secondary runs the boot path; a hot-unplugged core polls its mailbox from uncached old-kernel
 * text and can be started by a capture kernel, but runs whatever a normal kexec copies over it
 * (BRIEF.md §1.7, §2.3, §4.2).
 */

import type { PlatformContext } from '../contract/platform.js';
import type { Assembler } from '../machine/asm.js';
import { UNCACHED } from '../machine/isa.js';
import { definePlatform } from './define.js';
import { emitKexecNonbootCpuJump } from './kexec-nonboot-jump.js';

/** include/linux/cpu.h of the era: the per-CPU cpu_state play_dead() leaves behind. */
const CPU_DEAD = 7;

/**
 * The per-core IPI mailbox registers (SMP_MAILBOX + 0x20: the PC a started core jumps to), modelled as one
 * word per CPU in the platform's low memory and always accessed through the uncached alias, like registers.
 * The real mailbox also carries SP, GP and a1; the new kernel's secondary_start needs none of them. The old
 * kernel's loongson3_smp_finish() cleared each PC word once its CPU was up, so they all read 0 at kexec time.
 */
function mailbox(ctx: PlatformContext): number {
  return (ctx.lowMemory | UNCACHED) >>> 0;
}

function emitOldKernel(a: Assembler, ctx: PlatformContext): void {
  // play_dead() (smp.c): state_addr = &per_cpu(cpu_state, cpu); mb(); then call the per-revision routine
  // through its CKSEG1 alias: play_dead_at_ckseg1(state_addr). Entered with IRQs off from the idle loop.
  a.routine('play_dead').di().mfc0('t1', 'CPUID');
  a.la('a0', 'platform_data').add('a0', 'a0', 't1');
  a.sync();
  a.la('t0', 'loongson3_play_dead').li('t1', UNCACHED).or('t0', 't0', 't1').jr('t0');

  // loongson3a_r2r3_play_dead() and friends, executing uncached. They flush L1 I and D by index, inline; here
  // they call blast_icache/blast_dcache instead: `jal` keeps the uncached region of the pc, so those loops run
  // uncached too and nothing is fetched through the caches being flushed.
  a.routine('loongson3_play_dead');
  a.call('blast_icache').call('blast_dcache');
  // "sw CPU_DEAD, (state_addr); cache 21 (Hit_Writeback_Inv_D), (state_addr)": loongson3_cpu_die() sees it.
  a.li('t1', CPU_DEAD).sw('t1', 0, 'a0').cache('D_HIT_WB_INV', 0, 'a0');
  a.mfc0('t3', 'CPUID').li('t0', mailbox(ctx)).add('t3', 't3', 't0');
  // "1: li count, 0x100; 2: bnez count, 2b; addiu count, -1; ld initfunc, 0x20(base); beqz initfunc, 1b".
  // The 0x100-iteration pause between reads (well under a microsecond) only paces the polling; a poll of
  // the mailbox is what matters, and as a poll it is parked until the mailbox changes.
  a.label('wait_mailbox').lw('v0', 0, 't3').pause().beqz('v0', 'wait_mailbox');
  a.jr('v0'); // "jr initfunc"

  emitKexecNonbootCpuJump(a);
}

function emitNewKernel(a: Assembler, ctx: PlatformContext): void {
  // mach-loongson64 kernel-entry-init.h of this era parks nobody: every CPU continues the boot path. The 2021
  // kexec support added the mailbox wait (kexec_smp_wait_final) that would have parked them.
  a.routine('kernel_entry_setup').ret();

  // loongson3_boot_secondary(): write the start PC (and SP, GP, a1) into the target core's mailbox, uncached,
  // and return; the target must already be polling it (firmware, play_dead).
  a.routine('boot_secondary').la('t0', 'secondary_start');
  a.li('t1', mailbox(ctx)).add('t1', 't1', 'a0').sw('t0', 0, 't1');
  a.ret();
}

export default definePlatform({
  name: 'loongson3',
  description: 'Loongson-3: hardware-coherent caches (I with D), mailbox start, no parking at the new entry',
  coherence: () => ({
    dCoherent: true,
    dWriteThrough: false,
    icFillsFromDc: true,
    icacheSnoopsRemoteStore: true,
    hitOpsGlobal: false,
    synciWholeICache: false,
  }),
  code: (ctx) => ({
    flushCacheAll: 'none', // r4k_cache_init: __flush_cache_all = cache_noop on Loongson-3
    flushCacheAllL2: false,
    scacheOps: 'r4k',
    localIcacheFlush: 'r4k', // local_flush_icache_range keeps the r4k hit-op implementation
    relocateFinalSync: 'sync',
    hasKexecNonbootCpu: true, // loongson3_smp_ops.kexec_nonboot_cpu = kexec_nonboot_cpu_jump
    hasShutdownHook: false,
    bringUpTimeoutMs: 1000, // __cpu_up: wait_for_completion_timeout(&cpu_starting, 1 s)
    emitOldKernel: (a) => emitOldKernel(a, ctx),
    emitNewKernel: (a) => emitNewKernel(a, ctx),
  }),
});
