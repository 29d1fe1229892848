/**
 * `kexfuzz fuzz`: a campaign on worker threads, every batch committed to the findings database as it
 * ends. Resumable (`--resume` continues the latest unfinished campaign with the same configuration),
 * stoppable (the first Ctrl-C finishes the batch in flight, a second exits at once), and with a status
 * line on stderr; the summary and the new findings, each with its replay line, go to stdout.
 */
import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { type PlatformName, platformNames } from '../contract/topology.js';
import { bugGroups, smallestRepro } from '../fuzz/bug-groups.js';
import { minimizeGate } from '../fuzz/minimize-gate.js';
import { loadStrategies } from '../fuzz/module-probe.js';
import { createPool, defaultWorkers } from '../fuzz/pool.js';
import { runSession, type SessionResult } from '../fuzz/session.js';
import { campaignSummary, type NewFindingEntry, type NewGroupEntry } from '../report/campaign-summary.js';
import { kexfuzzCommand } from '../report/command-name.js';
import { shellWord } from '../report/finding-detail.js';
import { pctStatementText } from '../report/pct-statement.js';
import { printable } from '../report/printable.js';
import { statusLine } from '../report/status-line.js';
import { type Campaign, type Finding, openStore, type Store } from '../store/index.js';
import { campaignSetup, defaultBatchSize } from './campaign-config.js';
import {
  batchSize,
  commaList,
  dbOption,
  defaultDbPath,
  duration,
  durationFlag,
  maxBatchSize,
  maxWorkers,
  platformList,
  positiveInteger,
  referenceStrategy,
  type Shard,
  seedNumber,
  selectStrategies,
  shard,
  shardText,
  strategyModuleOption,
  workerCount,
} from './flags.js';
import type { Io } from './io.js';
import { defaultBaselineDir, knownSignatures } from './known.js';
import { takeCampaignLease } from './lease.js';
import { installStopSignals } from './signals.js';
import { watchForStalls } from './stall-watch.js';
import { statusRenderer } from './status.js';
import { storeSink } from './store-sink.js';

/** The campaign `kexfuzz fuzz` runs with neither --time nor --runs: the README's first command. */
export const defaultRuns = 96;
export const defaultSeed = 1;
/** How long minimization may go on once the runs or the time are done, before the rest is left as found. */
export const minimizeGraceMs = 15_000;

interface FuzzFlags {
  readonly time?: number;
  readonly runs?: number;
  readonly workers?: number;
  readonly seed: number;
  readonly strategies?: readonly string[];
  readonly strategyModule?: readonly string[];
  readonly platforms?: readonly PlatformName[];
  readonly reference: string;
  readonly db: string;
  readonly resume?: boolean;
  readonly shard?: Shard;
  readonly batchSize: number;
  readonly minimize: boolean;
}

function configValue(value: unknown): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(',');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `seed 1 there, 2 now; platforms cps,octeon there, cps now` */
function configDifferences(stored: string, wanted: string): string {
  let theirs: Record<string, unknown>;
  try {
    theirs = JSON.parse(stored) as Record<string, unknown>;
  } catch {
    return 'its configuration is not readable';
  }
  const mine = JSON.parse(wanted) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])];
  return keys
    .filter((k) => JSON.stringify(theirs[k]) !== JSON.stringify(mine[k]))
    .map(
      (k) => `${k === 'modules' ? 'strategy modules' : k} ${configValue(theirs[k])} there, ${configValue(mine[k])} now`,
    )
    .join('; ');
}

/**
 * What `--resume` does, so that an orchestrator can run one command on every (re)start of a pod or a job:
 * continue the latest unfinished campaign of this configuration; do nothing when that campaign already
 * finished; start one when the database has none of this configuration (or does not exist yet).
 */
type ResumePlan =
  | { readonly kind: 'continue'; readonly campaign: Campaign }
  | { readonly kind: 'finished'; readonly campaign: Campaign }
  | { readonly kind: 'start'; readonly note: string };

function resumePlan(store: Store | null, config: string, db: string): ResumePlan {
  if (store === null) return { kind: 'start', note: `--resume: no database ${db} yet; starting a campaign` };
  const same = store.latestCampaign(config);
  if (same !== null) return { kind: same.finished ? 'finished' : 'continue', campaign: same };
  const latest = store.latestCampaign();
  if (latest === null) return { kind: 'start', note: `--resume: ${db} has no campaign yet; starting one` };
  return {
    kind: 'start',
    note:
      `--resume: no campaign in ${db} has this configuration (the latest, #${latest.id}, has ` +
      `${configDifferences(latest.config, config)}); starting a new one`,
  };
}

