/**
 * Scenario n of a campaign, rebuilt from (baseSeed, n) and the corpus snapshot alone, so any worker (or
 * the minimizer, later) derives the same input and the arbitrary that produced it.
 */
import fc from 'fast-check';
import type { ScenarioInput } from '../contract/scenario.js';
import type { PlatformName } from '../contract/topology.js';
import { Prng } from '../machine/prng.js';
import { fuzzScenarioInput, mutatedScenarioInput } from '../scenario/fuzz-arbitraries.js';

/** Share of scenarios that mutate a corpus entry once the corpus has any. */
const MUTATE_SHARE = 0.5;

export interface Origin {
  readonly seed: number;
  readonly arbitrary: fc.Arbitrary<ScenarioInput>;
  /** The corpus entry this one mutates, or null for a fresh scenario. */
  readonly mutates: string | null;
}

export function originOf(
  baseSeed: number,
  index: number,
  corpus: readonly string[],
  platforms: readonly PlatformName[],
): Origin {
  const rng = Prng.from(baseSeed, index + 1);
  const seed = rng.next();
  if (corpus.length > 0 && rng.next() / 0x7fffffff < MUTATE_SHARE) {
    return originFrom(seed, corpus[rng.below(corpus.length)] ?? null, platforms);
  }
  return originFrom(seed, null, platforms);
}

/** The origin again from what a finding recorded of it. */
export function originFrom(seed: number, mutates: string | null, platforms: readonly PlatformName[]): Origin {
  return mutates === null
    ? { seed, arbitrary: fuzzScenarioInput({ platforms }), mutates: null }
    : { seed, arbitrary: mutatedScenarioInput(JSON.parse(mutates) as ScenarioInput), mutates };
}

export function generate(origin: Origin): ScenarioInput {
  const [input] = fc.sample(origin.arbitrary, { seed: origin.seed, numRuns: 1 });
  if (input === undefined) throw new Error('the fuzz arbitrary produced no value');
  return input;
}
