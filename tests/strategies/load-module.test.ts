import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { kernelOptionNames } from '../../src/contract/kernel-options.js';
import { InputError, StrategyModuleError } from '../../src/errors.js';
import { cpumaskIdioms } from '../../src/kernel/macros.js';
import { platforms } from '../../src/platforms/index.js';
import { builtinStrategies } from '../../src/strategies/index.js';
import { loadStrategyModule } from '../../src/strategies/load-module.js';

const fixture = (name: string): string => `tests/fixtures/strategies/${name}`;

/** The InputError a load throws, as its message; fails the test if the load succeeds or throws anything else. */
async function loadError(path: string, taken?: readonly string[]): Promise<string> {
  try {
    await loadStrategyModule(path, taken);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.match(
      error.message,
      new RegExp(`^invalid strategy module ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\n`),
    );
    assert.doesNotMatch(error.message, /\n\s+at /, 'no stack frames in a user-facing message');
    return error.message;
  }
  assert.fail(`loading ${path} should have failed`);
}

describe('loadStrategyModule', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'kexfuzz-strategy-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('loads a default export and keeps its name, description and options', async () => {
    const s = await loadStrategyModule(fixture('good.ts'));
    assert.equal(s.name, 'no-flush');
    assert.match(s.description, /without __flush_cache_all/);
    assert.deepEqual(Object.keys(s.options).sort(), [...kernelOptionNames].sort());
    assert.equal(s.options.writerFlush, 'local-icache-range');
  });

  test('loads a named `strategy` export when there is no default export', async () => {
    assert.equal((await loadStrategyModule(fixture('named-export.ts'))).name, 'upstream-copy');
  });

  test('loads a TypeScript module from outside the project (CommonJS scope)', async () => {
    const file = join(scratch, 'outside.ts');
    const options = `{ shutdown: 'hook-only', markOffline: false, writerFlush: 'flush-cache-all', afterFlag: 'jump', cpu0Flush: 'none', remarkOnline: false }`;
    writeFileSync(
      file,
      `export default { name: 'outside', description: 'd', options: ${options}, refuses: (): string | null => null };\n`,
    );
    assert.equal((await loadStrategyModule(file)).name, 'outside');
  });

  test('a bad shape names every bad or missing field, the allowed values and what was given', async () => {
    const message = await loadError(fixture('bad-shape.ts'));
    for (const line of [
      'strategy field "name" must be a kebab-case string such as "my-strategy", but was "My Strategy".',
      'strategy field "description" is missing: it must be a non-empty one-line string.',
      'strategy field "options.shutdown" should be one of "hook-only" or "ipi-offline", but was "sometimes".',
      'strategy field "options.markOffline" should be one of false or true, but was "yes".',
      'strategy field "options.remarkOnline" is missing: it should be one of false or true.',
      'strategy field "options.markOfline" is not a kernel option;',
      'strategy field "refuses" must be a function (platform, code) => string | null, but was null.',
    ]) {
      assert.ok(message.includes(line), `missing ${JSON.stringify(line)} in:\n${message}`);
    }
    assert.doesNotMatch(message, /options\.(writerFlush|afterFlag|cpu0Flush)/, 'valid fields are not reported');
  });

  test('a name may not clash with a builtin or with a module loaded earlier', async () => {
    const copy = join(scratch, 'copy.ts');
    writeFileSync(copy, `import s from '${join(process.cwd(), 'src/strategies/upstream.ts')}';\nexport default s;\n`);
    assert.match(
      await loadError(copy),
      /"name" must not be one already in use \(.*"upstream".*\), but was "upstream"\./,
    );
    const taken = [...builtinStrategies.map((s) => s.name), 'no-flush'];
    assert.match(await loadError(fixture('good.ts'), taken), /but was "no-flush"\./);
  });

  test('a syntax error reports where it is', async () => {
    assert.match(
      await loadError(fixture('syntax-error.js')),
      /the module does not compile: Unexpected token ',' at .*syntax-error\.js:3: name: 'broken',,/,
    );
    const ts = join(scratch, 'broken.ts');
    writeFileSync(ts, 'export default { name: "x" +, };\n');
    assert.match(await loadError(ts), /the module does not compile: .*broken\.ts:1:\d+: ERROR: /);
  });

  test('a module that throws while loading reports the error and where, without a stack', async () => {
    assert.match(
      await loadError(fixture('throws-at-load.ts')),
      /the module threw while loading \(at .*throws-at-load\.ts:3:\d+\): STRATEGY_MODE is not set/,
    );
  });

  test('a missing file, a directory and a module without the export are input errors', async () => {
    assert.match(await loadError('tests/fixtures/strategies/nope.ts'), /\n {2}no such file\.$/);
    assert.match(await loadError('tests/fixtures/strategies'), /it is a directory, not a module file\./);
    const empty = join(scratch, 'empty.ts');
    writeFileSync(empty, 'export const other = 1;\n');
    assert.match(
      await loadError(empty),
      /needs a default export or a named export "strategy" .*, but it exports "other"\./,
    );
  });

  test("a loaded strategy's refuses that throws or returns a non-string is a StrategyModuleError naming the module", async () => {
    const file = join(scratch, 'bad-refuses.ts');
    const options = `{ shutdown: 'hook-only', markOffline: false, writerFlush: 'flush-cache-all', afterFlag: 'jump', cpu0Flush: 'none', remarkOnline: false }`;
    writeFileSync(
      file,
      `export default { name: 'bad-refuses', description: 'd', options: ${options}, refuses: (p: string) => { if (p === 'cps') throw new Error('no table for cps'); return 42; } };\n`,
    );
    const s = await loadStrategyModule(file);
    const cps = platforms.cps;
    const code = cps.code({
      cpus: 4,
      cores: 2,
      threadsPerCore: 2,
      features: {},
      path: 'kexec',
      lowMemory: 0x80,
      cpumask: cpumaskIdioms(4),
    });
    assert.throws(
      () => s.refuses('cps', code),
      (e: unknown) =>
        e instanceof StrategyModuleError &&
        e.message === `strategy module ${file}: refuses("cps", …) threw: no table for cps`,
    );
    assert.throws(
      () => s.refuses('octeon', code),
      (e: unknown) =>
        e instanceof StrategyModuleError &&
        /refuses\("octeon", …\) must return a string \(why\) or null, but returned 42\./.test(e.message),
    );
  });
});
