/**
 * `kexfuzz findings list|show|replay|minimize|export|triage`: triage of the findings a campaign stored.
 * Every subcommand takes `--db FILE` and opens an existing database, read-only except for triage and
 * minimize. A finding is named by its id (or its signature).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { outcomeInfo, outcomeKinds } from '../contract/outcome.js';
import type { Scenario } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { platformNames } from '../contract/topology.js';
import { InputError, UsageError } from '../errors.js';
import { reminimize } from '../fuzz/reminimize.js';
import { minimalJson } from '../fuzz/shrink-input.js';
import { signatureOf } from '../oracle/signature.js';
import { compactJson } from '../report/compact-json.js';
import {
  type FindingDetail,
  findingDetail,
  notesText,
  type ReplayRow,
  type ReplayVerdict,
  replayLine,
  replayText,
  type StoredOutcome,
  shellWord,
} from '../report/finding-detail.js';
import { findingsJson, findingsTable, isoTime } from '../report/findings-table.js';
import { runStrategy } from '../run/run-strategy.js';
import { minimalScenarioInput, parseScenario } from '../scenario/codec.js';
import {
  type Finding,
  type FindingId,
  findingKinds,
  findingStatuses,
  type Store,
  type FindingKind as StoreFindingKind,
  type FindingStatus as StoreFindingStatus,
} from '../store/index.js';
import { availableStrategies } from '../strategies/available.js';
import { CommandExit } from './command-exit.js';
import { dbOptionHelp, defaultDbPath, openExistingStore } from './db.js';
import { exitCodes } from './exit-codes.js';
import type { Io } from './io.js';
import { positiveInteger } from './run.js';
import { collect, strategyModuleHelp } from './strategy-modules.js';
import { traceOf } from './trace-of.js';

interface DbOptions {
  readonly db: string;
}

interface ModuleOptions {
  readonly strategyModule?: readonly string[];
}

const dbOption = (): Option => new Option('--db <file>', dbOptionHelp).default(defaultDbPath);
const moduleOption = (): Option =>
  new Option('--strategy-module <file>', `${strategyModuleHelp}, for findings of your own strategies`).argParser(
    collect,
  );

/** Opens the database, runs `f`, and closes it whatever happens. */
async function withStore<T>(db: string, write: boolean, f: (store: Store) => T | Promise<T>): Promise<T> {
  const store = openExistingStore(db, { write });
  try {
    return await f(store);
  } finally {
    store.close();
  }
}

/** A finding by id (`17`) or by signature (`cps/legacy/hang/smp_call_function`); unknown is a usage error. */
function findingOf(store: Store, ref: string, db: string): Finding {
  const found = /^\d+$/.test(ref)
    ? store.getFinding(Number(ref) as FindingId)
    : (store.findingBySignature(ref) ?? null);
  if (found === null) {
    const what = /^\d+$/.test(ref) ? `no finding ${ref}` : `no finding with signature "${ref}"`;
    throw new UsageError(`there is ${what} in ${db}; kexfuzz findings list${dbArg(db)} shows the ids.`);
  }
  return found;
}

/** ` --db FILE` when it is not the default, for lines the user copies. */
function dbArg(db: string): string {
  return db === defaultDbPath ? '' : ` --db ${shellWord(db)}`;
}

/** The stored repro, validated by today's codec. */
function storedScenario(f: Finding): Scenario {
  try {
    return parseScenario(f.scenario);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(`the stored repro of finding ${f.id} is not a valid scenario for this kexfuzz`, [
      ...error.problems,
    ]);
  }
}

/** The outcome per strategy stored with the finding, in stored order; unreadable entries are left out. */
function storedOutcomes(f: Finding): StoredOutcome[] {
  let value: unknown;
  try {
    value = JSON.parse(f.outcomes);
  } catch {
    return [];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([strategy, o]: [string, unknown]) => {
    if (typeof o !== 'object' || o === null) return [];
    const { kind, title } = o as { kind?: unknown; title?: unknown };
    if (typeof kind !== 'string') return [];
    return [{ strategy, kind, title: typeof title === 'string' ? title : '' }];
  });
}

/** The replay line every finding message ends with. */
function replayOf(f: Finding, db: string): string {
  let seed: number | null = null;
  try {
    seed = parseScenario(f.scenario).timing.seed;
  } catch {
    // an unreadable repro still gets its replay line; replay itself will say what is wrong
  }
  return replayLine({
    id: f.id,
    db: db === defaultDbPath ? null : db,
    signature: f.signature,
    seed,
    switches: f.switchesMinimized,
  });
}

/** A stored scenario in its minimal form (defaults left out), or as stored if it no longer validates. */
function readableScenario(text: string): string {
  try {
    return compactJson(minimalScenarioInput(parseScenario(text)));
  } catch {
    try {
      return compactJson(JSON.parse(text));
    } catch {
      return text;
    }
  }
}

