/**
 * A machine taken from a pool is reset, not rebuilt, and its memory reset clears only the pages the last run
 * wrote: a pooled run must be the same run, bit for bit, as one on a new machine.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Scenario } from '../../src/contract/scenario.js';
import { InputError } from '../../src/errors.js';
import { generate, originOf } from '../../src/fuzz/generate.js';
import { MachinePool, runStrategy } from '../../src/run/run-strategy.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { builtinStrategies } from '../../src/strategies/index.js';

function scenarios(count: number): Scenario[] {
  const out: Scenario[] = [];
  for (let i = 0; out.length < count; i++) {
    try {
      out.push(validateScenario(generate(originOf(11, i, [], []))));
    } catch (error) {
      // a generated layout the kernel cannot place: not a run; anything else is a bug
      if (!(error instanceof InputError)) throw error;
    }
  }
  return out;
}

test('a run on a pooled machine, after other runs on it, equals the run on a new machine: outcome and trace hash', () => {
  const pool = new MachinePool();
  const list = scenarios(12);
  // Twice over, so every configuration is reused after runs of other scenarios and strategies.
  for (const s of [...list, ...list]) {
    for (const strategy of builtinStrategies) {
      const pooled = runStrategy(s, strategy, pool);
      const pooledHash = pooled.machine?.trace.hash() ?? '';
      const pooledKind = pooled.outcome.kind;
      const fresh = runStrategy(s, strategy);
      assert.equal(pooledKind, fresh.outcome.kind, `${s.platform}/${strategy.name}`);
      assert.equal(pooledHash, fresh.machine?.trace.hash() ?? '', `${s.platform}/${strategy.name}: trace`);
    }
  }
});

test('reset after a run leaves every memory array as a new machine has it: all zero', () => {
  const pool = new MachinePool();
  for (const s of scenarios(6)) {
    for (const strategy of builtinStrategies) {
      const run = runStrategy(s, strategy, pool);
      if (run.machine === null) continue;
      run.machine.reset(s.timing);
      const { words, tags, latest, latestTags, exec } = run.machine.memory;
      for (const [name, array] of Object.entries({ words, tags, latest, latestTags, exec })) {
        assert.equal(
          array.findIndex((v) => v !== 0),
          -1,
          `${s.platform}/${strategy.name}: ${name} not cleared`,
        );
      }
    }
  }
});
