/**
 * Stored and module-supplied text reaches the terminal escaped: a title, note, signature or strategy
 * description holding ESC, BEL, CR, C1 or bidi controls prints as visible escapes, never raw; JSON stays exact.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import type { NewFinding } from '../../src/store/index.js';
import { kexfuzz } from '../helpers/cli.js';
import { sig } from '../helpers/factories.js';
import { writeFindingsDb } from '../helpers/findings-db.js';
import { newFinding, scratchDir } from '../store/fixtures/rows.js';

/** Clears the screen, retitles the window, rings the bell, returns to the line's start, a C1 CSI, a RLO. */
const attack = '\x1b[2J\x1b]0;pwned\x07\r\x9b31m\u202e';
const title = `CPU0 waits forever${attack}`;
const note = `looked at it${attack}\nsecond line\x1b[1A`;
const hostileModule = 'tests/fixtures/strategies/hostile-description.ts';

/** What a terminal may act on; a line break is the renderers' own. */
const unsafe = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

function assertPrintable(text: string, what: string): void {
  const raw = [...text].filter((c) => c !== '\n' && unsafe.test(c));
  assert.deepEqual(
    raw.map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`),
    [],
    `${what} prints raw controls:\n${text}`,
  );
}

/** Finding 1: a hostile title, signature, outcome title and trace hash; 2: a strategy name no builtin has. */
function hostileFindings(): NewFinding[] {
  return [
    newFinding({
      signature: sig(`cps/legacy/hang/smp_call_function${attack}`),
      routine: `smp_call_function${attack}`,
      title,
      outcomes: {
        legacy: { kind: 'hang', title, routine: 'smp_call_function' },
        upstream: { kind: 'ok', title: `booted${attack}`, routine: null },
      },
      traceHash: `h${attack}`,
    }),
    newFinding({
      signature: sig(`cps/x${attack}/hang/y`),
      strategy: `x${attack}`,
      title: `another${attack}`,
    }),
  ];
}

function hostileDb(t: TestContext): { db: string; dir: string } {
  const dir = scratchDir(t, 'kexfuzz-escapes-');
  const db = join(dir, 'k.db');
  writeFindingsDb(db, [hostileFindings()]);
  return { db, dir };
}

async function printed(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await kexfuzz(args);
  assertPrintable(r.out, `kexfuzz ${args.join(' ')} (stdout)`);
  assertPrintable(r.err, `kexfuzz ${args.join(' ')} (stderr)`);
  return r;
}

describe('terminal escapes in stored and module text', () => {
  test('findings triage, list, show, replay, export and minimize print them as visible escapes', async (t) => {
    const { db, dir } = hostileDb(t);
    const triaged = await printed(['findings', 'triage', '1', '--db', db, '--note', note]);
    assert.equal(triaged.code, 0, triaged.err);
    assert.match(triaged.out, /looked at it\\x1b\[2J\\x1b\]0;pwned\\x07\\x0d\\x9b31m\\u202e\n/);

    const groups = await printed(['findings', 'list', '--db', db, '--baseline', dir]);
    assert.equal(groups.code, 0, groups.err);
    assert.ok(groups.out.includes('hang/smp_call_function\\x1b[2J'), groups.out);
    const id = /(g-[0-9a-f]{6}) /.exec(groups.out)?.[1] ?? '';
    for (const args of [
      ['findings', 'list', '--db', db, '--signatures'],
      ['findings', 'list', '--db', db, '--group', id],
      ['findings', 'triage', id, '--db', db, '--status', 'confirmed'],
    ]) {
      const r = await printed(args);
      assert.equal(r.code, 0, r.err);
      assert.ok(r.out.includes('\\x1b[2J'), r.out);
    }

    const show = await printed(['findings', 'show', '1', '--db', db]);
    assert.equal(show.code, 0, show.err);
    for (const shown of [
      `title       CPU0 waits forever\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\x9b31m\\u202e`,
      'looked at it\\x1b[2J',
      '\n    second line\\x1b[1A\n',
      'trace hash  h\\x1b[2J',
    ]) {
      assert.ok(show.out.includes(shown), `findings show lacks ${shown}:\n${show.out}`);
    }
    await printed(['findings', 'show', '2', '--db', db]);
    await printed(['findings', 'replay', '1', '--db', db]);
    await printed(['findings', 'export', '1', '--db', db, '--out', dir]);
    const minimize = await printed(['findings', 'minimize', '2', '--db', db]);
    assert.equal(minimize.code, 2);
    assert.match(minimize.err, /"x\\x1b\[2J.*" is not a builtin strategy/);
    await printed(['report', '--db', db]);
  });

  test('--json keeps the stored text exact', async (t) => {
    const { db } = hostileDb(t);
    await kexfuzz(['findings', 'triage', '1', '--db', db, '--note', note]);
    const list = JSON.parse((await kexfuzz(['findings', 'list', '--db', db, '--signatures', '--json'])).out) as {
      title: string;
    }[];
    assert.ok(list.some((f) => f.title === title));
    const show = JSON.parse((await kexfuzz(['findings', 'show', '1', '--db', db, '--json'])).out) as {
      title: string;
      notes: string[];
    };
    assert.equal(show.title, title);
    assert.ok(show.notes[0]?.endsWith(`looked at it${attack}`), show.notes[0]);
  });

  test('a merged shard carries a hostile title into findings list escaped', async (t) => {
    const { db: shard, dir } = hostileDb(t);
    const into = join(dir, 'all.db');
    const merged = await printed(['merge', shard, '--into', into]);
    assert.equal(merged.code, 0, merged.err);
    const list = await printed(['findings', 'list', '--db', into, '--signatures']);
    assert.ok(list.out.includes('CPU0 waits forever\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\x9b31m\\u202e'), list.out);
  });

  test("a --strategy-module's description and refusal print escaped in strategies and run", async () => {
    const strategies = await printed(['strategies', '--strategy-module', hostileModule]);
    assert.equal(strategies.code, 0, strategies.err);
    assert.ok(strategies.out.includes('upstream\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\x9b31m\\u202eevil (module)'));
    const json = JSON.parse((await kexfuzz(['strategies', '--strategy-module', hostileModule, '--json'])).out) as {
      name: string;
      description: string;
    }[];
    assert.equal(
      json.find((s) => s.name === 'hostile-description')?.description,
      'upstream\x1b[2J\x1b]0;pwned\x07\r\x9b31m\u202eevil',
    );
    const run = await printed([
      'run',
      'corpus/s01-cps-kdump-flush-hang.json',
      '--strategy-module',
      hostileModule,
      '--strategies',
      'hostile-description',
    ]);
    assert.equal(run.code, 0, run.err);
    assert.ok(run.out.includes('refused: no\\x1b[2J\\x07 reason\\x0d\\u202e'), run.out);
  });
});
