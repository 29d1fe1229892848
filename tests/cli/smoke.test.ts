import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { xmlAttribute } from '../../src/report/junit.js';
import { openStore } from '../../src/store/index.js';
import { kexfuzz } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kexfuzz-smoketest-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sub = (name: string): string => {
  const d = path.join(dir, name);
  mkdirSync(d, { recursive: true });
  return d;
};

/** The small, fixed smoke every test here runs. */
const smoke = (...args: string[]) => kexfuzz(['smoke', '--runs', '6', ...args]);

/** The `known`/`NEW` lines of smoke's output: signature → status. */
function verdicts(out: string): Map<string, string> {
  return new Map([...out.matchAll(/^ {2}(known|NEW) {2,4}(\S+) ×\d+ — /gm)].map((m) => [m[2] ?? '', m[1] ?? '']));
}

describe('kexfuzz smoke', () => {
  test('exits 1 on signatures the baseline lacks, with the same stdout on 1 and 2 workers, and a JUnit failure each', async () => {
    const empty = sub('empty');
    const junit = path.join(dir, 'reports', 'smoke.xml');
    const throwaway = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('kexfuzz-smoke-'));
    const before = throwaway();
    const one = await smoke('--baseline', empty, '--workers', '1', '--junit', junit);
    const two = await smoke('--baseline', empty, '--workers', '2');
    assert.equal(one.code, 1, one.err);
    assert.equal(two.code, 1, two.err);
    assert.equal(two.out, one.out, 'stdout does not depend on the worker count');
    assert.deepEqual(throwaway(), before, 'the throwaway databases are deleted');

    assert.match(one.out, /^kexfuzz smoke: seed 1, 6 runs\ncovered: 6 platforms × 7 strategies, reference upstream\n/);
    assert.match(
      one.out,
      /\nruns: 6 scenarios(?: \(\d+ could not be laid out\))?, \d+ strategy runs\noutcomes: \S+ \d+/,
    );
    assert.match(one.out, /\ncoverage: \d+ keys; corpus: \d+ scenarios?\n/);
    assert.match(one.out, /\nbaseline: .*empty\/baseline\.json does not exist, so every signature is new/);
    const found = verdicts(one.out);
    assert.ok(found.size > 0);
    assert.deepEqual(new Set(found.values()), new Set(['NEW']));
    assert.match(one.out, /^ {9}echo '\{"version":1,.*\}' \| kexfuzz run - {3}# seed 1, scenario \d$/m);
    assert.ok(one.out.endsWith(`\nsmoke: 6 runs, ${found.size} signatures, ${found.size} new\n`), one.out);

    const xml = readFileSync(junit, 'utf8');
    assert.match(
      xml,
      new RegExp(
        `<testsuite name="kexfuzz smoke" tests="${found.size}" failures="${found.size}" errors="0" skipped="0">`,
      ),
    );
    assert.equal(xml.match(/<failure /g)?.length, found.size);
    for (const signature of found.keys())
      assert.ok(xml.includes(`<testcase name="${xmlAttribute(signature)}"`), signature);
    assert.match(xml, /replay: echo '\{"version":1,/);
    assert.match(xml, /accept it: kexfuzz smoke --update-baseline --baseline .*empty --runs 6/);
  });

  test('--update-baseline accepts what it found; then the baseline covers it and smoke exits 0', async () => {
    const baseline = sub('accepted');
    const update = await smoke('--baseline', baseline, '--update-baseline');
    assert.equal(update.code, 0, update.err);
    assert.match(
      update.out,
      /\nbaseline: .*accepted\/baseline\.json has (\d+) signatures: added \1 new, none unreached\nsmoke: 6 runs, \1 signatures, \1 new\n$/,
    );
    const file = JSON.parse(readFileSync(path.join(baseline, 'baseline.json'), 'utf8')) as {
      signatures: { signature: string; title: string }[];
    };
    const names = file.signatures.map((s) => s.signature);
    assert.deepEqual(names, [...names].sort(), 'sorted');
    assert.ok(file.signatures.every((s) => s.title.length > 0));

    const covered = await smoke('--baseline', baseline, '--junit', path.join(dir, 'covered.xml'));
    assert.equal(covered.code, 0, covered.err);
    assert.deepEqual([...verdicts(covered.out).keys()], names);
    assert.deepEqual(new Set(verdicts(covered.out).values()), new Set(['known']));
    assert.ok(covered.out.endsWith(`\nsmoke: 6 runs, ${names.length} signatures, 0 new\n`));
    assert.doesNotMatch(readFileSync(path.join(dir, 'covered.xml'), 'utf8'), /<failure/);

    // One signature dropped from the baseline is NEW again; one the run does not reach is a skipped case.
    const [dropped, ...kept] = file.signatures;
    const partial = sub('partial');
    const unreached = { signature: 'cmp/legacy/hang/nowhere', title: 'not reached by 6 runs' };
    writeFileSync(path.join(partial, 'baseline.json'), JSON.stringify({ signatures: [...kept, unreached] }));
    const junit = path.join(dir, 'partial.xml');
    const r = await smoke('--baseline', partial, '--junit', junit);
    assert.equal(r.code, 1);
    assert.deepEqual(
      [...verdicts(r.out)].filter(([, v]) => v === 'NEW').map(([s]) => s),
      [dropped?.signature],
    );
    assert.match(r.out, /\nbaseline: .*partial\/baseline\.json, \d+ signatures \(1 not reached by this run\)\n/);
    const xml = readFileSync(junit, 'utf8');
    assert.equal(xml.match(/<failure /g)?.length, 1);
    assert.match(xml, /<testcase name="cmp\/legacy\/hang\/nowhere" classname="kexfuzz.smoke.cmp">\n\s+<skipped /);
  });

  test('--update-baseline after a shorter run keeps what it did not reach (it used to shrink the baseline); --prune-baseline drops them', async () => {
    const baseline = sub('merge');
    const unreached = { signature: 'cmp/legacy/hang/nowhere', title: 'not reached by 6 runs' };
    writeFileSync(path.join(baseline, 'baseline.json'), JSON.stringify({ signatures: [unreached] }));
    const signaturesIn = (): string[] =>
      (
        JSON.parse(readFileSync(path.join(baseline, 'baseline.json'), 'utf8')) as {
          signatures: { signature: string }[];
        }
      ).signatures.map((s) => s.signature);

    const update = await smoke('--baseline', baseline, '--update-baseline');
    assert.equal(update.code, 0, update.err);
    const found = [...verdicts(update.out).keys()];
    assert.deepEqual(signaturesIn(), [...found, unreached.signature].sort());
    assert.match(update.out, /added \d+ new, kept 1 this run did not reach \(--prune-baseline drops them\)/);

    const prune = await smoke('--baseline', baseline, '--prune-baseline');
    assert.equal(prune.code, 0, prune.err);
    assert.deepEqual(signaturesIn(), [...found].sort());
    assert.match(prune.out, /added 0 new, dropped 1 this run did not reach/);
  });

  test('a malformed baseline exits 2 naming the problem', async () => {
    const bad = sub('bad');
    writeFileSync(path.join(bad, 'baseline.json'), '{"signatures": [{"signature": 3}, {"title": "x"}]');
    const notJson = await smoke('--baseline', bad);
    assert.equal(notJson.code, 2);
    assert.match(notJson.err, /baseline .*bad\/baseline\.json is not a kexfuzz baseline:\n {2}.*is not JSON/);
    writeFileSync(path.join(bad, 'baseline.json'), '{"signatures": [{"signature": 3}, {"title": "x"}]}');
    const wrong = await smoke('--baseline', bad);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /"signatures\[0\]\.signature" should be a signature string, but was 3/);
    assert.match(wrong.err, /"signatures\[1\]\.signature" should be a signature string, but was missing/);
    writeFileSync(path.join(bad, 'baseline.json'), '[]');
    assert.match((await smoke('--baseline', bad)).err, /it should be an object with a "signatures" array/);
    assert.equal((await smoke('--runs', '0')).code, 2);
  });

  test('--db keeps the findings, and NEW ones get a findings replay line', async () => {
    const db = path.join(dir, 'kept.db');
    const r = await smoke('--baseline', sub('none'), '--db', db, '--runs', '2');
    assert.equal(r.code, 1);
    assert.ok(existsSync(db));
    const store = openStore(db, { readonly: true });
    try {
      const stored = store.listFindings();
      assert.equal(stored.length, verdicts(r.out).size);
      assert.equal(store.latestCampaign()?.finished, true);
      for (const f of stored) {
        assert.match(
          r.out,
          new RegExp(`\\n {9}kexfuzz findings replay ${f.id} --db \\S+kept\\.db {3}# seed 1, scenario [01]\\n`),
        );
      }
    } finally {
      store.close();
    }
  });
});
