import cps from './cps.js';
import type { PlatformName } from './topology.js';
import type { Platform } from './types.js';

export const platforms: Readonly<Record<PlatformName, Platform>> = {
  cps,
  octeon: cps,
  loongson3: cps,
  bmips43xx: cps,
  bmips5000: cps,
  cmp: cps,
};