/** The command line that continues this campaign. */
/**
 * The bugs a campaign's new findings belong to, over every finding in the database: a bug is new when all
 * its signatures are and neither the corpus nor the baseline knows it.
 */
function newGroupsOf(all: readonly Finding[], fresh: readonly NewFindingEntry[]): NewGroupEntry[] {
  const byId = new Map(fresh.map((f) => [f.id as number, f]));
  const groups = bugGroups(all, knownSignatures(defaultBaselineDir));
  return groups.flatMap((g) => {
    const added = g.members.filter((m) => byId.has(m.id));
    if (added.length === 0) return [];
    // The smallest of its new repros: a new finding carries the seed and scenario that found it.
    const entry = byId.get(smallestRepro(added).id);
    if (entry === undefined) return [];
    return [
      {
        id: g.id,
        key: g.key,
        kind: g.kind,
        label: g.label,
        strategies: g.strategies,
        platforms: g.platforms,
        newSignatures: added.length,
        known: g.known,
        isNew: g.known.length === 0 && added.length === g.members.length,
        best: entry,
      },
    ];
  });
}

function resumeCommand(f: FuzzFlags, runs: number | null, timeMs: number | null): string {
  const args = ['fuzz', '--resume'];
  if (runs !== null) args.push('--runs', String(runs));
  if (timeMs !== null) args.push('--time', durationFlag(timeMs));
  if (f.workers !== undefined) args.push('--workers', String(f.workers));
  if (f.seed !== defaultSeed) args.push('--seed', String(f.seed));
  if (f.strategies !== undefined) args.push('--strategies', f.strategies.join(','));
  for (const m of f.strategyModule ?? []) args.push('--strategy-module', m);
  if (f.platforms !== undefined) args.push('--platforms', f.platforms.join(','));
  if (f.reference !== 'upstream') args.push('--reference', f.reference);
  args.push('--db', f.db);
  if (f.shard !== undefined && f.shard.count > 1) args.push('--shard', shardText(f.shard));
  if (f.batchSize !== defaultBatchSize) args.push('--batch-size', String(f.batchSize));
  if (!f.minimize) args.push('--no-minimize');
  return kexfuzzCommand(args.map(shellWord).join(' '));
}

