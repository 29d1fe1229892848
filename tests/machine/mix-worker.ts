// Worker task for the determinism test: runs the program mix for the seeds it is given.
import { buildProgramMix, loadMix, mixRunConfig, newMixMachine } from '../../bench/program-mix.js';

export interface MixTask {
  readonly seeds: readonly number[];
  readonly iterations: number;
  readonly policy: 'weighted' | 'pct';
}

export default function runMixTask(task: MixTask): string[] {
  const program = buildProgramMix(task.iterations);
  const machine = newMixMachine(1);
  return task.seeds.map((seed) => {
    machine.reset(mixRunConfig(seed, { policy: task.policy }));
    loadMix(machine, program);
    const stop = machine.run();
    return `${stop.kind}@${stop.step}:${machine.trace.hash()}`;
  });
}
