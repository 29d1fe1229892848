/**
 * What a strategy author imports (`--strategy-module`): `defineStrategy` and the types it checks against.
 * The interface itself is shared vocabulary and lives in contract/.
 */
import type { Strategy } from '../contract/strategy.js';

export type { KernelOptions } from '../contract/kernel-options.js';
export type { Strategy } from '../contract/strategy.js';

export function defineStrategy(strategy: Strategy): Strategy {
  return strategy;
}