async function fuzz(f: FuzzFlags, io: Io): Promise<void> {
  // Every flag is checked before the database is touched or a thread started.
  const modules = f.strategyModule ?? [];
  const strategies = selectStrategies(await loadStrategies(modules), f.strategies).map((s) => s.name);
  const reference = referenceStrategy(f.reference, strategies);
  const platforms = f.platforms ?? [...platformNames];
  const runs = f.runs ?? (f.time === undefined ? defaultRuns : null);
  const timeMs = f.time ?? null;
  const workers = f.workers ?? defaultWorkers();
  const setup = campaignSetup({
    seed: f.seed,
    strategies,
    modules,
    platforms,
    reference,
    shard: f.shard ?? { index: 0, count: 1 },
    batchSize: f.batchSize,
    runs,
    timeMs,
    minimize: f.minimize,
  });
  const existed = existsSync(f.db);
  const store = openStore(f.db);
  try {
    const plan = f.resume ? resumePlan(existed ? store : null, setup.config, f.db) : null;
    if (plan?.kind === 'finished') {
      // A pod or job restarted after its campaign ended: nothing to do, and not a failure.
      io.out(
        `kexfuzz: campaign #${plan.campaign.id} in ${f.db} already finished (${plan.campaign.runs} runs); ` +
          'nothing to resume. Leave out --resume to start a new campaign.',
      );
      return;
    }
    // The note quotes the stored configuration of an earlier campaign.
    if (plan?.kind === 'start') io.err(`kexfuzz: ${printable(plan.note)}.`);
    const campaign =
      plan?.kind === 'continue'
        ? plan.campaign
        : store.startCampaign({ seed: f.seed, shard: setup.shard, config: setup.config, startedAt: Date.now() });
    const lease = takeCampaignLease(store, campaign, f.db);
    const status = statusRenderer(io);
    const stop = installStopSignals({
      onFirst: () => status.note('kexfuzz: stopping after the batch in flight; Ctrl-C again to quit now'),
      onSecond: () => {
        lease.release();
        const committed = store.getCampaign(campaign.id);
        status.finish(`kexfuzz: quit at once; the batches and minimizations in flight are lost`);
        io.out(
          `campaign #${campaign.id} (seed ${f.seed}, shard ${setup.shard}): quit by a second signal; ` +
            `${committed?.runs ?? 0} runs committed in ${f.db}, ${store.summary().findings} findings in all\n` +
            `resume with: ${resumeCommand(f, runs, timeMs)}`,
        );
      },
    });
    const stalls = watchForStalls(status.note, modules);
    const pool = createPool(workers);
    const gate = f.minimize ? minimizeGate(pool, workers) : null;
    let result: SessionResult;
    try {
      result = await runSession({
        sink: storeSink(store, campaign, true, { minimize: f.minimize, lease: lease.current }),
        options: setup.options,
        pool,
        gate,
        minimizeGraceMs,
        signal: stop.signal,
        hooks: {
          onProgress: (s) => {
            stalls.progressed();
            status.update((columns) => statusLine(s, columns));
          },
          onMinimizeTail: (pending, graceMs) => {
            stalls.stop();
            status.note(`kexfuzz: fuzzing done; minimizing ${pending} new findings for up to ${graceMs / 1000}s`);
          },
          onDone: (r) => status.finish(statusLine(r.status)),
        },
      });
    } finally {
      stalls.stop();
      stop.dispose();
      await pool.close();
      lease.release();
    }
    const aborted = result.summary.stoppedBy === 'abort';
    if (!aborted) store.finishCampaign(campaign.id);
    const stored = result.newSignatures.map((s) => store.findingBySignature(s)).filter((x): x is Finding => x !== null);
    const newFindings: NewFindingEntry[] = stored.map((finding) => ({
      id: finding.id,
      kind: finding.kind,
      label: finding.label,
      signature: finding.signature,
      title: finding.title,
      seed: f.seed,
      scenario: result.seen.get(finding.signature)?.first.index ?? 0,
    }));
    io.out(
      campaignSummary({
        campaignId: campaign.id,
        seed: f.seed,
        shard: setup.shard,
        db: f.db,
        defaultDb: f.db === defaultDbPath,
        resumed: plan?.kind === 'continue',
        stoppedBy: result.summary.stoppedBy,
        runs: result.runs,
        invalid: result.invalid,
        campaignRuns: result.campaignRuns,
        elapsedMs: result.elapsedMs,
        fuzzingMs: result.fuzzingMs,
        runsPerSecond: result.runsPerSecond,
        seenByKind: result.byKind,
        coverage: result.coverage,
        corpus: result.corpus,
        minimize: f.minimize
          ? { minimized: result.minimized, skipped: result.minimizeSkipped, owed: result.minimizeOwed }
          : null,
        findingsInDb: store.summary().findings,
        newFindings,
        newGroups: newGroupsOf(store.listFindings(), newFindings),
        resume: aborted ? resumeCommand(f, runs, timeMs) : null,
      }),
    );
    io.out(`\n${pctStatementText(store.pctTallies(campaign.id))}`);
  } finally {
    store.close();
  }
}

export function fuzzCommand(io: Io): Command {
  return new Command('fuzz')
    .description('run a fuzzing campaign: generated scenarios through every strategy, findings stored in the database')
    .addOption(
      new Option('--time <duration>', 'stop after this long: 8h, 30m, 90s, 2m30s (at most 576h)').argParser(duration),
    )
    .option(
      '--runs <n>',
      `stop after N scenarios (per shard; default ${defaultRuns} when --time is not given)`,
      positiveInteger,
    )
    .option(
      '--workers <n>',
      `worker threads (default: one per core, ${defaultWorkers()} here; at most ${maxWorkers()})`,
      workerCount,
    )
    .option('--seed <s>', 'base seed of the campaign', seedNumber, defaultSeed)
    .option('--strategies <names>', 'comma-separated strategies to run (default: all)', commaList)
    .addOption(strategyModuleOption())
    .option(
      '--platforms <names>',
      `comma-separated platforms to generate (default: all of ${platformNames.join(',')})`,
      platformList,
    )
    .option(
      '--reference <name>',
      'strategy findings are labelled against (regression, improvement), or none',
      'upstream',
    )
    .addOption(dbOption())
    .option(
      '--resume',
      'continue the latest unfinished campaign with the same configuration; start one when there is none, ' +
        'and exit 0 when it already finished (one command for every restart of a pod or job)',
    )
    .option('--shard <k/n>', 'run the K-th of N slices of the seed space (default 1/1)', shard)
    .option(
      '--batch-size <n>',
      `scenarios per task sent to a worker (at most ${maxBatchSize})`,
      batchSize,
      defaultBatchSize,
    )
    .option(
      '--no-minimize',
      'store findings as generated; by default each new signature is minimized in the background while the ' +
        `campaign runs, and for up to ${minimizeGraceMs / 1000}s after it ends; those still waiting then keep their ` +
        'original scenario (kexfuzz findings minimize ID does one later)',
    )
    .action((flags: FuzzFlags) => fuzz(flags, io));
}
