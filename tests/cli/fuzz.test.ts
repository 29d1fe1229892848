import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { reproSize } from '../../src/fuzz/shrink-input.js';
import { signatureOf } from '../../src/oracle/signature.js';
import { runStrategy } from '../../src/run/run-strategy.js';
import { parseScenario } from '../../src/scenario/codec.js';
import { type Campaign, openStore } from '../../src/store/index.js';
import { strategyByName } from '../../src/strategies/index.js';
import { kexfuzz } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'kexfuzz-fuzz-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let dbs = 0;
const freshDb = (): string => path.join(dir, `f${++dbs}.db`);

/** Signature → count of every finding in a database. */
function findings(db: string): Map<string, number> {
  const store = openStore(db, { readonly: true });
  try {
    return new Map(store.listFindings().map((f) => [f.signature, f.count]));
  } finally {
    store.close();
  }
}

function latestCampaign(db: string): Campaign | null {
  if (!existsSync(db)) return null;
  try {
    const store = openStore(db, { readonly: true });
    try {
      return store.latestCampaign();
    } finally {
      store.close();
    }
  } catch {
    return null; // not created or not migrated yet
  }
}

function spawnKexfuzz(args: string[]): ChildProcess & { out: () => string; err: () => string } {
  // As `npx kexfuzz` runs it, so the commands it suggests start with that.
  const child = spawn(process.execPath, ['bin/kexfuzz.js', ...args], {
    cwd: root,
    env: { ...process.env, npm_command: 'exec' },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return Object.assign(child, { out: () => out, err: () => err });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

/** Polls until the campaign in `db` has committed a batch beyond `nextBatch` (or the child ended first). */
async function commitBeyond(db: string, child: ChildProcess, nextBatch = 0): Promise<Campaign> {
  for (;;) {
    const c = latestCampaign(db);
    if (c !== null && c.nextBatch > nextBatch) return c;
    if (child.exitCode !== null) throw new Error(`kexfuzz exited (${child.exitCode}) before its first commit`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('kexfuzz fuzz', () => {
  test('bad flags exit 2 before anything runs, naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--shard', '3/2'],
        /option '--shard <k\/n>' argument '3\/2' is invalid\. Expected K\/N with 1 ≤ K ≤ N, but was 3\/2/,
      ],
      [['--shard', '0/2'], /Expected K\/N with 1 ≤ K ≤ N/],
      [['--shard', 'two'], /Expected K\/N, e\.g\. 1\/4/],
      [
        ['--time', '5x'],
        /option '--time <duration>' argument '5x' is invalid\. Expected a duration such as 8h, 30m, 90s or 2m30s/,
      ],
      [['--time', '0s'], /Expected a duration longer than zero/],
      [['--workers', '0'], /option '--workers <n>' argument '0' is invalid\. Expected a positive integer/],
      [['--seed', '-1'], /Expected an integer from 0 to 2147483647/],
      [['--platforms', 'cps,mips'], /"mips" is not a platform; each should be one of "cps", /],
      [['--strategies', 'legacy,nope'], /unknown strategy "nope" in --strategies/],
      [['--strategies', 'legacy,v4-scache'], /--reference "upstream" is not one of the strategies the campaign runs/],
    ];
    for (const [args, message] of cases) {
      const db = freshDb();
      const r = await kexfuzz(['fuzz', '--db', db, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message, args.join(' '));
      assert.equal(r.out, '');
      assert.ok(!existsSync(db), `${args.join(' ')} created the database`);
    }
  });

  test('--resume is one command for every restart (issue 10: the README recipes crash-looped on exit 2): it starts a campaign when there is none, exits 0 when it finished, and starts a new one for another configuration', async () => {
    const db = freshDb();
    const args = ['--db', db, '--runs', '2', '--batch-size', '1', '--workers', '1', '--no-minimize'];
    const args2 = [...args, '--platforms', 'octeon', '--strategies', 'legacy,upstream'];
    const first = await kexfuzz(['fuzz', '--resume', ...args2]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.err, /--resume: no database .*f\d+\.db yet; starting a campaign/);
    assert.match(first.out, /^campaign #1 \(seed 1, shard 1\/1\): all runs done; 2 runs/);

    const finished = await kexfuzz(['fuzz', '--resume', ...args2]);
    assert.equal(finished.code, 0, finished.err);
    assert.match(finished.out, /^kexfuzz: campaign #1 in .* already finished \(2 runs\); nothing to resume\./);

    const other = await kexfuzz(['fuzz', '--resume', ...args2, '--seed', '7', '--platforms', 'cps,octeon']);
    assert.equal(other.code, 0, other.err);
    assert.match(
      other.err,
      /no campaign in .* has this configuration \(the latest, #1, has seed 1 there, 7 now; platforms octeon there, cps,octeon now\); starting a new one/,
    );
    assert.match(other.out, /^campaign #2 /);
  });

  test('a campaign prints a summary and, per new bug, its key, where it showed and a replay line; findings accumulate', async () => {
    const db = freshDb();
    const args = ['fuzz', '--db', db, '--runs', '4', '--batch-size', '2', '--workers', '1', '--no-minimize'];
    const r = await kexfuzz([...args, '--platforms', 'cps']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^campaign #1 \(seed 1, shard 1\/1\): all runs done; 4 runs in \d+s \([\d.]+ runs\/s\)\n/);
    assert.match(r.out, /\nsignatures: (\d+) seen, \1 new — /);
    assert.match(r.out, /\ncoverage: \d+ keys \(\+\d+\); corpus: \d+ scenarios? \(\+\d+\)\n/);
    // and what it did not find: the PCT statement for its runs (four cps scenarios: maybe none under PCT)
    assert.match(
      r.out,
      /\nwhat the PCT runs rule out: the probability of having missed a bug of depth d, per platform\n/,
    );
    const stored = findings(db);
    assert.ok(stored.size > 0, 'four cps scenarios over every strategy find something');
    // One line per new bug; the signatures of bugs the corpus or the baseline knows are counted on one line.
    const entries = [...r.out.matchAll(/^ {2}(g-[0-9a-f]{6}) (\S+) (\S+) — (\S+) on cps, (\d+) signatures?: (.+)$/gm)];
    const before = /\n(\d+) new signatures? of \d+ bugs? known or seen before/.exec(r.out);
    const counted = entries.reduce((n, e) => n + Number(e[5]), 0) + Number(before?.[1] ?? 0);
    assert.equal(counted, stored.size, r.out);
    for (const [, , kind, key, , , replay] of entries) {
      assert.match(kind ?? '', /^(divergence|common-mode)(\/(regression|improvement|both-wrong))?$/);
      assert.match(key ?? '', /^[a-z-]+\/\S+$/);
      assert.match(replay ?? '', new RegExp(`^kexfuzz findings replay \\d+ --db ${db}   # seed 1, scenario [0-3]$`));
    }
    assert.match(
      r.err,
      /^runs 4\/4 \([\d.]+\/s\) · \d+s elapsed · coverage \d+ · corpus \d+ · signatures \d+ \(\d+ new\)/m,
    );

    const again = await kexfuzz([...args, '--platforms', 'cps', '--seed', '2']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /^campaign #2 \(seed 2/);
    const both = findings(db);
    for (const [signature, count] of stored) assert.ok((both.get(signature) ?? 0) >= count);
  });

  test('the same seed and runs give the same findings on 1 and on 2 workers', async () => {
    const run = async (workers: string) => {
      const db = freshDb();
      const r = await kexfuzz([
        'fuzz',
        '--db',
        db,
        '--runs',
        '24',
        '--batch-size',
        '2',
        '--workers',
        workers,
        '--no-minimize',
      ]);
      assert.equal(r.code, 0, r.err);
      return { findings: [...findings(db)].sort(), campaign: latestCampaign(db) };
    };
    const one = await run('1');
    const two = await run('2');
    assert.ok(one.findings.length > 0);
    assert.deepEqual(two.findings, one.findings);
    assert.equal(one.campaign?.runs, 24);
    assert.equal(two.campaign?.runs, 24);
  });

  test('new findings are minimized in the background, keep their signature and are no larger than found', async () => {
    const db = freshDb();
    const args = ['--platforms', 'cps', '--strategies', 'legacy,upstream', '--runs', '4', '--batch-size', '2'];
    const r = await kexfuzz(['fuzz', '--db', db, '--workers', '2', ...args]);
    assert.equal(r.code, 0, r.err);
    const m = /\nminimized: (\d+) of (\d+) new findings?/.exec(r.out);
    assert.ok(m, r.out);
    const store = openStore(db, { readonly: true });
    try {
      const all = store.listFindings();
      assert.equal(Number(m[2]), all.length);
      // A run-limited campaign waits for every minimization; one that finds nothing smaller keeps the original.
      assert.equal(Number(m[1]), all.length);
      for (const f of all) {
        const strategy = strategyByName(f.strategy);
        assert.ok(strategy);
        const s = parseScenario(f.scenario);
        assert.equal(signatureOf(s.platform, f.strategy, runStrategy(s, strategy).outcome), f.signature);
        assert.ok(reproSize(s) <= reproSize(parseScenario(f.original)), f.scenario);
        assert.ok(f.switchesMinimized <= f.switchesOriginal);
      }
    } finally {
      store.close();
    }
  });

  test('a campaign killed with SIGKILL resumes at once (its lease dies with it) with every committed finding intact', async () => {
    // 48 one-scenario batches on one worker: six epochs of 8, several seconds, so the kill lands mid-run.
    const db = freshDb();
    const runs = 48;
    const args = ['fuzz', '--runs', String(runs), '--db', db, '--workers', '1', '--no-minimize', '--batch-size', '1'];
    const child = spawnKexfuzz(args);
    const done = exited(child);
    await commitBeyond(db, child);
    // A second runner of the same campaign is refused, naming the first (it ran the same batches and died
    // on its first commit, exit 3), and leaves the campaign to it.
    const second = await kexfuzz([...args, '--resume']);
    assert.equal(second.code, 2, second.err);
    assert.match(second.err, new RegExp(`campaign #1 in .* is being run by pid ${child.pid} on \\S+ \\(lease until `));
    child.kill('SIGKILL');
    assert.equal((await done).signal, 'SIGKILL');

    const killed = latestCampaign(db);
    assert.ok(killed !== null && !killed.finished && killed.runs < runs, `killed mid-run: ${JSON.stringify(killed)}`);
    const before = findings(db);

    const resumed = spawnKexfuzz([...args, '--resume']);
    const r = await exited(resumed);
    assert.equal(r.code, 0, resumed.err());
    assert.match(
      resumed.out(),
      /^campaign #1 \(seed 1, shard 1\/1, resumed\): all runs done; \d+ runs this session, 48 in all/,
    );

    const campaign = latestCampaign(db);
    assert.equal(campaign?.id, killed.id);
    assert.equal(campaign?.runs, runs);
    assert.equal(campaign?.nextBatch, runs);
    assert.equal(campaign?.finished, true);
    const afterResume = findings(db);
    for (const [signature, count] of before) {
      assert.ok(
        (afterResume.get(signature) ?? 0) >= count,
        `${signature}: ${count} before, ${afterResume.get(signature)} after`,
      );
    }
    const sqlite = new Database(db, { readonly: true });
    try {
      assert.equal(sqlite.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      sqlite.close();
    }
  });

  test('the first Ctrl-C finishes the batch in flight and exits 0 with a resume line; a second exits 130, saying what is committed and how to resume', async () => {
    const db = freshDb();
    const args = ['fuzz', '--runs', '48', '--db', db, '--workers', '1', '--no-minimize', '--batch-size', '1'];
    const child = spawnKexfuzz(args);
    const done = exited(child);
    await commitBeyond(db, child);
    child.kill('SIGINT');
    assert.equal((await done).code, 0, child.err());
    assert.match(child.err(), /stopping after the batch in flight; Ctrl-C again to quit now/);
    assert.match(child.out(), /: stopped by a signal; /);
    assert.match(
      child.out(),
      new RegExp(
        `\\nresume with: npx kexfuzz fuzz --resume --runs 48 --workers 1 --db ${db} --batch-size 1 --no-minimize\\n`,
      ),
    );
    const stopped = latestCampaign(db);
    assert.equal(stopped?.finished, false);
    assert.equal((stopped?.runs ?? 0) % 8, 0, 'whole epochs were committed');

    const twice = spawnKexfuzz([...args, '--resume']);
    const ended = exited(twice);
    await commitBeyond(db, twice, stopped?.nextBatch);
    twice.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 50));
    twice.kill('SIGINT');
    assert.equal((await ended).code, 130);
    // It said nothing of what it had committed, nor how to go on (issue 10).
    assert.match(
      twice.out(),
      new RegExp(
        `^campaign #1 \\(seed 1, shard 1/1\\): quit by a second signal; \\d+ runs committed in ${db}, \\d+ findings in all\n` +
          `resume with: npx kexfuzz fuzz --resume --runs 48 --workers 1 --db ${db} --batch-size 1 --no-minimize\n$`,
      ),
    );
    assert.match(twice.err(), /quit at once; the batches and minimizations in flight are lost/);
  });
});
