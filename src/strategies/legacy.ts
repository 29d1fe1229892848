import { defineStrategy } from './types.js';

/**
 * v4.17–4.19 mainline (BRIEF.md §6.1 a): kdump parks the secondaries online with IRQs off, the writer runs
 * __flush_cache_all, the reboot CPU jumps into the control page itself and every other CPU follows through
 * kexec_smp_wait into the new entry; a normal kexec stops nobody except through Octeon's shutdown hook.
 */
export default defineStrategy({
  name: 'legacy',
  description:
    'v4.17–4.19: secondaries parked online with IRQs off, __flush_cache_all, every CPU jumps to the new entry',
  options: {
    shutdown: 'hook-only',
    markOffline: false,
    writerFlush: 'flush-cache-all',
    afterFlag: 'jump',
    cpu0Flush: 'none',
    remarkOnline: false,
  },
  refuses: () => null,
});
