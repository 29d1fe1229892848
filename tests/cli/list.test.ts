import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { kernelOptionNames, kernelOptionValues } from '../../src/contract/kernel-options.js';
import { platformNames, topologyLimits } from '../../src/contract/topology.js';
import { builtinStrategies } from '../../src/strategies/index.js';
import { kexfuzz } from '../helpers/cli.js';

/** Compares with tests/cli/golden/<command line>.txt; UPDATE_GOLDEN=1 rewrites it. */
function assertGolden(commandLine: string, actual: string): void {
  const file = new URL(`golden/${commandLine}.txt`, import.meta.url);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
  assert.equal(
    actual,
    readFileSync(file, 'utf8'),
    `differs from tests/cli/golden/${commandLine}.txt (UPDATE_GOLDEN=1 to accept)`,
  );
}

describe('kexfuzz strategies', () => {
  test('lists every builtin with its one-line description', async () => {
    const r = await kexfuzz(['strategies']);
    assert.equal(r.code, 0, r.err);
    assertGolden('strategies', r.out);
    for (const s of builtinStrategies) assert.ok(r.out.includes(`\n${s.name.padEnd(16)}  ${s.description}\n`), s.name);
  });

  test('--json gives name, description, builtin and every kernel option with an allowed value', async () => {
    const r = await kexfuzz(['strategies', '--json']);
    const list = JSON.parse(r.out) as {
      name: string;
      description: string;
      builtin: boolean;
      options: Record<string, unknown>;
    }[];
    assert.deepEqual(
      list.map((s) => s.name),
      builtinStrategies.map((s) => s.name),
    );
    for (const s of list) {
      assert.equal(s.builtin, true);
      assert.ok(s.description.length > 0);
      for (const field of kernelOptionNames) {
        assert.ok((kernelOptionValues[field] as readonly unknown[]).includes(s.options[field]), `${s.name}.${field}`);
      }
    }
  });

  test('--strategy-module adds the module, marked as one; a bad one exits 2', async () => {
    const r = await kexfuzz(['strategies', '--strategy-module', 'tests/fixtures/strategies/good.ts']);
    assert.match(r.out, /\nno-flush +upstream without __flush_cache_all.* \(module\)\n$/);
    const json = JSON.parse(
      (await kexfuzz(['strategies', '--json', '--strategy-module', 'tests/fixtures/strategies/good.ts'])).out,
    );
    assert.deepEqual(json.at(-1).builtin, false);
    const bad = await kexfuzz(['strategies', '--strategy-module', 'tests/fixtures/strategies/throws-at-load.ts']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /the module threw while loading .*: STRATEGY_MODE is not set/);
  });
});

describe('kexfuzz platforms', () => {
  test('lists every platform with its description, topology limits and features with defaults', async () => {
    const r = await kexfuzz(['platforms']);
    assert.equal(r.code, 0, r.err);
    for (const name of platformNames) assert.match(r.out, new RegExp(`^${name}: \\S`, 'm'));
    assert.match(r.out, /^cps: .*\n {2}cores 1–4, threads per core 1, 2 or 4; default 2 × 2\n {2}features:\n/m);
    assert.match(r.out, /^ {4}mt +MIPS MT: .*; default false$/m);
    assert.match(r.out, /^ {4}vp +.*; default true with 2 or 4 threads per core, false with 1$/m);
    assert.match(r.out, /^octeon: .*\n {2}cores 1–48, threads per core 1; default 4 × 1\n {2}features: none$/m);
  });

  test('--json has every platform with limits and each feature default', async () => {
    const r = await kexfuzz(['platforms', '--json']);
    const list = JSON.parse(r.out) as {
      name: string;
      description: string;
      cores: { min: number; max: number; default: number };
      threadsPerCore: { allowed: number[]; default: number };
      features: { name: string; description: string; default: boolean; defaultRule: string }[];
    }[];
    assert.deepEqual(
      list.map((p) => p.name),
      [...platformNames],
    );
    const cps = list.find((p) => p.name === 'cps');
    assert.deepEqual(cps?.cores, { min: 1, max: 4, default: 2 });
    assert.deepEqual(cps?.threadsPerCore, { allowed: [1, 2, 4], default: 2 });
    assert.deepEqual(cps?.features.find((f) => f.name === 'powerGating')?.default, true);
    assert.deepEqual(
      cps?.features.map((f) => f.name),
      Object.keys(topologyLimits.cps.features),
    );
  });

  test('an unknown option exits 2', async () => {
    assert.equal((await kexfuzz(['platforms', '--jsn'])).code, 2);
  });
});
