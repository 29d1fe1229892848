import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Piscina } from 'piscina';
import traceHashes from './run-worker.js';

const input = { version: 1, platform: 'cps', path: 'kdump', crashCpu: 3, timing: { seed: 9, quantum: 8 } };

describe('the whole pipeline is deterministic', () => {
  test('same scenario, same trace hash for every strategy, 100 times over', () => {
    const first = traceHashes(input);
    for (let i = 0; i < 100; i++) assert.deepEqual(traceHashes(input), first);
  });

  test('changing only the timing seed changes interleavings, each seed still replays exactly', () => {
    const bySeed = [1, 2, 3].map((seed) => traceHashes({ ...input, timing: { seed, quantum: 8 } }));
    assert.notDeepEqual(bySeed[0], bySeed[1]);
    assert.deepEqual(traceHashes({ ...input, timing: { seed: 2, quantum: 8 } }), bySeed[1]);
  });

  test('a piscina worker thread computes the same traces as the main thread', async () => {
    const pool = new Piscina({ filename: new URL('./run-worker.ts', import.meta.url).href, maxThreads: 1 });
    try {
      const inputs = [
        input,
        { ...input, path: 'kexec', crashCpu: 0 },
        { ...input, platform: 'cps', cores: 1, threadsPerCore: 4 },
      ];
      for (const i of inputs) assert.deepEqual(await pool.run(i), traceHashes(i));
    } finally {
      await pool.destroy();
    }
  });
});
