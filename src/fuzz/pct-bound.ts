/**
 * What a PCT run rules out. PCT (Burckhardt et al., ASPLOS 2010) with d change points finds a bug of depth
 * d with probability at least 1/(n·k^(d−1)) per run, for n threads and change points spread over k steps. A
 * run whose scenario has `pctDepth` D ≥ d counts for a bug of depth d with 1/(n·k^(D−1)), the guarantee of
 * the algorithm it ran (its extra change points are not assumed to help); a run with fewer change points, or
 * under another policy, counts for nothing. k is the scenario's `pctHorizon`: a change point lands on any
 * one step with probability 1/k.
 */
import type { PctTally } from '../contract/campaign.js';
import type { Scenario } from '../contract/scenario.js';

/** The bug depths the campaign states a bound for. */
export const BUG_DEPTHS = [1, 2, 3] as const;

/** The probability PCT's guarantee gives this scenario's run of finding a bug of depth `bugDepth`, or 0. */
export function pctFindProbability(s: Scenario, bugDepth: number): number {
  const t = s.timing;
  if (t.policy !== 'pct' || t.pctDepth < bugDepth) return 0;
  const cpus = s.cores * s.threadsPerCore;
  return 1 / (cpus * t.pctHorizon ** (t.pctDepth - 1));
}

/** Adds one run of `s` to `tallies` (platform → per depth), for every depth it counts for. */
export function countPctRun(s: Scenario, into: Map<string, PctTally>): void {
  for (const bugDepth of BUG_DEPTHS) {
    const p = pctFindProbability(s, bugDepth);
    if (p === 0) continue;
    const key = `${s.platform} ${bugDepth}`;
    const before = into.get(key);
    const logMiss = Math.log1p(-p);
    into.set(key, {
      platform: s.platform,
      bugDepth,
      runs: (before?.runs ?? 0) + 1,
      logMiss: (before?.logMiss ?? 0) + logMiss,
    });
  }
}
