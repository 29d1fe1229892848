/**
 * `npm run bench:campaign`: the fuzz engine's figures, one JSON object on stdout.
 * - strategy runs/s of a campaign on 1 and 2 workers, and the scaling ratio;
 * - harness overhead: the same scenarios' strategy runs done directly, without pool or campaign;
 * - time (and scenarios) to the first finding of each outcome kind, over 10 seeds.
 * Slow (a few minutes), so it is separate from `npm run bench`, which CI runs.
 */
import { runBatch } from '../src/fuzz/batch.js';
import { type CampaignOptions, runCampaign } from '../src/fuzz/campaign.js';
import { createPool } from '../src/fuzz/pool.js';
import { builtinStrategies } from '../src/strategies/index.js';

const strategies = builtinStrategies.map((s) => s.name);

function options(seed: number, runs: number | null, timeMs: number | null): CampaignOptions {
  return {
    seed,
    runs,
    timeMs,
    batchSize: 2,
    epochBatches: 2,
    strategies,
    strategyModules: [],
    platforms: [],
    reference: 'upstream',
    shard: { index: 0, count: 1 },
    startBatch: 0,
    corpus: [],
    coverage: [],
    known: [],
    minimize: null,
  };
}

async function throughput(workers: number, runs: number): Promise<number> {
  const pool = createPool(workers);
  try {
    await runCampaign(options(99, 16, null), pool, { onBatch: () => {} }, new AbortController().signal); // warm up
    const t0 = performance.now();
    const summary = await runCampaign(
      options(1, runs, null),
      pool,
      { onBatch: () => {} },
      new AbortController().signal,
    );
    return (summary.runs * strategies.length * 1000) / (performance.now() - t0);
  } finally {
    await pool.close();
  }
}

/** The same scenarios, strategy runs done in this thread with no pool, epochs or hooks. */
function direct(runs: number): number {
  const run = (from: number, count: number) =>
    runBatch(
      {
        ...options(1, null, null),
        kind: 'batch',
        batchIndex: 0,
        baseSeed: 1,
        from,
        count,
        corpus: [],
        coverage: new Int32Array(),
      },
      builtinStrategies,
    );
  run(10_000, 16);
  const t0 = performance.now();
  let done = 0;
  for (let from = 0; from < runs; from += 4) done += run(from, Math.min(4, runs - from)).runs;
  return (done * strategies.length * 1000) / (performance.now() - t0);
}

async function firstFindings(
  seeds: number,
  capMs: number,
): Promise<Record<string, { found: number; medianMs: number | null }>> {
  const times: Record<string, number[]> = {};
  const pool = createPool(2);
  try {
    for (let seed = 1; seed <= seeds; seed++) {
      const t0 = performance.now();
      const seen = new Set<string>();
      await runCampaign(
        options(seed, null, capMs),
        pool,
        {
          onBatch: (b) => {
            for (const f of b.result.findings) {
              if (seen.has(f.outcomeKind)) continue;
              seen.add(f.outcomeKind);
              const list = times[f.outcomeKind] ?? [];
              list.push(performance.now() - t0);
              times[f.outcomeKind] = list;
            }
          },
        },
        new AbortController().signal,
      );
    }
  } finally {
    await pool.close();
  }
  const out: Record<string, { found: number; medianMs: number | null }> = {};
  for (const [kind, list] of Object.entries(times)) {
    const sorted = [...list].sort((a, b) => a - b);
    out[kind] = { found: list.length, medianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0) };
  }
  return out;
}

const RUNS = 96;
const one = await throughput(1, RUNS);
const two = await throughput(2, RUNS);
const bare = direct(RUNS);
const firsts = await firstFindings(10, 20_000);
console.log(
  JSON.stringify(
    {
      strategyRunsPerSecond: {
        workers1: Math.round(one),
        workers2: Math.round(two),
        scaling: Math.round((two / one) * 100) / 100,
      },
      directStrategyRunsPerSecond: Math.round(bare),
      harnessOverhead: Math.round((1 - one / bare) * 1000) / 1000,
      timeToFirstFinding: { seeds: 10, capMs: 20_000, byKind: firsts },
    },
    null,
    2,
  ),
);
