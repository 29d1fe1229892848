/**
 * A campaign's progress over time for a terminal (`kexfuzz stats`, afl-plot's set without the plot window):
 * one sparkline per series over the whole campaign, then a table of evenly spaced samples. Pure: rows in,
 * text out.
 */
import { durationText, rateText } from './status-line.js';
import { textTable } from './text-table.js';

/** One stats sample, as the campaign stored it. */
export interface ProgressSample {
  readonly at: number;
  readonly runs: number;
  readonly runsPerSecond: number;
  readonly findings: number;
  readonly coverage: number;
  /** Corpus entries; null (or absent) in samples from before store version 6. */
  readonly corpus?: number | null;
}

const bars = '▁▂▃▄▅▆▇█';

/**
 * `values` squeezed into `width` columns (each the mean of its share of samples), one block each, scaled
 * from the series' minimum to its maximum; a flat series is a row of the lowest block.
 */
export function sparkline(values: readonly number[], width: number): string {
  if (values.length === 0) return '';
  const columns = Math.min(width, values.length);
  const means: number[] = [];
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * values.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * values.length) / columns));
    const share = values.slice(from, to);
    means.push(share.reduce((a, b) => a + b, 0) / share.length);
  }
  const low = Math.min(...means);
  const span = Math.max(...means) - low;
  return means
    .map((v) => bars[span === 0 ? 0 : Math.min(bars.length - 1, Math.floor(((v - low) / span) * bars.length))])
    .join('');
}

/** `rows` evenly spaced samples of `samples`, the first and the last always among them. */
export function evenly<T>(samples: readonly T[], rows: number): T[] {
  if (samples.length <= rows) return [...samples];
  const picked: T[] = [];
  for (let i = 0; i < rows; i++) {
    const sample = samples[Math.round((i * (samples.length - 1)) / (rows - 1))];
    if (sample !== undefined) picked.push(sample);
  }
  return picked;
}

export interface ProgressChart {
  readonly title: string;
  readonly samples: readonly ProgressSample[];
  /** Columns the sparklines may take. */
  readonly width: number;
  /** Table rows at most. */
  readonly rows: number;
}

export function progressChart(c: ProgressChart): string {
  const first = c.samples[0];
  const last = c.samples.at(-1);
  if (first === undefined || last === undefined) {
    return `${c.title}\nno progress samples yet: a campaign stores one every few seconds while it runs.`;
  }
  const series: readonly (readonly [string, (s: ProgressSample) => number, string])[] = [
    ['runs/s', (s) => s.runsPerSecond, rateText(last.runsPerSecond)],
    ['runs', (s) => s.runs, String(last.runs)],
    ['coverage', (s) => s.coverage, String(last.coverage)],
    ['findings', (s) => s.findings, String(last.findings)],
  ];
  // Only samples that recorded it: a campaign resumed after the upgrade has its older ones without.
  const withCorpus = c.samples.filter((s) => s.corpus !== undefined && s.corpus !== null);
  const corpusLine =
    withCorpus.length === 0
      ? []
      : [
          [
            'corpus',
            sparkline(
              withCorpus.map((s) => s.corpus ?? 0),
              c.width,
            ),
            String(withCorpus.at(-1)?.corpus),
          ] as const,
        ];
  const rows = [
    ...series.map(([name, value, now]) => [name, sparkline(c.samples.map(value), c.width), now] as const),
    ...corpusLine,
  ];
  const label = Math.max(...rows.map(([name]) => name.length));
  const lines = [
    `${c.title}: ${c.samples.length} samples over ${durationText(last.at - first.at)}`,
    '',
    ...rows.map(([name, line, now]) => `${name.padEnd(label)}  ${line}  ${now}`),
    '',
    textTable(
      ['elapsed', 'runs', 'runs/s', 'coverage', 'findings'],
      evenly(c.samples, c.rows).map((s) => [
        durationText(s.at - first.at),
        String(s.runs),
        rateText(s.runsPerSecond),
        String(s.coverage),
        String(s.findings),
      ]),
      { right: [0, 1, 2, 3, 4] },
    ),
  ];
  return lines.join('\n');
}
