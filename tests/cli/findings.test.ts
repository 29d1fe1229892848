import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import type { OutcomeSummary } from '../../src/contract/finding.js';
import { parseScenario } from '../../src/scenario/codec.js';
import { type FindingId, type NewFinding, openStore } from '../../src/store/index.js';
import { kexfuzz } from '../helpers/cli.js';
import { sig } from '../helpers/factories.js';
import { corpusText, findingOn, standardFindings, writeFindingsDb } from '../helpers/findings-db.js';
import { assertGolden } from '../helpers/golden.js';
import { scratchDir } from '../store/fixtures/rows.js';

// Running every strategy on the fixture scenarios is the slow part: do it once for the file.
let standard: NewFinding[][] | undefined;
const fixture = (): NewFinding[][] => {
  standard ??= standardFindings();
  return standard;
};

/** A fresh copy of the standard database: 1 legacy hang (seen twice), 2 v4-offline hang, 3 upstream stale-icache. */
function standardDb(t: TestContext): { db: string; dir: string } {
  const dir = scratchDir(t, 'kexfuzz-findings-');
  const db = join(dir, 'k.db');
  writeFindingsDb(db, fixture());
  return { db, dir };
}

function dbWith(t: TestContext, findings: readonly NewFinding[]): string {
  const db = join(scratchDir(t, 'kexfuzz-findings-'), 'k.db');
  writeFindingsDb(db, [findings]);
  return db;
}

/** Output with the scratch directory replaced, so goldens do not depend on where the test ran. */
const normalized = (text: string, dir: string): string => text.replaceAll(dir, '<tmp>');

const replayLinePattern = (id: number) =>
  new RegExp(`\\nkexfuzz findings replay ${id} --db \\S+ {3}# \\S+, timing seed \\d+, \\d+ context switch(es)?\\n$`);

