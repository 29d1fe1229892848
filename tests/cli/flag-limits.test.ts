import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { maxWorkers } from '../../src/cli/flags.js';
import { kexfuzz } from '../helpers/cli.js';

// Each of these was accepted before: thousands of threads (3 GB in 43 s), a --time past Node's timer
// limit (minimization stopped after 1 ms), and an empty --db (a temporary database, gone on exit 0).
const refused: readonly (readonly [string, readonly string[]])[] = [
  ['--workers', ['fuzz', '--workers', '10000']],
  ['--workers', ['fuzz', '--workers', String(maxWorkers() + 1)]],
  ['--workers', ['smoke', '--workers', '10000']],
  ['--time', ['fuzz', '--time', '600h']],
  ['--time', ['fuzz', '--time', '99999h']],
  ['--batch-size', ['fuzz', '--batch-size', '1000000']],
  ['--db', ['fuzz', '--db', '']],
  ['--db', ['fuzz', '--db', '  ']],
  ['--db', ['smoke', '--db', '']],
  ['--db', ['findings', 'list', '--db', '']],
  ['--into', ['merge', '--into', '', 'x.db']],
  ['--junit', ['smoke', '--junit', '']],
];

for (const [flag, args] of refused) {
  test(`kexfuzz ${args.map((a) => (a === '' ? '""' : a)).join(' ')} is a usage error naming ${flag}, and writes nothing`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kexfuzz-limits-'));
    const db = path.join(dir, 'f.db');
    const withDb = args.includes('--db') || args[0] === 'merge' ? [...args] : [...args, '--db', db];
    const r = await kexfuzz(withDb);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, new RegExp(flag));
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    assert.deepEqual(readdirSync(dir), []);
    assert.equal(existsSync(db), false);
  });
}

test('the largest --workers and --time are accepted: the caps refuse only what cannot work', async () => {
  const r = await kexfuzz(['fuzz', '--workers', String(maxWorkers()), '--time', '576h', '--help']);
  assert.equal(r.code, 0, r.err);
});
