/**
 * The power controller: power-gating a core, starting a stopped CPU (VP_RUN, TC restart, CPC power-up)
 * and resetting a core (CPC CMD_RESET, CIU_PP_RST). Each works on whole cores where the hardware does.
 */

import { REG_COUNT } from './isa.js';
import type { Machine } from './machine.js';
import { unpark } from './park.js';
import { setRunState } from './run-state.js';
import { ev, runState } from './trace.js';

/** Power-gates the whole core of `cpu`: every thread stops, the core's L1 is lost. */
export function powerDownCore(m: Machine, cpu: number): void {
  const core = m.coreOf[cpu]!;
  for (let c = 0; c < m.cpus; c++) {
    if (m.coreOf[c] !== core) continue;
    m.pending[c] = 0;
    setRunState(m, c, runState.POWERED_DOWN, cpu);
  }
  m.cache.discardCore(core);
}

function clearCpu(m: Machine, cpu: number): void {
  unpark(m, cpu);
  m.park.forget(cpu);
  m.park.compare[cpu] = 0;
  m.regs.fill(0, cpu * REG_COUNT, (cpu + 1) * REG_COUNT);
  m.pending[cpu] = 0;
  m.ie[cpu] = 0;
  m.recorder?.interruptEnable(m.step, cpu, 0);
  m.ebase[cpu] = 0;
}

/**
 * Power-controller start: a stopped CPU starts, a powered-down core powers up first. A running or waiting CPU
 * ignores it unless `restartRunning` (a controller that resets the thread whatever it is doing).
 */
export function startOther(m: Machine, cpu: number, target: number, address: number, restartRunning = false): void {
  const s = m.state[target]!;
  if ((s === runState.RUNNING || s === runState.WAITING) && !restartRunning) {
    m.trace.push(m.step, ev.START_IGNORED, cpu, target, address, 0);
    return;
  }
  if (s === runState.POWERED_DOWN) {
    const core = m.coreOf[target]!;
    for (let c = 0; c < m.cpus; c++) {
      if (m.coreOf[c] === core && m.state[c] === runState.POWERED_DOWN) setRunState(m, c, runState.HALTED, cpu);
    }
  }
  clearCpu(m, target);
  m.pc[target] = address;
  setRunState(m, target, runState.RUNNING, cpu);
}

/** Core reset: the core's L1 is discarded unwritten, every thread halts cleared, `target` starts at `address`. */
export function resetCore(m: Machine, cpu: number, target: number, address: number): void {
  const core = m.coreOf[target]!;
  m.cache.discardCore(core);
  for (let c = 0; c < m.cpus; c++) {
    if (m.coreOf[c] !== core) continue;
    clearCpu(m, c);
    setRunState(m, c, runState.HALTED, cpu);
  }
  m.pc[target] = address;
  setRunState(m, target, runState.RUNNING, cpu);
}
