/** A scenario in one line, as `kexfuzz run` and `kexfuzz scenario check` head their output. */
import type { Scenario } from '../contract/scenario.js';

/** One line: platform, CPUs, path and the crash (or reboot) CPU. */
export function scenarioSummary(s: Scenario): string {
  const cpus = s.cores * s.threadsPerCore;
  const who = s.path === 'kdump' ? `crash on CPU ${s.crashCpu}` : `reboot CPU ${s.crashCpu}`;
  return `${s.platform}, ${cpus} CPUs (${s.cores} cores × ${s.threadsPerCore} threads), ${s.path}, ${who}`;
}
