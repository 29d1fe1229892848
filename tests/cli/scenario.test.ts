import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js';
import { kexfuzz } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/json-schema.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('kexfuzz scenario', () => {
  test('check prints a one-line summary and the hash of a valid scenario', async () => {
    const r = await kexfuzz(['scenario', 'check', 'corpus/s01-cps-kdump-flush-hang.json']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^valid: cps, 4 CPUs \(2 cores × 2 threads\), kdump, crash on CPU 3; hash [0-9a-f]{16}\n$/);
  });

  test('check reads standard input with -, and names every bad field with exit 2', async () => {
    const r = await kexfuzz(['scenario', 'check', '-'], '{"version":1,"platform":"cps","crashCpu":9,"path":"reboot"}');
    assert.equal(r.code, 2);
    assert.match(r.err, /"crashCpu" must be a CPU of this topology \(0–3\), but was 9/);
    assert.match(r.err, /"path" should be one of "kexec" or "kdump", but was "reboot"/);
    assert.equal(r.out, '');
  });

  test('a missing file, bad JSON, an unknown subcommand and a bad choice all exit 2 with a message', async () => {
    assert.match((await kexfuzz(['scenario', 'check', 'no/such.json'])).err, /no\/such.json: no such file/);
    assert.match((await kexfuzz(['scenario', 'check', '-'], '{"version":')).err, /line 1/);
    const typo = await kexfuzz(['scenario', 'chek']);
    assert.equal(typo.code, 2);
    assert.match(typo.err, /Did you mean check\?/);
    assert.equal((await kexfuzz(['scenario', 'defaults', 'mips'])).code, 2);
  });

  test('check --json prints one object: ok, problems and omitted, and for a valid scenario its summary, hash and canonical form', async () => {
    const file = 'corpus/s01-cps-kdump-flush-hang.json';
    const valid = await kexfuzz(['scenario', 'check', '--json', file]);
    assert.equal(valid.code, 0, valid.err);
    assert.equal(valid.err, '');
    const answer = JSON.parse(valid.out);
    const canonical = JSON.parse((await kexfuzz(['scenario', 'check', '--canonical', file])).out);
    const line = (await kexfuzz(['scenario', 'check', file])).out;
    assert.deepEqual(Object.keys(answer), ['ok', 'problems', 'omitted', 'summary', 'hash', 'scenario']);
    assert.deepEqual(
      { ...answer, summary: undefined, hash: undefined },
      {
        ok: true,
        problems: [],
        omitted: 0,
        summary: undefined,
        hash: undefined,
        scenario: canonical,
      },
    );
    assert.equal(`valid: ${answer.summary}; hash ${answer.hash}\n`, line);

    const invalid = await kexfuzz(['scenario', 'check', '--json', '-'], '{"version":1,"platform":"cps","crashCpu":9}');
    assert.equal(invalid.code, 2);
    assert.equal(invalid.err, '');
    assert.deepEqual(JSON.parse(invalid.out), {
      ok: false,
      problems: [
        { field: 'crashCpu', message: 'scenario field "crashCpu" must be a CPU of this topology (0–3), but was 9.' },
      ],
      omitted: 0,
    });

    const missing = JSON.parse((await kexfuzz(['scenario', 'check', '--json', 'no/such.json'])).out);
    assert.deepEqual(missing.problems, [{ field: '', message: 'no/such.json: no such file' }]);
    const many = await kexfuzz(
      ['scenario', 'check', '--json', '-'],
      JSON.stringify({
        version: 1,
        platform: 'cps',
        timing: { policy: 'replay', schedule: new Array(500).fill([9, 0]) },
      }),
    );
    const counted = JSON.parse(many.out);
    assert.equal(counted.problems.length, 100);
    assert.equal(counted.omitted, 900);
    assert.equal((await kexfuzz(['scenario', 'check', '--json', '--canonical', file])).code, 2);
  });

  test('defaults prints a complete scenario that checks back as valid', async () => {
    const r = await kexfuzz(['scenario', 'defaults', 'loongson3', '--path', 'kdump']);
    assert.equal(r.code, 0);
    const back = await kexfuzz(['scenario', 'check', '-'], r.out);
    assert.equal(back.code, 0, back.err);
    assert.match(back.out, /loongson3, 4 CPUs/);
  });

  test('schema prints the JSON Schema, which a corpus file written with "$schema" passes', async () => {
    const r = await kexfuzz(['scenario', 'schema']);
    assert.equal(r.code, 0, r.err);
    const schema = JSON.parse(r.out);
    assert.deepEqual(schema, scenarioJsonSchema());
    const input = JSON.parse(readFileSync(join(root, 'corpus/s01-cps-kdump-flush-hang.json'), 'utf8'));
    const tagged = { $schema: './scenario.schema.json', ...input };
    assert.deepEqual(schemaErrors(schema, tagged), []);
    const check = await kexfuzz(['scenario', 'check', '-'], JSON.stringify(tagged));
    assert.equal(check.code, 0, check.err);
  });

  test('the installed binary exits 2 on bad input and prints no stack trace', () => {
    const r = spawnSync(process.execPath, ['bin/kexfuzz.js', 'scenario', 'check', '-'], {
      cwd: root,
      input: '[1,2]',
      encoding: 'utf8',
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /invalid scenario/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
