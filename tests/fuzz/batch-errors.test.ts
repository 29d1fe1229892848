import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError, StrategyModuleError } from '../../src/errors.js';
import { runBatch } from '../../src/fuzz/batch.js';
import type { BatchTask } from '../../src/fuzz/messages.js';
import type { Strategy } from '../../src/strategies/types.js';
import { failingAfter, unbuildable } from '../helpers/failing-strategy.js';

const task = (strategy: Strategy): BatchTask => ({
  kind: 'batch',
  batchIndex: 0,
  baseSeed: 3,
  from: 0,
  count: 4,
  strategies: [strategy.name],
  strategyModules: [],
  platforms: ['cps'],
  reference: null,
  corpus: [],
  coverage: new Int32Array(),
});

describe('runBatch and errors from a run', () => {
  test('a scenario the kernel cannot lay out is counted as invalid and skipped', () => {
    const strategy = failingAfter(0, unbuildable);
    const r = runBatch(task(strategy), [strategy]);
    assert.equal(r.invalid, 4);
    assert.equal(r.runs, 0);
  });

  test("a strategy module's failure, or any other input error, is not skipped", () => {
    const fromModule = failingAfter(0, () => new StrategyModuleError('strategy module x.ts: refuses("cps", …) threw'));
    assert.throws(() => runBatch(task(fromModule), [fromModule]), StrategyModuleError);
    const other = failingAfter(0, () => new InputError('something else', [{ field: 'x', message: 'bad' }]));
    assert.throws(() => runBatch(task(other), [other]), InputError);
  });
});
