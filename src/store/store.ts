import type { Signature } from '../contract/finding.js';
import { campaignQueries } from './campaigns.js';
import { corpusQueries } from './corpus.js';
import { coverageQueries } from './coverage.js';
import { type OpenOptions, openDatabase } from './db.js';
import { findingQueries } from './findings.js';
import { statsQueries } from './stats.js';
import { tallyQueries } from './tallies.js';
import type {
  Batch,
  BatchCommit,
  Campaign,
  CampaignId,
  CorpusEntry,
  Finding,
  FindingFilter,
  FindingId,
  NewCampaign,
  OutcomeTally,
  Repro,
  StatsRow,
  StoreSummary,
  TriageUpdate,
} from './types.js';

/** A kexfuzz database. One writer (the campaign's main thread) and any number of readers at once. */
export interface Store {
  readonly path: string;
  readonly readonly: boolean;

  startCampaign(campaign: NewCampaign): Campaign;
  getCampaign(id: CampaignId): Campaign | null;
  /** The most recently started campaign, or the most recent one with exactly this config (for --resume). */
  latestCampaign(config?: string): Campaign | null;
  listCampaigns(): Campaign[];
  /** Marks the campaign finished; null when there is no such campaign. */
  finishCampaign(id: CampaignId, now?: number): Campaign | null;
  /**
   * Writes everything one batch produced in one transaction: findings upserted by signature (a new
   * one stores the batch's repro, a known one only counts up and moves lastSeen), corpus entries,
   * coverage keys, the stats sample, and the campaign's progress (nextBatch, runs). If anything
   * throws, nothing of the batch is stored. Batches must be committed in order: `batchIndex` must
   * equal the campaign's `nextBatch`, so a batch can never be counted twice.
   */
  commitBatch(campaignId: CampaignId, batch: Batch): BatchCommit;

  /** Ordered by id. */
  listFindings(filter?: FindingFilter): Finding[];
  getFinding(id: FindingId): Finding | null;
  findingBySignature(signature: string): Finding | null;
  /** Sets the status and/or appends a timestamped note line; null when there is no such finding. */
  triage(id: FindingId, update: TriageUpdate): Finding | null;
  /** The same update to several findings (a bug group's), in one transaction; the ones that exist, updated. */
  triageAll(ids: readonly FindingId[], update: TriageUpdate): Finding[];
  /** Replaces the minimized repro (after re-minimization), keeping the original; null when there is no such finding. */
  updateRepro(id: FindingId, repro: Repro): Finding | null;

  /** Oldest first; `limit` keeps the first `limit`. */
  corpusEntries(limit?: number): CorpusEntry[];
  corpusSize(): number;
  coverageSize(): number;
  /** Every coverage key, ascending, to rebuild a resumed campaign's coverage map. */
  coverageKeys(): Int32Array;
  /** The campaign's stats samples in time order. */
  statsFor(campaignId: CampaignId): StatsRow[];
  /** How every strategy run ended, all campaigns added up, per platform, strategy and outcome kind. */
  outcomeTallies(): OutcomeTally[];
  summary(): StoreSummary;

  close(): void;
}

/**
 * Opens or creates a kexfuzz database (WAL, synchronous=NORMAL, busy timeout) and migrates it.
 * Throws InputError for a file that is not a kexfuzz database, is corrupt, or was written by a
 * newer kexfuzz, and then leaves the file untouched. With `readonly`, a missing file is an error.
 */
export function openStore(path: string, options: OpenOptions = {}): Store {
  const db = openDatabase(path, options);
  const campaigns = campaignQueries(db);
  const findings = findingQueries(db);
  const corpus = corpusQueries(db);
  const coverage = coverageQueries(db);
  const stats = statsQueries(db);
  const tallies = tallyQueries(db);

  const commit = db.transaction((campaignId: CampaignId, batch: Batch): BatchCommit => {
    const campaign = campaigns.get(campaignId);
    if (!campaign) throw new Error(`commitBatch: there is no campaign ${campaignId}`);
    if (campaign.finished) throw new Error(`commitBatch: campaign ${campaignId} is finished`);
    if (batch.batchIndex !== campaign.nextBatch) {
      throw new Error(
        `commitBatch: batch ${batch.batchIndex} of campaign ${campaignId} is out of order; ` +
          `the next batch to commit is ${campaign.nextBatch}`,
      );
    }
    const newSignatures: Signature[] = [];
    for (const finding of batch.findings) {
      if (findings.upsert(finding, campaignId, batch.now)) newSignatures.push(finding.signature);
    }
    for (const entry of batch.corpus) corpus.add(entry, batch.now, campaignId, batch.batchIndex);
    const newCoverage = coverage.add(batch.coverage);
    if (batch.stats) stats.add(campaignId, batch.stats);
    tallies.add(campaignId, batch.tallies ?? []);
    campaigns.advance(campaignId, batch.batchIndex + 1, batch.runs, batch.now);
    return { newSignatures, newCoverage };
  });
  const triage = db.transaction(findings.triage);
  const triageAll = db.transaction((ids: readonly FindingId[], update: TriageUpdate): Finding[] =>
    ids.flatMap((id) => findings.triage(id, update) ?? []),
  );
  const summary = db.transaction(
    (): StoreSummary => ({
      findings: findings.count(),
      byKind: findings.countByKind(),
      byStatus: findings.countByStatus(),
      campaigns: campaigns.count(),
      runs: campaigns.totalRuns(),
      corpus: corpus.size(),
      coverage: coverage.size(),
    }),
  );

  return {
    path,
    readonly: options.readonly ?? false,
    startCampaign: campaigns.start,
    getCampaign: campaigns.get,
    latestCampaign: campaigns.latest,
    listCampaigns: campaigns.list,
    finishCampaign: (id, now = Date.now()) => campaigns.finish(id, now),
    // IMMEDIATE: take the write lock before the first read, so a concurrent writer makes us wait
    // (busy timeout) instead of failing the upgrade from read to write lock.
    commitBatch: (campaignId, batch) => commit.immediate(campaignId, batch),
    listFindings: findings.list,
    getFinding: findings.get,
    findingBySignature: findings.bySignature,
    triage: (id, update) => triage.immediate(id, update),
    triageAll: (ids, update) => triageAll.immediate(ids, update),
    updateRepro: findings.updateRepro,
    corpusEntries: corpus.entries,
    corpusSize: corpus.size,
    coverageSize: coverage.size,
    coverageKeys: coverage.keys,
    statsFor: stats.forCampaign,
    outcomeTallies: tallies.all,
    // A deferred (read) transaction: one consistent snapshot even while a campaign writes.
    summary: () => summary.deferred(),
    close: () => db.close(),
  };
}
