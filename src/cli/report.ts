/**
 * `kexfuzz report`: the verdict of a campaign database, per strategy and platform, from every strategy run
 * the campaigns counted: how often each strategy failed there, with an interval and by outcome kind, and
 * which bug groups those failures were.
 */
import { Command } from 'commander';
import { platformNames } from '../contract/topology.js';
import { UsageError } from '../errors.js';
import { bugGroups } from '../fuzz/bug-groups.js';
import { verdictMatrix, verdictText } from '../report/verdict-matrix.js';
import { builtinStrategies } from '../run/catalog.js';
import { withStore } from './db.js';
import { type DbOptions, dbOption, filePath, type ModuleOptions } from './flags.js';
import type { Io } from './io.js';
import { writeFindingPage } from './report-finding.js';
import { moduleOption } from './stored-finding.js';

interface ReportOptions extends DbOptions, ModuleOptions {
  readonly json?: boolean;
  readonly html?: string;
}

export function reportCommand(io: Io): Command {
  return new Command('report')
    .description('the verdict: how often each strategy failed on each platform, over every run the database counted')
    .argument('[id]', 'a finding (id, signature or bug group g-…): its per-CPU timeline page, with --html')
    .addOption(dbOption())
    .option('--html <file>', 'write a self-contained HTML page instead (no network needed to view it)', filePath)
    .addOption(moduleOption())
    .option(
      '--json',
      'print the matrix as one JSON object: a cell per strategy and platform, with runs per outcome kind',
    )
    .action((id: string | undefined, o: ReportOptions) =>
      withStore(o.db, false, async (store) => {
        if (id !== undefined) {
          if (o.html === undefined || o.json === true) {
            throw new UsageError(
              `report ${id} writes a finding's timeline page and needs --html FILE (and no --json); findings show ${id} prints it as text.`,
            );
          }
          await writeFindingPage(store, id, o.html, o, io);
          return;
        }
        const sightings = bugGroups(store.listFindings()).flatMap((g) =>
          g.members.map((f) => ({ platform: f.platform, strategy: f.strategy, id: g.id, key: g.key, runs: f.count })),
        );
        const order = { strategies: builtinStrategies.map((s) => s.name), platforms: platformNames };
        const matrix = verdictMatrix(store.outcomeTallies(), order, sightings);
        io.out(o.json ? JSON.stringify(matrix, null, 2) : verdictText(matrix));
      }),
    );
}
