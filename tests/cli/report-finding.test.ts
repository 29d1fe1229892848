/** `kexfuzz report ID --html FILE`: usage errors write nothing; the page is the same bytes every time. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Signature } from '../../src/contract/finding.js';
import { kexfuzz } from '../helpers/cli.js';
import { corpusText, findingOn, standardFindings, writeFindingsDb } from '../helpers/findings-db.js';

describe('kexfuzz report ID --html', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kexfuzz-report-id-'));
  const db = join(dir, 'findings.db');
  before(() => writeFindingsDb(db, standardFindings()));

  test('without --html it is a usage error that points to findings show; --html with --json is one too', async () => {
    for (const extra of [[], ['--json']]) {
      const r = await kexfuzz(['report', '1', '--db', db, ...extra]);
      assert.equal(r.code, 2, extra.join(' '));
      assert.match(r.err, /needs --html FILE; findings show 1 prints/);
      assert.equal(r.out, '');
    }
    const both = await kexfuzz(['report', '1', '--db', db, '--html', join(dir, 'x.html'), '--json']);
    assert.equal(both.code, 2);
    assert.match(both.err, /--html <file>' cannot be used with option '--json'/);
    assert.equal(existsSync(join(dir, 'x.html')), false);
  });

  test('an unknown finding is a usage error naming it, and no file is written', async () => {
    const file = join(dir, 'nope.html');
    const r = await kexfuzz(['report', '99', '--html', file, '--db', db]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no finding 99/);
    assert.equal(existsSync(file), false);
  });

  test('the page is byte for byte the same when written again, and says what it wrote', async () => {
    const a = join(dir, 'a.html');
    const b = join(dir, 'b.html');
    assert.equal((await kexfuzz(['report', '1', '--html', a, '--db', db])).code, 0);
    const again = await kexfuzz(['report', '1', '--html', b, '--db', db]);
    assert.equal(again.code, 0);
    assert.match(again.err, /wrote .*b\.html \(\d+ KB\): finding 1, repro, 7 strategies, \d+ events/);
    assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));
    assert.match(readFileSync(a, 'utf8'), /Content-Security-Policy" content="default-src 'none'/);
  });

  test('a finding of a strategy that is not loaded gets a page of the others, and a note saying how to load it', async () => {
    const mine = join(dir, 'mine.db');
    const s01 = corpusText('s01-cps-kdump-flush-hang');
    writeFindingsDb(mine, [
      [findingOn(s01, 'legacy', { strategy: 'mine', signature: 'cps/mine/hang/x' as Signature })],
    ]);
    const file = join(dir, 'mine.html');
    const r = await kexfuzz(['report', '1', '--html', file, '--db', mine]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      /leaves out mine's runs: "mine" is not a builtin strategy; load it with --strategy-module FILE/,
    );
    assert.ok(existsSync(file));
  });
});
