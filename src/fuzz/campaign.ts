/**
 * The campaign loop: batches of scenarios run on the pool in epochs. Every batch of an epoch is built
 * from the corpus and coverage as they stood when the epoch began, and results are applied in batch
 * order, so the same seed and run count give the same findings on any number of workers. The loop never
 * prints or touches storage: the caller's hooks commit each batch (in order) and report progress.
 *
 * Shards split the batch space: shard K of N runs global batches K-1, K-1+N, K-1+2N, ...
 *
 * Each new signature's first scenario is minimized in the background on the same pool, so finding does
 * not wait for minimizing; a run-limited campaign waits for them at the end, an aborted one drops them
 * and the caller's queue (the database's) hands them to the resumed campaign as `requeue`. A
 * minimization that fails (or whose hook throws) fails the campaign.
 *
 * The loop keeps tallies, not rates: the session (session.ts) turns them into runs/s and time left.
 */
import type { PlatformName } from '../contract/topology.js';
import type { BatchResult, BatchTask, FindingMsg, MinimizeLimits, MinimizeResult } from './messages.js';
import type { BatchPool } from './pool.js';

export interface CampaignOptions {
  readonly seed: number;
  /** Scenarios this shard runs in all (a resumed campaign counts what it ran before); null: until time or abort. */
  readonly runs: number | null;
  readonly timeMs: number | null;
  readonly batchSize: number;
  readonly epochBatches: number;
  readonly strategies: readonly string[];
  readonly strategyModules: readonly string[];
  readonly platforms: readonly PlatformName[];
  readonly reference: string | null;
  /** 0-based shard index and shard count. */
  readonly shard: { readonly index: number; readonly count: number };
  /** The shard-local batch to start from (a resumed campaign's next batch). */
  readonly startBatch: number;
  readonly corpus: readonly string[];
  /**
   * When `startBatch` is inside an epoch (a resumed campaign whose kill fell there): the corpus as that epoch
   * began, which the rest of the epoch mutates. Epochs are aligned to multiples of `epochBatches`.
   */
  readonly epochCorpus?: readonly string[] | undefined;
  readonly coverage: readonly number[];
  /** Signatures already in the database: counted, not minimized again. */
  readonly known: readonly string[];
  /** Minimizations an earlier run of the campaign left unfinished: started first (when minimizing). */
  readonly requeue?: readonly Minimizable[] | undefined;
  readonly minimize: MinimizeLimits | null;
}

export interface CommittedBatch {
  readonly result: BatchResult;
  /** Shard-local index: resume from localBatch + 1. */
  readonly localBatch: number;
  /** Runs of this batch that reached coverage nobody had, in order: the corpus additions. */
  readonly corpusAdded: readonly { readonly scenario: string; readonly gain: number }[];
  readonly coverageAdded: readonly number[];
  /** Signatures this campaign had not seen before this batch. */
  readonly newSignatures: readonly string[];
  /** The campaign's tallies with this batch counted. */
  readonly progress: Progress;
}

/** What this run of the loop has done so far. */
export interface Progress {
  /** Scenarios run, and generated ones the kernel could not lay out (counted, not run). */
  readonly runs: number;
  readonly invalid: number;
  /** Coverage keys and corpus entries, those the campaign started from included. */
  readonly coverage: number;
  readonly corpus: number;
}

export interface CampaignHooks {
  onBatch(batch: CommittedBatch): void | Promise<void>;
  /** A finding's minimized repro, when its background minimization ends. */
  onMinimized?(result: MinimizeResult): void | Promise<void>;
  onProgress?(progress: Progress): void;
}

export interface CampaignSummary extends Progress {
  readonly stoppedBy: 'runs' | 'time' | 'abort';
  readonly nextBatch: number;
}

/** What a minimization needs of a finding. */
export type Minimizable = Pick<FindingMsg, 'signature' | 'strategy' | 'origin'>;

/** How many of the newest corpus entries each batch may mutate. */
const CORPUS_WINDOW = 512;

/** Batches this shard still has to run to reach `runs` scenarios, and the size of the last one. */
function plannedBatches(o: CampaignOptions): { total: number; lastCount: number } | null {
  if (o.runs === null) return null;
  const total = Math.ceil(o.runs / o.batchSize);
  return { total, lastCount: o.runs - (total - 1) * o.batchSize };
}

