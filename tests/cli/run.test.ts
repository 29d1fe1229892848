import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { outcomeKinds } from '../../src/contract/outcome.js';
import { builtinStrategies } from '../../src/strategies/index.js';
import { kexfuzz } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const crashOn3 = '{"version":1,"platform":"cps","path":"kdump","crashCpu":3}';
const fixture = (name: string): string => `tests/fixtures/strategies/${name}`;

/** The outcome kind of `strategy` in run's table. */
function kindIn(table: string, strategy: string): string | undefined {
  return new RegExp(`^${strategy}\\s+(\\S+)\\s`, 'm').exec(table)?.[1];
}

describe('kexfuzz run', () => {
  test('prints the scenario summary and one row per builtin strategy: legacy hangs, upstream boots', async () => {
    const r = await kexfuzz(['run', '-'], crashOn3);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(
      r.out,
      /^cps, 4 CPUs \(2 cores × 2 threads\), kdump, crash on CPU 3; hash [0-9a-f]{16}\n\nstrategy +outcome +title\n/,
    );
    for (const s of builtinStrategies) assert.ok(kindIn(r.out, s.name), `no row for ${s.name}`);
    assert.equal(kindIn(r.out, 'legacy'), 'hang');
    assert.equal(kindIn(r.out, 'upstream'), 'ok');
    assert.match(r.out, /^legacy +hang +stuck: .*CPU3 on ipi-ack, proven: nothing due can wake them$/m);
  });

  test('--json prints the contract shape: the canonical scenario and an outcome per strategy', async () => {
    const r = await kexfuzz(['run', '-', '--json', '--strategies', 'upstream,legacy'], crashOn3);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as {
      scenario: Record<string, unknown>;
      outcomes: Record<string, Record<string, unknown>>;
    };
    assert.deepEqual(Object.keys(json), ['scenario', 'outcomes']);
    assert.equal(json.scenario['version'], 1);
    assert.equal(json.scenario['platform'], 'cps');
    assert.equal(json.scenario['crashCpu'], 3);
    assert.equal(json.scenario['path'], 'kdump');
    assert.ok(typeof json.scenario['timing'] === 'object', 'defaults are filled in');
    assert.deepEqual(Object.keys(json.outcomes), ['upstream', 'legacy'], 'in --strategies order');
    for (const [name, o] of Object.entries(json.outcomes)) {
      assert.ok(outcomeKinds.includes(o['kind'] as never), `${name}: kind ${String(o['kind'])}`);
      assert.ok(o['cpu'] === null || Number.isInteger(o['cpu']), `${name}: cpu`);
      assert.ok(o['routine'] === null || typeof o['routine'] === 'string', `${name}: routine`);
      assert.equal(typeof o['title'], 'string');
      assert.match(String(o['signature']), new RegExp(`^cps/${name}/${String(o['kind'])}/`));
    }
    assert.equal(json.outcomes['legacy']?.['kind'], 'hang');
    assert.equal(json.outcomes['upstream']?.['kind'], 'ok');
  });

  test('an unknown strategy exits 2, naming it and the choices, and runs nothing', async () => {
    const r = await kexfuzz(['run', '-', '--strategies', 'legacy,nope'], crashOn3);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /unknown strategy "nope" in --strategies; it should be one of "legacy", .*"upstream".*/);
    const list = await kexfuzz(['run', '-', '--strategies', 'legacy,,upstream'], crashOn3);
    assert.equal(list.code, 2);
    assert.match(list.err, /Expected strategy names separated by commas/);
  });

  test('--trace appends a symbolized per-CPU trace per strategy; --trace-last keeps the last lines', async () => {
    const r = await kexfuzz(['run', '-', '--strategies', 'upstream', '--trace'], crashOn3);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\n== upstream: ok ==\ntrace: \d+ events on 4 CPUs\n\nCPU0: \d+ events\n/);
    assert.match(
      r.out,
      /CPU0 +exec-tag +executes control-page code at control_page:relocate_new_kernel \(was old-text\)/,
    );
    assert.match(r.out, /CPU0 +mark +relocate \(arg 0\)/);
    assert.match(r.out, /CPU1 +state +→ halted at kexec_nonboot_cpu/);
    const short = await kexfuzz(['run', '-', '--strategies', 'upstream', '--trace', '--trace-last', '2'], crashOn3);
    assert.match(short.out, /\nCPU0: \d+ events, last 2 of \d+ lines shown\n/);
    assert.ok(short.out.length < r.out.length);
    assert.equal((await kexfuzz(['run', '-', '--trace-last', '0'], crashOn3)).code, 2);
  });

  test('--json --trace adds each trace as lines; a refused strategy ran nothing and has no trace', async () => {
    const args = ['run', '-', '--json', '--trace', '--strategy-module', fixture('refuses-everything.ts')];
    const r = await kexfuzz([...args, '--strategies', 'refuses-everything,upstream'], crashOn3);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as { outcomes: Record<string, { kind: string; title: string; trace: string[] }> };
    assert.equal(json.outcomes['refuses-everything']?.kind, 'refused');
    assert.equal(json.outcomes['refuses-everything']?.title, 'refused: not on cps (-EINVAL)');
    assert.match(json.outcomes['refuses-everything']?.trace.join('\n') ?? '', /nothing ran/);
    assert.ok(json.outcomes['upstream']?.trace.some((line) => line.includes('relocate_new_kernel')));
  });

  test('--strategy-module adds a user strategy to the default set, and --strategies can pick it', async () => {
    const all = await kexfuzz(['run', '-', '--strategy-module', fixture('good.ts')], crashOn3);
    assert.equal(all.code, 0, all.err);
    assert.ok(kindIn(all.out, 'no-flush'));
    assert.ok(kindIn(all.out, 'legacy'));
    const one = await kexfuzz(
      ['run', '-', '--strategy-module', fixture('good.ts'), '--strategies', 'no-flush'],
      crashOn3,
    );
    assert.match(one.out, /\n\nstrategy +outcome +title\nno-flush +\S+ +.*\n$/);
  });

  test('a bad strategy module exits 2 naming the module and each bad field', async () => {
    const r = await kexfuzz(['run', '-', '--strategy-module', fixture('bad-shape.ts')], crashOn3);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^kexfuzz: invalid strategy module tests\/fixtures\/strategies\/bad-shape.ts:\n/);
    assert.match(r.err, /"options.shutdown" should be one of "hook-only" or "ipi-offline", but was "sometimes"/);
    const twice = await kexfuzz(
      ['run', '-', '--strategy-module', fixture('good.ts'), '--strategy-module', fixture('good.ts')],
      crashOn3,
    );
    assert.equal(twice.code, 2);
    assert.match(twice.err, /"name" must not be one already in use .*, but was "no-flush"/);
  });

  test('bad scenario input and a missing file exit 2 before anything runs', async () => {
    const bad = await kexfuzz(['run', '-'], '{"version":1,"platform":"cps","crashCpu":9}');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /"crashCpu" must be a CPU of this topology \(0–3\), but was 9/);
    assert.match((await kexfuzz(['run', 'no/such.json'])).err, /no\/such.json: no such file/);
    assert.match((await kexfuzz(['run'])).err, /missing required argument/);
  });

  test('the installed binary exits 2 on a strategy module with a syntax error, and prints no stack trace', () => {
    const r = spawnSync(
      process.execPath,
      ['bin/kexfuzz.js', 'run', '-', '--strategy-module', fixture('syntax-error.js')],
      { cwd: root, input: crashOn3, encoding: 'utf8' },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /invalid strategy module .*syntax-error\.js:\n {2}the module does not compile: .*syntax-error\.js:3/,
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
