/** `kexfuzz findings minimize ID`: the stored repro minimized again, stored if it is smaller. */
import { type Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { loadStrategies } from '../fuzz/module-probe.js';
import { reminimize } from '../fuzz/reminimize.js';
import { minimalJson } from '../fuzz/shrink-input.js';
import { kexfuzzCommand } from '../report/command-name.js';
import { printable } from '../report/printable.js';
import { CommandExit } from './command-exit.js';
import { withStore } from './db.js';
import { exitCodes } from './exit-codes.js';
import { type DbOptions, type ModuleOptions, positiveInteger } from './flags.js';
import type { Io } from './io.js';
import {
  dbArg,
  findingCommand,
  findingOf,
  moduleOption,
  notLoaded,
  replayOf,
  storedScenario,
} from './stored-finding.js';

interface MinimizeOptions extends DbOptions, ModuleOptions {
  readonly runs: number;
}

export function findingsMinimizeCommand(io: Io): Command {
  return findingCommand('minimize', 'minimize the stored repro again, keeping its verdict; store it if it is smaller')
    .addOption(
      new Option('--runs <n>', 'at most this many strategy runs (about 10–100 ms each)')
        .argParser(positiveInteger)
        .default(300),
    )
    .addOption(moduleOption())
    .addHelpText(
      'after',
      '\nShrinks the repro towards the defaults (one field, element or section at a time), then removes\n' +
        'context switches from its schedule, keeping the verdict at every step (the signature, and every\n' +
        'other strategy that boots on the repro still booting). The stored repro is\n' +
        'replaced only if the result has no more context switches and no larger input, and one of them\n' +
        'is smaller. Exit status 1 when the stored repro no longer shows its signature.',
    )
    .action((ref: string, o: MinimizeOptions) =>
      withStore(o.db, true, async (store) => {
        const f = findingOf(store, ref, o.db);
        const repro = storedScenario(f);
        const strategies = await loadStrategies(o.strategyModule);
        const strategy = strategies.find((s) => s.name === f.strategy);
        if (strategy === undefined) throw new UsageError(`cannot minimize finding ${f.id}: ${notLoaded(f.strategy)}.`);
        const result = reminimize(repro, strategy, f.signature, strategies, o.runs);
        const { before, after } = result;
        const stat = (x: typeof before): string =>
          `${x.switches} context switch${x.switches === 1 ? '' : 'es'}, input ${x.size} characters`;
        const lines = [`finding ${f.id}: ${f.signature}`];
        if (before.signature !== f.signature) {
          lines.push(
            `the stored repro no longer shows this signature: ${f.strategy} now gives ${before.signature}.`,
            `${kexfuzzCommand(`findings replay ${f.id}${dbArg(o.db)}`)} says how each strategy ends on it now.`,
          );
          io.out(lines.map(printable).join('\n'));
          throw new CommandExit(exitCodes.finding, `finding ${f.id} does not reproduce`);
        }
        lines.push(`before: ${stat(before)}`, `after:  ${stat(after)}`);
        let stored = f;
        if (result.improved) {
          stored =
            store.updateRepro(f.id, {
              scenario: minimalJson(after.scenario),
              traceHash: after.traceHash,
              switchesOriginal: f.switchesOriginal,
              switchesMinimized: after.switches,
            }) ?? f;
          lines.push(`stored the smaller repro (trace hash ${after.traceHash}).`);
        } else {
          lines.push(
            'kept the stored repro: nothing smaller keeps its verdict (signature, and the strategies that boot) within the budget.',
          );
        }
        lines.push('', replayOf(stored, o.db));
        // One line each, and the signatures are stored text.
        io.out(lines.map(printable).join('\n'));
      }),
    );
}
