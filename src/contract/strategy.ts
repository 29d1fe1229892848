/**
 * The interface every competing strategy implements, built-in or loaded with --strategy-module.
 * A strategy is data: the kernel choices it makes (KernelOptions) and the platforms it refuses.
 */
import type { KernelOptions } from './kernel-options.js';
import type { PlatformCode } from './platform.js';
import type { PlatformName } from './topology.js';

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
