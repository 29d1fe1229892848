/**
 * Small synthetic machines for the exploration tests: programs loaded and started on their CPUs, run on a
 * replay schedule and read as the enumerator reads a run (fuzz/explore.ts ExploredRun).
 */
import assert from 'node:assert/strict';
import type { ExploredRun } from '../../src/fuzz/explore.js';
import { executedAt, pointsOf } from '../../src/fuzz/explore-points.js';
import type { Program } from '../../src/machine/asm.js';
import { Machine } from '../../src/machine/machine.js';
import { RunRecorder } from '../../src/machine/recorder.js';
import type { ScheduleSlice } from '../../src/machine/scheduler.js';
import { asm, machineConfig, runConfig } from './machine-runner.js';

export interface Setup {
  readonly programs: readonly Program[];
  readonly start: readonly string[];
  /** What the run ended as: read from the machine at the end. */
  readonly outcome: (m: Machine) => string;
  /** The step of the event that alone decided the outcome, as the oracle's first anomaly does (ExploredRun.decidedAt). */
  readonly decidedBy?: (m: Machine) => number | undefined;
}

export function runnerOf(setup: Setup) {
  const config = machineConfig({ cores: setup.start.length });
  const cpus = setup.start.length;
  return (schedule: readonly ScheduleSlice[]): ExploredRun => {
    const machine = new Machine(config, runConfig(cpus, { policy: 'replay', schedule }));
    for (const p of setup.programs) machine.memory.load(p.base, p.words, 1);
    setup.start.forEach((routine, cpu) => {
      const symbol = setup.programs.flatMap((p) => p.symbols).find((s) => s.routine === routine && s.label === null);
      assert.ok(symbol, routine);
      machine.startCpu(cpu, symbol.address);
    });
    const recorder = new RunRecorder(1 << 16, true);
    machine.attach(recorder);
    machine.run();
    const decided = setup.decidedBy?.(machine);
    return {
      outcome: setup.outcome(machine),
      schedule: machine.scheduler.recordedSchedule(),
      preemptions: machine.scheduler.preemptions,
      points: pointsOf(recorder),
      dataCoherent: recorder.dataCoherent,
      decidedAt: decided === undefined ? undefined : executedAt(recorder, decided),
      code: (word) => machine.memory.wasExecuted(word),
    };
  };
}

// Each word in a line of its own (the test geometry's lines hold 8 words): only a is shared.
export const data = asm(0x600, (a) => {
  for (const name of ['a', 'b', 'c']) {
    a.routine(name);
    for (let i = 0; i < 8; i++) a.word(0);
  }
});
