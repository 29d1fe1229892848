/**
 * Bounded-exhaustive exploration's vocabulary: what one strategy's exploration of a scenario counted, and the
 * certificate stored for one that ran to the end.
 */

/** How far one strategy's exploration of one scenario got. */
export interface ExplorationCounts {
  readonly strategy: string;
  /** Distinct schedules run within the bound. */
  readonly schedules: number;
  /** Equivalence classes among them: schedules that order every dependent pair of accesses alike are one. */
  readonly classes: number;
  /** Runs made, a few of which repeated a schedule or went over the bound. */
  readonly runs: number;
  readonly ms: number;
  /** False when the time ran out first: then no certificate. */
  readonly complete: boolean;
}

/**
 * Which reduction an exploration ran, stored with its certificates. 2: reversals are also tried from where the
 * racing CPU began its turn within the bound. Before (stored as null), only over it: an outcome one preemption
 * reaches could be missed, so such a certificate may claim too much.
 */
export const REDUCTION = 2;

/**
 * A certificate of bounded-exhaustive exploration: `strategy` on the scenario, every schedule with at most
 * `preemptions` preemptions explored, and the outcome kinds they reached.
 */
export interface Certificate {
  readonly scenarioHash: string;
  /** JSON: the scenario explored. */
  readonly scenario: string;
  /** One line saying what the scenario is (platform, CPUs, path, crash CPU). */
  readonly summary: string;
  readonly platform: string;
  readonly strategy: string;
  readonly preemptions: number;
  readonly schedules: number;
  /** Equivalence classes among the schedules; null on certificates stored before kexfuzz counted them. */
  readonly classes: number | null;
  readonly outcomes: readonly string[];
  readonly ms: number;
  readonly createdAt: number;
  /** The reduction that explored it (REDUCTION when current); null on certificates stored before it was kept. */
  readonly reduction: number | null;
}

/** Whether a certificate comes from a reduction other than this one's, which may claim too much. */
export function ofOlderReduction(c: Pick<Certificate, 'reduction'>): boolean {
  return c.reduction !== REDUCTION;
}
