/**
 * `kexfuzz explore <file|->`: every schedule of one scenario with at most K preemptions, per strategy (the
 * enumerator is fuzz/explore.ts). Prints the outcomes reached, a counterexample per failing outcome (a
 * scenario with its recorded schedule, which `kexfuzz run` replays), and a certificate. Exits 0 when it ran,
 * as `run` does: failures are answers here.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { REDUCTION } from '../contract/exploration.js';
import { type OutcomeKind, outcomeInfo } from '../contract/outcome.js';
import { scenarioFindings } from '../fuzz/batch.js';
import {
  type ExploreState,
  exploreScenario,
  onSchedule,
  type ScenarioExploration,
  startingState,
} from '../fuzz/explore.js';
import { parseExploreStates, serializeExploreStates } from '../fuzz/explore-state.js';
import { loadStrategies } from '../fuzz/module-probe.js';
import { certificateOf, type ExploreReport, exploreText } from '../report/explore-report.js';
import { plural } from '../report/plural.js';
import { scenarioSummary } from '../report/scenario-summary.js';
import { durationText } from '../report/status-line.js';
import { parseScenario, scenarioHash, serializeScenario } from '../scenario/codec.js';
import { scenarioLimits } from '../scenario/defaults.js';
import { openStore } from '../store/index.js';
import { duration, filePath, nameList, selectStrategies, strategyModuleOption } from './flags.js';
import { type Io, inputName, readInput, replaceOutput, writeOutput } from './io.js';
import { statusRenderer } from './status.js';
import { newFinding } from './store-sink.js';

interface ExploreOptions {
  readonly preemptions: number;
  readonly strategies?: readonly string[];
  readonly strategyModule?: readonly string[];
  readonly time?: number;
  readonly out?: string;
  readonly json?: boolean;
  readonly db?: string;
  readonly state?: string;
}

/** How often an exploration kept in a `--state` file is written down, so a killed one loses little. */
const CHECKPOINT_MS = 60_000;

/** Preemption bounds the enumerator can finish on a corpus scenario in minutes, not days. */
const MAX_PREEMPTIONS = 4;

function preemptionBound(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_PREEMPTIONS) {
    throw new InvalidArgumentError(`Expected a whole number from 0 to ${MAX_PREEMPTIONS}, got "${value}".`);
  }
  return n;
}

