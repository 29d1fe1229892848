/**
 * `kexfuzz run <file|->`: one scenario through each strategy, and how each ends. Findings are answers here,
 * not errors: the command exits 0 whenever it ran.
 */
import { Command } from 'commander';
import type { Scenario } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { loadStrategies } from '../fuzz/module-probe.js';
import { outcomeTable } from '../report/outcome-table.js';
import { scenarioSummary } from '../report/scenario-summary.js';
import { runStrategy, type StrategyRun } from '../run/run-strategy.js';
import { parseScenario, scenarioHash, serializeScenario } from '../scenario/codec.js';
import { scenarioLimits } from '../scenario/defaults.js';
import { nameList, positiveInteger, selectStrategies, strategyModuleOption } from './flags.js';
import { type Io, inputName, readInput } from './io.js';
import { traceOf } from './trace-of.js';

interface RunOptions {
  readonly strategies?: readonly string[];
  readonly strategyModule?: readonly string[];
  readonly json?: boolean;
  readonly trace?: boolean;
  readonly traceLast?: number;
}

function jsonReport(s: Scenario, runs: readonly { strategy: Strategy; run: StrategyRun }[], o: RunOptions): string {
  const outcomes = Object.fromEntries(
    runs.map(({ strategy, run }) => {
      const { kind, cpu, routine, title, label, step, waits } = run.outcome;
      const trace = o.trace ? { trace: traceOf(run, o.traceLast).split('\n') } : {};
      return [strategy.name, { kind, cpu, routine, title, label, step, waits, signature: run.signature, ...trace }];
    }),
  );
  return JSON.stringify({ scenario: JSON.parse(serializeScenario(s)), outcomes }, null, 2);
}

function textReport(s: Scenario, runs: readonly { strategy: Strategy; run: StrategyRun }[], o: RunOptions): string {
  const parts = [
    `${scenarioSummary(s)}; hash ${scenarioHash(s)}`,
    '',
    outcomeTable(runs.map(({ strategy, run }) => ({ strategy: strategy.name, outcome: run.outcome }))),
  ];
  if (o.trace) {
    for (const { strategy, run } of runs) {
      parts.push('', `== ${strategy.name}: ${run.outcome.kind} ==`, traceOf(run, o.traceLast));
    }
  }
  return parts.join('\n');
}

export function runCommand(io: Io): Command {
  return new Command('run')
    .description('run one scenario through each strategy and print how each ends')
    .argument('<file>', 'scenario JSON, or - to read standard input')
    .option(
      '--strategies <names>',
      'comma-separated strategies to run, in this order (default: all)',
      nameList('strategy names'),
    )
    .addOption(strategyModuleOption())
    .option('--json', 'print {"scenario": …, "outcomes": {"<strategy>": …}} as JSON')
    .option('--trace', "append each strategy's symbolized per-CPU trace")
    .option('--trace-last <n>', 'with --trace, only the last N lines of each CPU', positiveInteger)
    .action(async (file: string, options: RunOptions) => {
      const available = await loadStrategies(options.strategyModule);
      const selected = selectStrategies(available, options.strategies);
      const s = parseScenario(readInput(file, io, scenarioLimits.textBytes.max), inputName(file));
      const runs = selected.map((strategy) => ({ strategy, run: runStrategy(s, strategy) }));
      io.out(options.json ? jsonReport(s, runs, options) : textReport(s, runs, options));
    });
}
