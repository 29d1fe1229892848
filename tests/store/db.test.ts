import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { InputError } from '../../src/errors.js';
import { type CampaignId, openStore, storeSchemaVersion } from '../../src/store/index.js';
import { migrations } from '../../src/store/migrations.js';
import { batch, newCampaign, newFinding, scratchDir } from './fixtures/rows.js';

/** Asserts that opening `file` fails with an InputError whose message matches every pattern, and that the file is unchanged. */
function assertRefused(file: string, patterns: readonly RegExp[], readonly = false): void {
  const before = readFileSync(file);
  assert.throws(
    () => openStore(file, { readonly }),
    (error: unknown) => {
      assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
      for (const pattern of patterns) assert.match(error.message, pattern);
      return true;
    },
  );
  assert.deepEqual(readFileSync(file), before, 'the refused file must be left byte for byte as it was');
}

describe('openStore', () => {
  test('a foreign WAL database with commits still in its -wal is refused for reading with both files unchanged (closing a reader must not checkpoint it)', (t) => {
    const dir = scratchDir(t);
    const live = join(dir, 'live.db');
    const writer = new Database(live);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE other (x INTEGER); INSERT INTO other VALUES (1), (2);');
    // A copy taken while the writer holds the commits in its -wal, as a crash would leave it.
    const file = join(dir, 'crashed.db');
    copyFileSync(live, file);
    copyFileSync(`${live}-wal`, `${file}-wal`);
    writer.close();
    const wal = readFileSync(`${file}-wal`);
    assertRefused(file, [/not a kexfuzz database/, /"other"/], true);
    assert.deepEqual(readFileSync(`${file}-wal`), wal);
  });

  test('creates the parent directories and the file, in WAL mode, at the current schema version', (t) => {
    const file = join(scratchDir(t), 'a', 'b', 'kexfuzz.db');
    const store = openStore(file);
    store.close();
    assert.ok(existsSync(file));
    const raw = new Database(file, { readonly: true });
    try {
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(raw.pragma('user_version', { simple: true }), storeSchemaVersion);
      assert.equal(raw.prepare(`SELECT value FROM meta WHERE key = 'application'`).pluck().get(), 'kexfuzz');
    } finally {
      raw.close();
    }
  });

  test('migrations are numbered 1, 2, … and the schema version is the last one', () => {
    assert.deepEqual(
      migrations.map((m) => m.version),
      migrations.map((_, i) => i + 1),
    );
    assert.equal(storeSchemaVersion, migrations.length);
    assert.ok(storeSchemaVersion >= 1);
  });

  test('a zero-byte file is initialised as a new database', (t) => {
    const file = join(scratchDir(t), 'empty.db');
    writeFileSync(file, '');
    const store = openStore(file);
    assert.equal(store.summary().findings, 0);
    store.close();
  });

  test('reopening keeps the data and does not migrate again', (t) => {
    const file = join(scratchDir(t), 'k.db');
    const first = openStore(file);
    const campaign = first.startCampaign(newCampaign());
    first.commitBatch(campaign.id, batch({ findings: [newFinding()], coverage: [1, 2] }));
    first.close();
    const again = openStore(file);
    assert.deepEqual(again.getCampaign(campaign.id), { ...campaign, nextBatch: 1, runs: 100, updatedAt: 2_000 });
    assert.equal(again.listFindings().length, 1);
    assert.deepEqual([...again.coverageKeys()], [1, 2]);
    again.close();
  });

  test('read-only: a missing file is an input error and is not created', (t) => {
    const file = join(scratchDir(t), 'missing.db');
    assert.throws(
      () => openStore(file, { readonly: true }),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /there is no database file/);
        assert.match(e.message, /missing\.db/);
        return true;
      },
    );
    assert.equal(existsSync(file), false);
  });

  test('read-only: reads work, writes throw, nothing is migrated', (t) => {
    const file = join(scratchDir(t), 'k.db');
    const writer = openStore(file);
    writer.startCampaign(newCampaign());
    writer.close();
    const reader = openStore(file, { readonly: true });
    assert.equal(reader.readonly, true);
    assert.equal(reader.listCampaigns().length, 1);
    assert.throws(() => reader.startCampaign(newCampaign()), /readonly/);
    reader.close();
  });

  test('read-only: an empty file is not a kexfuzz database', (t) => {
    const file = join(scratchDir(t), 'empty.db');
    writeFileSync(file, '');
    assertRefused(file, [/not a kexfuzz database/, /empty/], true);
  });
});

