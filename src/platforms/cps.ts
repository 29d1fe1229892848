/**
 * MIPS Coherent Processing System (arch/mips/kernel/smp-cps.c, pm-cps.c): interAptiv/1004K (MT),
 * I6400/I6500 (multi-VP), proAptiv/P5600 (neither). A coherence manager globalises hit cache ops; the
 * CPC can reset a core, which brings it back whatever it was doing (BRIEF.md §1.7, §2.1).
 */

import type { PlatformContext } from '../contract/platform.js';
import type { Assembler } from '../machine/asm.js';
import { definePlatform } from './define.js';

/** Per-core masks of CPUs, emitted as a table (core-major numbering). */
function emitCoreTables(a: Assembler, ctx: PlatformContext, prefix: string): void {
  a.routine(`${prefix}_core_of`);
  for (let c = 0; c < ctx.cpus; c++) a.word(Math.floor(c / ctx.threadsPerCore));
  a.routine(`${prefix}_core_mask`);
  for (let core = 0; core < ctx.cores; core++) {
    a.word(((1 << ctx.threadsPerCore) - 1) << (core * ctx.threadsPerCore));
  }
}

/** cps_pm_enter_state(CPS_PM_POWER_GATED): write back the L1 D, gate the core; -EINVAL without support. */
function emitPowerGate(a: Assembler, ctx: PlatformContext): void {
  if (ctx.features['powerGating']) a.call('blast_dcache').pwrdn();
  // Without a power-gated state the call returns.
}

export default definePlatform({
  name: 'cps',
  description: 'MIPS CPS (CM + CPC + GIC): interAptiv/1004K with MT, I6400/I6500 with VPs, proAptiv/P5600',
  coherence: (ctx) => ({
    dCoherent: true,
    dWriteThrough: false,
    icFillsFromDc: ctx.features['icFillsFromDc'] === true,
    icacheSnoopsRemoteStore: ctx.features['icacheSnoopsRemoteStore'] === true,
    hitOpsGlobal: true,
    synciWholeICache: false,
  }),
  code: (ctx) => {
    const multithreaded = ctx.features['mt'] === true || ctx.features['vp'] === true;
    return {
      flushCacheAll: 'r4k',
      flushCacheAllL2: false,
      scacheOps: 'r4k',
      localIcacheFlush: 'r4k',
      relocateFinalSync: 'sync',
      hasKexecNonbootCpu: true,
      hasShutdownHook: false,
      // boot_core waits for the core without a timeout (it warns every second); then __cpu_up's 1 s.
      bringUpTimeoutMs: 1000,
      emitOldKernel(a) {
        emitCoreTables(a, ctx, 'cps');
        // play_dead() of the hotplug path: HALT if an online sibling shares the core (recorded in the
        // global cpu_death_sibling), else power-gate the core; if the action returns, panic.
        a.routine('play_dead').di().mfc0('s0', 'CPUID').mfc0('s1', 'CORE');
        if (multithreaded) {
          a.la('t0', 'cps_core_mask').add('t0', 't0', 's1').lw('t0', 0, 't0');
          a.la('t1', 'cpu_online_mask').lw('t1', 0, 't1').and('t0', 't0', 't1');
          a.li('t1', 1).sllv('t1', 't1', 's0').li('t2', -1).xor('t1', 't1', 't2').and('t0', 't0', 't1');
          a.beqz('t0', 'power');
          a.la('t1', 'platform_data').sw('t0', 0, 't1'); // cpu_death_sibling: a shared global
          a.halt().b('failed');
        }
        a.label('power');
        emitPowerGate(a, ctx);
        a.label('failed').j('panic'); // "Failed to offline CPU"

        // cps_kexec_nonboot_cpu() (4.20): decide by CPU features, no sibling scan.
        a.routine('kexec_nonboot_cpu');
        if (multithreaded) a.halt();
        else emitPowerGate(a, ctx);
        a.ret();
      },
      emitNewKernel(a) {
        emitCoreTables(a, ctx, 'cps_new');
        a.routine('kernel_entry_setup').ret(); // mach-generic: empty
        // cps_boot_secondary(): a sibling of the boot core runs again through VP_RUN / TC restart (only
        // if it is stopped, unless `restartsRunningSibling`: whether VP_RUN recovers a VP that never stopped
        // is UNVERIFIED, BRIEF.md §1.7); another core's first CPU comes back through a CPC core reset;
        // without a CPC only reset_release is written, which restarts nothing.
        const restart = ctx.features['restartsRunningSibling'] === true;
        a.routine('boot_secondary').la('t0', 'cps_new_core_of');
        a.add('t1', 't0', 'a0').lw('t1', 0, 't1');
        a.mfc0('t2', 'CORE').la('t3', 'secondary_start');
        a.bne('t1', 't2', 'other_core').start('a0', 't3', restart).ret();
        a.label('other_core');
        if (ctx.threadsPerCore > 1) {
          a.li('t2', ctx.threadsPerCore - 1)
            .and('t2', 't2', 'a0')
            .beqz('t2', 'first_thread');
          a.start('a0', 't3', restart).ret();
          a.label('first_thread');
        }
        if (ctx.features['cpc'] !== false) a.reset('a0', 't3');
        a.ret();
      },
    };
  },
});
