/**
 * The IPI network: a sent IPI arrives after a seeded latency; on arrival it becomes pending on a CPU that
 * can take it (waking one in `wait`) and is dropped on a halted, powered-down or faulted one. A pending
 * IPI is taken at the next instruction boundary with interrupts enabled.
 */

import type { Machine } from './machine.js';
import { unpark } from './park.js';
import { setRunState } from './run-state.js';
import { NEVER } from './scheduler.js';
import { ev, runState } from './trace.js';

export function sendIpi(m: Machine, cpu: number, target: number): void {
  const { min, max } = m.runConfig.ipiLatency;
  const due = m.step + m.ipiRng.between(min, max);
  const current = m.ipiDue[target]!;
  if (current < 0 || due < current) m.ipiDue[target] = due;
  if (due < m.nextDue) m.nextDue = due;
  m.trace.push(m.step, ev.IPI_SENT, cpu, target, due, 0);
}

/**
 * A software interrupt at `cpu` at step `at` that nobody sends (a stray SW interrupt, a late IPI): it
 * arrives as an IPI does. Given before the run.
 */
export function raiseStrayInterrupt(m: Machine, cpu: number, at: number): void {
  m.strays.push({ cpu, at });
  m.strays.sort((x, y) => x.at - y.at || x.cpu - y.cpu);
  if (at < m.nextDue) m.nextDue = at;
}

/** An interrupt reaching `c`: pending on a CPU that can take it (waking one in `wait`), else dropped. */
function arrive(m: Machine, c: number, step: number): void {
  const s = m.state[c]!;
  if (s === runState.HALTED || s === runState.POWERED_DOWN || s === runState.FAULTED) {
    m.trace.push(step, ev.IPI_DROPPED, c, s, 0, 0);
    return;
  }
  m.pending[c] = 1;
  unpark(m, c);
  if (s === runState.WAITING) setRunState(m, c, runState.RUNNING, c);
}

/** Delivers every IPI and stray interrupt due by now and sets `nextDue` to the earliest still to come. */
export function deliverIpis(m: Machine): void {
  const step = m.step;
  let next = NEVER;
  for (let c = 0; c < m.cpus; c++) {
    const due = m.ipiDue[c]!;
    if (due < 0) continue;
    if (due > step) {
      if (due < next) next = due;
      continue;
    }
    m.ipiDue[c] = -1;
    arrive(m, c, step);
  }
  while (m.strayNext < m.strays.length && m.strays[m.strayNext]!.at <= step) {
    const { cpu } = m.strays[m.strayNext++]!;
    m.trace.push(step, ev.STRAY_INTERRUPT, cpu, 0, 0, 0);
    arrive(m, cpu, step);
  }
  const stray = m.strays[m.strayNext];
  if (stray !== undefined && stray.at < next) next = stray.at;
  m.nextDue = next;
}

/** Takes the pending IPI of `cpu` about to execute at `pc`: saves it in EPC, masks interrupts, returns EBASE. */
export function takeIpi(m: Machine, cpu: number, pc: number): number {
  m.pending[cpu] = 0;
  m.ie[cpu] = 0;
  m.recorder?.interruptEnable(m.step, cpu, 0);
  m.epc[cpu] = pc;
  m.trace.push(m.step, ev.IPI_TAKEN, cpu, pc, 0, 0);
  m.lastProgress = m.step;
  return m.ebase[cpu]!;
}
