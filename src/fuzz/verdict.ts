/**
 * What a minimized repro must keep of its finding: the failing strategy's signature, and every other
 * strategy that booted on the original still booting. A repro that keeps only the signature can lose
 * the divergence that made it a finding (the reference failing too under a pinned schedule); one that
 * keeps this verdict shows the same bug and the same contrast. Common-mode findings, where nothing
 * booted, keep only the signature.
 */

import type { Signature } from '../contract/finding.js';
import type { Scenario } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { runStrategy, type StrategyRun } from '../run/run-strategy.js';

export interface Verdict {
  readonly strategy: Strategy;
  readonly signature: Signature;
  /** The other strategies that booted on the original: each must still boot on a repro. */
  readonly booted: readonly Strategy[];
}

/** The verdict of `strategy`'s finding on `original`, with `strategies` to compare against. */
export function verdictOf(
  original: Scenario,
  strategy: Strategy,
  signature: Signature,
  strategies: readonly Strategy[],
): Verdict {
  const others = strategies.filter((s) => s.name !== strategy.name);
  return { strategy, signature, booted: others.filter((s) => runStrategy(original, s).outcome.kind === 'ok') };
}

/**
 * The failing strategy's run on `s` when `s` keeps the verdict, else null. The failing strategy runs
 * first; the ones that booted run only if its signature held.
 */
export function keepsVerdict(v: Verdict, s: Scenario): StrategyRun | null {
  const run = runStrategy(s, v.strategy);
  if (run.signature !== v.signature) return null;
  for (const other of v.booted) if (runStrategy(s, other).outcome.kind !== 'ok') return null;
  return run;
}

/** How many strategy runs one `keepsVerdict` check costs at most. */
export function checkCost(v: Verdict): number {
  return 1 + v.booted.length;
}
