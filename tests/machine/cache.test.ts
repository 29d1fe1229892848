import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CacheSystem, type CoherenceConfig } from '../../src/machine/cache.js';
import { cacheOp } from '../../src/machine/isa.js';
import { Memory } from '../../src/machine/memory.js';
import { noSnoopCoherence, testGeometry } from '../helpers/machine-runner.js';

const X = 0x200; // an address in the middle of a line

function system(coherence: Partial<CoherenceConfig> = {}, l2 = true) {
  const memory = new Memory(1 << 12);
  const cache = new CacheSystem(
    2,
    { ...testGeometry, l2Sets: l2 ? testGeometry.l2Sets : 0 },
    { ...noSnoopCoherence, ...coherence },
    memory,
  );
  /** What sits below the L1s: the secondary cache's copy if it has one, else memory. */
  const below = (address: number): number => {
    const l2c = cache.l2;
    if (l2c !== null) {
      const slot = l2c.lookup(0, address >> cache.lineShift);
      if (slot >= 0) return l2c.data[slot * cache.lineWords + (address & cache.lineMask)]!;
    }
    return memory.words[address]!;
  };
  return { memory, cache, below };
}

describe('cache semantics', () => {
  test('a store stays in the writer L1 D until written back (write-back L1)', () => {
    const { cache, below } = system();
    cache.store(0, X, 42, 1);
    assert.equal(below(X), 0);
    cache.op(0, cacheOp.D_HIT_WB, X);
    assert.equal(below(X), 42);
  });

  test('a write-through L1 D (Octeon) puts every store below at once', () => {
    const { cache, below } = system({ dWriteThrough: true });
    cache.load(0, X);
    cache.store(0, X, 42, 1);
    assert.equal(below(X), 42);
    assert.equal(cache.load(0, X), 42);
  });

  test('coherent D-caches: another core loads the dirty value; non-coherent: it reads what is below', () => {
    const coherent = system({ dCoherent: true });
    coherent.cache.store(0, X, 7, 1);
    assert.equal(coherent.cache.load(1, X), 7);
    const incoherent = system({ dCoherent: false });
    incoherent.cache.store(0, X, 7, 1);
    assert.equal(incoherent.cache.load(1, X), 0);
  });

  for (const hitOpsGlobal of [false, true]) {
    test(`a hit writeback issued on another core ${hitOpsGlobal ? 'is' : 'is not'} globalised (CM: ${hitOpsGlobal})`, () => {
      const { cache, below } = system({ hitOpsGlobal });
      cache.store(1, X, 9, 1);
      cache.op(0, cacheOp.D_HIT_WB, X);
      assert.equal(below(X), hitOpsGlobal ? 9 : 0);
    });
  }

  test('an index-type writeback-invalidate stays local even with a coherence manager', () => {
    const { cache, below } = system({ hitOpsGlobal: true });
    cache.store(1, X, 9, 1);
    // blast every index of one core's L1 D, as local_r4k___flush_cache_all does
    const blast = (core: number): void => {
      const { l1Sets, l1Ways, lineWords } = testGeometry;
      for (let i = 0; i < l1Sets * l1Ways * lineWords; i += lineWords) cache.op(core, cacheOp.D_INDEX_WB_INV, i);
    };
    blast(0);
    assert.equal(below(X), 0);
    blast(1);
    assert.equal(below(X), 9);
  });

  test('secondary-cache hit invalidate discards dirty data that never reached memory', () => {
    const { cache, memory } = system();
    cache.store(0, X, 5, 1);
    cache.op(0, cacheOp.D_HIT_WB_INV, X); // now dirty in L2 only
    assert.equal(memory.words[X], 0);
    cache.op(0, cacheOp.S_HIT_INV, X);
    assert.equal(cache.load(0, X), 0, 'the value is gone');
  });

  test('secondary-cache hit writeback-invalidate keeps the data', () => {
    const { cache, memory } = system();
    cache.store(0, X, 5, 1);
    cache.op(0, cacheOp.D_HIT_WB_INV, X);
    cache.op(0, cacheOp.S_HIT_WB_INV, X);
    assert.equal(memory.words[X], 5);
    assert.equal(cache.load(1, X), 5);
  });

  test('a core reset discards its dirty lines without writing them back', () => {
    const { cache, below } = system();
    cache.store(1, X, 3, 1);
    cache.discardCore(1);
    assert.equal(below(X), 0);
    assert.equal(cache.load(1, X), 0);
  });

  test('an I-fill reads from the local D-cache only with ic_fills_f_dc', () => {
    for (const icFillsFromDc of [false, true]) {
      const { cache } = system({ icFillsFromDc });
      cache.store(0, X, 77, 1);
      const slot = cache.fetchSlot(0, X >> cache.lineShift);
      const word = cache.l1i.data[slot * cache.lineWords + (X & cache.lineMask)];
      assert.equal(word, icFillsFromDc ? 77 : 0, `icFillsFromDc=${icFillsFromDc}`);
    }
  });

  test('a remote store invalidates I-lines only where the I-cache snoops remote stores', () => {
    for (const snoop of [false, true]) {
      const { cache } = system({ icacheSnoopsRemoteStore: snoop });
      cache.fetchSlot(0, X >> cache.lineShift);
      cache.store(1, X, 1, 1);
      assert.equal(cache.l1i.lookup(0, X >> cache.lineShift) >= 0, !snoop, `snoop=${snoop}`);
    }
  });

  test('without a secondary cache, writebacks go straight to memory', () => {
    const { cache, memory } = system({}, false);
    cache.store(0, X, 11, 1);
    cache.op(0, cacheOp.D_HIT_WB, X);
    assert.equal(memory.words[X], 11);
  });

  test('eviction writes a dirty victim back (capacity pressure alone can make stores visible)', () => {
    const { cache, below } = system();
    cache.store(0, X, 13, 1);
    const stride = testGeometry.l1Sets * testGeometry.lineWords; // same set, other lines
    for (let k = 1; k <= testGeometry.l1Ways; k++) cache.load(0, X + k * stride);
    assert.equal(below(X), 13);
  });
});

describe('boards beyond 32 cores (presence sets of two words)', () => {
  function wide(cores: number) {
    const memory = new Memory(1 << 12);
    return new CacheSystem(cores, testGeometry, { ...noSnoopCoherence, dCoherent: true }, memory);
  }

  test('a load on core 1 finds the dirty line of core 39, and a store on core 2 drops the copies of cores 1, 33 and 39', () => {
    const cache = wide(40);
    cache.store(39, X, 7, 1);
    assert.equal(cache.load(1, X), 7);
    assert.equal(cache.load(33, X), 7);
    cache.store(2, X, 8, 1);
    const line = X >> cache.lineShift;
    for (const core of [1, 33, 39]) assert.equal(cache.l1d.lookup(core, line), -1, `core ${core} still holds the line`);
    assert.equal(cache.load(39, X), 8);
    // The presence set is core 2 and core 39 now: bit 2 of word 0, bit 7 of word 1.
    assert.deepEqual([cache.dPresence[line * 2], cache.dPresence[line * 2 + 1]], [1 << 2, 1 << 7]);
  });

  test('core 31 and core 32 sit on either side of the word boundary and see each other', () => {
    const cache = wide(48);
    cache.store(32, X, 5, 1);
    assert.equal(cache.load(31, X), 5);
    cache.store(31, X, 6, 1);
    assert.equal(cache.load(32, X), 6);
  });
});
