/**
 * Cache maintenance routines on their own (src/kernel/cacheflush.ts): cpu_foreign_map, which CPUs
 * __flush_cache_all reaches per platform flavour, and the operations local_flush_icache_range issues.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PlatformCode } from '../../src/contract/platform.js';
import { emitCacheFlush, foreignMaps } from '../../src/kernel/cacheflush.js';
import { emitIdle, emitIpiHandler, emitSmpCallFunction, emitSmpData } from '../../src/kernel/smp.js';
import type { Assembler } from '../../src/machine/asm.js';
import { cacheOp } from '../../src/machine/isa.js';
import { SYNCI_TRACE_OP } from '../../src/machine/trace.js';
import { platformCode } from '../helpers/factories.js';
import { type KernelRan, runKernel } from '../helpers/kernel-runner.js';
import { expectStop, testGeometry } from '../helpers/machine-runner.js';

describe('cpu_foreign_map', () => {
  test('names, for each CPU, the lowest-numbered online CPU of every other core and none of its own', () => {
    assert.deepEqual(foreignMaps(4, 2, 0b1111), [0b0100, 0b0100, 0b0001, 0b0001]);
    assert.deepEqual(foreignMaps(6, 2, 0b111111), [0b010100, 0b010100, 0b010001, 0b010001, 0b000101, 0b000101]);
  });

  test('skips offline CPUs, and a core with none online is left out', () => {
    assert.deepEqual(foreignMaps(4, 2, 0b1011), [0b1000, 0b1000, 0b0001, 0b0001]);
    assert.deepEqual(foreignMaps(4, 2, 0b0011), [0, 0, 0b0001, 0b0001]);
  });

  test('is empty on a single core, whatever its threads', () => {
    assert.deepEqual(foreignMaps(4, 4, 0b1111), [0, 0, 0, 0]);
  });
});

const CPUS = 4;
const THREADS = 2;

/** CPU0 runs `driver` with the cache routines of `platform`; the other CPUs idle with interrupts on. */
function flush(platform: Partial<PlatformCode>, driver: (a: Assembler) => void, icFillsFromDc = false): KernelRan {
  return runKernel({
    cpus: CPUS,
    threadsPerCore: THREADS,
    emit: (a) => {
      emitIdle(a);
      emitIpiHandler(a);
      emitSmpCallFunction(a, CPUS);
      emitCacheFlush(a, { geometry: testGeometry, icFillsFromDc, platform: platformCode(platform) });
      a.routine('driver');
      driver(a);
      a.exit(0);
      emitSmpData(a, CPUS, [0b1111]);
      a.routine('cpu_foreign_map');
      for (const map of foreignMaps(CPUS, THREADS, 0b1111)) a.word(map);
    },
    roles: { 0: 'driver', 1: 'old_idle', 2: 'old_idle', 3: 'old_idle' },
  });
}

/** The CPUs that issued cache operation `op`. */
function cpusDoing(ran: KernelRan, op: number): Set<number> {
  return new Set(ran.of('cache-op').flatMap((e) => (e.op === op ? [e.cpu] : [])));
}

describe('__flush_cache_all', () => {
  const flushAll = (a: Assembler) => a.call('__flush_cache_all');

  test('r4k: blasts the local L1 and, waiting, that of one CPU per other core (cpu_foreign_map)', () => {
    const ran = flush({ flushCacheAll: 'r4k' }, flushAll);
    expectStop(ran, 'exit');
    assert.deepEqual(
      ran.of('ipi-sent').map((e) => e.target),
      [2],
    );
    assert.deepEqual(cpusDoing(ran, cacheOp.D_INDEX_WB_INV), new Set([0, 2]));
    assert.deepEqual(cpusDoing(ran, cacheOp.I_INDEX_INV), new Set([0, 2]));
    assert.deepEqual(cpusDoing(ran, cacheOp.S_INDEX_WB_INV), new Set());
  });

  test('r4k with flushCacheAllL2: each of those CPUs also blasts the secondary cache', () => {
    const ran = flush({ flushCacheAll: 'r4k', flushCacheAllL2: true }, flushAll);
    expectStop(ran, 'exit');
    assert.deepEqual(cpusDoing(ran, cacheOp.S_INDEX_WB_INV), new Set([0, 2]));
  });

  test('octeon: a local synci, then an IPI to every other online CPU, without waiting', () => {
    const ran = flush({ flushCacheAll: 'octeon' }, flushAll);
    expectStop(ran, 'exit');
    assert.ok(cpusDoing(ran, SYNCI_TRACE_OP).has(0));
    assert.deepEqual(
      ran.of('ipi-sent').map((e) => e.target),
      [1, 2, 3],
    );
    assert.equal(cpusDoing(ran, cacheOp.D_INDEX_WB_INV).size, 0);
  });

  test('none: no cache operation and no IPI', () => {
    const ran = flush({ flushCacheAll: 'none' }, flushAll);
    assert.deepEqual([ran.of('cache-op').length, ran.of('ipi-sent').length], [0, 0]);
  });
});

describe('local_flush_icache_range', () => {
  const START = 0x1000;
  const line = testGeometry.lineWords;
  // [START, START + 2 lines + 1 word): three lines.
  const range = (a: Assembler) =>
    a
      .li('a0', START)
      .li('a1', START + 2 * line + 1)
      .call('local_flush_icache_range');
  const ops = (ran: KernelRan) => ran.of('cache-op').map((e) => [e.op, e.address]);
  const lines = [START, START + line, START + 2 * line];

  test('r4k: writes back the D line then invalidates the I line, for every line the range touches', () => {
    const ran = flush({ localIcacheFlush: 'r4k' }, range);
    assert.deepEqual(
      ops(ran),
      lines.flatMap((l) => [
        [cacheOp.D_HIT_WB_INV, l],
        [cacheOp.I_HIT_INV, l],
      ]),
    );
  });

  test('r4k when the I-cache fills from the D-cache: only the I lines are invalidated', () => {
    const ran = flush({ localIcacheFlush: 'r4k' }, range, true);
    assert.deepEqual(
      ops(ran),
      lines.map((l) => [cacheOp.I_HIT_INV, l]),
    );
  });

  test('synci: one synci, whatever the range; barrier: no cache operation at all', () => {
    assert.deepEqual(ops(flush({ localIcacheFlush: 'synci' }, range)), [[SYNCI_TRACE_OP, 0]]);
    assert.deepEqual(ops(flush({ localIcacheFlush: 'barrier' }, range)), []);
  });
});
