/**
 * One run of a campaign against a database, shared by `kexfuzz fuzz` and `kexfuzz smoke`: wires the
 * campaign's hooks to the store (each batch in one transaction, in batch order; minimized repros as they
 * arrive) and tallies what this session saw for the summary. Printing stays with the commands.
 */
import { type CampaignOptions, type CampaignSummary, runCampaign } from '../fuzz/campaign.js';
import type { FindingMsg, MinimizeResult } from '../fuzz/messages.js';
import type { MinimizeGate } from '../fuzz/minimize-gate.js';
import type { BatchPool } from '../fuzz/pool.js';
import type { StatusInput } from '../report/status-line.js';
import type { Campaign, Finding, NewFinding, NewStats, Store } from '../store/index.js';

/**
 * Batches per epoch: every batch of an epoch sees the corpus as it stood when the epoch began. A
 * constant, never the worker count, so a seed gives the same findings on any number of workers.
 */
export const epochBatches = 8;

/** A stats row at most this often (and on the first and the last batch). */
const statsEveryMs = 5000;

/** A signature as this session saw it: its first sighting, and how often. */
export interface SeenSignature {
  readonly first: FindingMsg;
  count: number;
}

export interface SessionResult {
  readonly summary: CampaignSummary;
  /** Scenarios generated this session, including those the kernel could not lay out. */
  readonly runs: number;
  readonly invalid: number;
  /** The campaign's runs in all (a resumed campaign's earlier runs too). */
  readonly campaignRuns: number;
  /** Every signature this session saw, in the order it first saw them. */
  readonly seen: ReadonlyMap<string, SeenSignature>;
  /** The signatures the database did not have before this session, as stored (with their ids). */
  readonly stored: readonly Finding[];
  /** Outcome kind → strategy runs that ended so. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Coverage keys and corpus entries in the database, and how many this session added. */
  readonly coverage: { readonly total: number; readonly added: number };
  readonly corpus: { readonly total: number; readonly added: number };
  readonly minimized: number;
  readonly minimizeSkipped: number;
}

export interface SessionArgs {
  readonly store: Store;
  readonly campaign: Campaign;
  /** The campaign's options; the session fills in where to start and what the database knows. */
  readonly options: Omit<CampaignOptions, 'startBatch' | 'corpus' | 'coverage' | 'known' | 'epochBatches'>;
  /** Start from the database's corpus and coverage (fuzz), or from nothing (smoke, so only its flags matter). */
  readonly fromDatabase: boolean;
  readonly pool: BatchPool;
  /**
   * Limits the background minimization: drained when the fuzzing is over (the last batch of `runs`, or
   * `timeMs`), closed `minimizeGraceMs` later. None: every minimization is waited for.
   */
  readonly gate: MinimizeGate | null;
  readonly minimizeGraceMs?: number;
  /** When the fuzzing is over with minimizations still pending (a gate only). */
  readonly onMinimizeTail?: (pending: number, graceMs: number) => void;
  readonly signal: AbortSignal;
  readonly onStatus?: (status: StatusInput) => void;
  readonly now?: () => number;
}

function newFinding(f: FindingMsg, count: number): NewFinding {
  return {
    signature: f.signature,
    kind: f.kind,
    label: f.label,
    platform: f.platform,
    strategy: f.strategy,
    outcomeKind: f.outcomeKind,
    routine: f.routine,
    title: f.title,
    scenario: f.scenario,
    original: f.scenario,
    outcomes: f.outcomes,
    traceHash: f.traceHash,
    switchesOriginal: f.switches,
    switchesMinimized: f.switches,
    count,
  };
}

/** The failing strategy's title in a minimized repro's outcome vector, if it is there. */
function titleIn(outcomes: string, strategy: string): string | undefined {
  try {
    const parsed = JSON.parse(outcomes) as Record<string, { title?: unknown } | undefined>;
    const title = parsed[strategy]?.title;
    return typeof title === 'string' ? title : undefined;
  } catch {
    return undefined;
  }
}

