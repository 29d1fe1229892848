/**
 * `kexfuzz findings list`: one row per distinct signature. Takes plain rows (the store's findings fit
 * them as they are), returns text or JSON-ready objects; times print in UTC so output is the same
 * wherever it runs.
 */
import type { Sightings } from '../contract/finding.js';
import { textTable } from './text-table.js';

/** What a findings list shows of a finding. */
export interface FindingRow {
  readonly id: number;
  readonly signature: string;
  readonly status: string;
  readonly count: number;
  /** The failing strategy's outcome kind (`hang`, `wild-exec`, ...). */
  readonly outcomeKind: string;
  /** `divergence` or `common-mode`. */
  readonly kind: string;
  /** Against the reference strategy: `regression`, `improvement`, `both-wrong`, or null. */
  readonly label: string | null;
  /** How the sightings split: `kind` and `label` are what they support (contract/finding.ts `labelOf`). */
  readonly sightings: Sightings;
  readonly platform: string;
  readonly strategy: string;
  /** Milliseconds since the epoch. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly title: string;
}

/** `2024-05-01` (UTC). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `2024-05-01T12:34:56Z` (UTC, whole seconds). */
export function isoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `divergence/regression`, or just the kind when there is no label. */
export function findingKindText(row: Pick<FindingRow, 'kind' | 'label'>): string {
  return row.label === null ? row.kind : `${row.kind}/${row.label}`;
}

/** The rows as a table: id, status, count, outcome, finding kind/label, where, last seen, title. */
export function findingsTable(rows: readonly FindingRow[]): string {
  return textTable(
    ['id', 'status', 'count', 'outcome', 'finding', 'where', 'last seen', 'title'],
    rows.map((r) => [
      String(r.id),
      r.status,
      String(r.count),
      r.outcomeKind,
      findingKindText(r),
      `${r.platform}/${r.strategy}`,
      isoDate(r.lastSeen),
      r.title,
    ]),
    { right: [0, 2] },
  );
}

/** The JSON shape of one `findings list --json` row: the row, with times as ISO strings. */
export type FindingListJson = Omit<FindingRow, 'firstSeen' | 'lastSeen'> & {
  readonly firstSeen: string;
  readonly lastSeen: string;
};

export function findingsJson(rows: readonly FindingRow[]): FindingListJson[] {
  return rows.map((r) => ({
    id: r.id,
    signature: r.signature,
    status: r.status,
    count: r.count,
    outcomeKind: r.outcomeKind,
    kind: r.kind,
    label: r.label,
    sightings: r.sightings,
    platform: r.platform,
    strategy: r.strategy,
    firstSeen: isoTime(r.firstSeen),
    lastSeen: isoTime(r.lastSeen),
    title: r.title,
  }));
}