async function strategyNamed(name: string, modules: readonly string[] | undefined): Promise<Strategy | undefined> {
  return (await availableStrategies(modules)).find((s) => s.name === name);
}

const notLoaded = (name: string): string =>
  `"${name}" is not a builtin strategy; load it with --strategy-module FILE to run it`;

// ---------------------------------------------------------------------------------------------- list

interface ListOptions extends DbOptions {
  readonly json?: boolean;
  readonly status?: StoreFindingStatus;
  readonly platform?: string;
  readonly strategy?: string;
  readonly kind?: StoreFindingKind;
  readonly outcome?: string;
}

function listCommand(io: Io): Command {
  return new Command('list')
    .description('one row per distinct signature: id, status, count, outcome, kind, where, last seen, title')
    .addOption(dbOption())
    .option('--json', 'print a JSON array of rows')
    .addOption(new Option('--status <status>', 'only findings with this triage status').choices(findingStatuses))
    .addOption(new Option('--platform <platform>', 'only findings on this platform').choices(platformNames))
    .option('--strategy <name>', 'only findings of this strategy')
    .addOption(new Option('--kind <kind>', 'only divergences or only common-mode failures').choices(findingKinds))
    .addOption(new Option('--outcome <kind>', 'only findings whose outcome is this kind').choices(outcomeKinds))
    .action((o: ListOptions) =>
      withStore(o.db, false, (store) => {
        const rows = store
          .listFindings({ status: o.status, platform: o.platform, strategy: o.strategy, kind: o.kind })
          .filter((f) => o.outcome === undefined || f.outcomeKind === o.outcome);
        if (o.json) {
          io.out(JSON.stringify(findingsJson(rows), null, 2));
          return;
        }
        const total = store.summary().findings;
        if (total === 0) {
          io.out(`no findings in ${o.db} yet.`);
          return;
        }
        if (rows.length === 0) {
          io.out(`no findings match (${total} in ${o.db}).`);
          return;
        }
        const shown = rows.length === total ? `${total} findings` : `${rows.length} of ${total} findings`;
        io.out(
          [findingsTable(rows), '', `${shown}; kexfuzz findings show ID${dbArg(o.db)} shows one in full.`].join('\n'),
        );
      }),
    );
}

// ---------------------------------------------------------------------------------------------- show

interface ShowOptions extends DbOptions, ModuleOptions {
  readonly json?: boolean;
  readonly traceLast: number;
}

