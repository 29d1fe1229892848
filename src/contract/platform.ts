/**
 * The contract between the kernel and a platform, the way arch/mips/include/asm/smp-ops.h is: what the
 * kernel's routines need from a platform (arch/mips/<platform> and the cache code it selects).
 * kernel/ imports these types only; strategies/ hands a platform's code to the kernel.
 *
 * Symbol contract (`kernelSymbols` below, as data). Platform routines may call or read these kernel symbols:
 *   old kernel: cpu_online_mask, kexec_ready_to_reboot, kexec_park_secondary (what a secondary does
 *   once released, per strategy), old_idle, panic (marks a panic, then stays online with IRQs off forever), blast_dcache
 *   (local L1 D writeback-invalidate), blast_icache (local L1 I invalidate), local_flush_icache_range (a0 = start,
 *   a1 = end), smp_call_function (a1 = func, a2 = wait), old_ipi_handler; relocated_kexec_smp_wait, kexec_smp_wait
 *   and relocate_new_kernel_end (for kexec_nonboot_cpu_jump); `platform_data`, 64 zeroed words for their own variables.
 *   new kernel: secondary_start (where a released secondary must go), new_stack_top.
 * And must define:
 *   old kernel: play_dead; kexec_nonboot_cpu when `hasKexecNonbootCpu`; machine_kexec_shutdown_hook
 *   when `hasShutdownHook`.
 *   new kernel: kernel_entry_setup (runs first on every CPU entering the new kernel, with the entry
 *   registers; returns to continue the boot path, or parks the CPU), boot_secondary (a0 = CPU to start;
 *   returns; the kernel then waits for it with a timeout).
 */

import type { Assembler } from '../machine/asm.js';
import type { CoherenceConfig } from '../machine/cache.js';
import type { RegName } from '../machine/isa.js';
import type { PlatformName } from './topology.js';

/** The kernel symbols of the contract above: anything else a platform references must be its own. */
export const kernelSymbols = {
  old: [
    'cpu_online_mask',
    'kexec_ready_to_reboot',
    'kexec_park_secondary',
    'old_idle',
    'panic',
    'blast_dcache',
    'blast_icache',
    'local_flush_icache_range',
    'smp_call_function',
    'old_ipi_handler',
    'relocated_kexec_smp_wait',
    'kexec_smp_wait',
    'relocate_new_kernel_end',
    'platform_data',
  ],
  new: ['secondary_start', 'new_stack_top'],
} as const;

/** Where the low-memory area of `PlatformContext.lowMemory` starts, below the exception vectors' 0x100. */
export const lowMemoryBase = 0x80;

/**
 * The kernel's cpumask idioms (include/linux/cpumask.h), lent to platform code that changes or waits on
 * cpu_online_mask, so a platform's code is right for masks of one word and of several alike.
 */
export interface CpumaskIdioms {
  /** set_cpu_online(cpu, online) for the CPU number in `cpu`. Clobbers t0–t2 and at. */
  setCpuOnline(a: Assembler, cpu: RegName, online: boolean): void;
  /** `while (num_online_cpus() > 1) cpu_relax();` at the label `wait_online_count`. Clobbers t0–t3, v0, v1, at. */
  waitOthersOffline(a: Assembler): void;
}

export interface PlatformContext {
  readonly cpus: number;
  readonly cores: number;
  readonly threadsPerCore: number;
  readonly features: Readonly<Record<string, boolean>>;
  readonly path: 'kexec' | 'kdump';
  /** Address of a low-memory area the platform may use for mailboxes and vectors (64 words): `lowMemoryBase`. */
  readonly lowMemory: number;
  readonly cpumask: CpumaskIdioms;
}

export interface PlatformCode {
  /**
   * __flush_cache_all: `r4k` blasts the local L1 by index and IPIs, waiting, one CPU per other core
   * (cpu_foreign_map) when there is more than one core; `octeon` does a local synci and mailbox IPIs
   * without waiting; `none` is a no-op (Loongson-3).
   */
  readonly flushCacheAll: 'r4k' | 'octeon' | 'none';
  /** __flush_cache_all also writes back and invalidates the secondary cache (BMIPS5000). */
  readonly flushCacheAllL2: boolean;
  /**
   * Whether the kernel has secondary-cache maintenance ops at all: r4k's S-cache hit and index ops, or none
   * where the L2 is the coherence point of every core and of I/O, which software never invalidates (Octeon:
   * c-octeon.c has no scache operations). Where there are none, an "scache invalidation" does nothing.
   */
  readonly scacheOps: 'r4k' | 'none';
  /** local_flush_icache_range: r4k hit ops per line, a whole-cache synci, or a hazard barrier only. */
  readonly localIcacheFlush: 'r4k' | 'synci' | 'barrier';
  /** What relocate_new_kernel runs before jumping: `sync`, or Octeon's `synci`. */
  readonly relocateFinalSync: 'sync' | 'synci';
  readonly hasKexecNonbootCpu: boolean;
  /** _machine_kexec_shutdown is set (Octeon's octeon_shutdown). */
  readonly hasShutdownHook: boolean;
  /**
   * How long the new kernel waits for a CPU it started to check in before it goes on without it, in ms:
   * __cpu_up's wait_for_completion_timeout of 1000 ms, or less where boot_secondary gives up first (Octeon's
   * "Secondary boot timeout" after 10 ms).
   */
  readonly bringUpTimeoutMs: number;
  /** a0–a3 for relocate_new_kernel and kexec_smp_wait (kexec_args, secondary_kexec_args); generic defaults when absent. */
  readonly kexecArgs?: readonly number[];
  readonly secondaryKexecArgs?: readonly number[];
  emitOldKernel(a: Assembler, ctx: PlatformContext): void;
  emitNewKernel(a: Assembler, ctx: PlatformContext): void;
}

/** A platform: its hardware facts and the code it contributes, both as functions of its features. */
export interface Platform {
  readonly name: PlatformName;
  readonly description: string;
  /** How its caches behave (BRIEF.md §4.2). */
  coherence(ctx: PlatformContext): CoherenceConfig;
  /** Its routines and cache-code choices for this topology and feature set. */
  code(ctx: PlatformContext): PlatformCode;
}
