import type { Platform } from '../contract/platform.js';
import type { PlatformName } from '../contract/topology.js';
import bmips43xx from './bmips43xx.js';
import bmips5000 from './bmips5000.js';
import cmp from './cmp.js';
import cps from './cps.js';
import loongson3 from './loongson3.js';
import octeon from './octeon.js';

export const platforms: Readonly<Record<PlatformName, Platform>> = {
  cps,
  octeon,
  loongson3,
  bmips43xx,
  bmips5000,
  cmp,
};
