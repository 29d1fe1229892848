import assert from 'node:assert/strict';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { type Batch, mergeStores, type NewCampaign, openStore, type Store } from '../../src/store/index.js';
import { sig } from '../helpers/factories.js';
import { batch, newCampaign, newFinding, scratchDir } from './fixtures/rows.js';

interface Shard {
  readonly campaign: NewCampaign;
  readonly batches: readonly Batch[];
}

const shardA: Shard = {
  campaign: newCampaign({ seed: 1, shard: '1/2', config: '{"shard":"1/2"}', startedAt: 10 }),
  batches: [
    batch({
      batchIndex: 0,
      runs: 100,
      findings: [newFinding({ signature: sig('a'), scenario: '{"from":"A"}', count: 2 })],
      tallies: [
        { platform: 'cps', strategy: 'legacy', kind: 'hang', runs: 2 },
        { platform: 'cps', strategy: 'upstream', kind: 'ok', runs: 2 },
      ],
      pct: [{ platform: 'cps', bugDepth: 1, runs: 2, logMiss: -0.5 }],
      corpus: [
        { scenario: 'x', coverageGain: 2 },
        { scenario: 'y', coverageGain: 1 },
      ],
      coverage: [1, 2, 3],
      stats: { at: 100, runs: 100, runsPerSecond: 10, findings: 1, coverage: 3 },
      now: 100,
    }),
    batch({
      batchIndex: 1,
      runs: 100,
      findings: [newFinding({ signature: sig('b') }), newFinding({ signature: sig('a'), scenario: '{"from":"A2"}' })],
      coverage: [4, 5],
      stats: { at: 200, runs: 200, runsPerSecond: 10, findings: 2, coverage: 5 },
      now: 200,
    }),
  ],
};

const shardB: Shard = {
  campaign: newCampaign({ seed: 1, shard: '2/2', config: '{"shard":"2/2"}', startedAt: 20 }),
  batches: [
    batch({
      batchIndex: 0,
      runs: 70,
      tallies: [{ platform: 'cps', strategy: 'legacy', kind: 'hang', runs: 3 }],
      pct: [{ platform: 'cps', bugDepth: 1, runs: 3, logMiss: -0.25 }],
      findings: [
        newFinding({
          signature: sig('a'),
          scenario: '{"from":"B"}',
          traceHash: 'h-B',
          title: 'B saw it first',
          count: 3,
          kind: 'common-mode',
          label: 'both-wrong',
        }),
        newFinding({ signature: sig('c'), kind: 'common-mode', label: null }),
      ],
      corpus: [
        { scenario: 'y', coverageGain: 5 },
        { scenario: 'z', coverageGain: 1 },
      ],
      coverage: [4, 5, 6, 7, 8],
      stats: { at: 50, runs: 70, runsPerSecond: 7, findings: 2, coverage: 5, corpus: 2, sessionStarted: 40 },
      now: 50,
    }),
  ],
};

function feed(store: Store, shard: Shard) {
  const campaign = store.startCampaign(shard.campaign);
  for (const b of shard.batches) store.commitBatch(campaign.id, b);
  return campaign;
}

function shardDb(dir: string, name: string, ...shards: Shard[]): string {
  const file = join(dir, name);
  const store = openStore(file);
  for (const shard of shards) feed(store, shard);
  store.close();
  return file;
}

/** What must not depend on whether shards were merged or fed into one database. */
function essence(store: Store) {
  return {
    counts: Object.fromEntries(store.listFindings().map((f) => [f.signature, f.count])),
    labels: Object.fromEntries(store.listFindings().map((f) => [f.signature, [f.kind, f.label, f.sightings]])),
    tallies: store.outcomeTallies(),
    pct: store.pctTallies(),
    coverage: [...store.coverageKeys()],
    corpus: store
      .corpusEntries()
      .map((e) => e.scenario)
      .sort(),
    runs: store.summary().runs,
    campaigns: store
      .listCampaigns()
      .map((c) => c.shard)
      .sort(),
  };
}

function read<T>(file: string, f: (s: Store) => T): T {
  const store = openStore(file, { readonly: true });
  try {
    return f(store);
  } finally {
    store.close();
  }
}

