import legacy from './legacy.js';
import nonbootCallback from './nonboot-callback.js';
import type { Strategy } from './types.js';
import upstream from './upstream.js';
import v4Offline from './v4-offline.js';
import v4PlayDead from './v4-play-dead.js';
import v4Scache, { v4ScacheWriteback } from './v4-scache.js';

/**
 * The competing strategies of DESIGN.md, in the order they were proposed, then the second reading of
 * v4-scache's ambiguous "scache invalidation", so the fuzzer explores both.
 */
export const builtinStrategies: readonly Strategy[] = [
  legacy,
  v4PlayDead,
  v4Offline,
  v4Scache,
  nonbootCallback,
  upstream,
  v4ScacheWriteback,
];

export function strategyByName(name: string): Strategy | undefined {
  return builtinStrategies.find((s) => s.name === name);
}
