import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { sightingsOf } from '../../src/contract/finding.js';
import { type FindingId, openStore } from '../../src/store/index.js';
import { sig } from '../helpers/factories.js';
import { batch, newCampaign, newFinding, scratchDir } from './fixtures/rows.js';

function setup(t: TestContext) {
  const s = openStore(join(scratchDir(t), 'k.db'));
  t.after(() => s.close());
  return { s, campaign: s.startCampaign(newCampaign()) };
}

test('a new signature is stored with the whole row, count 1, first and last seen = now, status new', (t) => {
  const { s, campaign } = setup(t);
  const f = newFinding();
  const result = s.commitBatch(campaign.id, batch({ findings: [f], now: 5_000 }));
  assert.deepEqual(result.newSignatures, [f.signature]);
  const stored = s.findingBySignature(f.signature);
  assert.ok(stored);
  assert.deepEqual(stored, {
    ...f,
    id: stored.id,
    count: 1,
    sightings: sightingsOf(f.kind, f.label),
    firstSeen: 5_000,
    lastSeen: 5_000,
    campaignId: campaign.id,
    status: 'new',
    notes: '',
  });
  assert.deepEqual(s.getFinding(stored.id), stored);
  assert.equal(s.getFinding(999 as FindingId), null);
  assert.equal(s.findingBySignature('nope'), null);
});

test('nullable columns round-trip as null', (t) => {
  const { s, campaign } = setup(t);
  const f = newFinding({ kind: 'common-mode', label: null, routine: null });
  s.commitBatch(campaign.id, batch({ findings: [f] }));
  const stored = s.findingBySignature(f.signature);
  assert.equal(stored?.label, null);
  assert.equal(stored?.routine, null);
  assert.equal(stored?.kind, 'common-mode');
});

test('a known signature counts up and moves lastSeen, keeping the stored repro', (t) => {
  const { s, campaign } = setup(t);
  const first = newFinding();
  s.commitBatch(campaign.id, batch({ batchIndex: 0, findings: [first], now: 1_000 }));
  const later = newFinding({ scenario: '{"other":true}', traceHash: 'h-2', title: 'different', count: 4 });
  const result = s.commitBatch(campaign.id, batch({ batchIndex: 1, findings: [later], now: 9_000 }));
  assert.deepEqual(result.newSignatures, []);
  const stored = s.findingBySignature(first.signature);
  assert.equal(stored?.count, 5);
  assert.equal(stored?.firstSeen, 1_000);
  assert.equal(stored?.lastSeen, 9_000);
  assert.equal(stored?.scenario, first.scenario);
  assert.equal(stored?.traceHash, 'h-1');
  assert.equal(stored?.title, first.title);
});

test('the same new signature twice in one batch is one finding, reported new once', (t) => {
  const { s, campaign } = setup(t);
  const result = s.commitBatch(
    campaign.id,
    batch({ findings: [newFinding(), newFinding({ scenario: '{"second":1}' }), newFinding({ signature: sig('x') })] }),
  );
  assert.deepEqual(result.newSignatures, ['cps/legacy/hang/smp_call_function', 'x']);
  assert.equal(s.findingBySignature('cps/legacy/hang/smp_call_function')?.count, 2);
  assert.equal(s.findingBySignature('cps/legacy/hang/smp_call_function')?.scenario, newFinding().scenario);
});

test('a finding count that is not a positive integer is a bug', (t) => {
  const { s, campaign } = setup(t);
  assert.throws(() => s.commitBatch(campaign.id, batch({ findings: [newFinding({ count: 0 })] })), RangeError);
});

test('listFindings filters by status, platform, strategy and kind, ordered by id', (t) => {
  const { s, campaign } = setup(t);
  const rows = [
    newFinding({ signature: sig('a'), platform: 'cps', strategy: 'legacy', kind: 'divergence' }),
    newFinding({ signature: sig('b'), platform: 'octeon', strategy: 'legacy', kind: 'common-mode' }),
    newFinding({ signature: sig('c'), platform: 'cps', strategy: 'v4-scache', kind: 'divergence' }),
    newFinding({ signature: sig('d'), platform: 'cps', strategy: 'legacy', kind: 'common-mode' }),
  ];
  s.commitBatch(campaign.id, batch({ findings: rows }));
  const sigs = (filter: Parameters<typeof s.listFindings>[0]) => s.listFindings(filter).map((f) => f.signature);
  assert.deepEqual(sigs(undefined), ['a', 'b', 'c', 'd']);
  assert.deepEqual(sigs({}), ['a', 'b', 'c', 'd']);
  assert.deepEqual(sigs({ platform: 'cps' }), ['a', 'c', 'd']);
  assert.deepEqual(sigs({ strategy: 'legacy' }), ['a', 'b', 'd']);
  assert.deepEqual(sigs({ kind: 'common-mode' }), ['b', 'd']);
  assert.deepEqual(sigs({ platform: 'cps', strategy: 'legacy', kind: 'divergence' }), ['a']);
  assert.deepEqual(sigs({ platform: 'cps', strategy: undefined }), ['a', 'c', 'd']);
  const d = s.findingBySignature('d');
  assert.ok(d);
  s.triage(d.id, { status: 'wontfix' });
  assert.deepEqual(sigs({ status: 'wontfix' }), ['d']);
  assert.deepEqual(sigs({ status: 'new', platform: 'cps' }), ['a', 'c']);
  const ids = s.listFindings().map((f) => f.id);
  assert.deepEqual(
    ids,
    [...ids].sort((x, y) => x - y),
  );
});

