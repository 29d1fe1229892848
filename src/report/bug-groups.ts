/**
 * `kexfuzz findings list`'s bugs (fuzz/bug-groups.ts folds findings into them): a table, one line per
 * group, and the JSON that carries each group's member signatures.
 */
import type { FindingKind, FindingLabel, Sightings } from '../contract/finding.js';
import { findingKindText, isoDate, isoTime } from './findings-table.js';
import { textTable } from './text-table.js';

/** What the list shows of a group. */
export interface BugGroupRow {
  readonly id: string;
  readonly key: string;
  readonly kind: FindingKind;
  readonly label: FindingLabel | null;
  readonly count: number;
  readonly sightings: Sightings;
  readonly strategies: readonly string[];
  readonly platforms: readonly string[];
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly best: { readonly id: number };
  readonly known: readonly string[];
  readonly members: readonly {
    readonly id: number;
    readonly signature: string;
    readonly count: number;
    readonly status: string;
  }[];
}

/** `legacy`, `legacy, upstream`, or `5 strategies` when the list would not fit a column. */
function listCell(values: readonly string[], noun: string): string {
  return values.length <= 2 ? values.join(', ') : `${values.length} ${noun}`;
}

/** Corpus bug names first, in number order (S2 before S12), then `corpus`, then `baseline`. */
export function knownOrder(a: string, b: string): number {
  const rank = (t: string): number => (t === 'corpus' ? 1 : t === 'baseline' ? 2 : 0);
  return rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}

/** The groups as a table: id, kind/label, count, strategies, platforms, first and last seen, best repro, known, key. */
export function bugGroupsTable(groups: readonly BugGroupRow[]): string {
  return textTable(
    ['group', 'finding', 'count', 'strategies', 'platforms', 'first seen', 'last seen', 'best', 'known', 'bug'],
    groups.map((g) => [
      g.id,
      findingKindText(g),
      String(g.count),
      listCell(g.strategies, 'strategies'),
      listCell(g.platforms, 'platforms'),
      isoDate(g.firstSeen),
      isoDate(g.lastSeen),
      `#${g.best.id}`,
      g.known.length === 0 ? 'new' : [...g.known].sort(knownOrder).join(','),
      g.key,
    ]),
    { right: [2] },
  );
}

/** The JSON of one group in `findings list --json`: the group, its members by signature and id. */
export function bugGroupsJson(groups: readonly BugGroupRow[]): unknown[] {
  return groups.map((g) => {
    // The key is kind/site (oracle/group.ts), and the site may hold slashes.
    const [outcomeKind = '', ...site] = g.key.split('/');
    return {
      id: g.id,
      key: g.key,
      outcomeKind,
      site: site.join('/'),
      kind: g.kind,
      label: g.label,
      count: g.count,
      sightings: g.sightings,
      strategies: g.strategies,
      platforms: g.platforms,
      firstSeen: isoTime(g.firstSeen),
      lastSeen: isoTime(g.lastSeen),
      best: g.best.id,
      known: [...g.known].sort(knownOrder),
      members: g.members.map((m) => ({ id: m.id, signature: m.signature, count: m.count, status: m.status })),
    };
  });
}
