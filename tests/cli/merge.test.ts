import assert from 'node:assert/strict';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { type NewFinding, openStore } from '../../src/store/index.js';
import { kexfuzz } from '../helpers/cli.js';
import { sig } from '../helpers/factories.js';
import { t0, writeFindingsDb } from '../helpers/findings-db.js';
import { newFinding, scratchDir } from '../store/fixtures/rows.js';

/** Two shard databases: both saw signature `a` (3 and 1 times); `b` only in A, `c` only in B. */
function shards(t: TestContext): { a: string; b: string; dir: string } {
  const dir = scratchDir(t, 'kexfuzz-merge-');
  const a = join(dir, 'a.db');
  const b = join(dir, 'b.db');
  const finding = (signature: string, count: number): NewFinding => newFinding({ signature: sig(signature), count });
  writeFindingsDb(a, [[finding('cps/legacy/hang/a', 3), finding('cps/legacy/hang/b', 1)]]);
  writeFindingsDb(b, [[finding('cps/legacy/hang/a', 1), finding('cps/legacy/hang/c', 2)]]);
  return { a, b, dir };
}

describe('kexfuzz merge', () => {
  test('merges shard databases, deduplicated by signature, and says what it added and merged', async (t) => {
    const { a, b, dir } = shards(t);
    const into = join(dir, 'all.db');
    const r = await kexfuzz(['merge', a, b, '--into', into]);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      `merged 2 databases into ${into}: 3 new signatures added, 1 finding merged into signatures it already had; ` +
        `${into} now holds 3 findings.\n`,
    );
    const list = await kexfuzz(['findings', 'list', '--db', into, '--signatures', '--json', '--sort', 'id']);
    const rows = JSON.parse(list.out) as { signature: string; count: number; firstSeen: string }[];
    assert.deepEqual(
      rows.map((x) => [x.signature, x.count]),
      [
        ['cps/legacy/hang/a', 4],
        ['cps/legacy/hang/b', 1],
        ['cps/legacy/hang/c', 2],
      ],
    );
    assert.equal(rows[0]?.firstSeen, new Date(t0).toISOString().replace('.000Z', 'Z'));
  });

  test('into an existing database: its signatures count as merged, not added', async (t) => {
    const { a, b, dir } = shards(t);
    const into = join(dir, 'into.db');
    copyFileSync(a, into);
    const r = await kexfuzz(['merge', b, '--into', into]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /: 1 new signature added, 1 finding merged into signatures it already had; .* now holds 3 findings\.\n$/,
    );
  });

  test('the same database twice, a copy merged again, or a foreign file is exit 2 naming it', async (t) => {
    const { a, b, dir } = shards(t);
    const twice = await kexfuzz(['merge', a, a, '--into', join(dir, 'twice.db')]);
    assert.equal(twice.code, 2);
    assert.equal(twice.out, '');
    assert.match(twice.err, /is the same database as .*a\.db.*; merging it would count it twice/);

    const into = join(dir, 'once.db');
    assert.equal((await kexfuzz(['merge', a, b, '--into', into])).code, 0);
    const again = await kexfuzz(['merge', b, '--into', into]);
    assert.equal(again.code, 2);
    assert.match(again.err, /b\.db" was already merged into/);
    const store = openStore(into, { readonly: true });
    assert.equal(store.summary().findings, 3, 'nothing was written');
    store.close();

    const foreign = join(dir, 'notes.db');
    writeFileSync(foreign, 'plain text that SQLite cannot read as a database file at all, not even its header');
    const bad = await kexfuzz(['merge', a, foreign, '--into', join(dir, 'x.db')]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /notes\.db" is not a kexfuzz database/);
    assert.equal(existsSync(join(dir, 'x.db')), false, 'a bad source leaves no destination behind');

    const missing = await kexfuzz(['merge', join(dir, 'gone.db'), '--into', join(dir, 'y.db')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /there is no database file ".*gone\.db"/);
  });

  test('--into and at least one source are required', async () => {
    const noInto = await kexfuzz(['merge', 'a.db']);
    assert.equal(noInto.code, 2);
    assert.match(noInto.err, /required option '--into <file>' not specified/);
    const noSource = await kexfuzz(['merge', '--into', 'c.db']);
    assert.equal(noSource.code, 2);
    assert.match(noSource.err, /missing required argument 'sources'/);
  });
});
