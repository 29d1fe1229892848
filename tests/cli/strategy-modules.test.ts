/**
 * A user's strategy module that fails while kexfuzz runs it: each command exits 2 naming the module and the
 * function, never a stack trace, never exit 0 as if nothing had happened. Spawned processes, since a module
 * may end or hang the process it runs in.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string): string => `tests/fixtures/strategies/${name}`;
const scratch = mkdtempSync(join(tmpdir(), 'kexfuzz-modules-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** `kexfuzz ARGS` as a process; killed after two minutes so a hang fails the test instead of blocking it. */
function kexfuzz(args: readonly string[], input = '') {
  const r = spawnSync(process.execPath, ['bin/kexfuzz.js', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.signal, null, `kexfuzz ${args.join(' ')} hung and was killed`);
  return r;
}

/** Exit 2 with one message that starts by naming the module, and no stack frames. */
function assertModuleError(r: ReturnType<typeof kexfuzz>, module: string, rest: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  assert.ok(r.stderr.startsWith(`kexfuzz: strategy module ${module}: `), r.stderr);
  assert.match(r.stderr, rest);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack frames in a user-facing message');
}

describe('a strategy module whose functions fail', () => {
  test('fuzz: a refuses that throws exits 2 naming the module and refuses, not "could not be laid out"', () => {
    const db = join(scratch, 'throws.db');
    const module = fixture('refuses-throws.ts');
    const r = kexfuzz(['fuzz', '--runs', '8', '--workers', '1', '--db', db, '--strategy-module', module]);
    assertModuleError(r, module, /refuses\("\w+", …\) threw: no table entry for \w+\n$/);
    assert.doesNotMatch(r.stdout, /could not be laid out/);
  });

  test('fuzz: a refuses that throws only in a worker, mid-campaign, exits 2 the same way', () => {
    const module = fixture('refuses-throws-later.ts');
    const r = kexfuzz([
      ...['fuzz', '--runs', '120', '--workers', '1', '--db', join(scratch, 'later.db')],
      ...['--strategy-module', module, '--strategies', 'refuses-throws-later,upstream', '--no-minimize'],
    ]);
    assertModuleError(r, module, /refuses\("\w+", …\) threw: out of answers after \d+ calls\n$/);
    assert.doesNotMatch(r.stdout, /could not be laid out/);
  });
});
