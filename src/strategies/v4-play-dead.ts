import { defineStrategy } from './types.js';

/**
 * Dengcheng Zhu's v4 series as posted (BRIEF.md §6.1 b): after the flag every non-boot CPU calls
 * play_dead() and CPU0 jumps (kexec_smp_reboot); kexec_smp_wait is gone; the writer does a local
 * I-cache range flush instead of __flush_cache_all; nobody is marked offline; machine_shutdown is
 * unchanged, so a normal kexec still stops no one (but Octeon's hook).
 */
export default defineStrategy({
  name: 'v4-play-dead',
  description: 'v4 series: non-boot CPUs call play_dead(), CPU0 jumps, no offline marking, local I-flush on the writer',
  options: {
    shutdown: 'hook-only',
    markOffline: false,
    writerFlush: 'local-icache-range',
    afterFlag: 'kexec-this-cpu',
    cpu0Flush: 'none',
    remarkOnline: false,
  },
  refuses: () => null,
});
