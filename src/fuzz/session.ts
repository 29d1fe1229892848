/**
 * One run of a campaign against a sink (the CLI's writes to the findings database), shared by `kexfuzz
 * fuzz` and `kexfuzz smoke`: every batch goes to the sink in batch order, with a stats row at most every
 * few seconds; minimized repros go as they arrive; the minimize gate is drained when the fuzzing is over
 * and closed a grace period later. The session tallies what it saw and is the one place that turns the
 * campaign's tallies into rates and time left: the status line and the summary both read them from here.
 * Like the campaign loop it never prints: it reports through optional hooks.
 */

import type { CampaignStatus, OutcomeTally, PctTally } from '../contract/campaign.js';
import { addSightings, type Sightings, sightingsOf } from '../contract/finding.js';
import {
  type CampaignOptions,
  type CampaignSummary,
  type CommittedBatch,
  type Minimizable,
  type Progress,
  runCampaign,
} from './campaign.js';
import type { FindingMsg, MinimizedRepro, MinimizeResult } from './messages.js';
import type { MinimizeGate } from './minimize-gate.js';
import type { BatchPool } from './pool.js';

/**
 * Batches per epoch: every batch of an epoch sees the corpus as it stood when the epoch began. A
 * constant, never the worker count, so a seed gives the same findings on any number of workers.
 */
export const epochBatches = 8;

/** A stats row at most this often (and on the first and the last batch). */
const statsEveryMs = 5000;

/** A signature as this session (or one batch) saw it: its first sighting, and how often. */
export interface SeenSignature {
  readonly first: FindingMsg;
  count: number;
  /** How those sightings split by kind and label. */
  sightings: Sightings;
}

/** Where the campaign stands when the session begins, as the sink holds it. */
export interface SessionStart {
  /** The campaign's next batch, and the scenarios it ran before (a resumed campaign's). */
  readonly nextBatch: number;
  readonly runs: number;
  /** Signatures already stored: counted, never minimized again. */
  readonly known: readonly string[];
  /** The corpus and coverage the campaign builds on. */
  readonly corpus: readonly string[];
  readonly coverage: readonly number[];
  /**
   * The corpus as it stood before this campaign's batch `batch` (what the epoch of a campaign resumed
   * mid-epoch mutates); undefined: the corpus above.
   */
  readonly corpusBefore?: (batch: number) => readonly string[];
  /** Minimizations the campaign's earlier runs left unfinished. */
  readonly queued?: readonly Minimizable[];
}

/** A sample of the campaign's progress. */
export interface SessionStats {
  readonly at: number;
  /** Scenarios the campaign has run in all. */
  readonly runs: number;
  readonly runsPerSecond: number;
  /** Signatures stored, and coverage keys, once this batch is. */
  readonly findings: number;
  readonly coverage: number;
  /** Corpus entries in the sink once this batch is stored. */
  readonly corpus: number;
  /** When this session started: its samples are one stretch of the campaign, between a start and a stop. */
  readonly sessionStarted: number;
}

/** One batch, as the sink stores it (in one transaction). */
export interface SessionBatch {
  readonly batchIndex: number;
  /** Scenarios the batch generated, including those the kernel could not lay out. */
  readonly runs: number;
  /** Each signature of the batch once: its first sighting and how often the batch saw it. */
  readonly findings: readonly SeenSignature[];
  /** How every strategy run of the batch ended, per platform, strategy and outcome kind. */
  readonly tallies: readonly OutcomeTally[];
  readonly pct: readonly PctTally[];
  readonly corpus: CommittedBatch['corpusAdded'];
  readonly coverage: readonly number[];
  readonly stats: SessionStats | undefined;
  readonly at: number;
}

/** What the session writes through: the CLI implements it over the findings database. */
export interface SessionSink {
  start(): SessionStart;
  /** Stores the batch; says which signatures and how many coverage keys it stored for the first time. */
  commitBatch(batch: SessionBatch): { readonly newSignatures: readonly string[]; readonly newCoverage: number };
  /** Replaces a stored finding's repro (the batch that found it is committed) with its minimized one. */
  applyRepro(repro: MinimizedRepro): void;
  coverageSize(): number;
  corpusSize(): number;
}

export interface SessionResult {
  readonly summary: CampaignSummary;
  /** Scenarios generated this session, including those the kernel could not lay out. */
  readonly runs: number;
  readonly invalid: number;
  /** The campaign's runs in all (a resumed campaign's earlier runs too). */
  readonly campaignRuns: number;
  readonly elapsedMs: number;
  /** Of `elapsedMs`, the time until the last batch was stored; the rest went to minimizing. */
  readonly fuzzingMs: number;
  /** Scenarios per second of fuzzing. */
  readonly runsPerSecond: number;
  /** Every signature this session saw, in the order it first saw them, and how many per outcome kind. */
  readonly seen: ReadonlyMap<string, SeenSignature>;
  readonly byKind: Readonly<Record<string, number>>;
  /** The signatures the sink did not have before this session, in the order it stored them. */
  readonly newSignatures: readonly string[];
  /** Outcome kind → strategy runs that ended so. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Coverage keys and corpus entries in the sink, and how many this session added. */
  readonly coverage: { readonly total: number; readonly added: number };
  readonly corpus: { readonly total: number; readonly added: number };
  readonly minimized: number;
  readonly minimizeSkipped: number;
  /** Minimizations the campaign's earlier runs left unfinished, started again by this session. */
  readonly minimizeOwed: number;
  /** The status at the end. */
  readonly status: CampaignStatus;
}