test('triage sets the status and appends one timestamped line per note', (t) => {
  const { s, campaign } = setup(t);
  s.commitBatch(campaign.id, batch({ findings: [newFinding()] }));
  const id = s.listFindings()[0]!.id;
  const at1 = Date.UTC(2025, 0, 2, 3, 4, 5);
  const at2 = Date.UTC(2025, 0, 3);
  const afterStatus = s.triage(id, { status: 'confirmed' });
  assert.equal(afterStatus?.status, 'confirmed');
  assert.equal(afterStatus?.notes, '');
  const afterNote = s.triage(id, { note: '  reproduces on a real I6400  ', at: at1 });
  assert.equal(afterNote?.status, 'confirmed', 'a note alone keeps the status');
  assert.equal(afterNote?.notes, '2025-01-02T03:04:05.000Z reproduces on a real I6400');
  const both = s.triage(id, { status: 'fixed', note: 'fixed by v4.20\nsee the thread', at: at2 });
  assert.equal(both?.status, 'fixed');
  assert.equal(
    both?.notes,
    '2025-01-02T03:04:05.000Z reproduces on a real I6400\n2025-01-03T00:00:00.000Z fixed by v4.20\n  see the thread',
  );
  assert.deepEqual(s.getFinding(id), both);
  assert.equal(s.triage(999 as FindingId, { status: 'fixed' }), null);
});

test('a triaged finding seen again keeps its status and notes, and counts up', (t) => {
  const { s, campaign } = setup(t);
  s.commitBatch(campaign.id, batch({ batchIndex: 0, findings: [newFinding()] }));
  const id = s.listFindings()[0]!.id;
  s.triage(id, { status: 'wontfix', note: 'known', at: 0 });
  s.commitBatch(campaign.id, batch({ batchIndex: 1, findings: [newFinding()] }));
  assert.deepEqual(
    { status: s.getFinding(id)?.status, notes: s.getFinding(id)?.notes, count: s.getFinding(id)?.count },
    { status: 'wontfix', notes: '1970-01-01T00:00:00.000Z known', count: 2 },
  );
});

test('updateRepro replaces the minimized scenario, trace hash and switch counts, keeping the original', (t) => {
  const { s, campaign } = setup(t);
  s.commitBatch(campaign.id, batch({ findings: [newFinding()] }));
  const before = s.listFindings()[0]!;
  const after = s.updateRepro(before.id, {
    scenario: '{"smaller":true}',
    traceHash: 'h-9',
    switchesOriginal: 41,
    switchesMinimized: 1,
  });
  assert.deepEqual(after, {
    ...before,
    scenario: '{"smaller":true}',
    traceHash: 'h-9',
    switchesOriginal: 41,
    switchesMinimized: 1,
  });
  assert.equal(after?.original, before.original);
  assert.equal(
    s.updateRepro(999 as FindingId, { scenario: '', traceHash: '', switchesOriginal: 0, switchesMinimized: 0 }),
    null,
  );
});

test('kind and label come from every sighting: a common-mode signature later seen as a regression becomes one', (t) => {
  const { s, campaign } = setup(t);
  const common = newFinding({ kind: 'common-mode', label: 'both-wrong', count: 3 });
  s.commitBatch(campaign.id, batch({ batchIndex: 0, findings: [common], now: 1_000 }));
  assert.deepEqual(
    [s.findingBySignature(common.signature)?.kind, s.findingBySignature(common.signature)?.label],
    ['common-mode', 'both-wrong'],
  );
  const divergent = newFinding({ kind: 'divergence', label: 'regression' });
  s.commitBatch(campaign.id, batch({ batchIndex: 1, findings: [divergent], now: 2_000 }));
  const stored = s.findingBySignature(common.signature);
  assert.deepEqual([stored?.kind, stored?.label, stored?.count], ['divergence', 'regression', 4]);
  assert.deepEqual(stored?.sightings, { divergences: 1, regressions: 1, improvements: 0, bothWrong: 3 });
  // The repro stays the one first stored.
  assert.equal(stored?.scenario, common.scenario);
});