export async function runCampaign(
  o: CampaignOptions,
  pool: BatchPool,
  hooks: CampaignHooks,
  signal: AbortSignal,
  now: () => number = Date.now,
): Promise<CampaignSummary> {
  const started = now();
  // Only the newest CORPUS_WINDOW entries are ever mutated: the loop keeps those and a count, so a night's
  // corpus (in the database) does not also pile up in memory.
  let corpus = o.corpus.slice(-CORPUS_WINDOW);
  let corpusSize = o.corpus.length;
  const coverage = new Set(o.coverage);
  const known = new Set(o.known);
  const plan = plannedBatches(o);
  let local = o.startBatch;
  let runs = 0;
  let invalid = 0;
  let stoppedBy: CampaignSummary['stoppedBy'] = 'runs';
  // Minimizations in flight; each leaves the set when it settles.
  const pending = new Set<Promise<unknown>>();
  // Every minimization gets its rejection handler where it is made; the loop rethrows the first failure.
  const failures: unknown[] = [];
  const rethrow = (): void => {
    if (failures.length > 0) throw failures[0];
  };

  const progress = (): Progress => ({ runs, invalid, coverage: coverage.size, corpus: corpusSize });
  const minimize = (f: Minimizable, limits: MinimizeLimits): void => {
    const done = pool
      .minimize({
        kind: 'minimize',
        origin: f.origin,
        strategy: f.strategy,
        signature: f.signature,
        strategies: o.strategies,
        strategyModules: o.strategyModules,
        limits,
      })
      .then((m) => (signal.aborted ? undefined : hooks.onMinimized?.(m)))
      .catch((error: unknown) => void failures.push(error));
    pending.add(done);
    void done.finally(() => pending.delete(done));
  };
  if (o.minimize !== null) for (const f of o.requeue ?? []) minimize(f, o.minimize);

  for (;;) {
    if (signal.aborted) {
      stoppedBy = 'abort';
      break;
    }
    if (o.timeMs !== null && now() - started >= o.timeMs) {
      stoppedBy = 'time';
      break;
    }
    const epoch: BatchTask[] = [];
    // Mutations draw from the most recent entries: every task carries the window, so it stays bounded.
    // Coverage needs no such care: workers only filter by it, and gains are recomputed here in order.
    const base = local === o.startBatch && o.epochCorpus !== undefined ? o.epochCorpus : corpus;
    const snapshot = { corpus: base.slice(-CORPUS_WINDOW), coverage: Int32Array.from(coverage) };
    const epochEnd = (Math.floor(local / o.epochBatches) + 1) * o.epochBatches;
    for (let l = local; l < epochEnd; l++) {
      if (plan !== null && l >= plan.total) break;
      const global = l * o.shard.count + o.shard.index;
      epoch.push({
        kind: 'batch',
        batchIndex: l,
        baseSeed: o.seed,
        from: global * o.batchSize,
        count: plan !== null && l === plan.total - 1 ? plan.lastCount : o.batchSize,
        strategies: o.strategies,
        strategyModules: o.strategyModules,
        platforms: o.platforms,
        reference: o.reference,
        ...snapshot,
      });
    }
    if (epoch.length === 0) break;
    // Each batch commits as soon as it and those before it are done: a kill loses only what is in flight.
    const running = epoch.map((task) => pool.run(task));
    for (const r of running) r.catch(() => undefined); // awaited in order below; not unhandled meanwhile
    for (const r of running) {
      const result = await r;
      const corpusAdded: { scenario: string; gain: number }[] = [];
      const coverageAdded: number[] = [];
      for (const candidate of result.novel) {
        const gain = [...candidate.keys].filter((k) => !coverage.has(k));
        if (gain.length === 0) continue;
        for (const k of gain) coverage.add(k);
        coverageAdded.push(...gain);
        corpus.push(candidate.scenario);
        corpusSize++;
        corpusAdded.push({ scenario: candidate.scenario, gain: gain.length });
      }
      const newSignatures: string[] = [];
      for (const f of result.findings) {
        if (known.has(f.signature)) continue;
        known.add(f.signature);
        newSignatures.push(f.signature);
        if (o.minimize !== null) minimize(f, o.minimize);
      }
      runs += result.runs;
      invalid += result.invalid;
      await hooks.onBatch({
        result,
        localBatch: result.batchIndex,
        corpusAdded,
        coverageAdded,
        newSignatures,
        progress: progress(),
      });
      local = result.batchIndex + 1;
    }
    rethrow();
    if (corpus.length > 2 * CORPUS_WINDOW) corpus = corpus.slice(-CORPUS_WINDOW);
    hooks.onProgress?.(progress());
  }
  // An aborted campaign does not wait: the pool is torn down under its minimizations, whose results and
  // errors (the pool's "terminated") are dropped with them.
  if (!signal.aborted) await Promise.all([...pending]);
  rethrow();
  return { ...progress(), stoppedBy, nextBatch: local };
}