describe('kexfuzz findings list', () => {
  test('by default one row per bug group: id, finding, count, strategies, platforms, last seen, best repro, known, key', async (t) => {
    const { db, dir } = standardDb(t);
    // No baseline there: what knows a bug is the corpus alone, whatever findings/baseline.json holds.
    const r = await kexfuzz(['findings', 'list', '--db', db, '--baseline', dir]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assertGolden('findings list', normalized(r.out, dir));
    assert.match(r.out, /^group +finding +count +strategies +platforms +first seen +last seen +best +known +bug\n/);
    assert.match(
      r.out,
      /\ng-[0-9a-f]{6} +divergence\/regression +2 +legacy +cps +2023-11-14 +2023-11-15 +#1 +S1 +hang\/smp_call_function_many<__flush_cache_all\n/,
    );
    assert.match(r.out, /\n3 bugs from 3 signatures\.\n/);
  });

  test('--group takes a group id, key or finding id and lists its signatures, show takes a group id; an unknown one is exit 2', async (t) => {
    const { db } = standardDb(t);
    const groups = JSON.parse((await kexfuzz(['findings', 'list', '--db', db, '--json'])).out) as {
      id: string;
      key: string;
      outcomeKind: string;
      site: string;
      members: { id: number; signature: string }[];
    }[];
    const flush = groups.find((g) => g.key === 'hang/smp_call_function_many<__flush_cache_all');
    assert.ok(flush, JSON.stringify(groups.map((g) => g.key)));
    assert.deepEqual([flush.outcomeKind, flush.site], ['hang', 'smp_call_function_many<__flush_cache_all']);
    assert.deepEqual(
      flush.members.map((m) => m.signature),
      ['cps/legacy/hang/smp_call_function_many<__flush_cache_all'],
    );
    for (const wanted of [flush.id, flush.key, '1']) {
      const r = await kexfuzz(['findings', 'list', '--db', db, '--group', wanted, '--json']);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(
        (JSON.parse(r.out) as { id: number }[]).map((x) => x.id),
        [1],
        wanted,
      );
    }
    const text = await kexfuzz(['findings', 'list', '--db', db, '--group', flush.id]);
    assert.match(
      text.out,
      new RegExp(
        `^group ${flush.id}: hang/smp_call_function_many<__flush_cache_all\nsightings +2: 2 divergences, 0 common-mode; regression 2\n\nid +status`,
      ),
    );
    // The other findings commands take a group id for the bug's smallest repro.
    const show = await kexfuzz(['findings', 'show', flush.id, '--db', db]);
    assert.equal(show.code, 0, show.err);
    assert.match(show.out, /^finding 1: cps\/legacy\/hang\/smp_call_function_many<__flush_cache_all\n/);
    const noBug = await kexfuzz(['findings', 'show', 'g-000000', '--db', db]);
    assert.equal(noBug.code, 2);
    assert.match(noBug.err, /there is no bug g-000000 in /);
    const unknown = await kexfuzz(['findings', 'list', '--db', db, '--group', 'g-000000']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no group "g-000000"/);
    const page = await kexfuzz(['findings', 'list', '--db', db, '--page', '2']);
    assert.equal(page.code, 2);
    assert.match(page.err, /--page 2: there is 1 page of groups/);
  });

  test('--signatures: one row per signature: id, status, count, outcome, finding kind/label, where, last seen, title', async (t) => {
    const { db, dir } = standardDb(t);
    const r = await kexfuzz(['findings', 'list', '--db', db, '--signatures']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assertGolden('findings list --signatures', normalized(r.out, dir));
    assert.match(r.out, /^id +status +count +outcome +finding +where +last seen +title\n/);
    assert.match(r.out, /\n 1 +new +2 +hang +divergence\/regression +cps\/legacy +2023-11-15 +stuck: /);
    assert.match(
      r.out,
      /\n 3 +new +1 +stale-icache +common-mode\/both-wrong +cps\/upstream +2023-11-14 +a CPU executed/,
    );
    assert.match(r.out, /\n3 findings; kexfuzz findings show ID --db \S+ shows one in full\.\n$/);
  });

  test('--signatures --json prints an array of rows with ISO times', async (t) => {
    const { db, dir } = standardDb(t);
    const r = await kexfuzz(['findings', 'list', '--db', db, '--signatures', '--json']);
    assert.equal(r.code, 0, r.err);
    assertGolden('findings list --signatures --json', normalized(r.out, dir));
    const rows = JSON.parse(r.out) as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((x) => [x['id'], x['signature'], x['count'], x['status']]),
      [
        [1, 'cps/legacy/hang/smp_call_function_many<__flush_cache_all', 2, 'new'],
        [2, 'cps/v4-offline/hang/boot-unfinished', 1, 'new'],
        [3, 'cps/upstream/stale-icache/new-kernel', 1, 'new'],
      ],
    );
    assert.equal(rows[0]?.['firstSeen'], '2023-11-14T22:13:20Z');
    assert.equal(rows[0]?.['lastSeen'], '2023-11-15T22:13:20Z');
  });

  test('filters by status, platform, strategy, finding kind and outcome kind', async (t) => {
    const { db } = standardDb(t);
    const ids = async (...args: string[]): Promise<number[]> => {
      const r = await kexfuzz(['findings', 'list', '--db', db, '--signatures', '--json', ...args]);
      assert.equal(r.code, 0, r.err);
      return (JSON.parse(r.out) as { id: number }[]).map((x) => x.id);
    };
    assert.deepEqual(await ids('--strategy', 'v4-offline'), [2]);
    assert.deepEqual(await ids('--kind', 'common-mode'), [3]);
    assert.deepEqual(await ids('--kind', 'divergence'), [1, 2]);
    assert.deepEqual(await ids('--outcome', 'hang'), [1, 2]);
    assert.deepEqual(await ids('--platform', 'cps', '--outcome', 'stale-icache'), [3]);
    assert.deepEqual(await ids('--platform', 'octeon'), []);
    assert.deepEqual(await ids('--status', 'confirmed'), []);
    assert.equal((await kexfuzz(['findings', 'triage', '2', '--db', db, '--status', 'confirmed'])).code, 0);
    assert.deepEqual(await ids('--status', 'confirmed'), [2]);
    assert.deepEqual(await ids('--status', 'new', '--strategy', 'legacy'), [1]);

    const none = await kexfuzz(['findings', 'list', '--db', db, '--status', 'wontfix']);
    assert.equal(none.out, `no findings match (3 in ${db}).\n`);
    const some = await kexfuzz(['findings', 'list', '--db', db, '--signatures', '--outcome', 'hang']);
    assert.match(some.out, /\n2 of 3 findings; /);

    const bad = await kexfuzz(['findings', 'list', '--db', db, '--status', 'open']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /Allowed choices are new, confirmed, fixed, wontfix/);
    assert.equal((await kexfuzz(['findings', 'list', '--db', db, '--outcome', 'boom'])).code, 2);
    assert.equal((await kexfuzz(['findings', 'list', '--db', db, '--label', 'boom'])).code, 2);
    const typo = await kexfuzz(['findings', 'list', '--db', db, '--strategy', 'upstrem']);
    assert.equal(typo.code, 2);
    assert.match(
      typo.err,
      /unknown strategy "upstrem" for --strategy: the builtins and this database have .*"upstream"/,
    );
  });

  test('--label keeps one label; the default order ranks regressions first, then count, recency and repro size', async (t) => {
    const { db } = standardDb(t);
    const rows = async (...args: string[]) => {
      const r = await kexfuzz(['findings', 'list', '--db', db, '--signatures', '--json', ...args]);
      assert.equal(r.code, 0, r.err);
      return JSON.parse(r.out) as {
        id: number;
        label: string | null;
        count: number;
        sightings: { regressions: number };
      }[];
    };
    const ranked = await rows();
    const tiers = ranked.map((x) => (x.sightings.regressions > 0 ? 0 : 1));
    assert.deepEqual(tiers, [...tiers].sort());
    for (let i = 1; i < ranked.length; i++) {
      const [a, b] = [ranked[i - 1]!, ranked[i]!];
      if (tiers[i - 1] === tiers[i]) assert.ok(a.count >= b.count, `${a.id} before ${b.id}`);
    }
    assert.deepEqual(
      (await rows('--sort', 'id')).map((x) => x.id),
      [1, 2, 3],
    );
    for (const x of await rows('--label', 'regression')) assert.equal(x.label, 'regression');
  });

  test('an empty database says so; --json gives []', async (t) => {
    const db = join(scratchDir(t), 'empty.db');
    openStore(db).close();
    const r = await kexfuzz(['findings', 'list', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `no findings in ${db} yet.\n`);
    assert.equal((await kexfuzz(['findings', 'list', '--db', db, '--json'])).out, '[]\n');
  });

  test('a missing database is exit 2 with a clear message, for every subcommand, and is not created', async (t) => {
    const db = join(scratchDir(t), 'nope.db');
    for (const args of [
      ['list'],
      ['show', '1'],
      ['replay', '1'],
      ['export', '1'],
      ['minimize', '1'],
      ['triage', '1', '--note', 'x'],
    ]) {
      const r = await kexfuzz(['findings', ...args, '--db', db]);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.out, '');
      assert.match(r.err, /there is no findings database ".*nope\.db"; give its path with --db FILE/);
    }
    assert.equal(existsSync(db), false);
  });

  test('a file that is not a kexfuzz database is exit 2', async (t) => {
    const db = join(scratchDir(t), 'foreign.db');
    writeFileSync(db, 'not an SQLite file, just text long enough to be read as a database header by SQLite');
    const r = await kexfuzz(['findings', 'list', '--db', db]);
    assert.equal(r.code, 2);
    assert.match(r.err, /is not a kexfuzz database/);
  });
});

describe('kexfuzz findings show', () => {
  test('the finding in full: outcomes per strategy, repro, original, the trace around the fault, a replay line', async (t) => {
    const { db, dir } = standardDb(t);
    const r = await kexfuzz(['findings', 'show', '1', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assertGolden('findings show 1', normalized(r.out, dir));
    assert.match(r.out, /^finding 1: cps\/legacy\/hang\/smp_call_function_many<__flush_cache_all\n/);
    assert.match(r.out, /\nseen +2 times, first 2023-11-14T22:13:20Z, last 2023-11-15T22:13:20Z\n/);
    assert.match(r.out, /\nswitches +\d+ original → \d+ minimized\n/);
    assert.match(r.out, /\noutcomes per strategy, re-run now:\n +strategy +outcome +title\n/);
    assert.match(r.out, /\n +legacy +hang +stuck/);
    assert.match(r.out, /\n +upstream +ok +the new kernel booted/);
    assert.match(
      r.out,
      /\nscenario \(the finding was not minimized[^\n]*\n {2}\{\n {4}"version": 1,\n {4}"platform": "cps",/,
    );
    assert.match(
      r.out,
      /\ntrace of legacy on the repro, 12 lines either side of its first anomaly \(>>\):\ntrace: \d+ events/,
    );
    // The hang's last wait, with the IPIs before it from every CPU, in order.
    assert.match(r.out, /CPU3 +ipi-sent +to CPU0[\s\S]*CPU0 +ipi-taken/);
    assert.match(r.out, /\n {2}>> +\d+ +CPU3 /);
    assert.match(r.out, replayLinePattern(1));
  });

  // The cause section names the mechanism: who wrote, what flush ran, which IPI was not taken, where a CPU went.
  for (const [corpus, strategy, pattern] of [
    ['s17-cps-small-image', 'legacy', /got an older word than the new-image word[\s\S]*No CPU wrote that line back/],
    ['s13-cps-running-secondaries', 'legacy', /overwrote old_idle[\s\S]*while CPU\d was still running that code/],
    ['s06-octeon-kdump-play-dead', 'v4-play-dead', /CPU1 never checked in; it ended running at play_dead/],
    [
      's01-cps-kdump-flush-hang',
      'legacy',
      /CPU3 sent an IPI to CPU0 at step \d+; CPU0 never took it, and is running at/,
    ],
  ] as const) {
    test(`the cause of ${strategy} on ${corpus}, from its trace`, async (t) => {
      const db = dbWith(t, [findingOn(corpusText(corpus), strategy)]);
      const r = await kexfuzz(['findings', 'show', '1', '--db', db]);
      assert.equal(r.code, 0, r.err);
      const cause = /\ncause, on the repro:\n((?: {2}.*\n)+)/.exec(r.out);
      assert.ok(cause, r.out);
      assertGolden(`findings show cause ${corpus} ${strategy}`, cause[1] ?? '');
      assert.match(cause[1] ?? '', pattern);
    });
  }

  test('an original that differs from the repro is shown too; notes are listed', async (t) => {
    const s01 = corpusText('s01-cps-kdump-flush-hang');
    const original = JSON.stringify({
      ...JSON.parse(s01),
      timing: { seed: 9, stalls: [{ cpu: 1, from: 5, steps: 7 }] },
    });
    const db = dbWith(t, [findingOn(s01, 'legacy', { original })]);
    await kexfuzz(['findings', 'triage', '1', '--db', db, '--note', 'looks like S1']);
    const r = await kexfuzz(['findings', 'show', '1', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /\noriginal \(as first found\):\n[\s\S]*"seed": 9,\n +"stalls": \[\{ "cpu": 1, "from": 5, "steps": 7 \}\]/,
    );
    assert.match(r.out, /\nnotes:\n {2}\d{4}-\d\d-\d\dT[\d:.]+Z looks like S1\n/);
  });

  test('--trace-last N shortens the trace; --json is one object with the parsed scenario and outcomes', async (t) => {
    const { db } = standardDb(t);
    const short = await kexfuzz(['findings', 'show', '1', '--db', db, '--trace-last', '2']);
    assert.match(short.out, /\nCPU3: \d+ events, last 2 of \d+ lines shown\n/);
    const json = await kexfuzz(['findings', 'show', '3', '--db', db, '--json']);
    assert.equal(json.code, 0, json.err);
    const o = JSON.parse(json.out) as Record<string, unknown>;
    assert.equal(o['id'], 3);
    assert.equal(o['signature'], 'cps/upstream/stale-icache/new-kernel');
    assert.equal((o['scenario'] as Record<string, unknown>)['platform'], 'cps');
    assert.equal((o['outcomes'] as Record<string, { kind: string }>)['upstream']?.kind, 'stale-icache');
    assert.ok(Array.isArray(o['trace']));
    assert.match(String(o['replay']), /^kexfuzz findings replay 3 --db /);
    assert.deepEqual(o['notes'], []);
  });

  test('a finding can be named by its signature; an unknown id or signature is exit 2 naming it', async (t) => {
    const { db } = standardDb(t);
    const bySignature = await kexfuzz(['findings', 'show', 'cps/v4-offline/hang/boot-unfinished', '--db', db]);
    assert.equal(bySignature.code, 0, bySignature.err);
    assert.match(bySignature.out, /^finding 2: /);
    for (const sub of ['show', 'replay', 'export', 'minimize', 'triage']) {
      const extra = sub === 'triage' ? ['--status', 'fixed'] : [];
      const r = await kexfuzz(['findings', sub, '42', '--db', db, ...extra]);
      assert.equal(r.code, 2, sub);
      assert.match(r.err, /there is no finding 42 in .*k\.db; kexfuzz findings list --db .* shows the ids/, sub);
    }
    const sig = await kexfuzz(['findings', 'show', 'cps/nope/hang/x', '--db', db]);
    assert.equal(sig.code, 2);
    assert.match(sig.err, /no finding with signature "cps\/nope\/hang\/x"/);
  });
});

describe('kexfuzz findings replay', () => {
  test('every stored strategy reproduced, the trace hash equal: exit 0', async (t) => {
    const { db } = standardDb(t);
    const r = await kexfuzz(['findings', 'replay', '1', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^replaying finding 1 \(cps\/legacy\/hang\/smp_call_function_many<__flush_cache_all\) on its repro:\n/,
    );
    assert.match(r.out, /\n {2}legacy \* +hang +hang +reproduced +stuck/);
    assert.match(r.out, /\n {2}upstream +ok +ok +reproduced /);
    assert.match(
      r.out,
      /\nsignature: same as stored\ntrace hash of legacy: same as stored \([0-9a-f]+\)\nresult: reproduced\n/,
    );
    assert.match(r.out, replayLinePattern(1));
  });

  test('fixed, changed and skipped strategies are named; the own strategy decides the exit code', async (t) => {
    const s01 = corpusText('s01-cps-kdump-flush-hang');
    const legacy = findingOn(s01, 'legacy');
    const outcomes: Record<string, OutcomeSummary> = { ...legacy.outcomes };
    outcomes['nonboot-callback'] = { kind: 'hang', title: 'hung once', routine: null }; // now ok: fixed
    outcomes['v4-offline'] = { kind: 'wild-exec', title: 'ran wild once', routine: null }; // now hang: changed
    outcomes['upstream'] = { kind: 'ok', title: 'booted', routine: null }; // still ok: reproduced
    outcomes['my-strategy'] = { kind: 'hang', title: 'from a module', routine: null }; // not a builtin: skipped
    // A stored finding whose own strategy boots now: fixed, so exit 1.
    const wasHanging = { ...findingOn(s01, 'v4-offline'), signature: sig('cps/upstream/hang/x'), strategy: 'upstream' };
    const db = dbWith(t, [{ ...legacy, outcomes }, wasHanging]);

    const r = await kexfuzz(['findings', 'replay', '1', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\n {2}nonboot-callback +hang +ok +fixed /);
    assert.match(r.out, /\n {2}v4-offline +wild-exec +hang +changed /);
    assert.match(r.out, /\n {2}upstream +ok +ok +reproduced /);
    assert.match(
      r.out,
      /\n {2}my-strategy +hang +- +skipped +"my-strategy" is not a builtin strategy; load it with --strategy-module/,
    );

    const json = await kexfuzz(['findings', 'replay', '1', '--db', db, '--json']);
    const verdicts = Object.fromEntries(
      (JSON.parse(json.out) as { strategies: { strategy: string; verdict: string }[] }).strategies.map((s) => [
        s.strategy,
        s.verdict,
      ]),
    );
    assert.deepEqual(verdicts, {
      legacy: 'reproduced',
      'v4-play-dead': 'reproduced',
      'v4-offline': 'changed',
      'v4-scache': 'reproduced',
      'nonboot-callback': 'fixed',
      upstream: 'reproduced',
      'v4-scache-wbinv': 'reproduced',
      'my-strategy': 'skipped',
    });

    const fixed = await kexfuzz(['findings', 'replay', '2', '--db', db]);
    assert.equal(fixed.code, 1);
    assert.equal(fixed.err, '');
    assert.match(fixed.out, /\n {2}upstream \* +hang +ok +fixed /);
    assert.match(fixed.out, /\nsignature: now cps\/upstream\/ok\/-\n/);
    assert.match(fixed.out, /\ntrace hash of upstream: differs \(stored [0-9a-f]+, now [0-9a-f]+\)\n/);
    assert.match(fixed.out, /\nresult: not reproduced \(fixed\)\n/);
    const fixedJson = JSON.parse((await kexfuzz(['findings', 'replay', '2', '--db', db, '--json'])).out);
    assert.equal(fixedJson.reproduced, false);
    assert.equal(fixedJson.traceHash.same, false);
  });

  test('a failing strategy that now fails another way is changed: exit 1', async (t) => {
    const s01 = corpusText('s01-cps-kdump-flush-hang');
    const f = findingOn(s01, 'legacy', { outcomeKind: 'wild-exec', signature: sig('cps/legacy/wild-exec/x') });
    const db = dbWith(t, [f]);
    const r = await kexfuzz(['findings', 'replay', '1', '--db', db]);
    assert.equal(r.code, 1);
    assert.match(r.out, /\n {2}legacy \* +wild-exec +hang +changed /);
    assert.match(r.out, /\nresult: not reproduced \(changed\)\n/);
  });

  test('--help documents the exit status', async () => {
    const r = await kexfuzz(['findings', 'replay', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Exit status: 0 when the finding's own strategy reproduced, 1 when it did not/);
  });
});

describe('kexfuzz findings export', () => {
  test('writes <id>-<signature>.json in minimal form, and kexfuzz run on it gives the stored outcome', async (t) => {
    const { db } = standardDb(t);
    const out = join(scratchDir(t), 'exported');
    for (const id of [1, 3]) {
      const r = await kexfuzz(['findings', 'export', String(id), '--db', db, '--out', out]);
      assert.equal(r.code, 0, r.err);
      const store = openStore(db, { readonly: true });
      const f = store.getFinding(id as FindingId);
      store.close();
      assert.ok(f);
      const file = join(out, `${id}-${f.signature.replace(/[^\w.-]/g, '_')}.json`);
      assert.match(
        r.out,
        new RegExp(`^wrote ${file.replaceAll('.', '\\.')}\\nkexfuzz run .* --strategies ${f.strategy}   # `),
      );
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(JSON.parse(text), JSON.parse(f.scenario), 'the minimal repro as stored');
      assert.match(text, /^\{\n {2}"version": 1,\n {2}"platform": "cps",\n/);
      parseScenario(text);
      const run = await kexfuzz(['run', file, '--json', '--strategies', f.strategy]);
      assert.equal(run.code, 0, run.err);
      const outcome = (JSON.parse(run.out) as { outcomes: Record<string, { kind: string; signature: string }> })
        .outcomes[f.strategy];
      assert.equal(outcome?.kind, f.outcomeKind);
      assert.equal(outcome?.signature, f.signature);
    }
    assert.deepEqual(readdirSync(out).sort(), [
      '1-cps_legacy_hang_smp_call_function_many___flush_cache_all.json',
      '3-cps_upstream_stale-icache_new-kernel.json',
    ]);
  });
});

describe('kexfuzz findings triage', () => {
  test('sets the status and appends timestamped notes; the row and a replay line are printed', async (t) => {
    const { db } = standardDb(t);
    const r = await kexfuzz([
      'findings',
      'triage',
      '2',
      '--db',
      db,
      '--status',
      'confirmed',
      '--note',
      'seen on a board',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^id +status +count .*\n 2 +confirmed +1 +hang +divergence\/regression +cps\/v4-offline /);
    assert.match(r.out, /\nnotes:\n {2}\d{4}-\d\d-\d\dT[\d:.]+Z seen on a board\n/);
    assert.match(r.out, replayLinePattern(2));
    const again = await kexfuzz(['findings', 'triage', '2', '--db', db, '--note', 'second\nline']);
    assert.equal(again.code, 0, again.err);
    const store = openStore(db, { readonly: true });
    const f = store.getFinding(2 as FindingId);
    store.close();
    assert.equal(f?.status, 'confirmed', 'a note alone keeps the status');
    assert.match(f?.notes ?? '', /^\S+ seen on a board\n\S+ second\n {2}line$/);
    const fixed = await kexfuzz(['findings', 'triage', '2', '--db', db, '--status', 'fixed']);
    assert.match(fixed.out, /\n 2 +fixed /);
  });

  test('a bug group id triages every finding of the bug at once; an unknown one is exit 2', async (t) => {
    const s01 = corpusText('s01-cps-kdump-flush-hang');
    const db = dbWith(t, [
      findingOn(s01, 'legacy', { signature: sig('cps/legacy/hang/x') }),
      {
        ...findingOn(s01, 'v4-play-dead'),
        signature: sig('cmp/upstream/hang/x'),
        platform: 'cmp',
        strategy: 'upstream',
      },
      findingOn(s01, 'legacy', { signature: sig('cps/legacy/hang/y') }),
    ]);
    const groups = JSON.parse((await kexfuzz(['findings', 'list', '--db', db, '--json'])).out) as {
      id: string;
      key: string;
    }[];
    const x = groups.find((g) => g.key === 'hang/x');
    assert.ok(x);
    const r = await kexfuzz(['findings', 'triage', x.id, '--db', db, '--status', 'confirmed', '--note', 'one bug']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^bug ${x.id}: hang/x, 2 findings triaged\n`));
    const store = openStore(db, { readonly: true });
    const all = store.listFindings();
    store.close();
    assert.deepEqual(
      all.map((f) => [f.signature, f.status, f.notes.endsWith(' one bug')]),
      [
        ['cps/legacy/hang/x', 'confirmed', true],
        ['cmp/upstream/hang/x', 'confirmed', true],
        ['cps/legacy/hang/y', 'new', false],
      ],
    );
    const unknown = await kexfuzz(['findings', 'triage', 'g-000000', '--db', db, '--status', 'fixed']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /there is no bug g-000000 in /);
  });

  test('a bad status, or neither --status nor --note, is exit 2 and changes nothing', async (t) => {
    const { db } = standardDb(t);
    const bad = await kexfuzz(['findings', 'triage', '1', '--db', db, '--status', 'closed']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /argument 'closed' is invalid\. Allowed choices are new, confirmed, fixed, wontfix/);
    const neither = await kexfuzz(['findings', 'triage', '1', '--db', db]);
    assert.equal(neither.code, 2);
    assert.match(neither.err, /findings triage needs --status .* or a non-empty --note TEXT/);
    const blank = await kexfuzz(['findings', 'triage', '1', '--db', db, '--note', '  ']);
    assert.equal(blank.code, 2);
    const store = openStore(db, { readonly: true });
    assert.equal(store.getFinding(1 as FindingId)?.status, 'new');
    assert.equal(store.getFinding(1 as FindingId)?.notes, '');
    store.close();
  });
});

describe('kexfuzz findings minimize', () => {
  test('shrinks an unminimized repro keeping its signature, stores it, and it replays', async (t) => {
    const big = JSON.stringify({
      version: 1,
      platform: 'cps',
      path: 'kdump',
      crashCpu: 3,
      timing: { seed: 5, quantum: 16, stalls: [{ cpu: 1, from: 100, steps: 50 }] },
      layout: { cache: { l1Ways: 4 } },
    });
    const f = findingOn(big, 'legacy');
    const db = dbWith(t, [{ ...f, original: f.scenario }]);
    const r = await kexfuzz(['findings', 'minimize', '1', '--db', db, '--runs', '30']);
    assert.equal(r.code, 0, r.err);
    const [, beforeSwitches, beforeSize] =
      /\nbefore: (\d+) context switches, input (\d+) characters\n/.exec(r.out) ?? [];
    const [, afterSwitches, afterSize] =
      /\nafter: {2}(\d+) context switches, input (\d+) characters\n/.exec(r.out) ?? [];
    assert.ok(Number(afterSwitches) <= Number(beforeSwitches), r.out);
    assert.ok(Number(afterSize) < Number(beforeSize), r.out);
    assert.match(r.out, /\nstored the smaller repro \(trace hash [0-9a-f]+\)\.\n/);
    assert.match(r.out, replayLinePattern(1));

    const store = openStore(db, { readonly: true });
    const stored = store.getFinding(1 as FindingId);
    store.close();
    assert.ok(stored);
    // The repro may pin a recorded schedule; what must shrink is the input without it.
    const withoutSchedule = (json: string): number => {
      const input = JSON.parse(json);
      if (input.timing) delete input.timing.schedule;
      return JSON.stringify(input).length;
    };
    assert.ok(withoutSchedule(stored.scenario) < withoutSchedule(f.scenario));
    assert.equal(stored.original, f.scenario, 'the original is kept');
    assert.equal(stored.switchesMinimized, Number(afterSwitches));
    assert.equal(stored.switchesOriginal, f.switchesOriginal);
    const replay = await kexfuzz(['findings', 'replay', '1', '--db', db]);
    assert.equal(replay.code, 0, replay.out);
    assert.match(replay.out, /\ntrace hash of legacy: same as stored /);

    const again = await kexfuzz(['findings', 'minimize', '1', '--db', db, '--runs', '10']);
    assert.equal(again.code, 0, again.err);
    assert.match(
      again.out,
      /\nkept the stored repro: nothing smaller keeps its verdict \(signature, and the strategies that boot\) within the budget\.\n/,
    );
  });

  test('a repro that no longer shows its signature is exit 1 and is left alone', async (t) => {
    const s01 = corpusText('s01-cps-kdump-flush-hang');
    const wasHanging = { ...findingOn(s01, 'v4-offline'), signature: sig('cps/upstream/hang/x'), strategy: 'upstream' };
    const db = dbWith(t, [wasHanging]);
    const r = await kexfuzz(['findings', 'minimize', '1', '--db', db, '--runs', '5']);
    assert.equal(r.code, 1);
    assert.match(r.out, /the stored repro no longer shows this signature: upstream now gives cps\/upstream\/ok\/-\./);
    const store = openStore(db, { readonly: true });
    assert.equal(store.getFinding(1 as FindingId)?.scenario, wasHanging.scenario);
    store.close();
  });

  test('--runs must be a positive integer', async (t) => {
    const { db } = standardDb(t);
    const r = await kexfuzz(['findings', 'minimize', '1', '--db', db, '--runs', '0']);
    assert.equal(r.code, 2);
    assert.match(r.err, /Expected a positive integer/);
  });
});
