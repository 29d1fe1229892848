import type { PctTally } from '../contract/campaign.js';
import type { Certificate } from '../contract/exploration.js';
import type { Signature } from '../contract/finding.js';
import { InputError } from '../errors.js';
import { campaignQueries } from './campaigns.js';
import { certificateQueries } from './certificates.js';
import { corpusQueries } from './corpus.js';
import { coverageQueries } from './coverage.js';
import { type OpenOptions, openDatabase } from './db.js';
import { findingQueries } from './findings.js';
import { minimizeQueueQueries } from './minimize-queue.js';
import { statsQueries } from './stats.js';
import { pctTallyQueries, tallyQueries } from './tallies.js';
import type {
  Batch,
  BatchCommit,
  Campaign,
  CampaignId,
  CorpusEntry,
  Finding,
  FindingFilter,
  FindingId,
  Lease,
  NewCampaign,
  NewFinding,
  OutcomeTally,
  QueuedMinimization,
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
  /** Marks the campaign finished, dropping its lease and the minimizations it still owed; null when there is no such campaign. */
  finishCampaign(id: CampaignId, now?: number): Campaign | null;
  /**
   * Takes the campaign's lease for `lease` unless another holder's is in force: `stale` says whether the
   * current one may be taken over (expired, or its process gone). Returns the lease in force when refused.
   */
  takeLease(id: CampaignId, lease: Lease, stale: (current: Lease) => boolean): Lease | null;
  /** Extends our lease; false when it is no longer ours. */
  renewLease(id: CampaignId, lease: Lease): boolean;
  /** Gives the lease up if it is still ours. */
  releaseLease(id: CampaignId, lease: Lease): void;
  /** The minimizations the campaign still owes, in the order their findings were stored. */
  queuedMinimizations(id: CampaignId): QueuedMinimization[];
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
  /**
   * Replaces the minimized repro, keeping the original, and takes the finding off its campaign's
   * minimize queue; null when there is no such finding.
   */
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
  /** Stores what an exploration found: its certificates, and its counterexamples as findings, in one transaction. */
  recordExploration(e: {
    readonly certificates: readonly Certificate[];
    readonly findings: readonly NewFinding[];
    readonly now: number;
  }): { readonly newSignatures: readonly Signature[] };
  /** Every certificate, oldest first. */
  listCertificates(): Certificate[];
  /** PCT runs per platform and bug depth over every campaign, or over one. */
  pctTallies(campaignId?: CampaignId): PctTally[];
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
  const pct = pctTallyQueries(db);
  const certificates = certificateQueries(db);
  const queue = minimizeQueueQueries(db);
  const ours = (current: Lease | null, lease: Lease): boolean =>
    current !== null && current.host === lease.host && current.pid === lease.pid;

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
    if (batch.lease !== undefined) {
      const current = campaigns.lease(campaignId);
      if (!ours(current, batch.lease)) {
        throw new InputError(`campaign #${campaignId} is no longer this process's`, [
          {
            field: 'campaign',
            message: `campaign #${campaignId} ${current === null ? 'lost its lease' : `was taken over by ${leaseText(current)}`}; this process stops without committing batch ${batch.batchIndex}.`,
          },
        ]);
      }
      campaigns.setLease(campaignId, batch.lease);
    }
    const newSignatures: Signature[] = [];
    for (const finding of batch.findings) {
      if (!findings.upsert(finding, campaignId, batch.now)) continue;
      newSignatures.push(finding.signature);
      const origin = batch.minimize?.get(finding.signature);
      const stored = origin === undefined ? null : findings.bySignature(finding.signature);
      if (origin !== undefined && stored !== null) queue.add(stored.id, campaignId, origin);
    }
    for (const entry of batch.corpus) corpus.add(entry, batch.now, campaignId, batch.batchIndex);
    const newCoverage = coverage.add(batch.coverage);
    if (batch.stats) stats.add(campaignId, batch.stats);
    tallies.add(campaignId, batch.tallies ?? []);
    pct.add(campaignId, batch.pct ?? []);
    campaigns.advance(campaignId, batch.batchIndex + 1, batch.runs, batch.now);
    return { newSignatures, newCoverage };
  });
  const recordExploration = db.transaction(
    (e: {
      readonly certificates: readonly Certificate[];
      readonly findings: readonly NewFinding[];
      readonly now: number;
    }) => {
      for (const c of e.certificates) certificates.add(c);
      const newSignatures: Signature[] = [];
      for (const f of e.findings) if (findings.upsert(f, null, e.now)) newSignatures.push(f.signature);
      return { newSignatures };
    },
  );
  const finish = db.transaction((id: CampaignId, now: number): Campaign | null => {
    queue.clear(id);
    campaigns.setLease(id, null);
    return campaigns.finish(id, now);
  });
  const takeLease = db.transaction((id: CampaignId, lease: Lease, stale: (current: Lease) => boolean) => {
    const current = campaigns.lease(id);
    if (current !== null && !ours(current, lease) && !stale(current)) return current;
    campaigns.setLease(id, lease);
    return null;
  });
  const renewLease = db.transaction((id: CampaignId, lease: Lease): boolean => {
    if (!ours(campaigns.lease(id), lease)) return false;
    campaigns.setLease(id, lease);
    return true;
  });
  const releaseLease = db.transaction((id: CampaignId, lease: Lease): void => {
    if (ours(campaigns.lease(id), lease)) campaigns.setLease(id, null);
  });
  const updateRepro = db.transaction((id: FindingId, repro: Repro): Finding | null => {
    queue.remove(id);
    return findings.updateRepro(id, repro);
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
    finishCampaign: (id, now = Date.now()) => finish.immediate(id, now),
    takeLease: (id, lease, stale) => takeLease.immediate(id, lease, stale),
    renewLease: (id, lease) => renewLease.immediate(id, lease),
    releaseLease: (id, lease) => releaseLease.immediate(id, lease),
    queuedMinimizations: queue.forCampaign,
    // IMMEDIATE: take the write lock before the first read, so a concurrent writer makes us wait
    // (busy timeout) instead of failing the upgrade from read to write lock.
    commitBatch: (campaignId, batch) => commit.immediate(campaignId, batch),
    listFindings: findings.list,
    getFinding: findings.get,
    findingBySignature: findings.bySignature,
    triage: (id, update) => triage.immediate(id, update),
    triageAll: (ids, update) => triageAll.immediate(ids, update),
    updateRepro: (id, repro) => updateRepro.immediate(id, repro),
    corpusEntries: corpus.entries,
    corpusSize: corpus.size,
    coverageSize: coverage.size,
    coverageKeys: coverage.keys,
    statsFor: stats.forCampaign,
    outcomeTallies: tallies.all,
    recordExploration: (e) => recordExploration(e),
    listCertificates: certificates.list,
    pctTallies: (campaignId?: CampaignId) => (campaignId === undefined ? pct.all() : pct.forCampaign(campaignId)),
    // A deferred (read) transaction: one consistent snapshot even while a campaign writes.
    summary: () => summary.deferred(),
    close: () => db.close(),
  };
}

/** `pid 123 on host-a (lease until 2026-12-07T15:00:00.000Z)` */
export function leaseText(lease: Lease): string {
  return `pid ${lease.pid} on ${lease.host} (lease until ${new Date(lease.expires).toISOString()})`;
}
