import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Outcome } from '../../src/contract/outcome.js';
import { runBatch, runMinimize } from '../../src/fuzz/batch.js';
import { type CampaignOptions, type CommittedBatch, runCampaign } from '../../src/fuzz/campaign.js';
import { findFailures } from '../../src/fuzz/differential.js';
import type { BatchResult, BatchTask, MinimizeResult, MinimizeTask } from '../../src/fuzz/messages.js';
import type { BatchPool } from '../../src/fuzz/pool.js';
import { signatureOf } from '../../src/oracle/signature.js';
import { runStrategy } from '../../src/run/run-strategy.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { builtinStrategies, strategyByName } from '../../src/strategies/index.js';

const names = builtinStrategies.map((s) => s.name);

function options(overrides: Partial<CampaignOptions> = {}): CampaignOptions {
  return {
    seed: 3,
    runs: 24,
    timeMs: null,
    batchSize: 2,
    epochBatches: 4,
    strategies: names,
    strategyModules: [],
    platforms: [],
    reference: 'upstream',
    shard: { index: 0, count: 1 },
    startBatch: 0,
    corpus: [],
    coverage: [],
    known: [],
    minimize: null,
    ...overrides,
  };
}

/** An in-thread pool that finishes tasks in a scrambled order, the way a busy pool of threads might. */
function scrambledPool(order: 'fifo' | 'lifo'): BatchPool & { tasks: number } {
  const queue: (() => void)[] = [];
  const flush = (): void => {
    const jobs = order === 'fifo' ? queue.splice(0) : queue.splice(0).reverse();
    for (const job of jobs) job();
  };
  const pool = {
    tasks: 0,
    run(task: BatchTask): Promise<BatchResult> {
      pool.tasks++;
      return new Promise((resolve) => {
        queue.push(() => resolve(runBatch(task, builtinStrategies)));
        setImmediate(flush);
      });
    },
    minimize(task: MinimizeTask): Promise<MinimizeResult> {
      return Promise.resolve(runMinimize(task, builtinStrategies));
    },
    close: async () => {},
  };
  return pool;
}

async function campaign(pool: BatchPool, o: CampaignOptions) {
  const batches: CommittedBatch[] = [];
  const summary = await runCampaign(o, pool, { onBatch: (b) => void batches.push(b) }, new AbortController().signal);
  const findings = batches.flatMap((b) => b.result.findings.map((f) => `${f.index}:${f.signature}`));
  return { summary, batches, findings, corpus: batches.flatMap((b) => b.corpusAdded.map((c) => c.scenario)) };
}

describe('campaign', () => {
  test('results are applied in batch order whatever order the pool finishes them in', async () => {
    const a = await campaign(scrambledPool('fifo'), options());
    const b = await campaign(scrambledPool('lifo'), options());
    assert.deepEqual(b.findings, a.findings);
    assert.deepEqual(b.corpus, a.corpus);
    assert.deepEqual(
      a.batches.map((x) => x.localBatch),
      a.batches.map((_, i) => i),
    );
    assert.equal(a.summary.runs + a.summary.invalid, 24);
    assert.ok(a.findings.length > 0, 'a 24-scenario campaign over every platform finds something');
  });

  test('a resumed campaign runs exactly the batches the first one did not', async () => {
    const whole = await campaign(scrambledPool('fifo'), options());
    const first = await campaign(scrambledPool('fifo'), options({ runs: 8 }));
    const rest = await campaign(
      scrambledPool('fifo'),
      options({
        startBatch: first.summary.nextBatch,
        corpus: first.corpus,
        coverage: [...new Set(first.batches.flatMap((b) => b.coverageAdded))],
        known: [],
      }),
    );
    assert.equal(first.summary.nextBatch, 4);
    assert.deepEqual(
      [...first.findings, ...rest.findings].map((f) => f.split(':')[1]).sort(),
      whole.findings.map((f) => f.split(':')[1]).sort(),
    );
  });

  test('shards split the scenarios between them: together they run what one campaign runs', async () => {
    const one = await campaign(scrambledPool('fifo'), options({ runs: 16, epochBatches: 1 }));
    const shards = await Promise.all(
      [0, 1].map((index) =>
        campaign(scrambledPool('fifo'), options({ runs: 8, shard: { index, count: 2 }, epochBatches: 1 })),
      ),
    );
    const indices = (c: { findings: string[] }) => new Set(c.findings.map((f) => Number(f.split(':')[0])));
    const union = new Set([...indices(shards[0]!), ...indices(shards[1]!)]);
    for (const i of union) assert.ok(i < 16, `scenario ${i} belongs to the first 16`);
    assert.equal(
      shards[0]!.summary.runs + shards[0]!.summary.invalid + shards[1]!.summary.runs + shards[1]!.summary.invalid,
      16,
    );
    void one;
  });
});

describe('differential findings', () => {
  const o = (kind: Outcome['kind']): Outcome => ({
    kind,
    cpu: 0,
    routine: 'r',
    label: null,
    step: 0,
    site: 'r',
    waits: [],
    title: kind,
  });
  test('a failure beside a boot is a divergence, labelled against the reference', () => {
    const found = findFailures(
      'cps',
      new Map([
        ['legacy', o('hang')],
        ['upstream', o('ok')],
      ]),
      'upstream',
    );
    assert.deepEqual(
      found.map((f) => [f.strategy, f.kind, f.label]),
      [['legacy', 'divergence', 'regression']],
    );
  });
  test('when every strategy that ran fails it is common-mode; refused ones do not count', () => {
    const found = findFailures(
      'cmp',
      new Map([
        ['legacy', o('wild-exec')],
        ['upstream', o('refused')],
        ['v4-play-dead', o('cpu-lost')],
      ]),
      'upstream',
    );
    assert.deepEqual(
      found.map((f) => [f.kind, f.label]),
      [
        ['common-mode', null],
        ['common-mode', null],
      ],
    );
  });
  test('the reference failing where another boots is an improvement', () => {
    const found = findFailures(
      'cps',
      new Map([
        ['nonboot-callback', o('ok')],
        ['upstream', o('corruption')],
      ]),
      'upstream',
    );
    assert.deepEqual(found[0]?.label, 'improvement');
  });
});

describe('minimization', () => {
  test('a minimized repro keeps its signature, replays identically and has no more context switches', () => {
    // The first finding of a small campaign, minimized with a small budget.
    const batch = runBatch(
      {
        ...options(),
        kind: 'batch',
        batchIndex: 0,
        baseSeed: 3,
        from: 0,
        count: 6,
        corpus: [],
        coverage: new Int32Array(),
      },
      builtinStrategies,
    );
    const finding = batch.findings.find((f) => f.strategy === 'legacy') ?? batch.findings[0];
    assert.ok(finding, 'the batch has a finding');
    const m = runMinimize(
      {
        kind: 'minimize',
        origin: finding.origin,
        strategy: finding.strategy,
        signature: finding.signature,
        strategies: names,
        strategyModules: [],
        limits: { shrinkRuns: 12, scheduleRuns: 12 },
      },
      builtinStrategies,
    );
    const strategy = strategyByName(finding.strategy);
    assert.ok(strategy);
    const repro = validateScenario(JSON.parse(m.scenario));
    const again = runStrategy(repro, strategy);
    assert.equal(signatureOf(repro.platform, strategy.name, again.outcome), finding.signature);
    assert.equal(again.machine?.trace.hash(), m.traceHash);
    assert.ok(m.switchesMinimized <= m.switchesOriginal, `${m.switchesMinimized} > ${m.switchesOriginal}`);
  });
});
