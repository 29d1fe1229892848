/**
 * One batch of a campaign: regenerate each scenario from (baseSeed, index), run every strategy, keep
 * the findings (minimizing signatures not seen before), and the runs that reached new coverage.
 * Pure and deterministic; the piscina worker calls it, and so can a test on the main thread.
 */

import type { PctTally } from '../contract/campaign.js';
import type { OutcomeSummary, OutcomeVector } from '../contract/finding.js';
import type { Outcome } from '../contract/outcome.js';
import type { Scenario, ScenarioInput } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { InputError, LayoutError } from '../errors.js';
import { MachinePool, runStrategy } from '../run/run-strategy.js';
import { minimalScenarioInput, validateScenario } from '../scenario/codec.js';
import { coverageKeys } from './coverage.js';
import { findFailures } from './differential.js';
import { generate, type Origin, originFrom, originOf } from './generate.js';
import type { BatchResult, BatchTask, FindingMsg, MinimizedRepro, MinimizeTask, ScenarioFinding } from './messages.js';
import { minimizeFinding } from './minimize.js';
import { countPctRun } from './pct-bound.js';
import { verdictOf } from './verdict.js';

function json(s: Scenario): string {
  return JSON.stringify(minimalScenarioInput(s));
}

function outcomeVector(runs: ReadonlyMap<string, RunDigest>): OutcomeVector {
  const out: Record<string, OutcomeSummary> = {};
  for (const [name, run] of runs)
    out[name] = { kind: run.outcome.kind, title: run.outcome.title, routine: run.outcome.routine };
  return out;
}

/** What a batch keeps of one strategy run: its machine goes back to the pool for the next run. */
interface RunDigest {
  readonly outcome: Outcome;
  readonly traceHash: string;
  readonly switches: number;
}

/** One machine per configuration for this thread's runs: no allocation, and a reset of only what was written. */
const machines = new MachinePool();

/** Every strategy on `s`; the coverage keys of each run go into `keys` while its machine is still ours. */
function runAll(s: Scenario, strategies: readonly Strategy[], keys: Set<number> | null): Map<string, RunDigest> {
  const out = new Map<string, RunDigest>();
  for (const strategy of strategies) {
    const run = runStrategy(s, strategy, machines);
    if (keys !== null && run.machine !== null && run.symbols !== null)
      coverageKeys(s.platform, strategy.name, run.machine, run.symbols, keys);
    out.set(strategy.name, {
      outcome: run.outcome,
      traceHash: run.machine?.trace.hash() ?? '',
      switches: run.machine?.scheduler.contextSwitches() ?? 0,
    });
  }
  return out;
}

/** The failing runs of `s` among `runs`, each judged against the others (`repro` is the scenario's text). */
function findingsOf(
  s: Scenario,
  repro: string,
  runs: ReadonlyMap<string, RunDigest>,
  vector: OutcomeVector,
  reference: string | null,
): ScenarioFinding[] {
  const failures = findFailures(s.platform, new Map([...runs].map(([name, run]) => [name, run.outcome])), reference);
  return failures.flatMap((f) => {
    const run = runs.get(f.strategy);
    if (run === undefined) return [];
    return [
      {
        signature: f.signature,
        kind: f.kind,
        label: f.label,
        platform: s.platform,
        strategy: f.strategy,
        outcomeKind: f.outcome.kind,
        routine: f.outcome.routine,
        title: f.outcome.title,
        scenario: repro,
        outcomes: vector,
        traceHash: run.traceHash,
        switches: run.switches,
      },
    ];
  });
}

/** Every strategy on `s`, and the findings of its failing runs, as a campaign's batch would judge them. */
export function scenarioFindings(
  s: Scenario,
  strategies: readonly Strategy[],
  reference: string | null,
): ScenarioFinding[] {
  const runs = runAll(s, strategies, null);
  return findingsOf(s, json(s), runs, outcomeVector(runs), reference);
}

