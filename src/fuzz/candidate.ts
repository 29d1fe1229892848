/**
 * A scenario the minimizers try in place of a finding's repro. The scenario codec or the kernel's layout
 * may refuse it with an InputError: the candidate is then `unbuildable`, a value the minimizer rejects as a
 * shrink step. Any other error is a bug and propagates.
 */

import type { Scenario } from '../contract/scenario.js';
import { InputError } from '../errors.js';
import { validateScenario } from '../scenario/codec.js';

export interface Unbuildable {
  readonly kind: 'unbuildable';
  readonly why: string;
}

/** `build()`, or unbuildable when it throws an InputError. */
export function unlessUnbuildable<T>(build: () => T): T | Unbuildable {
  try {
    return build();
  } catch (error) {
    if (error instanceof InputError) return { kind: 'unbuildable', why: error.message };
    throw error;
  }
}

/** A candidate input validated into a scenario, or why the codec refused it. */
export function candidateScenario(
  input: unknown,
): { readonly kind: 'built'; readonly scenario: Scenario } | Unbuildable {
  return unlessUnbuildable(() => ({ kind: 'built', scenario: validateScenario(input) }));
}