function showCommand(io: Io): Command {
  return new Command('show')
    .description("one finding in full: outcomes per strategy, repro, original, and the failing strategy's trace")
    .argument('<id>', 'the finding id (or its signature)')
    .addOption(dbOption())
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
                outcomes: JSON.parse(f.outcomes) as unknown,
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

// -------------------------------------------------------------------------------------------- replay

interface ReplayOptions extends DbOptions, ModuleOptions {
  readonly json?: boolean;
}

/** reproduced: same kind; fixed: was a failure, now boots; changed: anything else. */
function verdictOf(stored: string, now: string): ReplayVerdict {
  if (stored === now) return 'reproduced';
  const wasFailure = stored in outcomeInfo && outcomeInfo[stored as keyof typeof outcomeInfo].failure;
  return wasFailure && now === 'ok' ? 'fixed' : 'changed';
}

function replayCommand(io: Io): Command {
  return new Command('replay')
    .description('re-run the repro through every strategy stored with it: reproduced, fixed or changed')
    .argument('<id>', 'the finding id (or its signature)')
    .addOption(dbOption())
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
        const available = await availableStrategies(o.strategyModule);
        const stored = storedOutcomes(f).filter((x) => x.strategy !== f.strategy);
        // The finding's own outcome is the one its signature was made from.
        const own: StoredOutcome = { strategy: f.strategy, kind: f.outcomeKind, title: f.title };
        const runOf = (name: string) => {
          const strategy = available.find((x) => x.name === name);
          return strategy === undefined ? null : { strategy, run: runStrategy(repro, strategy) };
        };
        const ownRun = runOf(f.strategy);
        const traceHash = ownRun === null ? null : { stored: f.traceHash, now: ownRun.run.machine?.trace.hash() ?? '' };
        const signatureNow =
          ownRun === null ? null : signatureOf(repro.platform, ownRun.strategy.name, ownRun.run.outcome);
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

// ------------------------------------------------------------------------------------------ minimize

interface MinimizeOptions extends DbOptions, ModuleOptions {
  readonly runs: number;
}

function minimizeCommand(io: Io): Command {
  return new Command('minimize')
    .description('minimize the stored repro again, keeping its signature; store it if it is smaller')
    .argument('<id>', 'the finding id (or its signature)')
    .addOption(dbOption())
    .addOption(
      new Option('--runs <n>', 'at most this many strategy runs (about 10–100 ms each)')
        .argParser(positiveInteger)
        .default(300),
    )
    .addOption(moduleOption())
    .addHelpText(
      'after',
      '\nShrinks the repro towards the defaults (one field, element or section at a time), then removes\n' +
        'context switches from its schedule, keeping the signature at every step. The stored repro is\n' +
        'replaced only if the result has no more context switches and no larger input, and one of them\n' +
        'is smaller. Exit status 1 when the stored repro no longer shows its signature.',
    )
    .action((ref: string, o: MinimizeOptions) =>
      withStore(o.db, true, async (store) => {
        const f = findingOf(store, ref, o.db);
        const repro = storedScenario(f);
        const strategy = await strategyNamed(f.strategy, o.strategyModule);
        if (strategy === undefined) throw new UsageError(`cannot minimize finding ${f.id}: ${notLoaded(f.strategy)}.`);
        const result = reminimize(repro, strategy, f.signature, o.runs);
        const { before, after } = result;
        const stat = (x: typeof before): string =>
          `${x.switches} context switch${x.switches === 1 ? '' : 'es'}, input ${x.size} characters`;
        const lines = [`finding ${f.id}: ${f.signature}`];
        if (before.signature !== f.signature) {
          lines.push(
            `the stored repro no longer shows this signature: ${f.strategy} now gives ${before.signature}.`,
            `kexfuzz findings replay ${f.id}${dbArg(o.db)} says how each strategy ends on it now.`,
          );
          io.out(lines.join('\n'));
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
          lines.push('kept the stored repro: nothing smaller shows the same signature within the budget.');
        }
        lines.push('', replayOf(stored, o.db));
        io.out(lines.join('\n'));
      }),
    );
}

// -------------------------------------------------------------------------------------------- export

interface ExportOptions extends DbOptions {
  readonly out: string;
}

/** `<id>-<signature>.json`, the signature's slashes (and anything else unsafe in a name) as `_`. */
export function exportFileName(f: Pick<Finding, 'id' | 'signature'>): string {
  return `${f.id}-${f.signature.replace(/[^\w.-]/g, '_')}.json`;
}

function exportCommand(io: Io): Command {
  return new Command('export')
    .description('write the minimized repro as a scenario file that kexfuzz run accepts')
    .argument('<id>', 'the finding id (or its signature)')
    .addOption(dbOption())
    .option('--out <dir>', 'directory to write <id>-<signature>.json into', 'findings')
    .action((ref: string, o: ExportOptions) =>
      withStore(o.db, false, (store) => {
        const f = findingOf(store, ref, o.db);
        const repro = storedScenario(f);
        mkdirSync(o.out, { recursive: true });
        const file = path.join(o.out, exportFileName(f));
        writeFileSync(file, `${compactJson(minimalScenarioInput(repro))}\n`);
        io.out(
          [
            `wrote ${file}`,
            `kexfuzz run ${shellWord(file)} --strategies ${f.strategy}   # ${f.signature}: expect ${f.outcomeKind}`,
          ].join('\n'),
        );
      }),
    );
}

// -------------------------------------------------------------------------------------------- triage

interface TriageOptions extends DbOptions {
  readonly status?: StoreFindingStatus;
  readonly note?: string;
}

function triageCommand(io: Io): Command {
  return new Command('triage')
    .description("set a finding's status and/or add a timestamped note")
    .argument('<id>', 'the finding id (or its signature)')
    .addOption(dbOption())
    .addOption(new Option('--status <status>', 'the new triage status').choices(findingStatuses))
    .option('--note <text>', 'a note to append, stamped with the time')
    .action((ref: string, o: TriageOptions) => {
      if (o.status === undefined && (o.note === undefined || o.note.trim() === '')) {
        throw new UsageError(
          `findings triage needs --status (one of ${findingStatuses.join(', ')}) or a non-empty --note TEXT, or both.`,
        );
      }
      return withStore(o.db, true, (store) => {
        const f = findingOf(store, ref, o.db);
        const updated = store.triage(f.id, { status: o.status, note: o.note }) ?? f;
        io.out(
          [findingsTable([updated]), '', 'notes:', notesText(updated.notes), '', replayOf(updated, o.db)].join('\n'),
        );
      });
    });
}

export function findingsCommand(io: Io): Command {
  const cmd = new Command('findings').description(
    'triage stored findings: list, show, replay, minimize, export, triage',
  );
  for (const sub of [
    listCommand(io),
    showCommand(io),
    replayCommand(io),
    minimizeCommand(io),
    exportCommand(io),
    triageCommand(io),
  ]) {
    cmd.addCommand(sub);
  }
  return cmd;
}
