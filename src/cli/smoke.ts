/**
 * `kexfuzz smoke`: the CI check. A fixed budget and seed, every strategy on every platform, no
 * minimization unless asked, a throwaway database unless `--db`; each signature found is `known` (in
 * the baseline, `DIR/baseline.json`) or `NEW`, and any NEW one makes it exit 1. Deterministic: the
 * same flags give byte-identical stdout on any number of workers (timing goes to stderr only).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { platformNames } from '../contract/topology.js';
import { InputError, type InputProblem } from '../errors.js';
import { createPool, defaultWorkers } from '../fuzz/pool.js';
import { runSession, type SessionResult } from '../fuzz/session.js';
import { campaignReplayLine } from '../report/campaign-summary.js';
import { kexfuzzCommand } from '../report/command-name.js';
import { compactJson } from '../report/compact-json.js';
import { shellWord } from '../report/finding-detail.js';
import { type SmokeReport, type SmokeSignature, smokeJunit, smokeText, smokeVerdict } from '../report/smoke-report.js';
import { statusLine } from '../report/status-line.js';
import { builtinStrategies } from '../run/catalog.js';
import { openStore } from '../store/index.js';
import { campaignSetup, defaultBatchSize } from './campaign-config.js';
import { CommandExit } from './command-exit.js';
import { exitCodes } from './exit-codes.js';
import { filePath, positiveInteger, seedNumber, workerCount } from './flags.js';
import { type Io, writeOutput } from './io.js';
import { statusRenderer } from './status.js';
import { storeSink } from './store-sink.js';

export const defaultSmokeRuns = 48;
const reference = 'upstream';

interface SmokeFlags {
  readonly runs: number;
  readonly seed: number;
  readonly workers?: number;
  readonly baseline: string;
  readonly junit?: string;
  readonly db?: string;
  readonly minimize?: boolean;
  readonly updateBaseline?: boolean;
  readonly pruneBaseline?: boolean;
}

export interface BaselineEntry {
  readonly signature: string;
  readonly title: string;
}

/** `DIR/baseline.json`: `{ "signatures": [ { "signature": "...", "title": "..." } ] }`; missing = empty. */
export function readBaseline(file: string): { present: boolean; signatures: BaselineEntry[] } {
  if (!existsSync(file)) return { present: false, signatures: [] };
  const fail = (problems: InputProblem[]): never => {
    throw new InputError(`baseline ${file} is not a kexfuzz baseline`, problems);
  };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail([{ field: '', message: `${file} is not JSON: ${error instanceof Error ? error.message : error}` }]);
  }
  const list = (data as { signatures?: unknown } | null)?.signatures;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !Array.isArray(list)) {
    return fail([{ field: 'signatures', message: 'it should be an object with a "signatures" array' }]);
  }
  const problems: InputProblem[] = [];
  const signatures: BaselineEntry[] = [];
  list.forEach((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as { signature?: unknown; title?: unknown };
    const field = `signatures[${i}]`;
    if (typeof e.signature !== 'string' || e.signature === '') {
      problems.push({
        field: `${field}.signature`,
        message: `"${field}.signature" should be a signature string, but was ${JSON.stringify(e.signature) ?? 'missing'}`,
      });
    } else if (e.title !== undefined && typeof e.title !== 'string') {
      problems.push({
        field: `${field}.title`,
        message: `"${field}.title" should be a string, but was ${JSON.stringify(e.title)}`,
      });
    } else signatures.push({ signature: e.signature, title: typeof e.title === 'string' ? e.title : '' });
  });
  if (problems.length > 0) fail(problems);
  return { present: true, signatures };
}

/**
 * The baseline after accepting a run: every signature it had, and those the run found. A short or
 * differently seeded run reaches fewer, and dropping the rest would fail the next default smoke run.
 */
export function mergedBaseline(
  baseline: readonly BaselineEntry[],
  found: readonly BaselineEntry[],
): { entries: BaselineEntry[]; added: number; unreached: number } {
  const had = new Set(baseline.map((e) => e.signature));
  const reached = new Set(found.map((e) => e.signature));
  const added = found.filter((e) => !had.has(e.signature));
  return {
    entries: [...baseline, ...added],
    added: added.length,
    unreached: baseline.filter((e) => !reached.has(e.signature)).length,
  };
}

export function baselineJson(entries: readonly BaselineEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
  return `${compactJson({ signatures: sorted.map((e) => ({ signature: e.signature, title: e.title })) })}\n`;
}

