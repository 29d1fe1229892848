import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CampaignStatus } from '../../src/contract/campaign.js';
import type { OutcomeKind } from '../../src/contract/outcome.js';
import type { BatchResult, BatchTask, FindingMsg, MinimizedRepro, MinimizeResult } from '../../src/fuzz/messages.js';
import { minimizeGate } from '../../src/fuzz/minimize-gate.js';
import type { BatchPool } from '../../src/fuzz/pool.js';
import { runSession, type SessionArgs, type SessionBatch, type SessionSink } from '../../src/fuzz/session.js';
import { sig } from '../helpers/factories.js';

function finding(signature: string, index: number): FindingMsg {
  return {
    index,
    signature: sig(signature),
    kind: 'divergence',
    label: 'regression',
    platform: 'cps',
    strategy: 'legacy',
    outcomeKind: (signature.split('/')[0] ?? 'hang') as OutcomeKind,
    routine: null,
    title: signature,
    scenario: `{"index":${index}}`,
    outcomes: {},
    traceHash: 'h',
    switches: 3,
    origin: { seed: index, mutates: null, platforms: ['cps'] },
  };
}

function repro(signature: string): MinimizedRepro {
  return {
    kind: 'minimized',
    signature: sig(signature),
    scenario: '{"minimized":true}',
    outcomes: {},
    traceHash: 'm',
    switchesOriginal: 3,
    switchesMinimized: 1,
  };
}

/**
 * A pool with canned batches: batch i finds the signatures `found[i]`, runs every scenario and reaches one
 * new coverage key. Minimizations are held until `release()`, or reject with `minimizeError`.
 */
function cannedPool(found: readonly (readonly string[])[], minimizeError?: Error) {
  const held: (() => void)[] = [];
  const pool: BatchPool & { release(): void } = {
    run: async (task: BatchTask): Promise<BatchResult> => ({
      kind: 'batch-done',
      batchIndex: task.batchIndex,
      runs: task.count,
      invalid: 0,
      findings: (found[task.batchIndex] ?? []).map((s, i) => finding(s, task.from + i)),
      novel: [{ scenario: `{"batch":${task.batchIndex}}`, keys: Int32Array.of(task.batchIndex + 1) }],
      outcomes: { ok: task.count },
      tallies: [{ platform: 'cps', strategy: 'legacy', kind: 'ok', runs: task.count }],
      pct: [],
    }),
    minimize: (task) =>
      minimizeError !== undefined
        ? Promise.reject(minimizeError)
        : new Promise<MinimizeResult>((resolve) => held.push(() => resolve(repro(task.signature)))),
    release: () => {
      for (const go of held.splice(0)) go();
    },
    close: async () => {},
  };
  return pool;
}

/** The session's writes, kept in memory. */
function memorySink(known: readonly string[] = []) {
  const stored = new Set(known);
  const batches: SessionBatch[] = [];
  const repros: MinimizedRepro[] = [];
  let coverage = 0;
  let corpus = 0;
  const sink: SessionSink = {
    start: () => ({ nextBatch: 0, runs: 0, known, corpus: [], coverage: [] }),
    commitBatch(b) {
      batches.push(b);
      const newSignatures = b.findings.map((f) => f.first.signature).filter((s) => !stored.has(s));
      for (const s of newSignatures) stored.add(s);
      coverage += b.coverage.length;
      corpus += b.corpus.length;
      return { newSignatures, newCoverage: b.coverage.length };
    },
    applyRepro: (m) => void repros.push(m),
    coverageSize: () => coverage,
    corpusSize: () => corpus,
  };
  return { sink, batches, repros };
}

const options: SessionArgs['options'] = {
  seed: 1,
  runs: 4,
  timeMs: null,
  batchSize: 1,
  strategies: ['legacy', 'upstream'],
  strategyModules: [],
  platforms: ['cps'],
  reference: 'upstream',
  shard: { index: 0, count: 1 },
  minimize: { shrinkRuns: 1, scheduleRuns: 1 },
};

