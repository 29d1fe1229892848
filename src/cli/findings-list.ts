/** `kexfuzz findings list`: one row per distinct signature, filtered by status, platform, strategy or kind. */
import { Command, Option } from 'commander';
import { type FindingKind, type FindingStatus, findingKinds, findingStatuses } from '../contract/finding.js';
import { outcomeKinds } from '../contract/outcome.js';
import { platformNames } from '../contract/topology.js';
import { findingsJson, findingsTable } from '../report/findings-table.js';
import { withStore } from './db.js';
import { type DbOptions, dbOption } from './flags.js';
import type { Io } from './io.js';
import { dbArg } from './stored-finding.js';

interface ListOptions extends DbOptions {
  readonly json?: boolean;
  readonly status?: FindingStatus;
  readonly platform?: string;
  readonly strategy?: string;
  readonly kind?: FindingKind;
  readonly outcome?: string;
}

export function findingsListCommand(io: Io): Command {
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
