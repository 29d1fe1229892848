import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type FindingDetail,
  findingDetail,
  notesText,
  type ReplayReport,
  replayLine,
  replayText,
} from '../../src/report/finding-detail.js';
import { factoryMethod } from '../helpers/factories.js';

const detail = factoryMethod<FindingDetail>(() => ({
  id: 7,
  signature: 'cps/legacy/hang/smp_call_function_many',
  status: 'confirmed',
  count: 3,
  outcomeKind: 'hang',
  kind: 'divergence',
  label: 'regression',
  sightings: { divergences: 2, regressions: 2, improvements: 0, bothWrong: 1 },
  platform: 'cps',
  strategy: 'legacy',
  firstSeen: Date.UTC(2024, 0, 1),
  lastSeen: Date.UTC(2024, 0, 2),
  title: 'no progress: CPU3 waits on ipi-ack',
  notes: '2024-01-03T00:00:00.000Z looks like S1',
  campaignId: 2,
  traceHash: 'abc',
  switchesOriginal: 40,
  switchesMinimized: 3,
  outcomesOriginal: [
    { strategy: 'legacy', kind: 'hang', title: 'no progress: CPU3 waits on ipi-ack' },
    { strategy: 'upstream', kind: 'ok', title: 'booted' },
  ],
  outcomesRepro: null,
  repro: '{\n  "version": 1\n}',
  reproSchedule: null,
  original: null,
  cause: [],
  trace: { heading: 'trace of legacy on the repro, last 12 lines per CPU', text: 'trace: 3 events on 4 CPUs' },
  replay: 'kexfuzz findings replay 7   # x',
  timeline: 'kexfuzz report 7 --html finding-7.html',
  bug: { id: 'g-123abc', key: 'hang/smp_call_function_many' },
}));

test('the replay line is copy-pasteable: --db only when given, quoted when it needs to be', () => {
  const base = { id: 7, signature: 'cps/legacy/hang/x', seed: 42, switches: 3 };
  assert.equal(
    replayLine({ ...base, db: null }),
    'kexfuzz findings replay 7   # cps/legacy/hang/x, timing seed 42, 3 context switches',
  );
  assert.equal(
    replayLine({ ...base, db: 'shards/1.db', switches: 1 }),
    'kexfuzz findings replay 7 --db shards/1.db   # cps/legacy/hang/x, timing seed 42, 1 context switch',
  );
  assert.match(replayLine({ ...base, db: "my dir/it's.db" }), /--db 'my dir\/it'\\''s\.db' {3}#/);
  assert.equal(
    replayLine({ ...base, db: null, seed: null }),
    'kexfuzz findings replay 7   # cps/legacy/hang/x, 3 context switches',
  );
});

test('show, not minimized: the fields, notes, one outcome table, the scenario, the trace, and the replay line last', () => {
  const text = findingDetail(detail());
  assert.deepEqual(text.split('\n'), [
    'finding 7: cps/legacy/hang/smp_call_function_many',
    'title       no progress: CPU3 waits on ipi-ack',
    'status      confirmed',
    'finding     divergence/regression',
    'bug         g-123abc hang/smp_call_function_many (kexfuzz findings list --group g-123abc lists its signatures)',
    'sightings   3: 2 divergences, 1 common-mode; regression 2, both-wrong 1',
    'seen        3 times, first 2024-01-01T00:00:00Z, last 2024-01-02T00:00:00Z',
    'campaign    2',
    'switches    40 original → 3 minimized',
    'trace hash  abc',
    'timeline    kexfuzz report 7 --html finding-7.html (every CPU of every strategy, in a browser)',
    '',
    'notes:',
    '  2024-01-03T00:00:00.000Z looks like S1',
    '',
    'outcomes per strategy, re-run now:',
    '  strategy  outcome  title',
    '  legacy    hang     no progress: CPU3 waits on ipi-ack',
    '  upstream  ok       booted',
    '',
    'scenario (the finding was not minimized, or nothing smaller kept its verdict):',
    '  {',
    '    "version": 1',
    '  }',
    '',
    'trace of legacy on the repro, last 12 lines per CPU:',
    'trace: 3 events on 4 CPUs',
    '',
    'kexfuzz findings replay 7   # x',
  ]);
  const other = findingDetail(
    detail({
      original: '{\n  "version": 1,\n  "cores": 4\n}',
      outcomesRepro: [{ strategy: 'legacy', kind: 'hang', title: 'stuck' }],
      reproSchedule: 'replays 3 slices (40 steps on CPUs 0, 1); findings export has them',
      count: 1,
      campaignId: null,
    }),
  );
  assert.match(other, /\noriginal \(as first found\):\n {2}\{\n {4}"version": 1,\n {4}"cores": 4\n {2}\}\n/);
  assert.match(other, /\noutcomes on the original, re-run now:\n.*\n {2}legacy +hang +no progress/);
  assert.match(other, /\noutcomes on the repro, re-run now:\n.*\n {2}legacy +hang +stuck\n/);
  assert.match(other, /\nrepro \(minimized\):\n(.*\n)*? {2}schedule: replays 3 slices/);
  assert.match(other, /\nseen {8}once, /);
  assert.match(other, /\ncampaign {4}unknown\n/);
});

test('notes: one per line, indented, or (none)', () => {
  assert.equal(notesText(''), '  (none)');
  assert.equal(notesText('a\n  b\nc'), '  a\n    b\n  c');
});

const report = factoryMethod<ReplayReport>(() => ({
  finding: detail(),
  rows: [
    { strategy: 'legacy', stored: 'hang', now: 'hang', verdict: 'reproduced', detail: 'no progress' },
    { strategy: 'upstream', stored: 'hang', now: 'ok', verdict: 'fixed', detail: 'booted' },
    { strategy: 'mine', stored: 'ok', now: null, verdict: 'skipped', detail: 'not a builtin' },
  ],
  traceHash: { stored: 'abc', now: 'abc' },
  signatureNow: 'cps/legacy/hang/smp_call_function_many',
  replay: 'kexfuzz findings replay 7   # x',
}));

test('replay: a verdict per strategy with the own one starred, then signature, trace hash and result', () => {
  assert.deepEqual(replayText(report()).split('\n'), [
    'replaying finding 7 (cps/legacy/hang/smp_call_function_many) on its repro:',
    '  strategy  stored  now   verdict     detail',
    '  legacy *  hang    hang  reproduced  no progress',
    '  upstream  hang    ok    fixed       booted',
    '  mine      ok      -     skipped     not a builtin',
    "  * the finding's own strategy",
    '',
    'signature: same as stored',
    'trace hash of legacy: same as stored (abc)',
    'result: reproduced',
    '',
    'kexfuzz findings replay 7   # x',
  ]);
  const changed = replayText(
    report({
      rows: [{ strategy: 'legacy', stored: 'hang', now: 'wild-exec', verdict: 'changed', detail: 'ran wild' }],
      traceHash: { stored: 'abc', now: 'def' },
      signatureNow: 'cps/legacy/wild-exec/x',
    }),
  );
  assert.match(changed, /\nsignature: now cps\/legacy\/wild-exec\/x\n/);
  assert.match(changed, /\ntrace hash of legacy: differs \(stored abc, now def\)\n/);
  assert.match(changed, /\nresult: not reproduced \(changed\)\n/);
  const skipped = replayText(report({ rows: [], traceHash: null, signatureNow: null }));
  assert.doesNotMatch(skipped, /signature:|trace hash/);
  assert.match(skipped, /\nresult: not reproduced \(skipped\)\n/);
});