describe('campaign session', () => {
  test('each batch goes to the sink once, in order, with each of its signatures once and how often it saw them', async () => {
    const pool = cannedPool([['hang/a', 'hang/a', 'wild-exec/b'], [], ['hang/a', 'hang/c'], ['known/d']]);
    const { sink, batches } = memorySink(['known/d']);
    const found: [string, boolean][] = [];
    const result = await runSession({
      sink,
      options: { ...options, minimize: null },
      pool,
      gate: null,
      signal: new AbortController().signal,
      hooks: { onFinding: (f, isNew) => void found.push([f.signature, isNew]) },
    });
    assert.deepEqual(
      batches.map((b) => [b.batchIndex, b.runs, b.findings.map((f) => `${f.first.signature}×${f.count}`)]),
      [
        [0, 1, ['hang/a×2', 'wild-exec/b×1']],
        [1, 1, []],
        [2, 1, ['hang/a×1', 'hang/c×1']],
        [3, 1, ['known/d×1']],
      ],
    );
    assert.ok(batches[0]?.stats !== undefined && batches[3]?.stats !== undefined, 'stats on the first and last');
    // Each canned batch adds one corpus entry: a sample counts it with the ones already stored.
    assert.deepEqual([batches[0]?.stats?.corpus, batches[3]?.stats?.corpus], [1, 4]);
    const sessions = new Set(batches.flatMap((b) => (b.stats === undefined ? [] : [b.stats.sessionStarted])));
    assert.equal(sessions.size, 1, 'one session: every sample names the same start');
    assert.deepEqual(found, [
      ['hang/a', true],
      ['wild-exec/b', true],
      ['hang/c', true],
      ['known/d', false],
    ]);
    assert.deepEqual(result.newSignatures, ['hang/a', 'wild-exec/b', 'hang/c']);
    assert.deepEqual(result.byKind, { hang: 2, 'wild-exec': 1, known: 1 });
    assert.equal(result.seen.get('hang/a')?.count, 3);
    assert.equal(result.runs, 4);
    assert.equal(result.campaignRuns, 4);
    assert.deepEqual(result.coverage, { total: 4, added: 4 });
  });

  test('the status at the end is the one the done hook gets, with the same counts as the result', async () => {
    const { sink } = memorySink();
    const done: CampaignStatus[] = [];
    const progress: CampaignStatus[] = [];
    const result = await runSession({
      sink,
      options: { ...options, minimize: null },
      pool: cannedPool([['hang/a'], ['hang/b']]),
      gate: null,
      signal: new AbortController().signal,
      hooks: { onProgress: (s) => void progress.push(s), onDone: (r) => void done.push(r.status) },
    });
    assert.equal(done.length, 1);
    assert.equal(done[0], result.status);
    assert.equal(result.status.remainingMs, null);
    assert.equal(result.status.runsPerSecond, result.runsPerSecond);
    assert.deepEqual(result.status.byKind, result.byKind);
    assert.equal(result.status.signatures, 2);
    assert.equal(progress.at(-1)?.runs, 4);
    assert.equal(progress.at(-1)?.targetRuns, 4);
  });

  test('minimizations the gate never started are reported as skipped, and only real repros are stored', async () => {
    const pool = cannedPool([['hang/a'], ['hang/b'], ['hang/c'], ['hang/d']]);
    const { sink, repros } = memorySink();
    const reported: MinimizeResult['kind'][] = [];
    const result = await runSession({
      sink,
      options,
      pool,
      // one worker: one minimization runs at a time, the others wait for the gate
      gate: minimizeGate(pool, 1),
      minimizeGraceMs: 0,
      signal: new AbortController().signal,
      hooks: {
        onMinimized(m) {
          reported.push(m.kind);
          // the gate has closed: let the one minimization it started finish
          if (m.kind === 'minimize-skipped') pool.release();
        },
      },
    });
    assert.deepEqual(reported, ['minimize-skipped', 'minimize-skipped', 'minimize-skipped', 'minimized']);
    assert.equal(result.minimizeSkipped, 3);
    assert.equal(result.minimized, 1);
    assert.deepEqual(
      repros.map((r) => r.signature),
      ['hang/a'],
    );
  });

  test('a minimization that fails fails the session with its error', async () => {
    const { sink } = memorySink();
    await assert.rejects(
      runSession({
        sink,
        options,
        pool: cannedPool([['hang/a'], ['hang/b']], new Error('minimizer bug')),
        gate: null,
        signal: new AbortController().signal,
      }),
      /minimizer bug/,
    );
  });
});

