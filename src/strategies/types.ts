/**
 * What a strategy author imports (`--strategy-module`): `defineStrategy` and the types it checks against.
 * The interface itself is shared vocabulary and lives in contract/.
 */
import { type KernelOptionsInput, kernelOptionDefaults } from '../contract/kernel-options.js';
import type { Strategy } from '../contract/strategy.js';

export type { KernelOptions, KernelOptionsInput } from '../contract/kernel-options.js';
export type { Strategy } from '../contract/strategy.js';

/** A strategy as its author writes it: options added after the first modules may be left out. */
export interface StrategyDefinition extends Omit<Strategy, 'options'> {
  readonly options: KernelOptionsInput;
}

export function defineStrategy(strategy: StrategyDefinition): Strategy {
  return { ...strategy, options: { ...kernelOptionDefaults, ...strategy.options } };
}
