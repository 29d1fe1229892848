import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type FindingRow,
  findingKindText,
  findingsJson,
  findingsTable,
  isoDate,
  isoTime,
} from '../../src/report/findings-table.js';
import { factoryMethod } from '../helpers/factories.js';

const row = factoryMethod<FindingRow>(() => ({
  id: 1,
  signature: 'cps/legacy/hang/smp_call_function_many',
  status: 'new',
  count: 1,
  outcomeKind: 'hang',
  kind: 'divergence',
  label: 'regression',
  sightings: { divergences: 1, regressions: 1, improvements: 0, bothWrong: 0 },
  platform: 'cps',
  strategy: 'legacy',
  firstSeen: Date.UTC(2024, 4, 1, 12, 0, 0),
  lastSeen: Date.UTC(2024, 4, 2, 23, 59, 59),
  title: 'no progress: CPU3 waits on ipi-ack',
}));

test('times print in UTC: a date for the table, whole seconds for JSON', () => {
  assert.equal(isoDate(Date.UTC(2024, 4, 2, 23, 59, 59)), '2024-05-02');
  assert.equal(isoTime(Date.UTC(2024, 4, 2, 23, 59, 59, 999)), '2024-05-02T23:59:59Z');
});

test('the finding column is kind/label, or the kind alone without a label', () => {
  assert.equal(findingKindText(row()), 'divergence/regression');
  assert.equal(findingKindText(row({ kind: 'common-mode', label: null })), 'common-mode');
});

test('the table has one aligned row per finding, ids and counts right-aligned, the title last', () => {
  const text = findingsTable([
    row(),
    row({
      id: 12,
      status: 'confirmed',
      count: 340,
      outcomeKind: 'stale-icache',
      kind: 'common-mode',
      label: null,
      platform: 'octeon',
      strategy: 'upstream',
      title: 'a CPU executed stale I-cache contents',
    }),
  ]);
  assert.deepEqual(text.split('\n'), [
    'id  status     count  outcome       finding                where            last seen   title',
    ' 1  new            1  hang          divergence/regression  cps/legacy       2024-05-02  no progress: CPU3 waits on ipi-ack',
    '12  confirmed    340  stale-icache  common-mode            octeon/upstream  2024-05-02  a CPU executed stale I-cache contents',
  ]);
});

test('JSON rows keep every field, with ISO times', () => {
  assert.deepEqual(findingsJson([row({ label: null })]), [
    {
      id: 1,
      signature: 'cps/legacy/hang/smp_call_function_many',
      status: 'new',
      count: 1,
      outcomeKind: 'hang',
      kind: 'divergence',
      label: null,
      sightings: { divergences: 1, regressions: 1, improvements: 0, bothWrong: 0 },
      platform: 'cps',
      strategy: 'legacy',
      firstSeen: '2024-05-01T12:00:00Z',
      lastSeen: '2024-05-02T23:59:59Z',
      title: 'no progress: CPU3 waits on ipi-ack',
    },
  ]);
});
