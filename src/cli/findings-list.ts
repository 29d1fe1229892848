/**
 * `kexfuzz findings list`: one row per distinct signature, filtered by status, platform, strategy, kind, label
 * or outcome, ranked so the findings that most need a look come first.
 */
import { Command, Option } from 'commander';
import {
  type FindingKind,
  type FindingLabel,
  type FindingStatus,
  findingKinds,
  findingLabels,
  findingStatuses,
} from '../contract/finding.js';
import { outcomeKinds } from '../contract/outcome.js';
import { platformNames } from '../contract/topology.js';
import { UsageError } from '../errors.js';
import { findingsJson, findingsTable } from '../report/findings-table.js';
import { availableStrategies } from '../run/catalog.js';
import type { Finding } from '../store/index.js';
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
  readonly label?: FindingLabel;
  readonly outcome?: string;
  readonly sort: 'rank' | 'id';
}

/**
 * Most in need of a look first: divergences where the reference boots (regressions), then other divergences,
 * then by how often, how recently, and how small the repro is; the id breaks ties.
 */
function byRank(a: Finding, b: Finding): number {
  const tier = (f: Finding): number => (f.sightings.regressions > 0 ? 0 : f.sightings.divergences > 0 ? 1 : 2);
  return (
    tier(a) - tier(b) ||
    b.count - a.count ||
    b.lastSeen - a.lastSeen ||
    a.scenario.length - b.scenario.length ||
    a.id - b.id
  );
}

export function findingsListCommand(io: Io): Command {
  return new Command('list')
    .description(
      'one row per distinct signature, regressions first, then by count, recency and repro size: id, status, count, outcome, kind, where, last seen, title',
    )
    .addOption(dbOption())
    .option('--json', 'print a JSON array of rows')
    .addOption(new Option('--status <status>', 'only findings with this triage status').choices(findingStatuses))
    .addOption(new Option('--platform <platform>', 'only findings on this platform').choices(platformNames))
    .option('--strategy <name>', 'only findings of this strategy')
    .addOption(new Option('--kind <kind>', 'only divergences or only common-mode failures').choices(findingKinds))
    .addOption(new Option('--outcome <kind>', 'only findings whose outcome is this kind').choices(outcomeKinds))
    .addOption(
      new Option('--label <label>', 'only findings with this label against the reference').choices(findingLabels),
    )
    .addOption(
      new Option('--sort <order>', 'rank: most in need of a look first; id: in the order found')
        .choices(['rank', 'id'])
        .default('rank'),
    )
    .action((o: ListOptions) =>
      withStore(o.db, false, async (store) => {
        if (o.strategy !== undefined) {
          // A name nobody uses is a typo, not an empty answer.
          const known = new Set([...(await availableStrategies(undefined)).map((s) => s.name)]);
          for (const f of store.listFindings()) known.add(f.strategy);
          if (!known.has(o.strategy)) {
            throw new UsageError(
              `unknown strategy "${o.strategy}" for --strategy: the builtins and this database have ${[...known].map((n) => `"${n}"`).join(', ')}.`,
            );
          }
        }
        const rows = store
          .listFindings({ status: o.status, platform: o.platform, strategy: o.strategy, kind: o.kind })
          .filter((f) => o.outcome === undefined || f.outcomeKind === o.outcome)
          .filter((f) => o.label === undefined || f.label === o.label);
        if (o.sort === 'rank') rows.sort(byRank);
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