export function runBatch(task: BatchTask, strategies: readonly Strategy[]): BatchResult {
  const coverage = new Set(task.coverage);
  const findings: FindingMsg[] = [];
  const novel: { scenario: string; keys: Int32Array }[] = [];
  const outcomes: Record<string, number> = {};
  const tallies = new Map<string, { platform: string; strategy: string; kind: string; runs: number }>();
  const pct = new Map<string, PctTally>();
  let invalid = 0;
  for (let i = 0; i < task.count; i++) {
    const index = task.from + i;
    const origin: Origin = originOf(task.baseSeed, index, task.corpus, task.platforms);
    let scenario: Scenario;
    let runs: Map<string, RunDigest>;
    const added = new Set<number>();
    // A generated input the codec rejects (a mutation can break a rule) or a layout the kernel cannot place
    // is skipped, not a finding. Anything else is not skipped: a user's strategy module failing
    // (StrategyModuleError) ends the campaign with exit 2, a bug with exit 3.
    try {
      scenario = validateScenario(generate(origin) as ScenarioInput);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      invalid++;
      continue;
    }
    try {
      runs = runAll(scenario, strategies, added);
    } catch (error) {
      if (!(error instanceof LayoutError)) throw error;
      invalid++;
      continue;
    }
    countPctRun(scenario, pct);
    // The repro text, once per scenario: each failing strategy's finding carries the same one.
    const repro = json(scenario);
    const vector = outcomeVector(runs);
    for (const [name, run] of runs) {
      outcomes[run.outcome.kind] = (outcomes[run.outcome.kind] ?? 0) + 1;
      const cell = `${scenario.platform} ${name} ${run.outcome.kind}`;
      const tally = tallies.get(cell);
      if (tally === undefined)
        tallies.set(cell, { platform: scenario.platform, strategy: name, kind: run.outcome.kind, runs: 1 });
      else tally.runs++;
      const key = `outcome:${scenario.platform}/${name}/${run.outcome.kind}/${run.outcome.routine ?? '-'}`;
      let h = 0x811c9dc5;
      for (let k = 0; k < key.length; k++) h = Math.imul(h ^ key.charCodeAt(k), 0x01000193);
      added.add(h);
    }
    const fresh = [...added].filter((k) => !coverage.has(k));
    if (fresh.length > 0) {
      for (const k of fresh) coverage.add(k);
      novel.push({ scenario: repro, keys: Int32Array.from(fresh) });
    }
    const from = { seed: origin.seed, mutates: origin.mutates, platforms: task.platforms };
    for (const f of findingsOf(scenario, repro, runs, vector, task.reference))
      findings.push({ ...f, index, origin: from });
  }
  return {
    kind: 'batch-done',
    batchIndex: task.batchIndex,
    runs: task.count - invalid,
    invalid,
    findings,
    novel,
    outcomes,
    tallies: [...tallies.values()],
    pct: [...pct.values()],
  };
}

/** A finding's repro, minimized; its outcomes per strategy recomputed on the repro. */
export function runMinimize(task: MinimizeTask, strategies: readonly Strategy[]): MinimizedRepro {
  const origin = originFrom(task.origin.seed, task.origin.mutates, task.origin.platforms);
  const original = validateScenario(generate(origin));
  const strategy = strategies.find((s) => s.name === task.strategy);
  if (strategy === undefined) throw new Error(`no strategy ${task.strategy} to minimize with`);
  const m = minimizeFinding(original, origin, verdictOf(original, strategy, task.signature, strategies), task.limits);
  return {
    kind: 'minimized',
    signature: task.signature,
    scenario: json(m.scenario),
    outcomes: outcomeVector(runAll(m.scenario, strategies, null)),
    traceHash: m.traceHash,
    switchesOriginal: m.switchesOriginal,
    switchesMinimized: m.switchesMinimized,
  };
}
