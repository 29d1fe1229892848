import { defineStrategy } from './types.js';

/**
 * Dengcheng's proposal in the thread (Sep 7 2018; BRIEF.md §6.1 c): v4's structure, no __flush_cache_all
 * on the writer (only its local I-cache range flush), no offline marking, and on CPU0 a local I-cache
 * flush plus "scache invalidation" before the jump. The thread never says whether that invalidation
 * writes back first (§4.3); the default here is the literal reading, invalidate without writeback, and
 * `v4-scache-wbinv` is the other reading.
 */
export default defineStrategy({
  name: 'v4-scache',
  description: 'the thread proposal: no __flush_cache_all, no offline marking, CPU0 local I-flush + scache invalidate',
  options: {
    shutdown: 'hook-only',
    markOffline: false,
    writerFlush: 'local-icache-range',
    afterFlag: 'kexec-this-cpu',
    cpu0Flush: 'local-icache+scache-inv',
    remarkOnline: false,
  },
  refuses: () => null,
});

/** The other reading of "scache invalidation": write back, then invalidate. */
export const v4ScacheWriteback = defineStrategy({
  name: 'v4-scache-wbinv',
  description: 'the thread proposal with "scache invalidation" read as writeback-invalidate',
  options: {
    shutdown: 'hook-only',
    markOffline: false,
    writerFlush: 'local-icache-range',
    afterFlag: 'kexec-this-cpu',
    cpu0Flush: 'local-icache+scache-wbinv',
    remarkOnline: false,
  },
  refuses: () => null,
});
