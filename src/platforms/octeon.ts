/**
 * Cavium Octeon (arch/mips/cavium-octeon/smp.c, setup.c, c-octeon.c; include/asm/mach-cavium-octeon/
 * kernel-entry-init.h): one CPU per core, coherent write-through L1 D ("the D-cache needs no flushing"), an
 * I-cache that does not snoop and that `synci 0($0)` invalidates whole. For a normal kexec its shutdown hook
 * parks every secondary inside an IPI handler; the new kernel parks every CPU that enters with a2 == 0 until
 * it is called by number, so jump-style secondaries are safe and a core left looping in the old kernel is
 * lost (BRIEF.md §1.2, §1.7, §2.2).
 */

import type { PlatformContext } from '../contract/platform.js';
import type { Assembler } from '../machine/asm.js';
import { definePlatform } from './define.js';
import { emitKexecNonbootCpuJump } from './kexec-nonboot-jump.js';

/** include/linux/cpu.h of the era: the per-CPU cpu_state play_dead() leaves behind. */
const CPU_DEAD = 7;
/** a3 for every CPU: the bootloader's boot descriptor (octeon_bootinfo). Never dereferenced here. */
const BOOT_DESCRIPTOR = 0x0bd0;
/** platform_data words (old kernel): octeon_processor_boot, then cpu_state[cpu]. */
const OLD_PROCESSOR_BOOT = 0;
const OLD_CPU_STATE = 1;

/**
 * The old kernel's Octeon routines: octeon_shutdown (the kexec shutdown hook), octeon_kexec_smp_down (what the
 * hook sends every secondary), play_dead, and kexec_nonboot_cpu_jump.
 */
function emitOldKernel(a: Assembler, ctx: PlatformContext): void {
  // octeon_shutdown() (setup.c): smp_call_function(octeon_kexec_smp_down, NULL, 0), then
  // `while (num_online_cpus() > 1) { cpu_relax(); mdelay(1); }` with no timeout.
  a.routine('machine_kexec_shutdown_hook');
  a.addi('sp', 'sp', -1).sw('ra', 0, 'sp');
  a.la('a1', 'octeon_kexec_smp_down').li('a2', 0).call('smp_call_function');
  a.sync(); // smp_wmb()
  ctx.cpumask.waitOthersOffline(a);
  a.lw('ra', 0, 'sp').addi('sp', 'sp', 1);
  a.ret();

  // octeon_kexec_smp_down() (setup.c), in IPI context on each secondary; it never returns. Before 4.20 it
  // ends in relocated_kexec_smp_wait(NULL); 4.20 broke the build there and 8a644c64a9f1 made it
  // kexec_reboot(). The strategy decides which: kexec_park_secondary.
  a.routine('octeon_kexec_smp_down').di();
  a.mfc0('s0', 'CPUID');
  ctx.cpumask.setCpuOnline(a, 's0', false);
  a.la('t0', 'kexec_ready_to_reboot');
  a.label('wait_kexec_ready').lw('t1', 0, 't0').pause().beqz('t1', 'wait_kexec_ready');
  a.sync().synci(0, 'zero'); // "sync; synci ($0)": the whole local I-cache
  a.j('kexec_park_secondary');

  // play_dead() (smp.c): octeon_processor_boot = 0xff; per_cpu(cpu_state) = CPU_DEAD; mb(); then
  // `while (1) ;  /* core will be reset here */` in old-kernel text, fetched through the cached, non-snooping
  // I-cache. Only octeon_cpu_die()'s CIU_PP_RST pulse ends it, and kexec never sends one: the loop waits for
  // nothing another CPU will do, so its label is not a wait_. The pause is cpu_relax() for the scheduler only.
  a.routine('play_dead').di().mfc0('s0', 'CPUID');
  a.la('t0', 'platform_data').li('t1', 0xff).sw('t1', OLD_PROCESSOR_BOOT, 't0');
  a.add('t2', 't0', 's0').li('t1', CPU_DEAD).sw('t1', OLD_CPU_STATE, 't2');
  a.sync();
  a.label('spin').pause().b('spin');

  emitKexecNonbootCpuJump(a);
}

/**
 * The new kernel's side: kernel_entry_setup (kernel-entry-init.h) and octeon_boot_secondary (smp.c).
 *
 * octeon_processor_boot is a variable of the *new* image, initialised to 0xff. The platform contract gives
 * platforms no new-kernel data, and words emitted here count as new-kernel text (which must end unchanged),
 * so it lives in the platform's low-memory word and holds core + 1: the zero memory starts with then means
 * "nobody" as 0xff does, with no initialising store for a parked CPU to race. No old-kernel code reads it.
 */
function emitNewKernel(a: Assembler, ctx: PlatformContext): void {
  const processorBoot = ctx.lowMemory;
  // kernel_entry_setup: `bnez a2, octeon_main_processor` ("I am the init core" comes in a2 = 1); every other
  // CPU falls into octeon_spin_wait_boot inside this image.
  a.routine('kernel_entry_setup').bnez('a2', 'init_core').j('octeon_spin_wait_boot');
  a.label('init_core').ret();

  a.routine('octeon_spin_wait_boot').mfc0('t1', 'CORE').addi('t1', 't1', 1).li('t0', processorBoot);
  a.label('wait_processor_boot').lw('t2', 0, 't0').pause().bne('t2', 't1', 'wait_processor_boot');
  a.j('secondary_start'); // smp_bootstrap

  // octeon_boot_secondary(): publish SP/GP and octeon_processor_boot = cpu_logical_map(cpu), then the
  // kernel's 10 ms wait ("Secondary boot timeout"). One CPU per core: the CPU number is the core number.
  a.routine('boot_secondary').addi('t0', 'a0', 1).li('t1', processorBoot).sw('t0', 0, 't1').ret();
}

export default definePlatform({
  name: 'octeon',
  description: 'Cavium Octeon: write-through coherent L1 D, whole-I-cache synci, secondaries parked in the new image',
  coherence: () => ({
    dCoherent: true,
    dWriteThrough: true,
    icFillsFromDc: false,
    icacheSnoopsRemoteStore: false,
    hitOpsGlobal: false,
    synciWholeICache: true,
  }),
  code: (ctx) => ({
    // octeon_flush_icache_all: local synci, SMP_ICACHE_FLUSH mailbox IPIs to the others, no wait (c-octeon.c).
    flushCacheAll: 'octeon',
    flushCacheAllL2: false,
    scacheOps: 'none', // c-octeon.c: the L2 is the coherence point; no scache ops
    localIcacheFlush: 'synci', // octeon_flush_icache_range → local synci
    relocateFinalSync: 'synci', // relocate_kernel.S: CONFIG_CPU_CAVIUM_OCTEON → synci 0($0)
    hasKexecNonbootCpu: true, // octeon_smp_ops.kexec_nonboot_cpu = kexec_nonboot_cpu_jump
    hasShutdownHook: true, // _machine_kexec_shutdown = octeon_shutdown
    bringUpTimeoutMs: 10, // octeon_boot_secondary: "Secondary boot timeout" after 10000 µs
    // octeon_shutdown: kexec_args[2] = 1 ("I am the init core"), secondary_kexec_args[2] = 0, a3 = boot descriptor.
    kexecArgs: [0, 0, 1, BOOT_DESCRIPTOR],
    secondaryKexecArgs: [0, 0, 0, BOOT_DESCRIPTOR],
    emitOldKernel: (a, ctx) => emitOldKernel(a, ctx),
    emitNewKernel: (a) => emitNewKernel(a, ctx),
  }),
});
