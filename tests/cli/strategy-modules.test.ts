/**
 * A user's strategy module that fails while kexfuzz runs it: each command exits 2 naming the module and the
 * function, never a stack trace, never exit 0 as if nothing had happened. Spawned processes, since a module
 * may end or hang the process it runs in.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
function assertModuleError(
  r: { status: number | null; stdout: string; stderr: string },
  module: string,
  rest: RegExp,
): void {
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
    // Found by the probe before the campaign starts: the database was never created.
    assert.ok(!existsSync(db));
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

/**
 * `kexfuzz ARGS` as a process with a short module deadline, without blocking the test runner's thread, so
 * that the cases run side by side.
 */
function kexfuzzAsync(args: readonly string[], deadlineMs: number, input: string) {
  return new Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/kexfuzz.js', ...args], {
      cwd: root,
      env: { ...process.env, KEXFUZZ_MODULE_DEADLINE_MS: String(deadlineMs) },
      // A module that hangs the command fails the test here rather than blocking it: generous beside the
      // deadline, since the two cores may be busy with other tests.
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(input);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

describe('a strategy module that hangs or ends its thread', () => {
  // Long enough for a small module to load on a busy machine, short enough to keep the tests quick.
  const deadlineMs = 3000;
  const cases = [
    {
      module: fixture('loops-at-import.ts'),
      message: /: did not finish loading within 3 s \(a loop at its top level\?\);/,
    },
    { module: fixture('loops-in-refuses.ts'), message: /: refuses\("cps", …\) did not return within 3 s;/ },
    { module: fixture('exits-at-import.ts'), message: /: ended its thread while loading \(process\.exit\(0\)\?\);/ },
  ];
  const dbFor = (command: string, module: string): string =>
    join(scratch, `${command}-${module.replace(/\W/g, '-')}.db`);
  const argsOf: Record<string, (module: string) => string[]> = {
    run: (module) => ['run', '-', '--strategy-module', module],
    strategies: (module) => ['strategies', '--strategy-module', module],
    fuzz: (module) => [
      'fuzz',
      '--runs',
      '8',
      '--workers',
      '1',
      '--db',
      dbFor('fuzz', module),
      '--strategy-module',
      module,
    ],
  };
  for (const [command, args] of Object.entries(argsOf)) {
    test(`${command}: a loop at import, a loop in refuses and process.exit() at import each exit 2 naming the module`, async () => {
      const scenario = '{"version":1,"platform":"cps"}';
      const results = await Promise.all(cases.map(({ module }) => kexfuzzAsync(args(module), deadlineMs, scenario)));
      for (const [i, r] of results.entries()) {
        const { module, message } = cases[i] ?? assert.fail('no such case');
        assert.equal(r.signal, null, `kexfuzz ${args(module).join(' ')} hung and was killed`);
        assertModuleError(r, module, message);
        assert.equal(r.stdout, '');
        // Found before a campaign starts: fuzz never created its database.
        assert.ok(!existsSync(dbFor(command, module)));
      }
    });
  }
});
