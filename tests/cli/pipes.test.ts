/**
 * kexfuzz in a pipeline: a reader that stops early (`| head -1`) ends kexfuzz quietly with exit 0. It used
 * to die on an unhandled EPIPE with exit 1 and a stack trace (issue 10, item 10).
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs kexfuzz into `head -c 10`, as a shell pipeline does: its exit code and what it wrote to stderr. */
function closedEarly(args: readonly string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const line = `"${process.execPath}" bin/kexfuzz.js ${args.join(' ')} | head -c 10 >/dev/null; exit \${PIPESTATUS[0]}`;
    const child = spawn('bash', ['-c', line], { cwd: root });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, err }));
  });
}

describe('pipes', () => {
  test('`findings list --json | head -c 10` (more than a pipe buffer of output) exits 0 with nothing on stderr', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kexfuzz-pipes-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'p.db');
    const fuzz = await new Promise<number | null>((resolve) =>
      spawn(
        process.execPath,
        ['bin/kexfuzz.js', 'fuzz', '--runs', '96', '--workers', '1', '--no-minimize', '--db', db],
        {
          cwd: root,
          stdio: 'ignore',
        },
      ).on('exit', resolve),
    );
    assert.equal(fuzz, 0);
    for (const args of [['findings', 'list', '--signatures', '--json', '--db', db]]) {
      const r = await closedEarly(args);
      assert.equal(r.err, '', `${args.join(' ')} wrote to stderr`);
      assert.equal(r.code, 0, args.join(' '));
    }
  });
});
