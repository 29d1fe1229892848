/** What `kexfuzz fuzz` and `kexfuzz smoke` share about a campaign: defaults, and how the flags set it up. */

import type { PlatformName } from '../contract/topology.js';
import type { MinimizeLimits } from '../fuzz/messages.js';
import type { SessionArgs } from '../fuzz/session.js';
import { type Shard, shardText } from './flags.js';

export const defaultBatchSize = 4;
/**
 * Strategy runs each minimization may spend on shrinking the scenario and on its schedule. Measured on
 * the default campaign (2 workers): a minimization then takes about as long as a batch of 4 scenarios.
 */
export const minimizeLimits: MinimizeLimits = { shrinkRuns: 12, scheduleRuns: 12 };

/** A campaign as the command line sets it up. */
export interface CampaignSetup {
  readonly seed: number;
  readonly strategies: readonly string[];
  readonly modules: readonly string[];
  readonly platforms: readonly PlatformName[];
  readonly reference: string | null;
  readonly shard: Shard;
  readonly batchSize: number;
  readonly runs: number | null;
  readonly timeMs: number | null;
  readonly minimize: boolean;
}

/**
 * The session's options, the shard as `K/N`, and the configuration stored with the campaign: what must
 * match for `--resume` (everything that decides which scenarios run and what they find), as JSON with its
 * keys in a fixed order so equal configurations are equal strings.
 */
export function campaignSetup(c: CampaignSetup): {
  readonly config: string;
  readonly shard: string;
  readonly options: SessionArgs['options'];
} {
  const shard = shardText(c.shard);
  const { seed, strategies, modules, platforms, reference, batchSize } = c;
  return {
    config: JSON.stringify({ seed, strategies, modules, platforms, reference, shard, batchSize }),
    shard,
    options: {
      seed,
      runs: c.runs,
      timeMs: c.timeMs,
      batchSize,
      strategies,
      strategyModules: modules,
      platforms,
      reference,
      shard: c.shard,
      minimize: c.minimize ? minimizeLimits : null,
    },
  };
}