export async function runSession(args: SessionArgs): Promise<SessionResult> {
  const { store, campaign, gate } = args;
  const now = args.now ?? Date.now;
  const started = now();
  const known = store.listFindings().map((f) => f.signature);
  const options: CampaignOptions = {
    ...args.options,
    epochBatches,
    startBatch: campaign.nextBatch,
    corpus: args.fromDatabase ? store.corpusEntries().map((e) => e.scenario) : [],
    coverage: args.fromDatabase ? [...store.coverageKeys()] : [],
    known,
  };
  const lastBatch = options.runs === null ? null : Math.ceil(options.runs / options.batchSize) - 1;

  const seen = new Map<string, SeenSignature>();
  const seenByKind: Record<string, number> = {};
  const storedSignatures: string[] = [];
  const outcomes: Record<string, number> = {};
  const parked = new Map<string, MinimizeResult>();
  const inDb = new Set(known);
  const coverageBefore = store.coverageSize();
  const corpusBefore = store.corpusSize();
  let runs = 0;
  let invalid = 0;
  let campaignRuns = campaign.runs;
  let coverageAdded = 0;
  let minimized = 0;
  let minimizeSkipped = 0;
  let lastStats: number | null = null;

  const applyRepro = (finding: Finding, m: MinimizeResult): void => {
    const title = titleIn(m.outcomes, finding.strategy);
    store.updateRepro(finding.id, {
      scenario: m.scenario,
      traceHash: m.traceHash,
      switchesOriginal: m.switchesOriginal,
      switchesMinimized: m.switchesMinimized,
      outcomes: m.outcomes,
      ...(title === undefined ? {} : { title }),
    });
    minimized++;
  };

  const timers: NodeJS.Timeout[] = [];
  let fuzzingOver = false;
  const endFuzzing = (): void => {
    if (gate === null || fuzzingOver) return;
    fuzzingOver = true;
    gate.drain();
    const graceMs = args.minimizeGraceMs ?? 0;
    if (gate.pending() > 0) args.onMinimizeTail?.(gate.pending(), graceMs);
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
      args.pool,
      {
        onBatch(b) {
          const batch = new Map<string, { first: FindingMsg; count: number }>();
          for (const f of b.result.findings) {
            const inBatch = batch.get(f.signature);
            if (inBatch === undefined) batch.set(f.signature, { first: f, count: 1 });
            else inBatch.count++;
            const s = seen.get(f.signature);
            if (s === undefined) {
              seen.set(f.signature, { first: f, count: 1 });
              seenByKind[f.outcomeKind] = (seenByKind[f.outcomeKind] ?? 0) + 1;
            } else s.count++;
          }
          for (const [kind, n] of Object.entries(b.result.outcomes)) outcomes[kind] = (outcomes[kind] ?? 0) + n;
          const scenarios = b.result.runs + b.result.invalid;
          runs += scenarios;
          invalid += b.result.invalid;
          campaignRuns += scenarios;
          const at = Math.round(now());
          const last = lastBatch !== null && b.localBatch >= lastBatch;
          let stats: NewStats | undefined;
          if (lastStats === null || last || at - lastStats >= statsEveryMs) {
            lastStats = at;
            const seconds = Math.max(1, at - started) / 1000;
            // counted as they will be once this batch is stored
            const findings = inDb.size + [...batch.keys()].filter((s) => !inDb.has(s)).length;
            const coverage = coverageBefore + coverageAdded + b.coverageAdded.length;
            stats = { at, runs: campaignRuns, runsPerSecond: runs / seconds, findings, coverage };
          }
          const result = store.commitBatch(campaign.id, {
            batchIndex: b.localBatch,
            runs: scenarios,
            findings: [...batch.values()].map(({ first, count }) => newFinding(first, count)),
            corpus: b.corpusAdded.map((c) => ({ scenario: c.scenario, coverageGain: c.gain })),
            coverage: b.coverageAdded,
            stats,
            now: at,
          });
          coverageAdded += result.newCoverage;
          for (const s of result.newSignatures) inDb.add(s);
          storedSignatures.push(...result.newSignatures);
          for (const signature of result.newSignatures) {
            const waiting = parked.get(signature);
            const finding = waiting && store.findingBySignature(signature);
            if (waiting && finding) {
              parked.delete(signature);
              applyRepro(finding, waiting);
            }
          }
          if (last) endFuzzing();
        },
        onMinimized(m) {
          if (gate?.skipped(m)) {
            minimizeSkipped++;
            return;
          }
          const finding = store.findingBySignature(m.signature);
          // A repro can only arrive before its batch is committed if the pool is faster than the commit.
          if (finding === null) parked.set(m.signature, m);
          else applyRepro(finding, m);
        },
        onProgress(p) {
          const elapsedMs = now() - started;
          const runsPerSecond = elapsedMs > 0 ? (runs * 1000) / elapsedMs : 0;
          const left =
            options.runs !== null && runsPerSecond > 0 ? ((options.runs - campaignRuns) * 1000) / runsPerSecond : null;
          const remaining = [p.remainingMs, left].filter((x): x is number => x !== null);
          args.onStatus?.({
            runs: campaignRuns,
            targetRuns: options.runs,
            runsPerSecond,
            signatures: seen.size,
            newSignatures: storedSignatures.length,
            byKind: seenByKind,
            coverage: p.coverage,
            corpus: p.corpus,
            elapsedMs,
            remainingMs: remaining.length === 0 ? null : Math.max(0, Math.min(...remaining)),
            estimated: p.remainingMs === null || (left !== null && left < p.remainingMs),
          });
        },
      },
      args.signal,
      now,
    );
  } finally {
    for (const t of timers) clearTimeout(t);
    gate?.close();
  }
  const stored = storedSignatures.map((s) => store.findingBySignature(s)).filter((f): f is Finding => f !== null);
  return {
    summary,
    runs,
    invalid,
    campaignRuns,
    seen,
    stored,
    outcomes,
    coverage: { total: store.coverageSize(), added: store.coverageSize() - coverageBefore },
    corpus: { total: store.corpusSize(), added: store.corpusSize() - corpusBefore },
    minimized,
    minimizeSkipped,
  };
}

/** A status for the very end, from the session's result. */
export function finalStatus(r: SessionResult, targetRuns: number | null, elapsedMs: number): StatusInput {
  const byKind: Record<string, number> = {};
  for (const { first } of r.seen.values()) byKind[first.outcomeKind] = (byKind[first.outcomeKind] ?? 0) + 1;
  return {
    runs: r.campaignRuns,
    targetRuns,
    runsPerSecond: elapsedMs > 0 ? (r.runs * 1000) / elapsedMs : 0,
    signatures: r.seen.size,
    newSignatures: r.stored.length,
    byKind,
    coverage: r.summary.coverage,
    corpus: r.summary.corpus,
    elapsedMs,
    remainingMs: null,
  };
}
