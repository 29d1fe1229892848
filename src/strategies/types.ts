/**
 * The interface every competing strategy implements, built-in or loaded with --strategy-module.
 * A strategy is data: the kernel choices it makes (KernelOptions) and the platforms it refuses.
 */

import type { KernelOptions } from '../kernel/options.js';
import type { PlatformName } from '../platforms/topology.js';
import type { PlatformCode } from '../platforms/types.js';

export type { KernelOptions };

/**
 * Every value each KernelOptions field may take, in one table: the strategy-module loader validates against
 * it and `kexfuzz strategies` shows it. `satisfies` rejects a value KernelOptions does not have.
 */
export const kernelOptionValues = {
  shutdown: ['hook-only', 'ipi-offline'],
  markOffline: [false, true],
  writerFlush: ['flush-cache-all', 'flush-cache-all+l2', 'local-icache-range'],
  afterFlag: ['jump', 'kexec-this-cpu', 'kexec-reboot'],
  cpu0Flush: ['none', 'local-icache', 'local-icache+scache-inv', 'local-icache+scache-wbinv'],
  remarkOnline: [false, true],
} as const satisfies { readonly [K in keyof KernelOptions]: readonly KernelOptions[K][] };

export type KernelOptionName = keyof typeof kernelOptionValues;
export const kernelOptionNames = Object.keys(kernelOptionValues) as KernelOptionName[];

// The other direction: this fails to compile when KernelOptions gains a field or a value the table lacks.
type MissingOptionValue = {
  [K in keyof KernelOptions]: Exclude<KernelOptions[K], (typeof kernelOptionValues)[K][number]>;
}[keyof KernelOptions];
const tableIsComplete: [MissingOptionValue] extends [never] ? true : { missing: MissingOptionValue } = true;
void tableIsComplete;

export interface Strategy {
  /** Short kebab-case name used on the command line and in signatures. */
  readonly name: string;
  /** One line: what design it models. */
  readonly description: string;
  /** How the old kernel stops its CPUs and hands over to the new one. */
  readonly options: KernelOptions;
  /**
   * Why kexec_load refuses this platform under this strategy (machine_kexec_prepare's -EINVAL), or null.
   * Receives the platform's name and code, e.g. to check `hasKexecNonbootCpu`.
   */
  refuses(platform: PlatformName, code: PlatformCode): string | null;
}

export function defineStrategy(strategy: Strategy): Strategy {
  return strategy;
}
