import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import Database from 'better-sqlite3';
import { type Certificate, REDUCTION } from '../../src/contract/exploration.js';
import { type CampaignId, mergeStores, openStore } from '../../src/store/index.js';
import { sig } from '../helpers/factories.js';
import { batch, newCampaign, newFinding, scratchDir } from './fixtures/rows.js';

function setup(t: TestContext) {
  const s = openStore(join(scratchDir(t), 'k.db'));
  t.after(() => s.close());
  return { s, campaign: s.startCampaign(newCampaign()) };
}

test('commitBatch stores corpus entries, coverage keys and the stats sample, and counts new coverage', (t) => {
  const { s, campaign } = setup(t);
  const r0 = s.commitBatch(
    campaign.id,
    batch({
      batchIndex: 0,
      corpus: [
        { scenario: '{"s":1}', coverageGain: 3 },
        { scenario: '{"s":2}', coverageGain: 1 },
      ],
      coverage: [5, -7, 2147483647, -2147483648],
      stats: { at: 2_000, runs: 100, runsPerSecond: 12.5, findings: 0, coverage: 4 },
      now: 2_000,
    }),
  );
  assert.deepEqual(r0, { newSignatures: [], newCoverage: 4 });
  const r1 = s.commitBatch(
    campaign.id,
    batch({
      batchIndex: 1,
      corpus: [{ scenario: '{"s":1}', coverageGain: 9 }],
      coverage: Int32Array.of(5, 6, 6),
      stats: { at: 3_000, runs: 200, runsPerSecond: 100, findings: 1, coverage: 5, corpus: 2, sessionStarted: 1_500 },
      now: 3_000,
    }),
  );
  assert.equal(r1.newCoverage, 1);
  assert.deepEqual(s.corpusEntries(), [
    { id: 1, scenario: '{"s":1}', coverageGain: 3, addedAt: 2_000, campaignId: campaign.id, batch: 0 },
    { id: 2, scenario: '{"s":2}', coverageGain: 1, addedAt: 2_000, campaignId: campaign.id, batch: 0 },
  ]);
  assert.deepEqual(
    s.corpusEntries(1).map((e) => e.scenario),
    ['{"s":1}'],
  );
  assert.equal(s.corpusSize(), 2);
  assert.equal(s.coverageSize(), 5);
  assert.ok(s.coverageKeys() instanceof Int32Array);
  assert.deepEqual([...s.coverageKeys()], [-2147483648, -7, 5, 6, 2147483647]);
  assert.deepEqual(s.statsFor(campaign.id), [
    // A sample may leave out the corpus and its session (a caller from before store version 6): both null.
    {
      campaignId: campaign.id,
      at: 2_000,
      runs: 100,
      runsPerSecond: 12.5,
      findings: 0,
      coverage: 4,
      corpus: null,
      sessionStarted: null,
    },
    {
      campaignId: campaign.id,
      at: 3_000,
      runs: 200,
      runsPerSecond: 100,
      findings: 1,
      coverage: 5,
      corpus: 2,
      sessionStarted: 1_500,
    },
  ]);
  assert.deepEqual(s.statsFor(999 as CampaignId), []);
});

test('a batch that throws part-way leaves nothing behind', (t) => {
  const { s, campaign } = setup(t);
  s.commitBatch(campaign.id, batch({ batchIndex: 0, findings: [newFinding()], coverage: [1], now: 1_000 }));
  const before = { summary: s.summary(), campaign: s.getCampaign(campaign.id), findings: s.listFindings() };
  // Everything before the bad coverage key has been written inside the transaction by the time it throws.
  assert.throws(
    () =>
      s.commitBatch(
        campaign.id,
        batch({
          batchIndex: 1,
          findings: [newFinding(), newFinding({ signature: sig('new-one') })],
          corpus: [{ scenario: '{"s":1}', coverageGain: 1 }],
          coverage: [2, 3, 2 ** 31],
          stats: { at: 2_000, runs: 1, runsPerSecond: 1, findings: 2, coverage: 3 },
          now: 2_000,
        }),
      ),
    /int32/,
  );
  assert.deepEqual({ summary: s.summary(), campaign: s.getCampaign(campaign.id), findings: s.listFindings() }, before);
  assert.deepEqual(s.statsFor(campaign.id), []);
  // A constraint failure inside SQLite (a NOT NULL column given null) rolls back the same way.
  const bad = newFinding({ signature: sig('bad'), title: null as unknown as string });
  assert.throws(() =>
    s.commitBatch(campaign.id, batch({ batchIndex: 1, findings: [newFinding({ signature: sig('ok') }), bad] })),
  );
  assert.equal(s.findingBySignature('ok'), null);
  // The batch can then be committed properly.
  s.commitBatch(campaign.id, batch({ batchIndex: 1, findings: [newFinding({ signature: sig('ok') })] }));
  assert.equal(s.getCampaign(campaign.id)?.nextBatch, 2);
});

test('batches must be committed in order, each once', (t) => {
  const { s, campaign } = setup(t);
  assert.throws(
    () => s.commitBatch(campaign.id, batch({ batchIndex: 1 })),
    /batch 1 .* out of order.* next batch .* 0/,
  );
  s.commitBatch(campaign.id, batch({ batchIndex: 0, findings: [newFinding()] }));
  assert.throws(() => s.commitBatch(campaign.id, batch({ batchIndex: 0, findings: [newFinding()] })), /out of order/);
  assert.equal(s.listFindings()[0]?.count, 1, 'a replayed batch is not counted twice');
  assert.throws(() => s.commitBatch(999 as CampaignId, batch()), /no campaign 999/);
});

