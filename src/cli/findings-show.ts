/** `kexfuzz findings show ID`: one finding in full, with the trace of its strategy on the repro. */
import { type Command, Option } from 'commander';
import { bugOf } from '../fuzz/bug-groups.js';
import { loadStrategies } from '../fuzz/module-probe.js';
import { kexfuzzCommand } from '../report/command-name.js';
import { type FindingDetail, findingDetail } from '../report/finding-detail.js';
import { isoTime } from '../report/findings-table.js';
import { causeOf, runStrategy } from '../run/run-strategy.js';
import { withStore } from './db.js';
import { type DbOptions, type ModuleOptions, positiveInteger } from './flags.js';
import type { Io } from './io.js';
import {
  dbArg,
  findingCommand,
  findingOf,
  moduleOption,
  notLoaded,
  outcomesOn,
  readableRepro,
  readableScenario,
  replayOf,
  storedScenario,
} from './stored-finding.js';
import { traceAroundOutcome, traceOf } from './trace-of.js';

interface ShowOptions extends DbOptions, ModuleOptions {
  readonly json?: boolean;
  readonly traceLast?: number;
  readonly traceAround: number;
}

export function findingsShowCommand(io: Io): Command {
  return findingCommand(
    'show',
    "one finding in full: outcomes per strategy on the original and the repro, both scenarios, and the failing strategy's trace around its first anomaly",
  )
    .option('--json', 'print the finding as one JSON object')
    .addOption(
      new Option('--trace-around <n>', 'trace lines before and after the first anomaly, every CPU interleaved')
        .argParser(positiveInteger)
        .default(12),
    )
    .addOption(
      new Option('--trace-last <n>', 'instead: the last N trace lines of each CPU, up to the end of the run').argParser(
        positiveInteger,
      ),
    )
    .addOption(moduleOption())
    .action((ref: string, o: ShowOptions) =>
      withStore(o.db, false, async (store) => {
        const f = findingOf(store, ref, o.db);
        const scenario = storedScenario(f);
        const strategies = await loadStrategies(o.strategyModule);
        const strategy = strategies.find((s) => s.name === f.strategy);
        let trace = `trace: not available, ${notLoaded(f.strategy)}`;
        let traceHeading = `trace of ${f.strategy} on the repro`;
        let cause: readonly string[] = [];
        if (strategy !== undefined) {
          const run = runStrategy(scenario, strategy);
          cause = causeOf(run);
          if (o.traceLast === undefined) {
            trace = traceAroundOutcome(run, o.traceAround);
            traceHeading += `, ${o.traceAround} lines either side of its first anomaly (>>)`;
          } else {
            trace = traceOf(run, o.traceLast);
            traceHeading += `, last ${o.traceLast} lines per CPU`;
          }
        }
        const repro = readableScenario(f.scenario);
        const original = readableScenario(f.original);
        const replay = replayOf(f, o.db);
        const bug = bugOf(f.signature);
        if (o.json) {
          io.out(
            JSON.stringify(
              {
                ...f,
                firstSeen: isoTime(f.firstSeen),
                lastSeen: isoTime(f.lastSeen),
                notes: f.notes === '' ? [] : f.notes.split('\n'),
                scenario: JSON.parse(f.scenario) as unknown,
                original: JSON.parse(f.original) as unknown,
                outcomes: f.outcomes,
                cause,
                trace: trace.split('\n'),
                replay,
                bug,
              },
              null,
              2,
            ),
          );
          return;
        }
        const same = original === repro;
        const shown = readableRepro(f.scenario);
        const detail: FindingDetail = {
          ...f,
          outcomesOriginal: outcomesOn(same ? scenario : storedScenario(f, 'original'), strategies),
          outcomesRepro: same ? null : outcomesOn(scenario, strategies),
          repro: shown.json,
          reproSchedule: shown.schedule,
          original: same ? null : original,
          cause,
          trace: { heading: traceHeading, text: trace },
          replay,
          timeline: kexfuzzCommand(`report ${f.id} --html finding-${f.id}.html${dbArg(o.db)}`),
          bug,
        };
        io.out(findingDetail(detail));
      }),
    );
}