/** Optional hooks; the session works the same with none. */
export interface SessionHooks {
  /** After every epoch. */
  onProgress?(status: CampaignStatus): void;
  /** A signature this session had not seen, once its batch is stored; `isNew` if the sink did not have it. */
  onFinding?(finding: FindingMsg, isNew: boolean): void;
  /** A background minimization ended: its repro stored, or skipped by the gate. */
  onMinimized?(result: MinimizeResult): void;
  /** The fuzzing is over with minimizations still pending (with a gate only). */
  onMinimizeTail?(pending: number, graceMs: number): void;
  onDone?(result: SessionResult): void;
}

export interface SessionArgs {
  readonly sink: SessionSink;
  /** The campaign's options; the session fills in where to start and what the sink knows. */
  readonly options: Omit<
    CampaignOptions,
    'startBatch' | 'corpus' | 'epochCorpus' | 'coverage' | 'known' | 'epochBatches' | 'requeue'
  >;
  readonly pool: BatchPool;
  /**
   * Limits the background minimization (its `pool` is used in place of `pool`): drained when the fuzzing
   * is over (the last batch of `runs`, or `timeMs`), closed `minimizeGraceMs` later. None: every
   * minimization is waited for.
   */
  readonly gate: MinimizeGate | null;
  readonly minimizeGraceMs?: number;
  readonly signal: AbortSignal;
  readonly hooks?: SessionHooks;
  readonly now?: () => number;
}

const perSecond = (n: number, ms: number): number => (ms > 0 ? (n * 1000) / ms : 0);

const countInto = (counts: Record<string, number>, key: string, n = 1): void => {
  counts[key] = (counts[key] ?? 0) + n;
};

