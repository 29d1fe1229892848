import { defineStrategy } from './types.js';

/**
 * Paul Burton's counter-proposal (BRIEF.md §6.1 d): mark CPUs offline before IRQs off, stop them through a
 * dedicated per-platform callback that halts, powers down, or waits somewhere that survives (Octeon's
 * jump-style wait), keep the writer's cache flush and write back the L2 too, have CPU0 invalidate its
 * I-cache before it jumps, and refuse at load time where no callback exists: bmips was to stay
 * unsupported, and the Loongson patch he was waiting for could not be read, so Loongson-3 is refused too.
 */
const unsupported = new Set(['bmips43xx', 'bmips5000', 'loongson3']);

export default defineStrategy({
  name: 'nonboot-callback',
  description: "Paul's proposal: offline marking, a per-platform halt/power-down/safe-wait callback, refuse where none",
  options: {
    shutdown: 'ipi-offline',
    markOffline: true,
    writerFlush: 'flush-cache-all+l2',
    afterFlag: 'kexec-reboot',
    cpu0Flush: 'local-icache',
    remarkOnline: false,
    // The callback shares a helper with play_dead, which panics when the power-down fails.
    stopReturns: 'panic',
  },
  refuses: (platform, code) => {
    if (!code.hasKexecNonbootCpu) return 'no per-platform stop callback (-EINVAL at load)';
    if (unsupported.has(platform)) return `no ${platform} callback in this proposal (-EINVAL at load)`;
    return null;
  },
});
