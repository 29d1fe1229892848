/**
 * `kexfuzz explore` for humans: per strategy, how many schedules within the bound ran, which outcomes they
 * reached and with how few preemptions, and the certificate for a strategy every schedule of which it
 * explored. Plain data in, text out.
 */

import { type Certificate, type ExplorationCounts, ofOlderReduction } from '../contract/exploration.js';
import { type OutcomeKind, outcomeInfo } from '../contract/outcome.js';
import { plural } from './plural.js';
import { printable } from './printable.js';
import { durationText } from './status-line.js';
import { textTable } from './text-table.js';

export interface ExploreRow extends ExplorationCounts {
  readonly outcomes: readonly {
    readonly kind: OutcomeKind;
    readonly preemptions: number;
    readonly file: string | null;
  }[];
}

export interface ExploreReport {
  readonly summary: string;
  readonly hash: string;
  readonly bound: number;
  readonly rows: readonly ExploreRow[];
}

/** What anyone who runs the same command must get: the scenario, the bound, and per strategy what it found. */
export function certificateOf(r: ExploreReport) {
  return {
    scenario: r.hash,
    preemptions: r.bound,
    reduction:
      'dynamic partial-order reduction: only races are reversed (accesses of one word or line, one of them a write, atomic updates of one kind commuting; IPIs, starts, resets, power; instruction fetches read their line); spin-loop repeats are one step; a poll read that found nothing before its CPU parked is not reversed; a run is read up to the anomaly that decided it; each reversal is also tried from where its CPU began its turn',
    strategies: Object.fromEntries(
      r.rows
        .filter((row) => row.complete)
        .map((row) => [
          row.strategy,
          { schedules: row.schedules, classes: row.classes, outcomes: row.outcomes.map((o) => o.kind).sort() },
        ]),
    ),
  };
}

export function exploreText(r: ExploreReport): string {
  const table = textTable(
    ['strategy', 'schedules', 'classes', 'runs', 'time', 'outcomes (fewest preemptions)'],
    r.rows.map((row) => [
      row.strategy,
      row.complete ? String(row.schedules) : `${row.schedules} (time ran out)`,
      String(row.classes),
      String(row.runs),
      row.ms < 10_000 ? `${row.ms} ms` : durationText(row.ms),
      row.outcomes.map((o) => `${o.kind} (${o.preemptions})`).join(', '),
    ]),
  );
  const counterexamples = r.rows.flatMap((row) =>
    row.outcomes
      .filter((o) => outcomeInfo[o.kind].failure)
      .map(
        (o) =>
          `  ${row.strategy} ${o.kind} with ${plural(o.preemptions, 'preemption')}: ${o.file === null ? 'add --out DIR to write it' : `kexfuzz run ${o.file}`}`,
      ),
  );
  const lines = [
    `${r.summary}; hash ${r.hash}`,
    `every class of schedules with at most ${plural(r.bound, 'preemption')}: only races are reversed`,
    '',
    table,
  ];
  if (counterexamples.length > 0) lines.push('', 'counterexamples (each replays bit for bit):', ...counterexamples);
  lines.push('', `certificate: ${JSON.stringify(certificateOf(r))}`);
  return lines.join('\n');
}

/** What `kexfuzz report` lists of a stored certificate. */
export type CertificateLine = Pick<
  Certificate,
  'scenarioHash' | 'summary' | 'strategy' | 'preemptions' | 'schedules' | 'classes' | 'outcomes' | 'reduction'
>;

/** What a certificate of an older reduction says after its line: it may claim too much. */
export const olderReduction = 'explored by an older reduction that could miss outcomes: explore it again';

/** "upstream on cps, 4 CPUs …: all 1,014 schedules with ≤ 2 preemptions boot" per certificate. */
export function certificatesText(certificates: readonly CertificateLine[]): string {
  const heading = 'certificates of bounded-exhaustive exploration (kexfuzz explore --db)';
  if (certificates.length === 0) return `${heading}\n  none yet.`;
  const lines = certificates.map((c) => {
    const end = c.outcomes.length === 1 && c.outcomes[0] === 'ok' ? 'boot' : `end ${c.outcomes.join(', ')}`;
    const classes = c.classes === null ? '' : ` (${plural(c.classes, 'class', 'classes')})`;
    const all = `all ${c.schedules.toLocaleString('en-US')} ${c.schedules === 1 ? 'schedule' : 'schedules'}${classes}`;
    const older = ofOlderReduction(c) ? ` — ${olderReduction}` : '';
    return `  ${printable(c.strategy)} on ${printable(c.summary)}: ${all} with ≤ ${plural(c.preemptions, 'preemption')} ${end} (scenario ${c.scenarioHash})${older}`;
  });
  return [heading, ...lines].join('\n');
}
