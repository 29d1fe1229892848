/**
 * `kexfuzz findings show|replay|triage|minimize` for humans: one finding in full, a replay's verdict per
 * strategy, and the replay line every finding message ends with. Plain data in, text out; the caller
 * re-runs the repro and renders its trace. Stored text (signatures, titles, notes, scenarios, strategy names)
 * prints through `printable`: the table cells by `textTable`, the rest here.
 */

import { kexfuzzCommand } from './command-name.js';
import { type FindingRow, findingKindText, isoTime } from './findings-table.js';
import { printable, printableLines } from './printable.js';
import { textTable } from './text-table.js';

/** One strategy's outcome as stored with the finding. */
export interface StoredOutcome {
  readonly strategy: string;
  readonly kind: string;
  readonly title: string;
}

export interface FindingDetail extends FindingRow {
  /** One line per note, each starting with its ISO time. */
  readonly notes: string;
  readonly campaignId: number | null;
  readonly traceHash: string;
  readonly switchesOriginal: number;
  readonly switchesMinimized: number;
  /** Every strategy's outcome on the original scenario, re-run now. */
  readonly outcomesOriginal: readonly StoredOutcome[];
  /** Every strategy's outcome on the repro, re-run now; null when the repro is the original. */
  readonly outcomesRepro: readonly StoredOutcome[] | null;
  /** The minimized repro as indented JSON, a replay schedule left out (see `reproSchedule`). */
  readonly repro: string;
  /** A replay schedule the repro pins, in one line; null when it has none. */
  readonly reproSchedule: string | null;
  /** The original scenario as indented JSON, or null when it is the same scenario as the repro. */
  readonly original: string | null;
  /** Why the failing strategy's run on the repro ended as it did, a sentence a line; empty when unknown. */
  readonly cause: readonly string[];
  /** The failing strategy's trace on the repro, already rendered, and what it shows. */
  readonly trace: { readonly heading: string; readonly text: string };
  /** The line that replays the finding (see `replayLine`). */
  readonly replay: string;
  /** The command that draws the finding's per-CPU timeline page. */
  readonly timeline: string;
  /** The bug group it belongs to. */
  readonly bug: { readonly id: string; readonly key: string };
}

export interface ReplayLineInput {
  readonly id: number;
  /** The database, or null for the default one (then `--db` is left out). */
  readonly db: string | null;
  readonly signature: string;
  /** The repro's timing seed, or null when the repro cannot be read. */
  readonly seed: number | null;
  readonly switches: number;
}

/** A shell word: as it is when it is safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * `kexfuzz findings replay 3 --db shard1.db   # cps/legacy/hang/..., timing seed 7, 12 context switches`:
 * copy-pasteable, with what it replays after the `#`.
 */
export function replayLine(r: ReplayLineInput): string {
  const db = r.db === null ? '' : ` --db ${shellWord(r.db)}`;
  const switches = `${r.switches} context switch${r.switches === 1 ? '' : 'es'}`;
  const seed = r.seed === null ? '' : `, timing seed ${r.seed}`;
  return `${kexfuzzCommand(`findings replay ${r.id}${db}`)}   # ${r.signature}${seed}, ${switches}`;
}

function fields(rows: readonly (readonly [string, string])[]): string {
  return textTable(
    ['', ''],
    rows.map(([k, v]) => [k, v]),
  )
    .split('\n')
    .slice(1)
    .join('\n');
}

