import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Outcome } from '../../src/contract/outcome.js';
import { outcomeTable } from '../../src/report/outcome-table.js';
import { factoryMethod } from '../helpers/factories.js';

const outcome = factoryMethod<Outcome>(() => ({
  kind: 'ok',
  cpu: 0,
  routine: null,
  label: null,
  step: 100,
  waits: [],
  title: 'the new kernel booted with every CPU: CPU0',
}));

test('the outcome table has one aligned row per strategy: name, outcome kind, title', () => {
  const text = outcomeTable([
    { strategy: 'legacy', outcome: outcome({ kind: 'hang', title: 'no progress: CPU3 waiting on ipi-ack' }) },
    { strategy: 'nonboot-callback', outcome: outcome() },
  ]);
  assert.deepEqual(text.split('\n'), [
    'strategy          outcome  title',
    'legacy            hang     no progress: CPU3 waiting on ipi-ack',
    'nonboot-callback  ok       the new kernel booted with every CPU: CPU0',
  ]);
});