export async function runSession(args: SessionArgs): Promise<SessionResult> {
  const { sink, gate } = args;
  const hooks = args.hooks ?? {};
  const now = args.now ?? Date.now;
  const started = now();
  const start = sink.start();
  // A campaign interrupted mid-epoch resumes it with the corpus the epoch began with, so it finds what an
  // uninterrupted one does.
  const epochStart = start.nextBatch - (start.nextBatch % epochBatches);
  const options: CampaignOptions = {
    ...args.options,
    epochBatches,
    startBatch: start.nextBatch,
    corpus: start.corpus,
    epochCorpus: epochStart === start.nextBatch ? undefined : start.corpusBefore?.(epochStart),
    coverage: start.coverage,
    known: start.known,
    requeue: start.queued,
  };
  const lastBatch = options.runs === null ? null : Math.ceil(options.runs / options.batchSize) - 1;

  const seen = new Map<string, SeenSignature>();
  const byKind: Record<string, number> = {};
  const newSignatures: string[] = [];
  const outcomes: Record<string, number> = {};
  const parked = new Map<string, MinimizedRepro>();
  const inSink = new Set(start.known);
  const coverageBefore = sink.coverageSize();
  const corpusBefore = sink.corpusSize();
  let progress: Progress = { runs: 0, invalid: 0, coverage: start.coverage.length, corpus: start.corpus.length };
  let coverageAdded = 0;
  let minimized = 0;
  let minimizeSkipped = 0;
  let lastStats: number | null = null;

  const scenarios = (): number => progress.runs + progress.invalid;
  const applyRepro = (m: MinimizedRepro): void => {
    sink.applyRepro(m);
    minimized++;
    hooks.onMinimized?.(m);
  };
  // When the last batch was stored: the rate is the fuzzing's, not diluted by the minimization tail.
  let lastBatchAt: number | null = null;
  const fuzzingMs = (elapsedMs: number): number => (lastBatchAt === null ? elapsedMs : lastBatchAt - started);
  const status = (elapsedMs: number, final: boolean): CampaignStatus => {
    const runsPerSecond = perSecond(scenarios(), final ? fuzzingMs(elapsedMs) : elapsedMs);
    const campaignRuns = start.runs + scenarios();
    const byTime = options.timeMs === null ? null : Math.max(0, options.timeMs - elapsedMs);
    const byRate =
      options.runs !== null && runsPerSecond > 0 ? ((options.runs - campaignRuns) * 1000) / runsPerSecond : null;
    const remaining = [byTime, byRate].filter((x): x is number => x !== null);
    const base = {
      runs: campaignRuns,
      targetRuns: options.runs,
      runsPerSecond,
      signatures: seen.size,
      newSignatures: newSignatures.length,
      byKind: { ...byKind },
      coverage: progress.coverage,
      corpus: progress.corpus,
      elapsedMs,
    };
    if (final) return { ...base, remainingMs: null };
    return {
      ...base,
      remainingMs: remaining.length === 0 ? null : Math.max(0, Math.min(...remaining)),
      estimated: byTime === null || (byRate !== null && byRate < byTime),
      ...(gate === null ? {} : { minimizeGraceMs: args.minimizeGraceMs ?? 0 }),
    };
  };

  const timers: NodeJS.Timeout[] = [];
  let fuzzingOver = false;
  const endFuzzing = (): void => {
    if (gate === null || fuzzingOver) return;
    fuzzingOver = true;
    gate.drain();
    const graceMs = args.minimizeGraceMs ?? 0;
    if (gate.pending() > 0) hooks.onMinimizeTail?.(gate.pending(), graceMs);
    timers.push(setTimeout(() => gate.close(), graceMs));
  };
  if (gate !== null) {
    if (options.timeMs !== null) timers.push(setTimeout(endFuzzing, options.timeMs));
    args.signal.addEventListener('abort', () => gate.close(), { once: true });
  }

  let summary: CampaignSummary;
  try {
    summary = await runCampaign(
      options,
      gate?.pool ?? args.pool,
      {
        onBatch(b) {
          const batch = new Map<string, SeenSignature>();
          const firstSeen: FindingMsg[] = [];
          for (const f of b.result.findings) {
            const one = sightingsOf(f.kind, f.label);
            const inBatch = batch.get(f.signature);
            if (inBatch === undefined) batch.set(f.signature, { first: f, count: 1, sightings: one });
            else {
              inBatch.count++;
              inBatch.sightings = addSightings(inBatch.sightings, one);
            }
            const s = seen.get(f.signature);
            if (s === undefined) {
              seen.set(f.signature, { first: f, count: 1, sightings: one });
              countInto(byKind, f.outcomeKind);
              firstSeen.push(f);
            } else {
              s.count++;
              s.sightings = addSightings(s.sightings, one);
            }
          }
          for (const [kind, n] of Object.entries(b.result.outcomes)) countInto(outcomes, kind, n);
          progress = b.progress;
          lastBatchAt = now();
          const at = Math.round(now());
          const last = lastBatch !== null && b.localBatch >= lastBatch;
          let stats: SessionStats | undefined;
          if (lastStats === null || last || at - lastStats >= statsEveryMs) {
            lastStats = at;
            // counted as they will be once this batch is stored
            const findings = inSink.size + [...batch.keys()].filter((s) => !inSink.has(s)).length;
            const coverage = coverageBefore + coverageAdded + b.coverageAdded.length;
            const corpus = sink.corpusSize() + b.corpusAdded.length;
            const runsPerSecond = perSecond(scenarios(), at - started);
            const sessionStarted = Math.round(started);
            stats = { at, runs: start.runs + scenarios(), runsPerSecond, findings, coverage, corpus, sessionStarted };
          }
          const stored = sink.commitBatch({
            batchIndex: b.localBatch,
            runs: b.result.runs + b.result.invalid,
            findings: [...batch.values()],
            tallies: b.result.tallies,
            pct: b.result.pct,
            corpus: b.corpusAdded,
            coverage: b.coverageAdded,
            stats,
            at,
          });
          coverageAdded += stored.newCoverage;
          for (const signature of stored.newSignatures) {
            inSink.add(signature);
            newSignatures.push(signature);
            const waiting = parked.get(signature);
            if (waiting !== undefined) {
              parked.delete(signature);
              applyRepro(waiting);
            }
          }
          for (const f of firstSeen) hooks.onFinding?.(f, stored.newSignatures.includes(f.signature));
          if (last) endFuzzing();
        },
        onMinimized(m) {
          if (m.kind === 'minimize-skipped') {
            minimizeSkipped++;
            hooks.onMinimized?.(m);
          } else if (inSink.has(m.signature)) applyRepro(m);
          // A repro can only arrive before its batch is stored if the pool is faster than the commit.
          else parked.set(m.signature, m);
        },
        onProgress(p) {
          progress = p;
          hooks.onProgress?.(status(now() - started, false));
        },
      },
      args.signal,
      now,
    );
  } finally {
    for (const t of timers) clearTimeout(t);
    gate?.close();
  }
  progress = summary;
  const elapsedMs = now() - started;
  const result: SessionResult = {
    summary,
    runs: scenarios(),
    invalid: progress.invalid,
    campaignRuns: start.runs + scenarios(),
    elapsedMs,
    fuzzingMs: fuzzingMs(elapsedMs),
    runsPerSecond: perSecond(scenarios(), fuzzingMs(elapsedMs)),
    seen,
    byKind,
    newSignatures,
    outcomes,
    coverage: { total: sink.coverageSize(), added: sink.coverageSize() - coverageBefore },
    corpus: { total: sink.corpusSize(), added: sink.corpusSize() - corpusBefore },
    minimized,
    minimizeSkipped,
    minimizeOwed: options.minimize === null ? 0 : (start.queued?.length ?? 0),
    status: status(elapsedMs, true),
  };
  hooks.onDone?.(result);
  return result;
}