function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${by}${line}`))
    .join('\n');
}

/**
 * Notes one per line, indented, or `(none)`. The line breaks are kept: the store starts each note on a line
 * of its own and indents a note's own breaks under it, so they are the layout, not something to escape.
 */
export function notesText(notes: string): string {
  return notes === '' ? '  (none)' : indent(printableLines(notes));
}

/** `15: 12 divergences, 3 common-mode; regression 12, both-wrong 3`: what the kind and label rest on. */
export function sightingsText(d: Pick<FindingDetail, 'count' | 'sightings'>): string {
  const s = d.sightings;
  const kinds = [
    `${s.divergences} divergence${s.divergences === 1 ? '' : 's'}`,
    `${d.count - s.divergences} common-mode`,
  ];
  const counted: readonly (readonly [string, number])[] = [
    ['regression', s.regressions],
    ['improvement', s.improvements],
    ['both-wrong', s.bothWrong],
  ];
  const labels = counted.filter(([, n]) => n > 0).map(([name, n]) => `${name} ${n}`);
  return `${d.count}: ${kinds.join(', ')}${labels.length > 0 ? `; ${labels.join(', ')}` : ''}`;
}

/** `kexfuzz findings show ID`. */
export function findingDetail(d: FindingDetail): string {
  const times = d.count === 1 ? 'once' : `${d.count} times`;
  const head = [
    `finding ${d.id}: ${printable(d.signature)}`,
    fields([
      ['title', d.title],
      ['status', d.status],
      ['finding', findingKindText(d)],
      ['bug', `${d.bug.id} ${d.bug.key} (${kexfuzzCommand(`findings list --group ${d.bug.id}`)} lists its signatures)`],
      ['sightings', sightingsText(d)],
      ['seen', `${times}, first ${isoTime(d.firstSeen)}, last ${isoTime(d.lastSeen)}`],
      ['campaign', d.campaignId === null ? 'unknown' : String(d.campaignId)],
      ['switches', `${d.switchesOriginal} original → ${d.switchesMinimized} minimized`],
      ['trace hash', d.traceHash === '' ? 'none' : d.traceHash],
      ['timeline', `${d.timeline} (every CPU of every strategy, in a browser)`],
    ]),
  ].join('\n');
  const table = (outcomes: readonly StoredOutcome[]): string =>
    outcomes.length === 0
      ? '  (no strategy could run)'
      : textTable(
          ['strategy', 'outcome', 'title'],
          outcomes.map((o) => [o.strategy, o.kind, o.title]),
          { indent: '  ' },
        );
  const parts = [head, ''];
  if (d.cause.length > 0) parts.push('cause, on the repro:', ...d.cause.map((line) => `  ${printable(line)}`), '');
  parts.push('notes:', notesText(d.notes), '');
  const schedule = d.reproSchedule === null ? [] : [`  schedule: ${d.reproSchedule}`];
  // Scenarios and the trace are meant to span lines; each of their lines is escaped as a field is.
  const repro = indent(printableLines(d.repro));
  if (d.original === null || d.outcomesRepro === null) {
    parts.push(
      'outcomes per strategy, re-run now:',
      table(d.outcomesOriginal),
      '',
      'scenario (the finding was not minimized, or nothing smaller kept its verdict):',
      repro,
      ...schedule,
      '',
    );
  } else {
    parts.push(
      'outcomes on the original, re-run now:',
      table(d.outcomesOriginal),
      '',
      'outcomes on the repro, re-run now:',
      table(d.outcomesRepro),
      '',
      'repro (minimized):',
      repro,
      ...schedule,
      '',
      'original (as first found):',
      indent(printableLines(d.original)),
      '',
    );
  }
  parts.push(`${printable(d.trace.heading)}:`, printableLines(d.trace.text), '', printable(d.replay));
  return parts.join('\n');
}

export type ReplayVerdict = 'reproduced' | 'fixed' | 'changed' | 'skipped';

export interface ReplayRow {
  readonly strategy: string;
  /** The outcome kind stored with the finding. */
  readonly stored: string;
  /** The outcome kind now, or null when the strategy could not run (skipped). */
  readonly now: string | null;
  readonly verdict: ReplayVerdict;
  /** Why it was skipped, or the outcome's title now. */
  readonly detail: string;
}

export interface ReplayReport {
  readonly finding: FindingRow;
  readonly rows: readonly ReplayRow[];
  /** The finding's own strategy: its trace hash now against the stored one (null when it could not run). */
  readonly traceHash: { readonly stored: string; readonly now: string } | null;
  /** The finding's own strategy's signature now (null when it could not run). */
  readonly signatureNow: string | null;
  readonly replay: string;
}

/** `kexfuzz findings replay ID`: a verdict per strategy, then the trace hash check and the result. */
export function replayText(r: ReplayReport): string {
  const own = r.finding.strategy;
  const signature = printable(r.finding.signature);
  const table = textTable(
    ['strategy', 'stored', 'now', 'verdict', 'detail'],
    r.rows.map((row) => [
      row.strategy === own ? `${row.strategy} *` : row.strategy,
      row.stored,
      row.now ?? '-',
      row.verdict,
      row.detail,
    ]),
    { indent: '  ' },
  );
  const ownRow = r.rows.find((row) => row.strategy === own);
  const lines = [
    `replaying finding ${r.finding.id} (${signature}) on its repro:`,
    table,
    `  * the finding's own strategy`,
    '',
  ];
  if (r.signatureNow !== null) {
    const same = r.signatureNow === r.finding.signature;
    lines.push(`signature: ${same ? 'same as stored' : `now ${printable(r.signatureNow)}`}`);
  }
  if (r.traceHash !== null) {
    const stored = printable(r.traceHash.stored);
    const now = printable(r.traceHash.now);
    lines.push(
      `trace hash of ${printable(own)}: ${stored === now ? `same as stored (${now})` : `differs (stored ${stored || 'none'}, now ${now || 'none'})`}`,
    );
  }
  const verdict = ownRow?.verdict ?? 'skipped';
  lines.push(
    `result: ${verdict === 'reproduced' ? 'reproduced' : `not reproduced (${verdict})`}`,
    '',
    printable(r.replay),
  );
  return lines.join('\n');
}