describe('minimize gate', () => {
  test('once closed, a minimization resolves as skipped, naming its signature, without reaching the pool', async () => {
    const pool = cannedPool([], new Error('the pool was reached'));
    const gate = minimizeGate(pool, 2);
    gate.close();
    const result = await gate.pool.minimize({
      kind: 'minimize',
      origin: { seed: 1, mutates: null, platforms: ['cps'] },
      strategy: 'legacy',
      signature: sig('cps/legacy/hang/-'),
      strategies: ['legacy'],
      strategyModules: [],
      limits: { shrinkRuns: 1, scheduleRuns: 1 },
    });
    assert.deepEqual(result, { kind: 'minimize-skipped', signature: sig('cps/legacy/hang/-') });
  });
});

describe('commits and resumes within an epoch (issue 10: a kill lost up to a whole 8-batch epoch)', () => {
  test('a batch is stored as soon as it and those before it are done, while later batches of its epoch still run', async () => {
    const gates: (() => void)[] = [];
    const pool: BatchPool = {
      run: (task) =>
        new Promise<BatchResult>((resolve) => {
          const result: BatchResult = {
            kind: 'batch-done',
            batchIndex: task.batchIndex,
            runs: task.count,
            invalid: 0,
            findings: [],
            novel: [],
            outcomes: { ok: task.count },
            tallies: [],
            pct: [],
          };
          gates[task.batchIndex] = () => resolve(result);
        }),
      minimize: () => Promise.reject(new Error('no minimizing here')),
      close: async () => {},
    };
    const { sink, batches } = memorySink();
    const done = runSession({
      sink,
      options: { ...options, minimize: null },
      pool,
      gate: null,
      signal: new AbortController().signal,
    });
    await new Promise((r) => setImmediate(r));
    gates[0]?.();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      batches.map((b) => b.batchIndex),
      [0],
      'batch 0 is stored while batches 1–3 of its epoch run',
    );
    gates[2]?.();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      batches.map((b) => b.batchIndex),
      [0],
      'batch 2 waits for batch 1',
    );
    gates[1]?.();
    gates[3]?.();
    await done;
    assert.deepEqual(
      batches.map((b) => b.batchIndex),
      [0, 1, 2, 3],
    );
  });

  test('a campaign resumed mid-epoch mutates the corpus its epoch began with; the next epoch, the whole corpus', async () => {
    const tasks: BatchTask[] = [];
    const pool = cannedPool([]);
    const recording: BatchPool = {
      ...pool,
      run: (task) => {
        tasks.push(task);
        return pool.run(task);
      },
    };
    const { sink } = memorySink();
    const resumed: SessionSink = {
      ...sink,
      start: () => ({
        nextBatch: 5,
        runs: 5,
        known: [],
        corpus: ['{"before":0}', '{"batch":1}', '{"batch":4}'],
        corpusBefore: (batch) => (batch === 0 ? ['{"before":0}'] : []),
        coverage: [],
      }),
    };
    await runSession({
      sink: resumed,
      options: { ...options, runs: 10, minimize: null },
      pool: recording,
      gate: null,
      signal: new AbortController().signal,
    });
    const corpusOf = (batch: number) => tasks.find((t) => t.batchIndex === batch)?.corpus;
    assert.deepEqual(corpusOf(5), ['{"before":0}']);
    assert.deepEqual(corpusOf(7), ['{"before":0}']);
    assert.deepEqual(corpusOf(8), [
      '{"before":0}',
      '{"batch":1}',
      '{"batch":4}',
      '{"batch":5}',
      '{"batch":6}',
      '{"batch":7}',
    ]);
  });
});

describe('minimizations a killed campaign owed (issue 10: they were dropped and never retried)', () => {
  test('a resumed session starts the queued ones first and stores their repros', async () => {
    const pool = cannedPool([['hang/new']]);
    const asked: string[] = [];
    const recording: BatchPool = {
      ...pool,
      minimize: (task) => {
        asked.push(task.signature);
        const r = pool.minimize(task);
        pool.release();
        return r;
      },
    };
    const { sink, repros } = memorySink(['hang/owed']);
    const owed = finding('hang/owed', 3);
    const resumed: SessionSink = {
      ...sink,
      start: () => ({ ...sink.start(), queued: [owed] }),
    };
    const result = await runSession({
      sink: resumed,
      options: { ...options, runs: 2 },
      pool: recording,
      gate: null,
      signal: new AbortController().signal,
    });
    assert.deepEqual(asked, ['hang/owed', 'hang/new']);
    assert.deepEqual(
      repros.map((r) => r.signature),
      ['hang/owed', 'hang/new'],
    );
    assert.equal(result.minimized, 2);
  });
});