export function exploreCommand(io: Io): Command {
  return new Command('explore')
    .description(
      'every schedule of one scenario with at most K preemptions, per strategy: outcomes, counterexamples, a certificate',
    )
    .argument('<scenario>', 'a scenario JSON file, or - for standard input')
    .addOption(
      new Option('--preemptions <k>', `the bound K (0 to ${MAX_PREEMPTIONS})`).argParser(preemptionBound).default(1),
    )
    .option('--strategies <names>', 'comma-separated strategies to explore (default: all)', nameList('strategy names'))
    .addOption(strategyModuleOption())
    .addOption(
      new Option('--time <duration>', 'stop after this long; unfinished strategies get no certificate').argParser(
        duration,
      ),
    )
    .option('--out <dir>', 'write each counterexample there as a scenario `kexfuzz run` replays', filePath)
    .option('--json', 'print the report, counterexample scenarios and certificate as one JSON object')
    .option(
      '--db <file>',
      'also store the certificates, and the counterexamples as findings, in this database',
      filePath,
    )
    .option(
      '--state <file>',
      'keep where the exploration stands in this file (every minute and at the end), and go on from it when it exists: unfinished strategies continue, finished ones are not run again',
      filePath,
    )
    .action(async (file: string, o: ExploreOptions) => {
      const strategies = selectStrategies(await loadStrategies(o.strategyModule), o.strategies);
      const s = parseScenario(readInput(file, io, scenarioLimits.textBytes.max), inputName(file));
      const hash = scenarioHash(s);
      const deadline = o.time === undefined ? undefined : performance.now() + o.time;
      const status = statusRenderer(io, { intervalMs: 5_000 });
      const header = { scenarioHash: hash, preemptions: o.preemptions };
      const stateFile = o.state;
      const states =
        stateFile !== undefined && existsSync(stateFile)
          ? parseExploreStates(readInput(stateFile, io), stateFile, header)
          : new Map<string, ExploreState>();
      let saved = performance.now();
      const save = (): void => {
        if (stateFile === undefined) return;
        replaceOutput(stateFile, serializeExploreStates(header, states), '--state');
        saved = performance.now();
      };
      const explored = strategies.map((strategy) => {
        const started = performance.now();
        const state = states.get(strategy.name) ?? startingState();
        states.set(strategy.name, state);
        if (state.runs > 0) {
          io.err(
            state.pending.length === 0
              ? `explore: ${strategy.name}: finished already in ${stateFile}, not run again`
              : `explore: ${strategy.name}: going on from ${stateFile}: ${plural(state.seen.size, 'schedule')} run already`,
          );
        }
        const e = exploreScenario(s, strategy, o.preemptions, {
          deadline,
          state,
          progress: (p) =>
            status.update(
              `explore: ${strategy.name}: ${plural(p.schedules, 'schedule')}, ${plural(p.classes, 'class', 'classes')}, ${plural(p.runs, 'run')}, ${durationText(performance.now() - started)}…`,
            ),
          between: () => {
            if (performance.now() - saved > CHECKPOINT_MS) save();
          },
        });
        status.finish(
          `explore: ${strategy.name}: ${plural(e.schedules, 'schedule')}, ${plural(e.classes, 'class', 'classes')} in ${e.ms} ms${e.complete ? '' : ', time ran out'}`,
        );
        return e;
      });
      save();
      if (stateFile !== undefined && explored.some((e) => !e.complete)) {
        io.err(`explore: the rest is in ${stateFile}: run the same command again to go on`);
      }
      const counterexample = (e: Pick<ScenarioExploration, 'outcomes'>, kind: string) => {
        const found = e.outcomes.find((x) => x.kind === kind);
        return found === undefined ? null : serializeScenario(onSchedule(s, found.schedule));
      };
      const written = (e: Pick<ScenarioExploration, 'outcomes' | 'strategy'>, kind: OutcomeKind): string | null => {
        const text = counterexample(e, kind);
        if (o.out === undefined || text === null || !outcomeInfo[kind].failure) return null;
        const target = path.join(o.out, `explore-${hash.slice(0, 12)}-${e.strategy}-${kind}.json`);
        writeOutput(target, text, '--out');
        return target;
      };
      const report: ExploreReport = {
        summary: scenarioSummary(s),
        hash,
        bound: o.preemptions,
        // The state stays out of the report: it is the --state file's.
        rows: explored.map(({ state: _, ...e }) => ({
          ...e,
          outcomes: e.outcomes.map((x) => ({ kind: x.kind, preemptions: x.preemptions, file: written(e, x.kind) })),
        })),
      };
      if (o.db !== undefined) {
        const now = Date.now();
        const certificates = explored
          .filter((e) => e.complete)
          .map((e) => ({
            scenarioHash: hash,
            scenario: serializeScenario(s),
            summary: scenarioSummary(s),
            platform: s.platform,
            strategy: e.strategy,
            preemptions: o.preemptions,
            schedules: e.schedules,
            classes: e.classes,
            outcomes: e.outcomes.map((x) => x.kind).sort(),
            ms: e.ms,
            createdAt: now,
            reduction: REDUCTION,
          }));
        const findings = explored.flatMap((e) =>
          e.outcomes
            .filter((x) => outcomeInfo[x.kind].failure)
            .flatMap((x) =>
              // judged against every strategy on the same schedule, as a campaign's batch judges its scenarios
              scenarioFindings(onSchedule(s, x.schedule), strategies, 'upstream')
                .filter((f) => f.strategy === e.strategy)
                .map((f) => newFinding(f, 1)),
            ),
        );
        const store = openStore(o.db);
        try {
          const { newSignatures } = store.recordExploration({ certificates, findings, now });
          io.err(
            `explore: stored ${plural(certificates.length, 'certificate')} and ${plural(findings.length, 'counterexample')} (${plural(newSignatures.length, 'new finding')}) in ${o.db}`,
          );
        } finally {
          store.close();
        }
      }
      if (o.json) {
        const counterexamples = explored.flatMap((e) =>
          e.outcomes
            .filter((x) => outcomeInfo[x.kind].failure)
            .map((x) => ({
              strategy: e.strategy,
              kind: x.kind,
              preemptions: x.preemptions,
              scenario: JSON.parse(counterexample(e, x.kind) ?? 'null') as unknown,
            })),
        );
        io.out(JSON.stringify({ ...report, counterexamples, certificate: certificateOf(report) }, null, 2));
      } else io.out(exploreText(report));
    });
}
