/**
 * The fuzz engine's figures (`npm run bench` includes a shorter run of them; `npm run bench:campaign`
 * prints a longer one on its own).
 * - strategy runs/s of a campaign on 1 and 2 workers, and the scaling ratio;
 * - harness overhead: the same scenarios' strategy runs done directly, without pool or campaign;
 * - time (and scenarios) to the first finding of each outcome kind, over 10 seeds.
 */
import { pathToFileURL } from 'node:url';
import { runBatch } from '../src/fuzz/batch.js';
import { type CampaignOptions, runCampaign } from '../src/fuzz/campaign.js';
import { createPool } from '../src/fuzz/pool.js';
import { builtinStrategies } from '../src/strategies/index.js';

const strategies = builtinStrategies.map((s) => s.name);

/** Throughput uses the CLI's batch and epoch sizes; time to first finding small epochs, so it is not one epoch's length. */
function options(seed: number, runs: number | null, timeMs: number | null, small = false): CampaignOptions {
  return {
    seed,
    runs,
    timeMs,
    batchSize: small ? 2 : 4,
    epochBatches: small ? 2 : 8,
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
        options(seed, null, capMs, true),
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

/** The campaign figures; `npm run bench` prints them with the emulator's, `bench:campaign` on their own. */
export async function campaignFigures(runs: number, seeds: number, capMs: number) {
  const one = await throughput(1, runs);
  const two = await throughput(2, runs);
  const bare = direct(runs);
  return {
    strategyRunsPerSecond: {
      workers1: Math.round(one),
      workers2: Math.round(two),
      scaling: Math.round((two / one) * 100) / 100,
    },
    directStrategyRunsPerSecond: Math.round(bare),
    harnessOverhead: Math.round((1 - one / bare) * 1000) / 1000,
    timeToFirstFinding: { seeds, capMs, byKind: await firstFindings(seeds, capMs) },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await campaignFigures(96, 10, 20_000), null, 2));
}
