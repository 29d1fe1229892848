/**
 * Every command that reads scenario JSON, from the user (`run`, `scenario check`, a file or standard input) or
 * from a findings database (`findings replay|show|minimize|export`), on hostile input: it exits 2 promptly,
 * prints at most a screenful, and leaves the database byte for byte as it was.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { NewFinding } from '../../src/store/index.js';
import { kexfuzz } from '../helpers/cli.js';
import { corpusText, findingOn, writeFindingsDb } from '../helpers/findings-db.js';
import { hostileScenarioText } from '../helpers/hostile-scenarios.js';
import { scratchDir } from '../store/fixtures/rows.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The issue asks for "within a second"; the bound is five so a loaded two-core machine running other tests
 * does not fail it. Before the limits, the same inputs took from 12 s to well over a minute.
 */
const promptly = 5000;
const screenful = { lines: 40, bytes: 4096 };

interface Reader {
  readonly name: string;
  /** The arguments, and standard input, for a scenario at `file` (or stored as finding 1 of `db`). */
  readonly args: (at: { file: string; db: string; dir: string }) => string[];
  readonly stdin?: true;
  readonly json?: true;
  readonly db?: true;
}

const readers: readonly Reader[] = [
  { name: 'scenario check -', args: () => ['scenario', 'check', '-'], stdin: true },
  { name: 'scenario check --json FILE', args: ({ file }) => ['scenario', 'check', '--json', file], json: true },
  { name: 'scenario check --canonical FILE', args: ({ file }) => ['scenario', 'check', '--canonical', file] },
  { name: 'run -', args: () => ['run', '-', '--strategies', 'upstream'], stdin: true },
  { name: 'run FILE --json', args: ({ file }) => ['run', file, '--json'] },
  { name: 'findings replay', args: ({ db }) => ['findings', 'replay', '1', '--db', db], db: true },
  { name: 'findings show', args: ({ db }) => ['findings', 'show', '1', '--db', db], db: true },
  { name: 'findings show --json', args: ({ db }) => ['findings', 'show', '1', '--db', db, '--json'], db: true },
  { name: 'findings minimize', args: ({ db }) => ['findings', 'minimize', '1', '--db', db, '--runs', '5'], db: true },
  {
    name: 'findings export',
    args: ({ db, dir }) => ['findings', 'export', '1', '--db', db, '--out', join(dir, 'out')],
    db: true,
  },
];

// A real finding to hold the hostile text: running the strategies is the slow part, so once per file.
let stored: NewFinding | undefined;
const finding = (): NewFinding => {
  stored ??= findingOn(corpusText('s01-cps-kdump-flush-hang'), 'legacy');
  return stored;
};

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('hostile scenario input', () => {
  for (const reader of readers) {
    test(`for any hostile scenario, ${reader.name} exits 2 promptly with at most a screenful and changes no database`, async (t) => {
      const dir = scratchDir(t, 'kexfuzz-hostile-');
      let run = 0;
      await fc.assert(
        fc.asyncProperty(hostileScenarioText, async ({ what, text }) => {
          run++;
          const file = join(dir, `s${run}.json`);
          const db = join(dir, `k${run}.db`);
          if (reader.db) writeFindingsDb(db, [[{ ...finding(), scenario: text, original: text }]]);
          else writeFileSync(file, text);
          const before = reader.db ? sha256(db) : '';

          const started = performance.now();
          const r = await kexfuzz(reader.args({ file, db, dir }), reader.stdin ? text : '');
          const took = performance.now() - started;

          assert.equal(r.code, 2, `${what}: exit ${r.code}\n${r.err.slice(0, 2000)}`);
          assert.ok(took < promptly, `${what}: took ${Math.round(took)} ms`);
          if (reader.json) {
            assert.equal(r.err, '', what);
            const answer = JSON.parse(r.out) as { ok: boolean; problems: unknown[]; omitted: number };
            assert.equal(answer.ok, false, what);
            assert.ok(answer.problems.length >= 1 && answer.problems.length <= 100, what);
          } else {
            assert.equal(r.out, '', what);
            const lines = r.err.trimEnd().split('\n');
            assert.ok(lines.length <= screenful.lines, `${what}: ${lines.length} lines`);
            assert.ok(Buffer.byteLength(r.err) <= screenful.bytes, `${what}: ${Buffer.byteLength(r.err)} bytes`);
            assert.doesNotMatch(r.err, /internal error|\n\s+at /, what);
          }
          if (reader.db) assert.equal(sha256(db), before, `${what}: the database changed`);
        }),
        // Inputs run to megabytes: a few dozen per command cover every kind of them.
        { numRuns: 20 },
      );
    });
  }

  test('a scenario on standard input that never ends is refused by its size', () => {
    // /dev/zero as standard input used to be read until memory ran out.
    const r = spawnSync(process.execPath, ['bin/kexfuzz.js', 'scenario', 'check', '-'], {
      cwd: root,
      stdio: [openSync('/dev/zero', 'r'), 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(
      r.stderr,
      'kexfuzz: invalid scenario:\n  standard input is larger than 4 MiB (4194304 bytes), the most a scenario may be.\n',
    );
  });
});