/** Runs `body` with a database: the user's, or a fresh one in the temporary directory, deleted after. */
async function withDatabase<T>(file: string | undefined, body: (file: string) => Promise<T>): Promise<T> {
  if (file !== undefined) return body(file);
  const dir = mkdtempSync(path.join(tmpdir(), 'kexfuzz-smoke-'));
  try {
    return await body(path.join(dir, 'smoke.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function smoke(f: SmokeFlags, io: Io): Promise<void> {
  const baselineFile = path.join(f.baseline, 'baseline.json');
  const baseline = readBaseline(baselineFile);
  const strategies = builtinStrategies.map((s) => s.name);
  const platforms = [...platformNames];
  const workers = f.workers ?? defaultWorkers();
  const setup = campaignSetup({
    seed: f.seed,
    strategies,
    modules: [],
    platforms,
    reference,
    shard: { index: 0, count: 1 },
    batchSize: defaultBatchSize,
    runs: f.runs,
    timeMs: null,
    minimize: f.minimize === true,
  });
  const status = statusRenderer(io);

  const report = await withDatabase(f.db, async (dbFile) => {
    const store = openStore(dbFile);
    try {
      const campaign = store.startCampaign({
        seed: f.seed,
        shard: setup.shard,
        config: setup.config,
        startedAt: Date.now(),
      });
      const pool = createPool(workers);
      let result: SessionResult;
      try {
        result = await runSession({
          // Only the flags decide what a smoke run finds, never what a --db database already holds.
          sink: storeSink(store, campaign, false),
          options: setup.options,
          pool,
          gate: null,
          signal: new AbortController().signal,
          hooks: {
            // new to a throwaway database means nothing; the baseline decides what is new
            onProgress: (s) => status.update((columns) => statusLine({ ...s, newSignatures: null }, columns)),
            onDone: (r) =>
              status.finish(
                `${statusLine({ ...r.status, newSignatures: null })} · ${workers} worker${workers === 1 ? '' : 's'}`,
              ),
          },
        });
      } finally {
        await pool.close();
      }
      store.finishCampaign(campaign.id);
      const inBaseline = new Set(baseline.signatures.map((s) => s.signature));
      const found: SmokeSignature[] = [...result.seen.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([signature, { first, count }]) => {
          const stored = store.findingBySignature(signature);
          const replay =
            f.db !== undefined && stored !== null
              ? campaignReplayLine(stored.id, f.db, f.seed, first.index)
              : `echo ${shellWord(stored?.scenario ?? first.scenario)} | ${kexfuzzCommand('run -')}   # seed ${f.seed}, scenario ${first.index}`;
          return {
            signature,
            platform: first.platform,
            outcomeKind: first.outcomeKind,
            title: first.title,
            count,
            isNew: !inBaseline.has(signature),
            replay,
          };
        });
      const report: SmokeReport = {
        seed: f.seed,
        runs: result.runs,
        invalid: result.invalid,
        platforms,
        strategies,
        reference,
        outcomes: result.outcomes,
        coverage: result.summary.coverage,
        corpus: result.summary.corpus,
        baseline: { file: baselineFile, present: baseline.present, signatures: baseline.signatures },
        found,
      };
      return report;
    } finally {
      store.close();
    }
  });

  io.out(smokeText(report));
  const acceptHint = kexfuzzCommand(
    ['smoke', '--update-baseline', '--baseline', f.baseline]
      .concat(f.runs === defaultSmokeRuns ? [] : ['--runs', String(f.runs)])
      .concat(f.seed === 1 ? [] : ['--seed', String(f.seed)])
      .map(shellWord)
      .join(' '),
  );
  if (f.junit !== undefined) {
    writeOutput(f.junit, smokeJunit(report, acceptHint), '--junit');
    io.err(`smoke: wrote JUnit XML to ${f.junit}`);
  }
  const update = f.updateBaseline === true || f.pruneBaseline === true;
  if (update) {
    const merged = mergedBaseline(baseline.signatures, report.found);
    const entries = f.pruneBaseline ? report.found : merged.entries;
    writeOutput(baselineFile, baselineJson(entries), '--baseline');
    const kept = f.pruneBaseline
      ? `dropped ${merged.unreached} this run did not reach`
      : `kept ${merged.unreached} this run did not reach (--prune-baseline drops them)`;
    io.out(
      `baseline: ${baselineFile} has ${entries.length} signatures: added ${merged.added} new, ${merged.unreached === 0 ? 'none unreached' : kept}`,
    );
  }
  const fresh = report.found.filter((s) => s.isNew).length;
  io.out(smokeVerdict(report));
  if (fresh > 0 && !update) {
    throw new CommandExit(exitCodes.finding, `${fresh} new signatures; accept them with ${acceptHint}`);
  }
}

export function smokeCommand(io: Io): Command {
  return new Command('smoke')
    .description(
      'CI check: a fixed, deterministic campaign; exit 1 when it finds a signature the baseline does not have',
    )
    .option('--runs <n>', 'scenarios to run', positiveInteger, defaultSmokeRuns)
    .option('--seed <s>', 'base seed', seedNumber, 1)
    .option(
      '--workers <n>',
      `worker threads (default: one per core, ${defaultWorkers()} here); output does not depend on it`,
      workerCount,
    )
    .option('--baseline <dir>', 'directory of baseline.json, the accepted signatures', filePath, 'findings/')
    .option(
      '--junit <file>',
      'write JUnit XML: a test case per signature found (failing when NEW), a skipped one per baseline signature not reached',
      filePath,
    )
    .option('--db <file>', 'keep the findings in this database (default: a throwaway one)', filePath)
    .option('--minimize', 'minimize each signature found (slower; the replay lines get the minimized repros)')
    .option(
      '--update-baseline',
      'accept the signatures found: add them to DIR/baseline.json, keeping those this run did not reach; exits 0',
    )
    .option(
      '--prune-baseline',
      'like --update-baseline, but DIR/baseline.json keeps only the signatures this run found',
    )
    .action((flags: SmokeFlags) => smoke(flags, io));
}
