/**
 * What a campaign did not find, said plainly: per platform, the bound PCT's guarantee puts on having missed a
 * bug of depth 1, 2 or 3 (fuzz/pct-bound.ts adds the runs up), and which scenarios that covers.
 */
import type { PctTally } from '../contract/campaign.js';
import { textTable } from './text-table.js';

export interface PctBound {
  readonly platform: string;
  /** PCT runs that count for a bug of depth 1: every PCT run of the platform. */
  readonly runs: number;
  /** Per bug depth 1..3: the runs that count and the bound on missing it (1 when none count). */
  readonly depths: readonly { readonly bugDepth: number; readonly runs: number; readonly missed: number }[];
}

export const pctScope =
  'A bound covers a bug of that depth (the number of ordering constraints it needs, so d−1 priority change ' +
  'points) that every PCT scenario the campaign ran on the platform can show. A bug only some of them can show ' +
  'is covered only by those runs; one that no generated scenario can show, or that needs more than a PCT ' +
  "scenario's change points, is not covered at all. Runs under the weighted policy count for nothing here.";

export function pctBounds(tallies: readonly PctTally[]): PctBound[] {
  const platforms = [...new Set(tallies.map((t) => t.platform))].sort();
  return platforms.map((platform) => {
    const depths = [1, 2, 3].map((bugDepth) => {
      const t = tallies.find((x) => x.platform === platform && x.bugDepth === bugDepth);
      return { bugDepth, runs: t?.runs ?? 0, missed: t === undefined ? 1 : Math.exp(t.logMiss) };
    });
    return { platform, runs: depths[0]?.runs ?? 0, depths };
  });
}

/** A probability bound as a reader wants it: two significant digits, tiny ones in powers of ten. */
export function boundText(p: number): string {
  if (p >= 0.995) return '1 (nothing ruled out)';
  if (p < 1e-300) return '< 1e-300';
  if (p < 0.001) return `≤ ${p.toExponential(1)}`;
  return `≤ ${p.toPrecision(2)}`;
}

export function pctStatementText(tallies: readonly PctTally[]): string {
  const bounds = pctBounds(tallies);
  const heading = 'what the PCT runs rule out: the probability of having missed a bug of depth d, per platform';
  if (bounds.length === 0) return `${heading}\n  no PCT runs counted yet, so nothing is ruled out.`;
  const table = textTable(
    ['platform', 'PCT runs', 'depth 1', 'depth 2', 'depth 3'],
    bounds.map((b) => [b.platform, String(b.runs), ...b.depths.map((d) => boundText(d.missed))]),
    { indent: '  ' },
  );
  return `${heading}\n${table}\n${wrapped(pctScope, 100, '  ')}`;
}

/** `text` in lines of at most `width` characters (words kept whole), each after `indent`. */
function wrapped(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}
