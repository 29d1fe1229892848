/**
 * Which runs are findings (DESIGN.md, "Outcomes, divergence and signatures"): a strategy fails (not ok,
 * not refused) while another boots (divergence), or every strategy that ran fails (common-mode).
 * With a reference strategy each finding is also labelled against it.
 */

import type { FindingKind, FindingLabel, Signature } from '../contract/finding.js';
import { type Outcome, outcomeInfo } from '../contract/outcome.js';
import { signatureOf } from '../oracle/signature.js';

export interface FoundFailure {
  readonly strategy: string;
  readonly signature: Signature;
  readonly kind: FindingKind;
  readonly label: FindingLabel | null;
  readonly outcome: Outcome;
}

/** The failures of one scenario worth recording, one per failing strategy. */
export function findFailures(
  platform: string,
  outcomes: ReadonlyMap<string, Outcome>,
  reference: string | null,
): FoundFailure[] {
  const ran = [...outcomes].filter(([, o]) => o.kind !== 'refused');
  const failing = ran.filter(([, o]) => outcomeInfo[o.kind].failure);
  if (failing.length === 0) return [];
  const anyOk = ran.some(([, o]) => o.kind === 'ok');
  const kind: FindingKind = anyOk ? 'divergence' : 'common-mode';
  const ref = reference === null ? undefined : outcomes.get(reference);
  return failing.map(([strategy, outcome]) => ({
    strategy,
    signature: signatureOf(platform, strategy, outcome),
    kind,
    label: labelFor(strategy, reference, ref, anyOk),
    outcome,
  }));
}

function labelFor(
  strategy: string,
  reference: string | null,
  ref: Outcome | undefined,
  anyOk: boolean,
): FindingLabel | null {
  if (reference === null || ref === undefined || ref.kind === 'refused') return null;
  if (strategy === reference) return anyOk ? 'improvement' : 'both-wrong';
  return ref.kind === 'ok' ? 'regression' : 'both-wrong';
}
