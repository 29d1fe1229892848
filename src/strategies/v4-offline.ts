import { defineStrategy } from './types.js';

/**
 * Paul Burton's test-kexec branch of the v4 series (BRIEF.md §6.1, Sep 5–6 2018): v4's play_dead() for
 * non-boot CPUs, with CPUs marked offline, __flush_cache_all kept (patch 4 rejected) and an I-cache flush
 * added on CPU0 before it jumps (kexec_this_cpu).
 */
export default defineStrategy({
  name: 'v4-offline',
  description:
    "v4 series on Paul's test branch: play_dead() plus offline marking, __flush_cache_all kept, CPU0 I-flush",
  options: {
    shutdown: 'hook-only',
    markOffline: true,
    writerFlush: 'flush-cache-all',
    afterFlag: 'kexec-this-cpu',
    cpu0Flush: 'local-icache',
    remarkOnline: false,
  },
  refuses: () => null,
});
