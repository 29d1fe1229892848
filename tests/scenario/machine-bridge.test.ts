import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildProgramMix, loadMix, mixMachineConfig } from '../../bench/program-mix.js';
import { Machine } from '../../src/machine/machine.js';
import { scenario } from '../helpers/factories.js';

test("a validated scenario's timing and cache geometry drive the machine as they are, deterministically", () => {
  const s = scenario({ platform: 'cps', timing: { seed: 42, policy: 'pct', pctDepth: 4 } });
  const program = buildProgramMix(100);
  const ids = [0, 1].map(() => {
    // Timing is the machine's RunConfig and layout.cache its CacheGeometry: no translation layer to drift.
    const machine = new Machine({ ...mixMachineConfig, cache: s.layout.cache, memWords: s.layout.memWords }, s.timing);
    loadMix(machine, program);
    const stop = machine.run();
    assert.equal(stop.kind, 'exit');
    return machine.trace.hash();
  });
  assert.equal(ids[0], ids[1]);
});
