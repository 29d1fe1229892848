/** `kexfuzz findings show ID`: one finding in full, with the trace of its strategy on the repro. */
import { type Command, Option } from 'commander';
import { type FindingDetail, findingDetail } from '../report/finding-detail.js';
import { isoTime } from '../report/findings-table.js';
import { runStrategy } from '../run/run-strategy.js';
import { withStore } from './db.js';
import { type DbOptions, type ModuleOptions, positiveInteger } from './flags.js';
import type { Io } from './io.js';
import {
  findingCommand,
  findingOf,
  moduleOption,
  notLoaded,
  readableScenario,
  replayOf,
  storedOutcomes,
  storedScenario,
  strategyNamed,
} from './stored-finding.js';
import { traceOf } from './trace-of.js';

interface ShowOptions extends DbOptions, ModuleOptions {
  readonly json?: boolean;
  readonly traceLast: number;
}

export function findingsShowCommand(io: Io): Command {
  return findingCommand(
    'show',
    "one finding in full: outcomes per strategy, repro, original, and the failing strategy's trace",
  )
    .option('--json', 'print the finding as one JSON object')
    .addOption(
      new Option('--trace-last <n>', 'trace lines per CPU, up to the end of the run')
        .argParser(positiveInteger)
        .default(12),
    )
    .addOption(moduleOption())
    .action((ref: string, o: ShowOptions) =>
      withStore(o.db, false, async (store) => {
        const f = findingOf(store, ref, o.db);
        const scenario = storedScenario(f);
        const strategy = await strategyNamed(f.strategy, o.strategyModule);
        const trace =
          strategy === undefined
            ? `trace: not available, ${notLoaded(f.strategy)}`
            : traceOf(runStrategy(scenario, strategy), o.traceLast);
        const repro = readableScenario(f.scenario);
        const original = readableScenario(f.original);
        const replay = replayOf(f, o.db);
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
                trace: trace.split('\n'),
                replay,
              },
              null,
              2,
            ),
          );
          return;
        }
        const detail: FindingDetail = {
          ...f,
          outcomes: storedOutcomes(f),
          repro,
          original: original === repro ? null : original,
          trace: { heading: `trace of ${f.strategy} on the repro, last ${o.traceLast} lines per CPU`, text: trace },
          replay,
        };
        io.out(findingDetail(detail));
      }),
    );
}
