/** `kexfuzz findings replay ID`: the repro run again through every strategy stored with it. */
import type { Command } from 'commander';
import { outcomeInfo } from '../contract/outcome.js';
import { loadStrategies } from '../fuzz/module-probe.js';
import { type ReplayRow, type ReplayVerdict, replayText, type StoredOutcome } from '../report/finding-detail.js';
import { runStrategy } from '../run/run-strategy.js';
import { CommandExit } from './command-exit.js';
import { withStore } from './db.js';
import { exitCodes } from './exit-codes.js';
import type { DbOptions, ModuleOptions } from './flags.js';
import type { Io } from './io.js';
import {
  findingCommand,
  findingOf,
  moduleOption,
  notLoaded,
  replayOf,
  storedOutcomes,
  storedScenario,
} from './stored-finding.js';

interface ReplayOptions extends DbOptions, ModuleOptions {
  readonly json?: boolean;
}

/** reproduced: same kind; fixed: was a failure, now boots; changed: anything else. */
function verdictOf(stored: string, now: string): ReplayVerdict {
  if (stored === now) return 'reproduced';
  const wasFailure = stored in outcomeInfo && outcomeInfo[stored as keyof typeof outcomeInfo].failure;
  return wasFailure && now === 'ok' ? 'fixed' : 'changed';
}

export function findingsReplayCommand(io: Io): Command {
  return findingCommand(
    'replay',
    're-run the repro through every strategy stored with it: reproduced, fixed or changed',
  )
    .option('--json', 'print the verdicts as one JSON object')
    .addOption(moduleOption())
    .addHelpText(
      'after',
      '\nPer strategy: reproduced (same outcome kind as stored), fixed (was failing, now ok), changed\n' +
        '(another kind), or skipped (a strategy this kexfuzz does not have).\n\n' +
        "Exit status: 0 when the finding's own strategy reproduced, 1 when it did not (fixed, changed\n" +
        'or skipped), 2 for bad usage, an unknown id or a missing database.',
    )
    .action((ref: string, o: ReplayOptions) =>
      withStore(o.db, false, async (store) => {
        const f = findingOf(store, ref, o.db);
        const repro = storedScenario(f);
        const available = await loadStrategies(o.strategyModule);
        const stored = storedOutcomes(f).filter((x) => x.strategy !== f.strategy);
        // The finding's own outcome is the one its signature was made from.
        const own: StoredOutcome = { strategy: f.strategy, kind: f.outcomeKind, title: f.title };
        const runOf = (name: string) => {
          const strategy = available.find((x) => x.name === name);
          return strategy === undefined ? null : { strategy, run: runStrategy(repro, strategy) };
        };
        const ownRun = runOf(f.strategy);
        const traceHash = ownRun === null ? null : { stored: f.traceHash, now: ownRun.run.machine?.trace.hash() ?? '' };
        const signatureNow = ownRun === null ? null : ownRun.run.signature;
        const rows: ReplayRow[] = [own, ...stored].map((x) => {
          const ran = x === own ? ownRun : runOf(x.strategy);
          if (ran === null) {
            return {
              strategy: x.strategy,
              stored: x.kind,
              now: null,
              verdict: 'skipped',
              detail: notLoaded(x.strategy),
            };
          }
          const now = ran.run.outcome.kind;
          return {
            strategy: x.strategy,
            stored: x.kind,
            now,
            verdict: verdictOf(x.kind, now),
            detail: ran.run.outcome.title,
          };
        });
        // Stored order reads best, with the finding's own strategy where the campaign listed it.
        const storedOrder = storedOutcomes(f).map((x) => x.strategy);
        rows.sort((a, b) => storedOrder.indexOf(a.strategy) - storedOrder.indexOf(b.strategy));
        const replay = replayOf(f, o.db);
        const ownVerdict = rows.find((r) => r.strategy === f.strategy)?.verdict ?? 'skipped';
        if (o.json) {
          io.out(
            JSON.stringify(
              {
                id: f.id,
                signature: f.signature,
                strategy: f.strategy,
                reproduced: ownVerdict === 'reproduced',
                signatureNow,
                traceHash: traceHash === null ? null : { ...traceHash, same: traceHash.stored === traceHash.now },
                strategies: rows,
                replay,
              },
              null,
              2,
            ),
          );
        } else {
          io.out(replayText({ finding: f, rows, traceHash, signatureNow, replay }));
        }
        if (ownVerdict !== 'reproduced') {
          throw new CommandExit(exitCodes.finding, `finding ${f.id} did not reproduce (${ownVerdict})`);
        }
      }),
    );
}
