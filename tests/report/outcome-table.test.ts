import assert from 'node:assert/strict';
import { test } from 'node:test';

import { outcomeTable } from '../../src/report/outcome-table.js';
import { outcome } from '../helpers/factories.js';

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