describe('migrations', () => {
  test('a version-1 database read through an upgraded copy (the file unchanged), and opened for writing, gains sightings, each row counted as its one stored kind and label', (t) => {
    const file = join(scratchDir(t), 'v1.db');
    const raw = new Database(file);
    raw.exec(migrations[0]?.sql ?? '');
    raw.pragma('user_version = 1');
    raw
      .prepare(
        `INSERT INTO findings (signature, kind, label, platform, strategy, outcome_kind, routine, title, scenario,
           original, outcomes, trace_hash, switches_original, switches_minimized, count, first_seen, last_seen)
         VALUES ('cps/legacy/hang/x', 'divergence', 'regression', 'cps', 'legacy', 'hang', 'x', 't', '{}', '{}', '{}',
           'h', 1, 1, 3, 1, 2)`,
      )
      .run();
    raw.close();
    const before = readFileSync(file);
    const reader = openStore(file, { readonly: true });
    try {
      // a reader reads an upgraded copy, and the file stays as the older kexfuzz left it
      assert.equal(reader.findingBySignature('cps/legacy/hang/x')?.sightings.divergences, 3);
    } finally {
      reader.close();
    }
    assert.deepEqual(readFileSync(file), before);
    assert.equal(existsSync(`${file}-wal`), false);
    const store = openStore(file);
    try {
      const f = store.findingBySignature('cps/legacy/hang/x');
      assert.deepEqual(f?.sightings, { divergences: 3, regressions: 3, improvements: 0, bothWrong: 0 });
      assert.equal(f?.count, 3);
    } finally {
      store.close();
    }
  });

  test('a version-5 database, read through an upgraded copy or opened for writing, keeps its stats samples, with no corpus size or session (null)', (t) => {
    const file = join(scratchDir(t), 'v5.db');
    const raw = new Database(file);
    for (const m of migrations.slice(0, 5)) raw.exec(m.sql);
    raw.pragma('user_version = 5');
    raw
      .prepare(
        `INSERT INTO campaigns (id, seed, shard, config, started_at, updated_at) VALUES (1, 7, '1/1', '{}', 10, 20)`,
      )
      .run();
    raw
      .prepare(
        `INSERT INTO stats (campaign_id, at, runs, runs_per_second, findings, coverage) VALUES (1, 15, 40, 8, 2, 300)`,
      )
      .run();
    raw.close();
    const before = readFileSync(file);
    const reader = openStore(file, { readonly: true });
    try {
      assert.equal(reader.statsFor(1 as CampaignId)[0]?.corpus, null);
    } finally {
      reader.close();
    }
    assert.deepEqual(readFileSync(file), before);
    const store = openStore(file);
    try {
      assert.deepEqual(store.statsFor(1 as CampaignId), [
        {
          campaignId: 1,
          at: 15,
          runs: 40,
          runsPerSecond: 8,
          findings: 2,
          coverage: 300,
          corpus: null,
          sessionStarted: null,
        },
      ]);
    } finally {
      store.close();
    }
  });
});

describe('openStore refuses files it must not touch, and leaves them as they were', () => {
  test('a database written by a newer kexfuzz names both schema versions', (t) => {
    const file = join(scratchDir(t), 'newer.db');
    openStore(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${storeSchemaVersion + 5}`);
    raw.close();
    const message = new RegExp(`newer kexfuzz \\(schema version ${storeSchemaVersion + 5}\\).*${storeSchemaVersion}`);
    assertRefused(file, [message, /newer\.db/]);
    assertRefused(file, [message], true);
  });

  test('a file of garbage bytes is not a kexfuzz database', (t) => {
    const file = join(scratchDir(t), 'garbage.db');
    writeFileSync(file, Buffer.from('this is a text file, not SQLite\n'.repeat(200)));
    assertRefused(file, [/garbage\.db/, /not a kexfuzz database/, /not an SQLite database, or it is corrupt/]);
    assertRefused(file, [/not a kexfuzz database/], true);
  });

  test('a foreign SQLite database (tables but no kexfuzz marker) is not a kexfuzz database', (t) => {
    const file = join(scratchDir(t), 'foreign.db');
    const raw = new Database(file);
    raw.exec(`CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (9.5);`);
    raw.close();
    assertRefused(file, [/foreign\.db/, /not a kexfuzz database/, /"invoices"/]);
    assertRefused(file, [/not a kexfuzz database/], true);
  });

  test('a foreign database with its own "meta" table is not a kexfuzz database either', (t) => {
    const file = join(scratchDir(t), 'other-meta.db');
    const raw = new Database(file);
    raw.exec(`CREATE TABLE meta (name TEXT, version INTEGER); PRAGMA user_version = 1;`);
    raw.close();
    assertRefused(file, [/not a kexfuzz database/, /"meta"/]);
  });
});

describe('WAL: readers work while a campaign writes', () => {
  test('a read-only store reads the last committed state while another connection holds an open write transaction', (t) => {
    const file = join(scratchDir(t), 'k.db');
    const writer = openStore(file);
    const campaign = writer.startCampaign(newCampaign());
    writer.commitBatch(campaign.id, batch({ findings: [newFinding()], coverage: [7] }));
    writer.close();

    const holder = new Database(file);
    holder.pragma('busy_timeout = 100');
    const reader = openStore(file, { readonly: true });
    try {
      holder.exec('BEGIN IMMEDIATE');
      holder.exec('INSERT INTO coverage (key) VALUES (8), (9)');
      holder.exec(`UPDATE findings SET count = 99`);
      // The writer's uncommitted changes are invisible, and the reader does not wait for its lock.
      assert.deepEqual([...reader.coverageKeys()], [7]);
      assert.equal(reader.listFindings()[0]?.count, 1);
      assert.equal(reader.summary().coverage, 1);
      holder.exec('COMMIT');
      assert.deepEqual([...reader.coverageKeys()], [7, 8, 9]);
      assert.equal(reader.getFinding(reader.listFindings()[0]!.id)?.count, 99);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      reader.close();
    }
  });

  test('a read-write store opened beside a running writer reads too', (t) => {
    const file = join(scratchDir(t), 'k.db');
    const writer = openStore(file);
    const campaign = writer.startCampaign(newCampaign());
    const triager = openStore(file);
    writer.commitBatch(campaign.id, batch({ findings: [newFinding()] }));
    const [finding] = triager.listFindings();
    assert.ok(finding);
    triager.triage(finding.id, { status: 'confirmed', at: 0 });
    writer.commitBatch(campaign.id, batch({ batchIndex: 1, findings: [newFinding()], now: 3_000 }));
    assert.deepEqual(
      { status: triager.getFinding(finding.id)?.status, count: triager.getFinding(finding.id)?.count },
      { status: 'confirmed', count: 2 },
    );
    writer.close();
    triager.close();
  });
});
