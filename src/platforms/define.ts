import type { Platform } from '../contract/platform.js';

/** Identity, for the type check and the reading: `export default definePlatform({ ... })`. */
export function definePlatform(platform: Platform): Platform {
  return platform;
}
