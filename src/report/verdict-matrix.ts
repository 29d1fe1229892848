/**
 * The verdict matrix (`kexfuzz report`): per strategy and platform, how often a strategy's runs failed,
 * with a 95% interval, and by which kind. It answers the thread's question — which strategy is right
 * where — from every run a database counted, not only from the findings.
 */
import type { OutcomeTally } from '../contract/campaign.js';
import { type OutcomeKind, outcomeInfo, outcomeKinds } from '../contract/outcome.js';
import { kexfuzzCommand } from './command-name.js';
import { textTable } from './text-table.js';

export interface VerdictCell {
  readonly platform: string;
  readonly strategy: string;
  /** Runs that ran (refused ones are not runs of the strategy, only an answer). */
  readonly runs: number;
  readonly refused: number;
  readonly failures: number;
  /** failures / runs, and its Wilson 95% interval; null with no runs. */
  readonly rate: number | null;
  readonly interval: readonly [number, number] | null;
  /** Runs per outcome kind, failures and ok alike. */
  readonly byKind: Readonly<Partial<Record<OutcomeKind, number>>>;
  /** The bugs behind its failures: each group's failing runs here, most first. */
  readonly bugs: readonly CellBug[];
}

/** A bug group's failing runs in one cell. */
export interface CellBug {
  readonly id: string;
  readonly key: string;
  readonly runs: number;
}

/** A finding's sightings as the matrix attributes them: to its cell and its bug group. */
export interface BugSighting {
  readonly platform: string;
  readonly strategy: string;
  readonly id: string;
  readonly key: string;
  readonly runs: number;
}

export interface VerdictMatrix {
  readonly strategies: readonly string[];
  readonly platforms: readonly string[];
  readonly cells: readonly VerdictCell[];
}

/** Wilson score interval at 95% for `k` of `n`: honest at the 0% and 100% ends, where most cells sit. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

function isFailure(kind: string): boolean {
  return (outcomeKinds as readonly string[]).includes(kind) && outcomeInfo[kind as OutcomeKind].failure;
}

/**
 * The matrix from tallies; strategies and platforms in the order given, then any others the tallies name.
 * `sightings` put the bug groups behind each cell's failures (every failing run is a finding's sighting).
 */
export function verdictMatrix(
  tallies: readonly OutcomeTally[],
  order: { readonly strategies: readonly string[]; readonly platforms: readonly string[] },
  sightings: readonly BugSighting[] = [],
): VerdictMatrix {
  const strategies = [...new Set([...order.strategies, ...tallies.map((t) => t.strategy)])].filter((s) =>
    tallies.some((t) => t.strategy === s),
  );
  const platforms = [...new Set([...order.platforms, ...tallies.map((t) => t.platform)])].filter((p) =>
    tallies.some((t) => t.platform === p),
  );
  const cells: VerdictCell[] = [];
  for (const strategy of strategies) {
    for (const platform of platforms) {
      const mine = tallies.filter((t) => t.strategy === strategy && t.platform === platform);
      const byKind: Partial<Record<OutcomeKind, number>> = {};
      for (const t of mine) byKind[t.kind as OutcomeKind] = (byKind[t.kind as OutcomeKind] ?? 0) + t.runs;
      const refused = byKind.refused ?? 0;
      const runs = mine.reduce((n, t) => n + t.runs, 0) - refused;
      const failures = mine.filter((t) => isFailure(t.kind)).reduce((n, t) => n + t.runs, 0);
      const bugs = new Map<string, CellBug>();
      for (const b of sightings) {
        if (b.strategy !== strategy || b.platform !== platform) continue;
        const runs = (bugs.get(b.id)?.runs ?? 0) + b.runs;
        bugs.set(b.id, { id: b.id, key: b.key, runs });
      }
      cells.push({
        platform,
        strategy,
        runs,
        refused,
        failures,
        rate: runs === 0 ? null : failures / runs,
        interval: runs === 0 ? null : wilson(failures, runs),
        byKind,
        bugs: [...bugs.values()].sort((a, b) => b.runs - a.runs || a.key.localeCompare(b.key)),
      });
    }
  }
  return { strategies, platforms, cells };
}

const percent = (x: number): string => `${Math.round(x * 100)}%`;

/** One cell as text: `12% [9–16%] of 412`, `refused`, or `-` with no runs. */
function cellText(c: VerdictCell | undefined): string {
  if (c === undefined || (c.runs === 0 && c.refused === 0)) return '-';
  if (c.runs === 0) return 'refused';
  const [lo, hi] = c.interval ?? [0, 1];
  return `${percent(c.rate ?? 0)} [${percent(lo)}–${percent(hi)}] of ${c.runs}`;
}

/** The three largest bugs of a cell: `hang/smp_call_function_many<crash_kexec (g-1a2b3c) 61%, …, +2 more`. */
function bugsText(c: VerdictCell): string {
  const total = c.bugs.reduce((n, b) => n + b.runs, 0);
  const shown = c.bugs.slice(0, 3).map((b) => `${b.key} (${b.id}) ${percent(b.runs / total)}`);
  const more = c.bugs.length > 3 ? [`+${c.bugs.length - 3} more`] : [];
  return [...shown, ...more].join(', ');
}

/** The matrix as a table: a row per strategy, a column per platform, the failure rate in each cell. */
export function verdictText(m: VerdictMatrix): string {
  if (m.cells.length === 0) return `no strategy runs counted yet: run a campaign (${kexfuzzCommand('fuzz')}) first.`;
  const cell = (s: string, p: string): VerdictCell | undefined =>
    m.cells.find((c) => c.strategy === s && c.platform === p);
  const table = textTable(
    ['strategy', ...m.platforms],
    m.strategies.map((s) => [s, ...m.platforms.map((p) => cellText(cell(s, p)))]),
  );
  const lines = [
    'failed runs per strategy and platform, with a 95% interval (Wilson) and the runs counted:',
    '',
    table,
    '',
    '"refused": the strategy refuses the platform at load time. kexfuzz report --json has the runs per outcome kind.',
  ];
  const failing = m.cells.filter((c) => c.bugs.length > 0);
  if (failing.length > 0) {
    lines.push(
      '',
      `the bugs behind each failing cell, by share of its failed runs (${kexfuzzCommand('findings list --group ID')}):`,
    );
    lines.push(
      textTable(
        ['strategy', 'platform', 'bugs'],
        failing.map((c) => [c.strategy, c.platform, bugsText(c)]),
        { indent: '  ' },
      ),
    );
  }
  return lines.join('\n');
}
