/**
 * A campaign's progress as the session reports it and the status line shows it: fuzz/ fills it in, report/
 * renders it, and neither imports the other.
 */
export interface CampaignStatus {
  /** Scenarios the campaign has run, counting a resumed campaign's earlier runs. */
  readonly runs: number;
  /** The campaign's `--runs`, or null when only time limits it. */
  readonly targetRuns: number | null;
  readonly runsPerSecond: number;
  /** Distinct signatures this session has seen, and how many of them the database did not have (null: not shown). */
  readonly signatures: number;
  readonly newSignatures: number | null;
  /** Outcome kind → distinct signatures seen. */
  readonly byKind: Readonly<Record<string, number>>;
  readonly coverage: number;
  readonly corpus: number;
  readonly elapsedMs: number;
  /** Null when unknown; `estimated` when derived from the run rate rather than a time limit. */
  readonly remainingMs: number | null;
  readonly estimated?: boolean;
  /** How long minimization may run on once the fuzzing is over (absent: it does not). */
  readonly minimizeGraceMs?: number;
}

/** How many strategy runs on one platform ended with one outcome kind: the counts behind the verdict matrix. */
export interface OutcomeTally {
  readonly platform: string;
  readonly strategy: string;
  /** An outcome kind: `ok`, `refused`, `hang`, ... */
  readonly kind: string;
  readonly runs: number;
}

/** A sample of a campaign's progress, as the session takes it every few seconds and the store keeps it. */
export interface StatsSample {
  readonly campaignId: number;
  readonly at: number;
  readonly runs: number;
  readonly runsPerSecond: number;
  readonly findings: number;
  readonly coverage: number;
  /** Corpus entries in the database; null for samples from before store version 6. */
  readonly corpus: number | null;
  /**
   * When the session that took the sample started (ms): each value is one run of `kexfuzz fuzz`, so a
   * campaign's sessions show where it stopped and resumed. Null for samples from before store version 6.
   */
  readonly sessionStarted: number | null;
}

/**
 * PCT runs of one platform that could have found a bug of depth `bugDepth`, and what they add up to: PCT with
 * d change points finds a bug of depth ≤ d with probability at least 1/(n·k^(d−1)) per run (n CPUs, k steps
 * over which it spreads them), so a bug every one of those scenarios can show is missed by all of them with
 * probability at most exp(logMiss), the sum of log(1 − p) over the runs.
 */
export interface PctTally {
  readonly platform: string;
  /** 1 to 3. */
  readonly bugDepth: number;
  readonly runs: number;
  /** Σ log(1 − p) over the runs: ≤ 0. */
  readonly logMiss: number;
}
