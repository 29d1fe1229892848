/**
 * Findings folded into bugs (oracle/group.ts has the key): per group its member signatures, the
 * strategies and platforms it hit, how often and how it was seen, first and last seen, the smallest repro,
 * and whether the corpus or the baseline already knows it. Groups rank as findings do: regressions first,
 * then other divergences, then by how often, how recently and how small the best repro is.
 */
import { createHash } from 'node:crypto';
import { addSightings, type FindingKind, type FindingLabel, labelOf, type Sightings } from '../contract/finding.js';
import { type GroupKey, groupKeyOf } from '../oracle/group.js';

/** What grouping needs of a finding (the store's rows have it): its repro's size ranks it. */
export interface GroupableRow {
  readonly id: number;
  readonly signature: string;
  readonly strategy: string;
  readonly platform: string;
  readonly count: number;
  readonly sightings: Sightings;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** JSON of the (minimized) repro. */
  readonly scenario: string;
}

export interface BugGroup<Row extends GroupableRow = GroupableRow> {
  readonly key: GroupKey;
  /** `g-` and 6 hex digits of the key's hash: short, shell-safe and the same in every database. */
  readonly id: string;
  /** The member findings, most in need of a look first. */
  readonly members: readonly Row[];
  readonly strategies: readonly string[];
  readonly platforms: readonly string[];
  readonly count: number;
  readonly sightings: Sightings;
  readonly kind: FindingKind;
  readonly label: FindingLabel | null;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** The member with the smallest repro. */
  readonly best: Row;
  /** What already knows it: corpus bug names (`S1`), `corpus`, `baseline`; empty when it is new. */
  readonly known: readonly string[];
}

/** Most in need of a look first: regressions, other divergences, then how often, how recent, how small. */
export function byNeed(a: GroupableRow, b: GroupableRow): number {
  const tier = (f: GroupableRow): number => (f.sightings.regressions > 0 ? 0 : f.sightings.divergences > 0 ? 1 : 2);
  return (
    tier(a) - tier(b) ||
    b.count - a.count ||
    b.lastSeen - a.lastSeen ||
    a.scenario.length - b.scenario.length ||
    a.id - b.id
  );
}

export function groupId(key: GroupKey): string {
  return `g-${createHash('sha256').update(key).digest('hex').slice(0, 6)}`;
}

/** The row with the smallest repro (the first found among equals); `rows` must not be empty. */
export function smallestRepro<Row extends GroupableRow>(rows: readonly Row[]): Row {
  return rows.reduce((best, r) =>
    r.scenario.length < best.scenario.length || (r.scenario.length === best.scenario.length && r.id < best.id)
      ? r
      : best,
  );
}

const distinct = (values: readonly string[]): string[] => [...new Set(values)].sort();

/** `rows` folded into groups, ranked. `knownAs` says what already knows a signature (`S1`, `corpus`, `baseline`). */
export function bugGroups<Row extends GroupableRow>(
  rows: readonly Row[],
  knownAs: (signature: string) => readonly string[] = () => [],
): BugGroup<Row>[] {
  const byKey = new Map<GroupKey, Row[]>();
  for (const r of rows) {
    const key = groupKeyOf(r.signature);
    const members = byKey.get(key);
    if (members === undefined) byKey.set(key, [r]);
    else members.push(r);
  }
  const groups = [...byKey].map(([key, members]): BugGroup<Row> => {
    const ranked = [...members].sort(byNeed);
    const sightings = ranked.map((m) => m.sightings).reduce(addSightings);
    return {
      key,
      id: groupId(key),
      members: ranked,
      strategies: distinct(ranked.map((m) => m.strategy)),
      platforms: distinct(ranked.map((m) => m.platform)),
      count: ranked.reduce((n, m) => n + m.count, 0),
      sightings,
      ...labelOf(sightings),
      firstSeen: ranked.reduce((t, m) => Math.min(t, m.firstSeen), Number.POSITIVE_INFINITY),
      lastSeen: ranked.reduce((t, m) => Math.max(t, m.lastSeen), Number.NEGATIVE_INFINITY),
      best: smallestRepro(ranked),
      known: [...new Set(ranked.flatMap((m) => knownAs(m.signature)))],
    };
  });
  return groups.sort((a, b) => byNeed(groupRow(a), groupRow(b)) || a.key.localeCompare(b.key));
}

/** A group ranked as one row: its summed sightings and count, its last sighting, its best repro. */
function groupRow(g: BugGroup): GroupableRow {
  return { ...g.best, id: 0, count: g.count, sightings: g.sightings, lastSeen: g.lastSeen };
}

/** The group a signature belongs to, as `findings show` names it. */
export function bugOf(signature: string): { readonly id: string; readonly key: GroupKey } {
  const key = groupKeyOf(signature);
  return { id: groupId(key), key };
}