test('coverage keys must be int32', (t) => {
  const { s, campaign } = setup(t);
  for (const key of [1.5, 2 ** 31, -(2 ** 31) - 1, Number.NaN]) {
    assert.throws(() => s.commitBatch(campaign.id, batch({ coverage: [key] })), RangeError, String(key));
  }
});

test('summary counts findings by kind and status, campaigns, runs over all campaigns, corpus and coverage', (t) => {
  const { s, campaign } = setup(t);
  assert.deepEqual(s.summary(), {
    findings: 0,
    byKind: {},
    byStatus: {},
    campaigns: 1,
    runs: 0,
    corpus: 0,
    coverage: 0,
  });
  const other = s.startCampaign(newCampaign({ startedAt: 5_000 }));
  s.commitBatch(
    campaign.id,
    batch({
      runs: 300,
      findings: [newFinding({ signature: sig('a') }), newFinding({ signature: sig('b'), kind: 'common-mode' })],
      corpus: [{ scenario: 'x', coverageGain: 1 }],
      coverage: [1, 2, 3],
    }),
  );
  s.commitBatch(other.id, batch({ runs: 50, findings: [newFinding({ signature: sig('c') })], coverage: [3, 4] }));
  s.triage(s.findingBySignature('c')!.id, { status: 'confirmed' });
  assert.deepEqual(s.summary(), {
    findings: 3,
    byKind: { 'common-mode': 1, divergence: 2 },
    byStatus: { confirmed: 1, new: 2 },
    campaigns: 2,
    runs: 350,
    corpus: 1,
    coverage: 4,
  });
});

test('the store remembers its path and mode', (t) => {
  const file = join(scratchDir(t), 'k.db');
  const s = openStore(file);
  assert.equal(s.path, file);
  assert.equal(s.readonly, false);
  s.close();
});

test('PCT tallies add up per campaign, platform and depth across batches, and over every campaign', (t) => {
  const { s, campaign } = setup(t);
  const second = s.startCampaign(newCampaign({ seed: 2 }));
  const tally = (runs: number, bugDepth = 1) => ({
    platform: 'cps',
    bugDepth,
    runs,
    logMiss: runs * Math.log1p(-0.25),
  });
  s.commitBatch(campaign.id, batch({ batchIndex: 0, pct: [tally(2), tally(1, 2)] }));
  s.commitBatch(campaign.id, batch({ batchIndex: 1, pct: [tally(3)] }));
  s.commitBatch(second.id, batch({ batchIndex: 0, pct: [tally(5)] }));
  const one = s.pctTallies(campaign.id);
  assert.deepEqual(
    one.map((x) => [x.bugDepth, x.runs]),
    [
      [1, 5],
      [2, 1],
    ],
  );
  assert.ok(Math.abs((one[0]?.logMiss ?? 0) - 5 * Math.log1p(-0.25)) < 1e-12);
  assert.equal(s.pctTallies().find((x) => x.bugDepth === 1)?.runs, 10);
  assert.throws(
    () => s.commitBatch(second.id, batch({ batchIndex: 1, pct: [{ ...tally(1), logMiss: 0.5 }] })),
    /log miss/,
  );
});

/** A certificate as `kexfuzz explore --db` stores one. */
function storedCertificate(): Certificate {
  return {
    scenarioHash: 'abc',
    scenario: '{}',
    summary: 'cps, 2 CPUs',
    platform: 'cps',
    strategy: 'upstream',
    preemptions: 2,
    schedules: 41,
    classes: 17,
    outcomes: ['ok'],
    ms: 5,
    createdAt: 7,
    reduction: REDUCTION,
  };
}

test('an exploration stores its certificates and its counterexamples as findings of no campaign; merge carries certificates', (t) => {
  const dir = scratchDir(t);
  const file = join(dir, 'explored.db');
  const s = openStore(file);
  const certificate = storedCertificate();
  try {
    const stored = s.recordExploration({
      certificates: [certificate],
      findings: [newFinding({ signature: sig('x') })],
      now: 9,
    });
    assert.deepEqual(stored.newSignatures, [sig('x')]);
    assert.deepEqual(s.listCertificates(), [certificate]);
    assert.equal(s.findingBySignature(sig('x'))?.campaignId, null);
  } finally {
    s.close();
  }
  const into = join(dir, 'merged.db');
  mergeStores([file], into);
  const merged = openStore(into, { readonly: true });
  try {
    assert.deepEqual(merged.listCertificates(), [certificate]);
  } finally {
    merged.close();
  }
});

test('a certificate stored before certificates kept their reduction lists with none (the report marks it: tests/report/explore-report.test.ts)', (t) => {
  const file = join(scratchDir(t), 'older.db');
  const certificate = storedCertificate();
  const s = openStore(file);
  try {
    s.recordExploration({ certificates: [certificate, { ...certificate, strategy: 'legacy' }], findings: [], now: 9 });
  } finally {
    s.close();
  }
  // what migration 10 leaves in a row written before it
  const raw = new Database(file);
  raw.prepare(`UPDATE certificates SET reduction = NULL WHERE strategy = 'legacy'`).run();
  raw.close();
  const again = openStore(file, { readonly: true });
  try {
    const listed = again.listCertificates();
    assert.deepEqual(
      listed.map((c) => [c.strategy, c.reduction]),
      [
        ['upstream', REDUCTION],
        ['legacy', null],
      ],
    );
  } finally {
    again.close();
  }
});
