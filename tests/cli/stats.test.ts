import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openStore } from '../../src/store/index.js';
import { kexfuzz } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kexfuzz-stats-'));
const db = path.join(dir, 'f.db');
after(() => rmSync(dir, { recursive: true, force: true }));
before(() => {
  const store = openStore(db);
  try {
    const campaign = store.startCampaign({ seed: 7, shard: '1/1', config: '{}', startedAt: 0 });
    for (let i = 0; i < 5; i++) {
      const at = 1_000 + i * 5_000;
      store.commitBatch(campaign.id, {
        batchIndex: i,
        runs: 4,
        findings: [],
        corpus: [],
        coverage: [i],
        stats: { at, runs: 4 * (i + 1), runsPerSecond: 2 + i, findings: i, coverage: 100 + 10 * i },
        now: at,
      });
    }
    store.startCampaign({ seed: 8, shard: '1/1', config: '{}', startedAt: 1 });
  } finally {
    store.close();
  }
});

test('kexfuzz stats charts a campaign stored progress: the latest by default, or --campaign N', async () => {
  const latest = await kexfuzz(['stats', '--db', db]);
  assert.equal(latest.code, 0, latest.err);
  assert.match(latest.out, /^campaign #2 \(seed 8, shard 1\/1, unfinished, 0 runs\)\nno progress samples yet/);
  const first = await kexfuzz(['stats', '--db', db, '--campaign', '1']);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /^campaign #1 \(seed 7, shard 1\/1, unfinished, 20 runs\): 5 samples over 20s\n/);
  for (const series of ['runs/s', 'runs', 'coverage', 'findings']) {
    assert.match(first.out, new RegExp(`\\n${series.replace('/', '\\/')} +[▁-█]{5}  `));
  }
  const json = JSON.parse((await kexfuzz(['stats', '--db', db, '--campaign', '1', '--json'])).out) as {
    campaign: { id: number };
    samples: { runs: number }[];
  };
  assert.equal(json.campaign.id, 1);
  assert.deepEqual(
    json.samples.map((s) => s.runs),
    [4, 8, 12, 16, 20],
  );
});

test('kexfuzz stats on a campaign the database does not have is exit 2 naming those it has', async () => {
  const r = await kexfuzz(['stats', '--db', db, '--campaign', '9']);
  assert.equal(r.code, 2);
  assert.match(r.err, /there is no campaign #9 in .*; it has #1, #2\./);
});
