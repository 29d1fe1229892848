/**
 * `kexfuzz report`: the verdict of a campaign database, per strategy and platform, from every strategy run
 * the campaigns counted: how often each strategy failed there, with an interval and by outcome kind, and
 * which bug groups those failures were.
 */
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { bugGroups } from '../fuzz/bug-groups.js';
import { certificatesText } from '../report/explore-report.js';
import { pctBounds, pctScope, pctStatementText } from '../report/pct-statement.js';
import { verdictText } from '../report/verdict-matrix.js';
import { withStore } from './db.js';
import { type DbOptions, dbOption, filePath, type ModuleOptions } from './flags.js';
import type { Io } from './io.js';
import { writeFindingPage } from './report-finding.js';
import { verdictOf, writeCampaignHtml } from './report-html.js';
import { moduleOption } from './stored-finding.js';

interface ReportOptions extends DbOptions, ModuleOptions {
  readonly json?: boolean;
  readonly html?: string;
}

export function reportCommand(io: Io): Command {
  return new Command('report')
    .description(
      "the verdict: how often each strategy failed on each platform, over every run the database counted; with --html, the campaign's page, or with an ID, a finding's timeline page",
    )
    .argument('[id]', 'a finding (id, signature or bug group g-…): its per-CPU timeline page, with --html')
    .addOption(dbOption())
    .option(
      '--json',
      'print the matrix as one JSON object: a cell per strategy and platform, with runs per outcome kind',
    )
    .addOption(
      new Option(
        '--html <file>',
        "write a self-contained HTML page: the campaign's (plots, matrix, bugs, findings), or with an ID the finding's timeline",
      )
        .argParser(filePath)
        .conflicts('json'),
    )
    .addOption(moduleOption())
    .action((id: string | undefined, o: ReportOptions) =>
      withStore(o.db, false, async (store) => {
        if (id !== undefined) {
          if (o.html === undefined) {
            throw new UsageError(
              `report ${id} writes a finding's timeline page and needs --html FILE; findings show ${id} prints the finding as text.`,
            );
          }
          await writeFindingPage(store, id, o.html, o, io);
          return;
        }
        if (o.html !== undefined) {
          writeCampaignHtml(store, o.db, o.html, io);
          return;
        }
        const matrix = verdictOf(store, bugGroups(store.listFindings()));
        const pct = store.pctTallies();
        const certificates = store.listCertificates().map(({ scenario: _, ...c }) => c);
        if (o.json) {
          const notFound = { bounds: pctBounds(pct), scope: pctScope };
          io.out(JSON.stringify({ ...matrix, notFound, certificates }, null, 2));
        } else io.out(`${verdictText(matrix)}\n\n${pctStatementText(pct)}\n\n${certificatesText(certificates)}`);
      }),
    );
}
