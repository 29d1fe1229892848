/** The coprocessor-0 registers `mfc0`/`mtc0` reach: identity and topology, the cycle count, EPC, EBASE, Status.IE. */

import { cp0 } from './isa.js';
import type { Machine } from './machine.js';

export function readCp0(m: Machine, cpu: number, sel: number): number {
  switch (sel) {
    case cp0.CPUID:
      return cpu;
    case cp0.CORE:
      return m.coreOf[cpu]!;
    case cp0.THREAD:
      return cpu % m.threadsPerCore;
    case cp0.NCPUS:
      return m.cpus;
    case cp0.COUNT:
      return m.step;
    case cp0.EPC:
      return m.epc[cpu]!;
    case cp0.EBASE:
      return m.ebase[cpu]!;
    case cp0.STATUS:
      return m.ie[cpu]!;
    case cp0.COMPARE:
      return m.park.compare[cpu]!;
    default:
      return 0;
  }
}

export function writeCp0(m: Machine, cpu: number, sel: number, value: number): void {
  if (sel === cp0.EPC) m.epc[cpu] = value;
  else if (sel === cp0.EBASE) m.ebase[cpu] = value;
  else if (sel === cp0.STATUS) {
    m.ie[cpu] = value & 1;
    m.recorder?.interruptEnable(m.step, cpu, value & 1);
  } else if (sel === cp0.COMPARE) m.park.compare[cpu] = value;
}
