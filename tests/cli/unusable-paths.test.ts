/**
 * Paths kexfuzz cannot use end in exit 2 naming the path and what is wrong, never a stack trace; reading
 * a database leaves nothing behind. Each case ended in exit 3 with SQLite's or Node's trace before.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kexfuzz } from '../helpers/cli.js';
import { standardFindings, writeFindingsDb } from '../helpers/findings-db.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kexfuzz-paths-'));
const db = path.join(dir, 'f.db');
after(() => {
  chmodSync(path.join(dir, 'ro-dir'), 0o755);
  rmSync(dir, { recursive: true, force: true });
});
before(() => {
  writeFindingsDb(db, standardFindings());
  // As kexfuzz's own writer leaves it: WAL mode, checkpointed, no -wal or -shm.
  assert.deepEqual(readdirSync(dir), ['f.db']);
  copyFileSync(db, path.join(dir, 'ro.db'));
  chmodSync(path.join(dir, 'ro.db'), 0o444);
  mkdirSync(path.join(dir, 'ro-dir'));
  copyFileSync(db, path.join(dir, 'ro-dir', 'f.db'));
  chmodSync(path.join(dir, 'ro-dir'), 0o555);
});

const entry = path.resolve('bin/kexfuzz.js');
const noTrace = (err: string): void => assert.doesNotMatch(err, /\n\s+at |internal error/);

describe('a path that is not a database file', () => {
  for (const args of [
    ['findings', 'list', '--db', dir],
    ['fuzz', '--runs', '1', '--db', dir],
    ['merge', '--into', dir, db],
    ['report', '--db', dir],
  ]) {
    test(`kexfuzz ${args[0]} with a directory for the database exits 2 saying so`, async () => {
      const r = await kexfuzz(args.map((a) => a));
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, new RegExp(`"${dir}" is a directory`));
      noTrace(r.err);
    });
  }

  test('run - reading a directory on standard input exits 2 naming standard input', () => {
    const fd = openSync(dir, 'r');
    try {
      const r = spawnSync(process.execPath, [entry, 'run', '-'], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /standard input: is a directory/);
      noTrace(r.stderr);
    } finally {
      closeSync(fd);
    }
  });

  test('export --out naming a file exits 2 naming it', async () => {
    const r = await kexfuzz(['findings', 'export', '1', '--db', db, '--out', db]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /\(--out\)/);
    noTrace(r.err);
  });
});

test('reading a database (findings list, show, report) leaves no -wal or -shm file beside it', async () => {
  const bytes = readFileSync(db);
  for (const args of [['findings', 'list'], ['findings', 'show', '1'], ['report']]) {
    const r = await kexfuzz([...args, '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('f.db')),
      ['f.db'],
      args.join(' '),
    );
  }
  assert.deepEqual(readFileSync(db), bytes);
});

/**
 * Root writes read-only files anyway; in a user namespace of its own it is an ordinary owner, bound by
 * the mode bits. Elsewhere kexfuzz runs as the user it is.
 */
function asUnprivileged(): string[] | null {
  if (process.getuid?.() !== 0) return [];
  const probe = spawnSync('unshare', ['-U', 'true']);
  return probe.status === 0 ? ['unshare', '-U'] : null;
}

describe('read-only databases and directories', () => {
  const prefix = asUnprivileged();
  const run = (...args: string[]) => {
    const [cmd = process.execPath, ...rest] = prefix === null || prefix.length === 0 ? [] : prefix;
    const argv = prefix !== null && prefix.length > 0 ? [...rest, process.execPath, entry, ...args] : [entry, ...args];
    return spawnSync(prefix !== null && prefix.length > 0 ? cmd : process.execPath, argv, { encoding: 'utf8' });
  };
  const skip = prefix === null ? 'needs a user namespace (unshare -U) to drop root' : false;
  const ro = path.join(dir, 'ro.db');
  const inRoDir = path.join(dir, 'ro-dir', 'f.db');

  for (const [args, why] of [
    [['fuzz', '--runs', '1', '--db', ro], /database file ".*ro\.db" is read-only/],
    [['findings', 'triage', '1', '--status', 'confirmed', '--db', ro], /read-only/],
    [['fuzz', '--runs', '1', '--db', inRoDir], /cannot write in directory ".*ro-dir"/],
    [['fuzz', '--runs', '1', '--db', path.join(dir, 'ro-dir', 'new', 'x.db')], /cannot write in directory ".*ro-dir"/],
    [['merge', '--into', inRoDir, db], /cannot write in directory/],
    [['findings', 'export', '1', '--db', db, '--out', path.join(dir, 'ro-dir')], /--out.*\n.*permission denied/],
  ] as const) {
    test(`kexfuzz ${args.slice(0, 2).join(' ')} writing to ${path.basename(args.at(-1) ?? '')} exits 2, leaving it unchanged`, {
      skip,
    }, () => {
      const before = readFileSync(ro);
      const r = run(...args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, why);
      noTrace(r.stderr);
      assert.deepEqual(readFileSync(ro), before);
      assert.deepEqual(readdirSync(path.join(dir, 'ro-dir')), ['f.db']);
    });
  }

  for (const file of [ro, inRoDir]) {
    test(`findings list reads ${path.relative(dir, file)} and leaves nothing beside it`, { skip }, () => {
      const r = run('findings', 'list', '--db', file);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /g-[0-9a-f]+/);
      assert.deepEqual(
        readdirSync(path.dirname(file)).filter((f) => f.startsWith(path.basename(file))),
        [path.basename(file)],
      );
    });
  }
});
