import type { Signature } from '../contract/finding.js';
import type { Outcome } from '../contract/outcome.js';

/** The outcome's signature: platform, strategy, kind and the routine where it happened (or what it waits on). */
export function signatureOf(platform: string, strategy: string, outcome: Outcome): Signature {
  const routine = outcome.routine ?? (outcome.waits[0]?.on ? `waits-${outcome.waits[0].on}` : '-');
  return `${platform}/${strategy}/${outcome.kind}/${routine}` as Signature;
}
