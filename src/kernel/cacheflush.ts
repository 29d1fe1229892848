/**
 * Cache maintenance routines (arch/mips/mm/c-r4k.c, c-octeon.c): local blasts by index, the
 * range flush by hit ops, and __flush_cache_all, which on r4k multi-core systems IPIs one CPU per
 * other core (cpu_foreign_map, ANDed with the online mask) and waits for it (BRIEF.md §3.2).
 */

import type { PlatformCode } from '../contract/platform.js';
import type { Assembler } from '../machine/asm.js';
import type { CacheGeometry } from '../machine/cache.js';
import { perCpu, pop, push } from './macros.js';

export interface CacheFlushConfig {
  readonly geometry: CacheGeometry;
  readonly icFillsFromDc: boolean;
  readonly platform: PlatformCode;
}

function indexLoop(
  a: Assembler,
  op: 'D_INDEX_WB_INV' | 'I_INDEX_INV' | 'S_INDEX_WB_INV',
  lines: number,
  lineWords: number,
) {
  a.li('t0', 0).li('t1', lines * lineWords);
  a.label('loop').cache(op, 0, 't0').addi('t0', 't0', lineWords).bne('t0', 't1', 'loop');
  a.ret();
}

/** cpu_foreign_map[cpu]: one CPU per other core, the lowest-numbered online one (computed at boot/hotplug). */
export function foreignMaps(cpus: number, threadsPerCore: number, online: number): number[] {
  const maps: number[] = [];
  for (let c = 0; c < cpus; c++) {
    let map = 0;
    const cores = cpus / threadsPerCore;
    for (let core = 0; core < cores; core++) {
      if (core === Math.floor(c / threadsPerCore)) continue;
      for (let t = 0; t < threadsPerCore; t++) {
        const cpu = core * threadsPerCore + t;
        if ((online & (1 << cpu)) !== 0) {
          map |= 1 << cpu;
          break;
        }
      }
    }
    maps.push(map);
  }
  return maps;
}

/**
 * The routines emitCacheFlush writes: cache maintenance, where a CPU caught by the relocation is caught
 * in whichever of them the timing picked, so bug groups name them as one place.
 */
export const cacheMaintenanceRoutines = [
  'blast_dcache',
  'blast_icache',
  'blast_scache',
  'local_flush_cache_all',
  '__flush_cache_all',
  'octeon_remote_synci',
  'local_flush_icache_range',
  'scache_inv_range',
  'scache_wbinv_range',
] as const;

export function emitCacheFlush(a: Assembler, config: CacheFlushConfig): void {
  const g = config.geometry;
  a.routine('blast_dcache');
  indexLoop(a, 'D_INDEX_WB_INV', g.l1Sets * g.l1Ways, g.lineWords);
  a.routine('blast_icache');
  indexLoop(a, 'I_INDEX_INV', g.l1Sets * g.l1Ways, g.lineWords);
  a.routine('blast_scache');
  if (g.l2Sets > 0) indexLoop(a, 'S_INDEX_WB_INV', g.l2Sets * g.l2Ways, g.lineWords);
  else a.ret();

  // local_r4k___flush_cache_all: write back and invalidate the local L1 (and the L2 where the CPU's does).
  a.routine('local_flush_cache_all');
  push(a, 'ra');
  a.call('blast_dcache').call('blast_icache');
  if (config.platform.flushCacheAllL2) a.call('blast_scache').sync();
  pop(a, 'ra');
  a.ret();

  a.routine('__flush_cache_all');
  switch (config.platform.flushCacheAll) {
    case 'r4k':
      // r4k_on_each_cpu(R4K_INDEX): the other cores' representatives first, waiting, then ourselves.
      push(a, 'ra', 'a0', 'a1', 'a2');
      a.mfc0('t0', 'CPUID');
      perCpu(a, 't1', 'cpu_foreign_map', 't0', 1);
      a.lw('a0', 0, 't1').beqz('a0', 'local');
      a.la('a1', 'local_flush_cache_all').li('a2', 1).call('smp_call_function_many');
      a.label('local').call('local_flush_cache_all');
      pop(a, 'ra', 'a0', 'a1', 'a2');
      a.ret();
      break;
    case 'octeon':
      // octeon_flush_icache_all: local synci, then mailbox IPIs to the other online CPUs, no wait.
      push(a, 'ra', 'a0', 'a1', 'a2');
      a.synci(0, 'zero');
      a.li('a0', -1).la('a1', 'octeon_remote_synci').li('a2', 0).call('smp_call_function_many');
      pop(a, 'ra', 'a0', 'a1', 'a2');
      a.ret();
      a.routine('octeon_remote_synci').synci(0, 'zero').ret();
      break;
    case 'none':
      a.ret();
      break;
  }

  // local_flush_icache_range(a0 = start, a1 = end): make [start, end) safe to execute on this CPU.
  a.routine('local_flush_icache_range');
  switch (config.platform.localIcacheFlush) {
    case 'r4k':
      a.move('t0', 'a0');
      a.label('line');
      if (!config.icFillsFromDc) a.cache('D_HIT_WB_INV', 0, 't0');
      a.cache('I_HIT_INV', 0, 't0').addi('t0', 't0', g.lineWords).slt('t1', 't0', 'a1').bnez('t1', 'line');
      a.ret();
      break;
    case 'synci':
      a.synci(0, 'zero').ret();
      break;
    case 'barrier':
      a.sync().ret();
      break;
  }

  // The thread's "scache invalidation" (proposal c): by hit over [a0, a1), discarding or writing back;
  // nothing where the kernel has no scache ops (Octeon's L2 is the coherence point).
  for (const [name, op] of [
    ['scache_inv_range', 'S_HIT_INV'],
    ['scache_wbinv_range', 'S_HIT_WB_INV'],
  ] as const) {
    a.routine(name);
    if (config.platform.scacheOps === 'none') {
      a.ret();
      continue;
    }
    a.move('t0', 'a0');
    a.label('line').cache(op, 0, 't0').addi('t0', 't0', g.lineWords).slt('t1', 't0', 'a1').bnez('t1', 'line');
    a.ret();
  }
}