test('merging two shard databases equals one database that received both shards’ batches', (t) => {
  const dir = scratchDir(t);
  const a = shardDb(dir, 'a.db', shardA);
  const b = shardDb(dir, 'b.db', shardB);
  const together = shardDb(dir, 'together.db', shardA, shardB);
  const into = join(dir, 'out', 'merged.db');

  const result = mergeStores([a, b], into);

  assert.deepEqual(result, { findings: 3, added: 3, merged: 1 });
  const merged = read(into, essence);
  assert.deepEqual(merged, read(together, essence));
  assert.deepEqual(merged.counts, { a: 6, b: 1, c: 1 });
  assert.deepEqual(merged.tallies, [
    { platform: 'cps', strategy: 'legacy', kind: 'hang', runs: 5 },
    { platform: 'cps', strategy: 'upstream', kind: 'ok', runs: 2 },
  ]);
  assert.deepEqual(merged.pct, [{ platform: 'cps', bugDepth: 1, runs: 5, logMiss: -0.75 }]);
  // Shard B saw "a" three times as common-mode: merged, its sightings add up and A's regressions win the label.
  assert.deepEqual(merged.labels['a'], [
    'divergence',
    'regression',
    { divergences: 3, regressions: 3, improvements: 0, bothWrong: 3 },
  ]);
  assert.deepEqual(merged.coverage, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(merged.corpus, ['x', 'y', 'z']);
});

test('a merged finding keeps the earliest repro and the widest seen-interval; campaigns and stats come along under new ids', (t) => {
  const dir = scratchDir(t);
  const a = shardDb(dir, 'a.db', shardA);
  const b = shardDb(dir, 'b.db', shardB);
  const into = join(dir, 'merged.db');
  const pre = openStore(into);
  feed(pre, { campaign: newCampaign({ shard: 'local' }), batches: [] });
  pre.close();

  mergeStores([a, b], into);

  read(into, (s) => {
    const campaigns = s.listCampaigns();
    assert.deepEqual(
      campaigns.map((c) => [c.id, c.shard, c.nextBatch, c.runs]),
      [
        [1, 'local', 0, 0],
        [2, '1/2', 2, 200],
        [3, '2/2', 1, 70],
      ],
    );
    const fromB = campaigns[2]!;
    const findingA = s.findingBySignature('a');
    assert.ok(findingA);
    assert.equal(findingA.scenario, '{"from":"B"}', 'the repro of the earliest sighting');
    assert.equal(findingA.traceHash, 'h-B');
    assert.equal(findingA.title, 'B saw it first');
    assert.equal(findingA.campaignId, fromB.id, 'the repro’s campaign, under its new id');
    assert.deepEqual([findingA.firstSeen, findingA.lastSeen, findingA.count], [50, 200, 6]);
    assert.equal(s.findingBySignature('b')?.campaignId, campaigns[1]?.id);
    assert.deepEqual(
      s.statsFor(fromB.id).map((r) => [r.at, r.runs, r.corpus, r.sessionStarted]),
      [[50, 70, 2, 40]],
    );
    assert.deepEqual(
      s.corpusEntries().map((e) => [e.scenario, e.coverageGain, e.campaignId]),
      [
        ['x', 2, campaigns[1]?.id],
        ['y', 1, campaigns[1]?.id],
        ['z', 1, fromB.id],
      ],
    );
  });
});

test('triage: the destination’s status and notes win; a new signature brings the source’s', (t) => {
  const dir = scratchDir(t);
  const a = shardDb(dir, 'a.db', shardA);
  const b = shardDb(dir, 'b.db', shardB);
  for (const [file, signature, status] of [
    [a, 'a', 'confirmed'],
    [b, 'c', 'wontfix'],
  ] as const) {
    const s = openStore(file);
    s.triage(s.findingBySignature(signature)!.id, { status, note: `triaged in ${signature}`, at: 0 });
    s.close();
  }
  const into = join(dir, 'merged.db');
  mergeStores([a], into);
  const dest = openStore(into);
  dest.triage(dest.findingBySignature('a')!.id, { status: 'fixed', note: 'fixed upstream', at: 0 });
  dest.close();

  mergeStores([b], into);

  read(into, (s) => {
    assert.equal(s.findingBySignature('a')?.status, 'fixed');
    assert.equal(
      s.findingBySignature('a')?.notes,
      '1970-01-01T00:00:00.000Z triaged in a\n1970-01-01T00:00:00.000Z fixed upstream',
    );
    assert.equal(s.findingBySignature('c')?.status, 'wontfix');
    assert.equal(s.findingBySignature('c')?.notes, '1970-01-01T00:00:00.000Z triaged in c');
  });
});

test('sources are only read', (t) => {
  const dir = scratchDir(t);
  const a = shardDb(dir, 'a.db', shardA);
  const before = read(a, (s) => ({ summary: s.summary(), findings: s.listFindings(), campaigns: s.listCampaigns() }));
  mergeStores([a], join(dir, 'merged.db'));
  assert.deepEqual(
    read(a, (s) => ({ summary: s.summary(), findings: s.listFindings(), campaigns: s.listCampaigns() })),
    before,
  );
});

test('a database is never counted twice: the destination itself, a source listed twice, a copy, or one merged before', (t) => {
  const dir = scratchDir(t);
  const a = shardDb(dir, 'a.db', shardA);
  const b = shardDb(dir, 'b.db', shardB);
  const copyOfA = join(dir, 'copy-of-a.db');
  copyFileSync(a, copyOfA);
  const into = join(dir, 'merged.db');
  mergeStores([a], into);
  const snapshot = () => read(into, (s) => ({ summary: s.summary(), findings: s.listFindings() }));
  const before = snapshot();

  const refused = (sources: string[], target: string, pattern: RegExp) =>
    assert.throws(
      () => mergeStores(sources, target),
      (e: unknown) => e instanceof InputError && pattern.test(e.message),
    );
  refused([b, a], into, /a\.db" was already merged into .*merged\.db.*twice/);
  refused([copyOfA], into, /copy-of-a\.db" was already merged/);
  refused([into], into, /same database as/);
  refused([b, b], into, /b\.db" is the same database as ".*b\.db"/);
  assert.deepEqual(snapshot(), before, 'a refused merge writes nothing, not even the good sources');
  const fresh = join(dir, 'fresh.db');
  refused([b, b], fresh, /b\.db" is the same database as ".*b\.db"/);
  assert.equal(existsSync(fresh), false, 'a refused merge into a new file leaves no empty database behind');
});

test('a source that is not a kexfuzz database is refused before the destination is created', (t) => {
  const dir = scratchDir(t);
  const a = shardDb(dir, 'a.db', shardA);
  const garbage = join(dir, 'garbage.db');
  writeFileSync(garbage, 'not sqlite at all '.repeat(50));
  const into = join(dir, 'merged.db');
  assert.throws(() => mergeStores([a, garbage], into), /garbage\.db.*not a kexfuzz database/s);
  assert.throws(() => mergeStores([a, join(dir, 'missing.db')], into), /no database file/);
  assert.equal(existsSync(into), false);
});
