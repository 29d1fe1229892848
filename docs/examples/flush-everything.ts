/**
 * A worked example of a --strategy-module (docs/writing-a-strategy.md): the merged v4.20 design, but every
 * cache the control page could be stuck in is written back or invalidated before anyone jumps. The writer
 * also writes back the secondary cache, and CPU0 writes back and invalidates its secondary cache after its
 * local I-cache flush. Like upstream it needs a kexec_nonboot_cpu callback, so kexec_load refuses the
 * platforms without one.
 *
 *   npx kexfuzz run corpus/s16-octeon-kdump-stale.json --strategy-module docs/examples/flush-everything.ts
 */
import { defineStrategy } from '../../src/strategies/types.js';

export default defineStrategy({
  name: 'flush-everything',
  description: 'upstream, plus an L2 writeback by the writer and an L2 writeback-invalidate on CPU0',
  options: {
    shutdown: 'ipi-offline',
    markOffline: true,
    writerFlush: 'flush-cache-all+l2',
    afterFlag: 'kexec-reboot',
    cpu0Flush: 'local-icache+scache-wbinv',
    remarkOnline: true,
  },
  refuses: (platform, code) =>
    code.hasKexecNonbootCpu ? null : `machine_kexec_prepare: ${platform} has no kexec_nonboot_cpu (-EINVAL)`,
});
