/**
 * The plain rows the store takes and returns. Scenarios and campaign configs are JSON strings the caller
 * serialized and the store never parses; the outcome vector is typed, and serialized only on its way in
 * and out of SQLite (outcome-vector.ts).
 * Timestamps are milliseconds since the epoch, chosen by the caller.
 */

import type { OutcomeTally, PctTally, StatsSample } from '../contract/campaign.js';
import type {
  FindingKind,
  FindingLabel,
  FindingStatus,
  OutcomeVector,
  Sightings,
  Signature,
} from '../contract/finding.js';

export type { OutcomeTally };

/** A finding's row id. */
export type FindingId = number & { readonly __brand: 'FindingId' };
/** A campaign's row id. */
export type CampaignId = number & { readonly __brand: 'CampaignId' };

export interface Campaign {
  readonly id: CampaignId;
  readonly seed: number;
  /** `K/N`, as given to `--shard`. */
  readonly shard: string;
  /** JSON: whatever the CLI needs to resume the campaign identically. */
  readonly config: string;
  readonly startedAt: number;
  readonly updatedAt: number;
  /** The index of the next batch to commit (batches are committed in order from 0). */
  readonly nextBatch: number;
  readonly runs: number;
  readonly finished: boolean;
}

export interface NewCampaign {
  readonly seed: number;
  readonly shard: string;
  readonly config: string;
  readonly startedAt: number;
}

export interface Finding {
  readonly id: FindingId;
  /** `platform/strategy/kind/site`: unique, what deduplicates findings. */
  readonly signature: Signature;
  readonly kind: FindingKind;
  readonly label: FindingLabel | null;
  readonly platform: string;
  readonly strategy: string;
  readonly outcomeKind: string;
  readonly routine: string | null;
  readonly title: string;
  /** JSON: the minimized repro. */
  readonly scenario: string;
  /** JSON: the scenario as the fuzzer first found it. */
  readonly original: string;
  /** The outcome per strategy on the repro (stored as JSON; parsed in one place, outcome-vector.ts). */
  readonly outcomes: OutcomeVector;
  readonly traceHash: string;
  readonly switchesOriginal: number;
  readonly switchesMinimized: number;
  /** How many times the signature was seen. */
  readonly count: number;
  /** Of those, how many were divergences and how many had each label: `kind` and `label` follow from them. */
  readonly sightings: Sightings;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** The campaign that found the stored repro, if it is still known. */
  readonly campaignId: CampaignId | null;
  readonly status: FindingStatus;
  /** One line per triage note, each starting with an ISO timestamp. */
  readonly notes: string;
}

/**
 * A finding as a batch reports it; `count` is how often the batch saw it (default 1), `sightings` how those
 * split by kind and label (default: all as `kind` and `label`).
 */
export type NewFinding = Omit<
  Finding,
  'id' | 'count' | 'sightings' | 'firstSeen' | 'lastSeen' | 'campaignId' | 'status' | 'notes'
> & {
  readonly count?: number | undefined;
  readonly sightings?: Sightings | undefined;
};

export interface CorpusEntry {
  readonly id: number;
  /** JSON scenario; unique within a database. */
  readonly scenario: string;
  /** How many coverage keys the entry added when it was found (an integer). */
  readonly coverageGain: number;
  readonly addedAt: number;
  readonly campaignId: CampaignId | null;
  /** The batch of its campaign that found it; null for entries from before store version 4 or merged in. */
  readonly batch: number | null;
}

export interface NewCorpusEntry {
  readonly scenario: string;
  readonly coverageGain: number;
}

/** One periodic progress sample of a campaign. */
export interface StatsRow extends StatsSample {
  readonly campaignId: CampaignId;
}

export type NewStats = Omit<StatsRow, 'campaignId' | 'corpus' | 'sessionStarted'> & {
  readonly corpus?: number | null | undefined;
  readonly sessionStarted?: number | null | undefined;
};

/** A minimization a campaign owes: the finding's signature and strategy, and where its scenario came from. */
export interface QueuedMinimization {
  readonly signature: Signature;
  readonly strategy: string;
  /** JSON, as the campaign's caller wrote it: what regenerates the scenario to shrink. */
  readonly origin: string;
}

/** Who runs a campaign: one process on one host, until `expires` unless it renews. */
export interface Lease {
  readonly host: string;
  readonly pid: number;
  readonly expires: number;
}

/** Everything one fuzzing batch produced; `commitBatch` writes it in one transaction. */
export interface Batch {
  /** Must equal the campaign's `nextBatch`: batches are committed in order, each once. */
  readonly batchIndex: number;
  readonly runs: number;
  /** How the batch's strategy runs ended, per platform, strategy and outcome kind (default none). */
  readonly tallies?: readonly OutcomeTally[] | undefined;
  readonly pct?: readonly PctTally[] | undefined;
  readonly findings: readonly NewFinding[];
  readonly corpus: readonly NewCorpusEntry[];
  /** int32 coverage keys seen by the batch; keys already stored are ignored. */
  readonly coverage: ArrayLike<number>;
  readonly stats?: NewStats | undefined;
  readonly now: number;
  /** Findings stored first by this batch that the campaign will minimize: signature → origin JSON. */
  readonly minimize?: ReadonlyMap<string, string> | undefined;
  /** The campaign's lease, renewed by the commit; a batch whose lease another process took is refused. */
  readonly lease?: Lease | undefined;
}

/** What committing a batch changed. */
export interface BatchCommit {
  /** Signatures stored for the first time by this batch, in the order the batch listed them. */
  readonly newSignatures: readonly Signature[];
  /** How many of the batch's coverage keys were not stored before. */
  readonly newCoverage: number;
}

export interface FindingFilter {
  readonly status?: FindingStatus | undefined;
  readonly platform?: string | undefined;
  readonly strategy?: string | undefined;
  readonly kind?: FindingKind | undefined;
}

export interface TriageUpdate {
  readonly status?: FindingStatus | undefined;
  /** Appended to `notes` as one line starting with the ISO time `at`. */
  readonly note?: string | undefined;
  /** Defaults to now. */
  readonly at?: number | undefined;
}

/** A better minimization of a finding's original scenario. */
export interface Repro {
  readonly scenario: string;
  readonly traceHash: string;
  readonly switchesOriginal: number;
  readonly switchesMinimized: number;
  /** The outcomes per strategy and title on the new repro; kept as they were when absent. */
  readonly outcomes?: OutcomeVector;
  readonly title?: string;
}

export interface StoreSummary {
  readonly findings: number;
  /** Findings per finding kind (`divergence`, `common-mode`); kinds with none are absent. */
  readonly byKind: Readonly<Record<string, number>>;
  /** Findings per triage status; statuses with none are absent. */
  readonly byStatus: Readonly<Record<string, number>>;
  readonly campaigns: number;
  /** Runs over every campaign. */
  readonly runs: number;
  readonly corpus: number;
  readonly coverage: number;
}

export interface MergeResult {
  /** Findings in the destination after the merge. */
  readonly findings: number;
  /** Signatures the destination did not have before. */
  readonly added: number;
  /** Source findings folded into a signature the destination already had. */
  readonly merged: number;
}
