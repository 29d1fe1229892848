/**
 * `npm run bench`: prints one JSON object of figures on stdout. Rates are medians over repetitions
 * after a warm-up; compare ratios measured in one run, since machines here are small and noisy.
 */

import { runBare } from './bare-loop.js';
import { buildProgramMix, loadMix, MIX_CPUS, mixMachineConfig, mixRunConfig, newMixMachine } from './program-mix.js';

const ITERATIONS = 2000;
const REPEATS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(label: string, runOnce: (seed: number) => number): { stepsPerSecond: number; runsPerSecond: number } {
  for (let seed = 1; seed <= 5; seed++) runOnce(seed); // warm up the JIT
  const stepRates: number[] = [];
  const runRates: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    let steps = 0;
    let runs = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 300) {
      steps += runOnce(100 + r * 1000 + runs);
      runs++;
    }
    const seconds = (performance.now() - t0) / 1000;
    stepRates.push(steps / seconds);
    runRates.push(runs / seconds);
  }
  if (stepRates.length === 0) throw new Error(`no measurement for ${label}`);
  return { stepsPerSecond: Math.round(median(stepRates)), runsPerSecond: Math.round(median(runRates) * 10) / 10 };
}

const program = buildProgramMix(ITERATIONS);
const machine = newMixMachine(1);

const emulator = measure('emulator', (seed) => {
  machine.reset(mixRunConfig(seed));
  loadMix(machine, program);
  const stop = machine.run();
  if (stop.kind !== 'exit') throw new Error(`program mix did not finish: ${JSON.stringify(stop)}`);
  return machine.step;
});

const bare = measure('bare', (seed) => runBare(program, MIX_CPUS, mixMachineConfig.memWords, seed, 32));

const figures = {
  workload: `${MIX_CPUS}-CPU program mix, ${ITERATIONS} iterations per CPU`,
  stepsPerSecond: emulator.stepsPerSecond,
  runsPerSecond: emulator.runsPerSecond,
  bareLoopStepsPerSecond: bare.stepsPerSecond,
  ratioToBareLoop: Math.round((emulator.stepsPerSecond / bare.stepsPerSecond) * 1000) / 1000,
  node: process.version,
};
console.log(JSON.stringify(figures, null, 2));
