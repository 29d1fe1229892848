/**
 * `npm run bench`: prints one JSON object of figures on stdout. Rates are medians over repetitions
 * after a warm-up; compare ratios measured in one run, since machines here are small and noisy.
 */

import { platformNames } from '../src/contract/topology.js';
import { runStrategy } from '../src/run/run-strategy.js';
import { validateScenario } from '../src/scenario/codec.js';
import { builtinStrategies } from '../src/strategies/index.js';
import { runBare } from './bare-loop.js';
import { campaignFigures } from './campaign.js';
import { buildProgramMix, loadMix, MIX_CPUS, mixMachineConfig, mixRunConfig, newMixMachine } from './program-mix.js';
import { timelinePageFigures } from './timeline-page.js';

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

interface StrategyRate {
  readonly runsPerSecond: number;
  /** The clock at the end of the run: steps, waits included (a parked wait is a jump, not work). */
  readonly stepsPerRun: number;
  /** Instructions the CPUs executed: the steps that cost emulation. */
  readonly instructionsPerRun: number;
  readonly outcome: string;
}

/**
 * Runs/s of each strategy on each platform's default scenario (a normal kexec), one core, whole pipeline:
 * world build, machine, run, oracle. A refused run is only the load-time check.
 */
function strategyRates(): Record<string, StrategyRate> {
  const rates: Record<string, StrategyRate> = {};
  for (const platform of platformNames) {
    const scenario = validateScenario({ version: 1, platform });
    for (const strategy of builtinStrategies) {
      const first = runStrategy(scenario, strategy);
      for (let i = 0; i < 5; i++) runStrategy(scenario, strategy); // warm up the JIT for this path
      let runs = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < 150) {
        runStrategy(scenario, strategy);
        runs++;
      }
      const seconds = (performance.now() - t0) / 1000;
      rates[`${platform}/${strategy.name}`] = {
        runsPerSecond: Math.round((runs / seconds) * 10) / 10,
        stepsPerRun: first.machine?.step ?? 0,
        instructionsPerRun: (first.machine?.scheduler.recordedSchedule() ?? []).reduce((n, [, steps]) => n + steps, 0),
        outcome: first.outcome.kind,
      };
    }
  }
  return rates;
}

const perStrategy = strategyRates();

const figures = {
  workload: `${MIX_CPUS}-CPU program mix, ${ITERATIONS} iterations per CPU`,
  stepsPerSecond: emulator.stepsPerSecond,
  runsPerSecond: emulator.runsPerSecond,
  bareLoopStepsPerSecond: bare.stepsPerSecond,
  ratioToBareLoop: Math.round((emulator.stepsPerSecond / bare.stepsPerSecond) * 1000) / 1000,
  defaultScenarioRunsPerSecond: perStrategy,
  campaign: await campaignFigures(96, 10, 4_000),
  timelinePage: await timelinePageFigures(),
  node: process.version,
};
console.log(JSON.stringify(figures, null, 2));
