import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { type Lease, openStore } from '../../src/store/index.js';
import { sig } from '../helpers/factories.js';
import { batch, newCampaign, newFinding, scratchDir } from './fixtures/rows.js';

function setup(t: TestContext) {
  const s = openStore(join(scratchDir(t), 'k.db'));
  t.after(() => s.close());
  return { s, campaign: s.startCampaign(newCampaign()) };
}

const mine: Lease = { host: 'a', pid: 1, expires: 10_000 };
const theirs: Lease = { host: 'b', pid: 2, expires: 20_000 };

test('a campaign lease: taken once, refused to another holder unless stale, renewed and released only by its holder', (t) => {
  const { s, campaign } = setup(t);
  assert.equal(
    s.takeLease(campaign.id, mine, () => false),
    null,
  );
  assert.deepEqual(
    s.takeLease(campaign.id, theirs, () => false),
    mine,
    'refused, naming the holder',
  );
  assert.equal(s.renewLease(campaign.id, { ...mine, expires: 11_000 }), true);
  assert.equal(s.renewLease(campaign.id, theirs), false);
  s.releaseLease(campaign.id, theirs);
  assert.deepEqual(
    s.takeLease(campaign.id, theirs, () => false),
    { ...mine, expires: 11_000 },
    'not theirs to release',
  );
  assert.equal(
    s.takeLease(campaign.id, theirs, (held) => held.expires < 12_000),
    null,
    'a stale lease is taken over',
  );
  assert.equal(s.renewLease(campaign.id, mine), false, 'the old holder lost it');
  s.releaseLease(campaign.id, theirs);
  assert.equal(
    s.takeLease(campaign.id, mine, () => false),
    null,
    'released',
  );
});

test("a batch committed under a lease another holder took is refused (two resumes of one campaign died 'out of order')", (t) => {
  const { s, campaign } = setup(t);
  s.takeLease(campaign.id, mine, () => false);
  s.commitBatch(campaign.id, { ...batch({ batchIndex: 0 }), lease: mine });
  s.takeLease(campaign.id, theirs, () => true);
  assert.throws(
    () => s.commitBatch(campaign.id, { ...batch({ batchIndex: 1 }), lease: mine }),
    /campaign #1 was taken over by pid 2 on b/,
  );
  assert.equal(s.getCampaign(campaign.id)?.nextBatch, 1);
});

test('a new finding the campaign minimizes stays queued until its repro is stored; finishing the campaign drops the rest (issue 10: killed minimizations were never retried)', (t) => {
  const { s, campaign } = setup(t);
  const a = newFinding({ signature: sig('cps/legacy/hang/a') });
  const b = newFinding({ signature: sig('cps/legacy/hang/b') });
  s.commitBatch(campaign.id, {
    ...batch({ batchIndex: 0, findings: [a, b] }),
    minimize: new Map([
      [a.signature, '{"seed":1}'],
      [b.signature, '{"seed":2}'],
    ]),
  });
  // seen again by a later batch: already stored, not queued twice
  s.commitBatch(campaign.id, {
    ...batch({ batchIndex: 1, findings: [a] }),
    minimize: new Map([[a.signature, '{"seed":9}']]),
  });
  assert.deepEqual(s.queuedMinimizations(campaign.id), [
    { signature: a.signature, strategy: a.strategy, origin: '{"seed":1}' },
    { signature: b.signature, strategy: b.strategy, origin: '{"seed":2}' },
  ]);
  const stored = s.findingBySignature(a.signature);
  assert.ok(stored !== null);
  s.updateRepro(stored.id, { scenario: '{"m":1}', traceHash: 'h', switchesOriginal: 3, switchesMinimized: 1 });
  assert.deepEqual(
    s.queuedMinimizations(campaign.id).map((q) => q.signature),
    [b.signature],
  );
  s.finishCampaign(campaign.id);
  assert.deepEqual(s.queuedMinimizations(campaign.id), []);
});
