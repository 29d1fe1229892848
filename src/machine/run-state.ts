/**
 * Run-state changes of one CPU: every change is traced with the pc it happened at and counts as progress.
 * Rare paths, called from the hot loop and from the IPI and power controllers.
 */

import type { Machine } from './machine.js';
import { unpark } from './park.js';
import { ev, runState } from './trace.js';

export function setRunState(m: Machine, cpu: number, next: number, by: number): void {
  if (m.state[cpu] === next) return;
  // Whatever a parked CPU waited for, its state changing ends the wait and the loop it was in.
  unpark(m, cpu);
  m.park.forget(cpu);
  m.state[cpu] = next;
  m.trace.push(m.step, ev.STATE, cpu, next, by, m.pc[cpu]!);
  m.lastProgress = m.step;
}

/** Stops `cpu` on the instruction at `pc`, which stays its pc for the report. */
export function fault(m: Machine, cpu: number, cause: number, pc: number, detail: number): void {
  m.pc[cpu] = pc;
  m.trace.push(m.step, ev.FAULT, cpu, cause, pc, detail);
  setRunState(m, cpu, runState.FAULTED, cpu);
}
