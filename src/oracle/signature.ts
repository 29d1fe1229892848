import type { Outcome } from '../contract/outcome.js';

/** `platform/strategy/kind/routine`: what deduplicates findings (no addresses, no CPU numbers). */
export type Signature = string & { readonly __brand: 'Signature' };

export function signatureOf(platform: string, strategy: string, outcome: Outcome): Signature {
  const routine = outcome.routine ?? (outcome.waits[0]?.on ? `waits-${outcome.waits[0].on}` : '-');
  return `${platform}/${strategy}/${outcome.kind}/${routine}` as Signature;
}
