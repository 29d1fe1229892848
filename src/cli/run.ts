/**
 * `kexfuzz run <file|->`: one scenario through each strategy, and how each ends. Findings are answers here,
 * not errors: the command exits 0 whenever it ran.
 */
import { Command, InvalidArgumentError } from 'commander';
import type { Scenario } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { oneOf, UsageError } from '../errors.js';
import { signatureOf } from '../oracle/signature.js';
import { outcomeTable } from '../report/outcome-table.js';
import { runStrategy, type StrategyRun } from '../run/run-strategy.js';
import { parseScenario, scenarioHash, serializeScenario } from '../scenario/codec.js';
import { availableStrategies } from '../strategies/available.js';
import { type Io, readInput } from './io.js';
import { scenarioSummary } from './scenario.js';
import { collect, strategyModuleHelp } from './strategy-modules.js';
import { traceOf } from './trace-of.js';

interface RunOptions {
  readonly strategies?: readonly string[];
  readonly strategyModule?: readonly string[];
  readonly json?: boolean;
  readonly trace?: boolean;
  readonly traceLast?: number;
}

function nameList(value: string): string[] {
  const names = value.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) throw new InvalidArgumentError('Expected strategy names separated by commas.');
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new InvalidArgumentError(`"${twice}" is listed twice.`);
  return names;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('Expected a positive integer.');
  }
  return n;
}

/** The strategies --strategies names, in that order, or all of them. */
function select(available: readonly Strategy[], names: readonly string[] | undefined): Strategy[] {
  if (names === undefined) return [...available];
  const known = available.map((s) => s.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    const which =
      unknown.length === 1 ? `strategy ${oneOf(unknown)}` : `strategies ${oneOf(unknown).replace(' or ', ' and ')}`;
    throw new UsageError(
      `unknown ${which} in --strategies; ${unknown.length === 1 ? 'it' : 'each'} should be one of ${oneOf(known)} (add your own with --strategy-module FILE).`,
    );
  }
  return names.flatMap((n) => available.filter((s) => s.name === n));
}

function jsonReport(s: Scenario, runs: readonly { strategy: Strategy; run: StrategyRun }[], o: RunOptions): string {
  const outcomes = Object.fromEntries(
    runs.map(({ strategy, run }) => {
      const { kind, cpu, routine, title, label, step, waits } = run.outcome;
      const trace = o.trace ? { trace: traceOf(run, o.traceLast).split('\n') } : {};
      const signature = signatureOf(s.platform, strategy.name, run.outcome);
      return [strategy.name, { kind, cpu, routine, title, label, step, waits, signature, ...trace }];
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
    .option('--strategies <names>', 'comma-separated strategies to run, in this order (default: all)', nameList)
    .option('--strategy-module <file>', strategyModuleHelp, collect)
    .option('--json', 'print {"scenario": …, "outcomes": {"<strategy>": …}} as JSON')
    .option('--trace', "append each strategy's symbolized per-CPU trace")
    .option('--trace-last <n>', 'with --trace, only the last N lines of each CPU', positiveInteger)
    .action(async (file: string, options: RunOptions) => {
      const available = await availableStrategies(options.strategyModule);
      const selected = select(available, options.strategies);
      const s = parseScenario(readInput(file, io));
      const runs = selected.map((strategy) => ({ strategy, run: runStrategy(s, strategy) }));
      io.out(options.json ? jsonReport(s, runs, options) : textReport(s, runs, options));
    });
}
