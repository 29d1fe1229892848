/**
 * `kexfuzz explore`: every schedule of a corpus scenario within the bound, a counterexample per failing
 * outcome that `kexfuzz run` replays to that outcome, and a certificate anyone gets again with the same command.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kexfuzz } from '../helpers/cli.js';

const scenario = 'corpus/s07-bmips4380-play-dead.json';

interface Explored {
  readonly rows: {
    strategy: string;
    schedules: number;
    classes: number;
    runs: number;
    complete: boolean;
    outcomes: { kind: string; file: string | null }[];
  }[];
  readonly counterexamples: { strategy: string; kind: string; preemptions: number; scenario: unknown }[];
  readonly certificate: {
    scenario: string;
    preemptions: number;
    strategies: Record<string, { schedules: number; classes: number; outcomes: string[] }>;
  };
}

describe('kexfuzz explore', () => {
  const out = mkdtempSync(join(tmpdir(), 'kexfuzz-explore-'));

  test('counterexamples replay to their outcome, and the certificate is the same when explored again', async () => {
    const args = ['explore', scenario, '--preemptions', '1', '--strategies', 'legacy', '--json'];
    const r = await kexfuzz([...args, '--out', out]);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as Explored;
    const legacy = report.rows[0];
    assert.ok(legacy?.complete);
    assert.deepEqual(report.certificate.strategies['legacy']?.outcomes, legacy.outcomes.map((o) => o.kind).sort());
    assert.equal(report.certificate.strategies['legacy']?.schedules, legacy.schedules);
    assert.equal(report.certificate.strategies['legacy']?.classes, legacy.classes);
    assert.ok(legacy.schedules > 1);
    assert.ok(legacy.classes >= 1 && legacy.classes <= legacy.schedules);
    const failing = legacy.outcomes.filter((o) => o.kind !== 'ok');
    assert.ok(failing.length > 0, 'legacy fails on this corpus scenario');
    for (const o of failing) {
      assert.ok(o.file !== null && existsSync(o.file));
      const replay = await kexfuzz(['run', o.file, '--strategies', 'legacy', '--json']);
      assert.equal(replay.code, 0, replay.err);
      const { outcomes } = JSON.parse(replay.out) as { outcomes: Record<string, { kind: string }> };
      assert.equal(outcomes['legacy']?.kind, o.kind);
    }
    const again = await kexfuzz(args);
    assert.deepEqual((JSON.parse(again.out) as Explored).certificate, report.certificate);
  });

  test('the text report names the bound, the outcomes and the certificate', async () => {
    const r = await kexfuzz(['explore', scenario, '--preemptions', '0', '--strategies', 'legacy,upstream']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /every class of schedules with at most 0 preemptions/);
    assert.match(r.out, /\nlegacy +\d+ +\d+ +\d+ +\d+ ms +\S+ \(0\)/);
    assert.match(r.out, /\ncertificate: \{"scenario":"[0-9a-f]+","preemptions":0,/);
  });

  test('when the time runs out, the strategy gets no certificate and the report says so', async () => {
    // s07 is explored within two preemptions in under a second; upstream on s03's four CPUs takes many seconds
    const big = 'corpus/s03-cps-mt-offline-siblings.json';
    const r = await kexfuzz(['explore', big, '--preemptions', '2', '--strategies', 'upstream', '--time', '1s']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\(time ran out\)/);
    assert.match(r.out, /"strategies":\{\}/);
  });

  test('a bound out of range is a usage error', async () => {
    const r = await kexfuzz(['explore', scenario, '--preemptions', '9']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--preemptions.*0 to 4/);
    assert.equal(r.out, '');
  });

  test('a strategy that is correct on a scenario gets a certificate that every schedule within the bound boots', async () => {
    // upstream on s01 (crash on a 2-core CPS) boots under every schedule with one preemption
    const db = join(out, 'correct.db');
    const r = await kexfuzz([
      'explore',
      'corpus/s01-cps-kdump-flush-hang.json',
      '--preemptions',
      '1',
      '--strategies',
      'upstream',
      '--json',
      '--db',
      db,
    ]);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as Explored;
    assert.deepEqual(report.certificate.strategies['upstream']?.outcomes, ['ok']);
    assert.ok((report.certificate.strategies['upstream']?.schedules ?? 0) > 10);
    assert.deepEqual(report.counterexamples, []);
    const text = await kexfuzz(['report', '--db', db]);
    assert.match(
      text.out,
      /\n {2}upstream on cps, 4 CPUs [^\n]*: all [\d,]+ schedules \([\d,]+ classes\) with ≤ 1 preemption boot \(scenario [0-9a-f]+\)/,
    );
  });

  test('with --db, certificates are stored and kexfuzz report shows them; counterexamples become findings that replay', async () => {
    const db = join(out, 'explored.db');
    const r = await kexfuzz(['explore', scenario, '--preemptions', '1', '--strategies', 'legacy,upstream', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /stored 2 certificates and \d+ counterexamples? \(\d+ new findings?\)/);
    const report = await kexfuzz(['report', '--db', db]);
    assert.equal(report.code, 0, report.err);
    assert.match(
      report.out,
      /\n {2}legacy on bmips43xx, 2 CPUs [^\n]*: all \d+ schedules \(\d+ class(es)?\) with ≤ 1 preemption end multi-entry \(scenario [0-9a-f]+\)/,
    );
    const json = JSON.parse((await kexfuzz(['report', '--db', db, '--json'])).out) as {
      certificates: { strategy: string; preemptions: number; outcomes: string[] }[];
    };
    assert.deepEqual(
      json.certificates.map((c) => [c.strategy, c.preemptions]),
      [
        ['legacy', 1],
        ['upstream', 1],
      ],
    );
    const replay = await kexfuzz(['findings', 'replay', '1', '--db', db]);
    assert.equal(replay.code, 0, replay.err);
    assert.match(replay.out, /result: reproduced/);
  });
  test('with --state, an exploration the time stopped goes on where it stopped when run again, ends with the counts of an uninterrupted one, and a finished one is not run again', async () => {
    const base = ['explore', 'corpus/s01-cps-kdump-flush-hang.json', '--preemptions', '2', '--strategies', 'upstream'];
    const whole = JSON.parse((await kexfuzz([...base, '--json'])).out) as Explored;
    const state = join(out, 'state.json');
    let last: Explored | null = null;
    // upstream takes about three seconds here: a second at a time, it is stopped at least once
    for (let i = 0; i < 30 && !(last?.rows[0]?.complete ?? false); i++) {
      const r = await kexfuzz([...base, '--json', '--time', '1s', '--state', state]);
      assert.equal(r.code, 0, r.err);
      if (i === 0) assert.match(r.err, /the rest is in .*state\.json: run the same command again to go on/);
      // (on a loaded machine a second may pass before the first run ends: then there is nothing to go on from)
      else if ((last?.rows[0]?.runs ?? 0) > 0)
        assert.match(r.err, /going on from .*state\.json: \d+ schedules? run already/);
      last = JSON.parse(r.out) as Explored;
    }
    assert.deepEqual(last?.certificate.strategies, whole.certificate.strategies);
    const again = await kexfuzz([...base, '--json', '--state', state]);
    assert.match(again.err, /upstream: finished already in .*state\.json, not run again/);
    assert.deepEqual((JSON.parse(again.out) as Explored).certificate, whole.certificate);
  });

  test('a --state file of another bound, or damaged, is an input error that leaves it as it was', async () => {
    const state = join(out, 'other-bound.json');
    const base = ['explore', scenario, '--strategies', 'legacy', '--state', state];
    assert.equal((await kexfuzz([...base, '--preemptions', '1'])).code, 0);
    const before = readFileSync(state, 'utf8');
    const other = await kexfuzz([...base, '--preemptions', '2']);
    assert.equal(other.code, 2);
    assert.match(
      other.err,
      /other-bound\.json is not a state this exploration can go on from:\n {2}preemptions: the state is of --preemptions 1, not 2/,
    );
    assert.equal(readFileSync(state, 'utf8'), before);
    writeFileSync(state, '{"format":"kexfuzz-explore-state"');
    const damaged = await kexfuzz([...base, '--preemptions', '1']);
    assert.equal(damaged.code, 2);
    assert.match(damaged.err, /not JSON/);
    assert.doesNotMatch(damaged.err, /\n\s+at /);
  });
});
