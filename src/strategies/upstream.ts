import { defineStrategy } from './types.js';

/**
 * What v4.20 merged (BRIEF.md §6.1 e), with the later Octeon build fix (8a644c64a9f1): CPUs go offline
 * before IRQs off, machine_shutdown IPIs kexec_shutdown_secondary and waits with no timeout,
 * __flush_cache_all is kept, kexec_reboot re-marks the CPU online, CPU0 flushes its I-cache and jumps,
 * the others call kexec_nonboot_cpu; platforms without that callback are refused at load time.
 */
export default defineStrategy({
  name: 'upstream',
  description:
    'v4.20: offline before IRQs off, kexec_nonboot_cpu (CPS halt/power-gate, others jump), __flush_cache_all kept',
  options: {
    shutdown: 'ipi-offline',
    markOffline: true,
    writerFlush: 'flush-cache-all',
    afterFlag: 'kexec-reboot',
    cpu0Flush: 'local-icache',
    remarkOnline: true,
  },
  refuses: (_platform, code) =>
    code.hasKexecNonbootCpu ? null : 'machine_kexec_prepare: no kexec_nonboot_cpu in plat_smp_ops (-EINVAL)',
});
