import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { type CampaignId, openStore } from '../../src/store/index.js';
import { batch, newCampaign, scratchDir } from './fixtures/rows.js';

function store(t: import('node:test').TestContext) {
  const s = openStore(join(scratchDir(t), 'k.db'));
  t.after(() => s.close());
  return s;
}

test('startCampaign returns the stored row: fresh progress, updatedAt = startedAt', (t) => {
  const s = store(t);
  const c = s.startCampaign(newCampaign({ seed: 7, shard: '2/4', config: '{"a":1}', startedAt: 5_000 }));
  assert.deepEqual(c, {
    id: c.id,
    seed: 7,
    shard: '2/4',
    config: '{"a":1}',
    startedAt: 5_000,
    updatedAt: 5_000,
    nextBatch: 0,
    runs: 0,
    finished: false,
  });
  assert.deepEqual(s.getCampaign(c.id), c);
  assert.equal(s.getCampaign(12345 as CampaignId), null);
});

test('latestCampaign: the most recently started, optionally the most recent with the same config', (t) => {
  const s = store(t);
  assert.equal(s.latestCampaign(), null);
  const a = s.startCampaign(newCampaign({ config: 'A', startedAt: 1_000 }));
  const b = s.startCampaign(newCampaign({ config: 'B', startedAt: 2_000 }));
  const a2 = s.startCampaign(newCampaign({ config: 'A', startedAt: 1_500 }));
  assert.equal(s.latestCampaign()?.id, b.id);
  assert.equal(s.latestCampaign('A')?.id, a2.id);
  assert.equal(s.latestCampaign('B')?.id, b.id);
  assert.equal(s.latestCampaign('C'), null);
  const a3 = s.startCampaign(newCampaign({ config: 'A', startedAt: 1_500 }));
  assert.equal(s.latestCampaign('A')?.id, a3.id, 'equal start times: the later row wins');
  assert.deepEqual(
    s.listCampaigns().map((c) => c.id),
    [a.id, b.id, a2.id, a3.id],
  );
});

test('commitBatch advances nextBatch and runs; finishCampaign marks it finished and refuses more batches', (t) => {
  const s = store(t);
  const c = s.startCampaign(newCampaign());
  s.commitBatch(c.id, batch({ batchIndex: 0, runs: 250, now: 10_000 }));
  s.commitBatch(c.id, batch({ batchIndex: 1, runs: 50, now: 11_000 }));
  assert.deepEqual(s.getCampaign(c.id), { ...c, nextBatch: 2, runs: 300, updatedAt: 11_000 });
  assert.deepEqual(s.finishCampaign(c.id, 12_000), {
    ...c,
    nextBatch: 2,
    runs: 300,
    updatedAt: 12_000,
    finished: true,
  });
  assert.throws(() => s.commitBatch(c.id, batch({ batchIndex: 2 })), /finished/);
  assert.equal(s.finishCampaign(999 as CampaignId), null);
});
