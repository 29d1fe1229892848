/**
 * `kexfuzz findings list`: the bugs, one row per group of signatures (report/bug-groups.ts), or with
 * `--signatures` one row per signature; filtered by status, platform, strategy, kind, label, outcome or
 * group, ranked so what most needs a look comes first.
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
import { type BugGroup, bugGroups, byNeed } from '../fuzz/bug-groups.js';
import { bugGroupsJson, bugGroupsTable } from '../report/bug-groups.js';
import { kexfuzzCommand } from '../report/command-name.js';
import { sightingsText } from '../report/finding-detail.js';
import { findingsJson, findingsTable } from '../report/findings-table.js';
import { printable } from '../report/printable.js';
import { availableStrategies } from '../run/catalog.js';
import type { Finding } from '../store/index.js';
import { withStore } from './db.js';
import { type DbOptions, dbOption, positiveInteger } from './flags.js';
import type { Io } from './io.js';
import { defaultBaselineDir, knownSignatures } from './known.js';
import { dbArg } from './stored-finding.js';

interface ListOptions extends DbOptions {
  readonly json?: boolean;
  readonly signatures?: boolean;
  readonly group?: string;
  readonly page: number;
  readonly baseline: string;
  readonly status?: FindingStatus;
  readonly platform?: string;
  readonly strategy?: string;
  readonly kind?: FindingKind;
  readonly label?: FindingLabel;
  readonly outcome?: string;
  readonly sort: 'rank' | 'id';
}

/** Groups a page shows: with a header and the footer, a page fits a 25-line terminal. */
const GROUPS_PER_PAGE = 20;

/** `--group`: a group id (`g-1a2b3c`), a group key, or the id of a finding in it. */
function selectGroup(groups: readonly BugGroup<Finding>[], wanted: string): BugGroup<Finding> {
  const byId = /^\d+$/.test(wanted) ? Number(wanted) : null;
  const group = groups.find(
    (g) => g.id === wanted || g.key === wanted || (byId !== null && g.members.some((m) => m.id === byId)),
  );
  if (group !== undefined) return group;
  throw new UsageError(
    `no group "${wanted}" among the findings listed: give a group id (g-…) or key from \`${kexfuzzCommand('findings list')}\`, or a finding id.`,
  );
}

const firstId = (g: BugGroup<Finding>): number =>
  g.members.reduce((id, m) => Math.min(id, m.id), Number.POSITIVE_INFINITY);

/** `--signatures` and `--group`: one row per signature, under the group's heading when there is one. */
function signaturesText(rows: readonly Finding[], total: number, db: string, heading: string | null): string {
  if (rows.length === 0) return `no findings match (${total} in ${db}).`;
  const shown = rows.length === total ? `${total} findings` : `${rows.length} of ${total} findings`;
  const lines = [
    findingsTable(rows),
    '',
    `${shown}; ${kexfuzzCommand(`findings show ID${dbArg(db)}`)} shows one in full.`,
  ];
  return (heading === null ? lines : [heading, '', ...lines]).join('\n');
}

/** The default view: page `page` of the bugs, a row per group. */
function groupsText(groups: readonly BugGroup<Finding>[], total: number, db: string, page: number): string {
  if (groups.length === 0) return `no findings match (${total} in ${db}).`;
  const pages = Math.ceil(groups.length / GROUPS_PER_PAGE);
  if (page > pages) {
    throw new UsageError(`--page ${page}: there ${pages === 1 ? 'is 1 page' : `are ${pages} pages`} of groups.`);
  }
  const shown = groups.slice((page - 1) * GROUPS_PER_PAGE, page * GROUPS_PER_PAGE);
  const signatures = groups.reduce((n, g) => n + g.members.length, 0);
  const of = pages > 1 ? `, page ${page} of ${pages}` : '';
  const more = page < pages ? `; --page ${page + 1} for more` : '';
  return [
    bugGroupsTable(shown),
    '',
    `${groups.length} bugs from ${signatures} signatures${of}${more}.`,
    `${kexfuzzCommand(`findings list --group ID${dbArg(db)}`)} lists a bug's signatures; ${kexfuzzCommand('findings show ID')} shows one.`,
  ].join('\n');
}

export function findingsListCommand(io: Io): Command {
  return new Command('list')
    .description(
      'bugs: findings grouped by mechanism, regressions first, then by count, recency and repro size; ' +
        '--signatures lists each distinct signature instead',
    )
    .addOption(dbOption())
    .option('--json', 'print JSON: the groups, each with its member signatures (with --signatures, the findings)')
    .option('--signatures', 'one row per distinct signature instead of one per group')
    .option('--group <id>', 'only the signatures of this group (its id g-…, its key, or a finding id in it)')
    .option('--page <n>', `which page of ${GROUPS_PER_PAGE} groups to print`, positiveInteger, 1)
    .option(
      '--baseline <dir>',
      'directory of the smoke baseline.json whose signatures show as known',
      defaultBaselineDir,
    )
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
        const all = store.listFindings();
        const strategies = await availableStrategies(undefined);
        if (o.strategy !== undefined) {
          // A name nobody uses is a typo, not an empty answer.
          const known = new Set([...strategies.map((s) => s.name), ...all.map((f) => f.strategy)]);
          if (!known.has(o.strategy)) {
            throw new UsageError(
              `unknown strategy "${o.strategy}" for --strategy: the builtins and this database have ${[...known].map((n) => `"${n}"`).join(', ')}.`,
            );
          }
        }
        let rows = store
          .listFindings({ status: o.status, platform: o.platform, strategy: o.strategy, kind: o.kind })
          .filter((f) => o.outcome === undefined || f.outcomeKind === o.outcome)
          .filter((f) => o.label === undefined || f.label === o.label);
        const total = all.length;
        if (total === 0) {
          io.out(o.json ? '[]' : `no findings in ${o.db} yet.`);
          return;
        }
        let heading: string | null = null;
        if (o.group !== undefined) {
          const group = selectGroup(bugGroups(all), o.group);
          rows = rows.filter((f) => group.members.some((m) => m.id === f.id));
          heading = `group ${group.id}: ${printable(group.key)}\nsightings ${sightingsText(group)}`;
        }
        if (o.signatures || o.group !== undefined) {
          rows.sort(o.sort === 'rank' ? byNeed : (x, y) => x.id - y.id);
          io.out(o.json ? JSON.stringify(findingsJson(rows), null, 2) : signaturesText(rows, total, o.db, heading));
          return;
        }
        const groups = bugGroups(rows, knownSignatures(o.baseline));
        if (o.sort === 'id') groups.sort((x, y) => firstId(x) - firstId(y));
        io.out(o.json ? JSON.stringify(bugGroupsJson(groups), null, 2) : groupsText(groups, total, o.db, o.page));
      }),
    );
}
