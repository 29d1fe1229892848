/**
 * One section per finding on the campaign page (`#finding-<id>`), what `findings show` prints without
 * re-running anything: signature, title, status and notes, how it was seen, the outcome of every strategy
 * on its repro, and the commands that replay it and draw its timeline.
 */
import type { FindingKind, FindingLabel, Sightings } from '../contract/finding.js';
import { kexfuzzCommand } from './command-name.js';
import { sightingsText } from './finding-detail.js';
import { findingKindText, isoTime } from './findings-table.js';
import { type Html, html } from './html.js';
import { kindDot } from './palette.js';
import { printable, printableLines } from './printable.js';

/** One strategy's outcome on the finding's repro, as stored. */
export interface PageOutcome {
  readonly strategy: string;
  readonly kind: string;
  readonly title: string;
}

export interface PageFinding {
  readonly id: number;
  readonly signature: string;
  readonly title: string;
  readonly status: string;
  /** One line per note, each starting with its ISO time. */
  readonly notes: string;
  readonly kind: FindingKind;
  readonly label: FindingLabel | null;
  readonly outcomeKind: string;
  readonly platform: string;
  readonly strategy: string;
  readonly count: number;
  readonly sightings: Sightings;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly campaignId: number | null;
  readonly switchesOriginal: number;
  readonly switchesMinimized: number;
  readonly outcomes: readonly PageOutcome[];
  /** The bug group it belongs to. */
  readonly group: string;
}

/** Strategies that ended the same way (kind and title) share a row: most runs of a finding agree. */
function outcomesTable(f: PageFinding): Html {
  if (f.outcomes.length === 0) return html`<p class="empty">No strategy could run.</p>`;
  const rows = new Map<string, { strategies: string[]; kind: string; title: string }>();
  for (const o of f.outcomes) {
    const key = `${o.kind}\n${o.title}`;
    const row = rows.get(key);
    if (row === undefined) rows.set(key, { strategies: [o.strategy], kind: o.kind, title: o.title });
    else row.strategies.push(o.strategy);
  }
  return html`<table class="outcomes"><tbody>${[...rows.values()].map(
    (r) =>
      html`<tr${r.strategies.includes(f.strategy) ? html` class="own"` : ''}><td>${r.strategies.join(', ')}</td><td>${kindDot(r.kind)}${r.kind}</td><td>${printable(r.title)}</td></tr>`,
  )}</tbody></table>`;
}

/** `dbArg`: ` --db FILE` when the database is not the default one, as the commands need it. */
function section(f: PageFinding, dbArg: string): Html {
  const times = f.count === 1 ? 'once' : `${f.count} times`;
  const notes =
    f.notes === '' ? html`<p class="empty">No notes.</p>` : html`<pre class="notes">${printableLines(f.notes)}</pre>`;
  return html`<section class="finding" id="finding-${f.id}" data-finding="${f.id}">
<h3><a href="#finding-${f.id}">#${f.id}</a> <code class="sig">${printable(f.signature)}</code> <span class="status status-${f.status}">${f.status}</span></h3>
<p class="title">${printable(f.title)}</p>
<dl>
<dt>finding</dt><dd>${findingKindText(f)}, ${kindDot(f.outcomeKind)}${f.outcomeKind} of ${f.strategy} on ${f.platform}</dd>
<dt>bug</dt><dd><a href="#group-${f.group}">${f.group}</a></dd>
<dt>seen</dt><dd>${times}, first ${isoTime(f.firstSeen)}, last ${isoTime(f.lastSeen)}</dd>
<dt>sightings</dt><dd>${sightingsText(f)}</dd>
<dt>campaign</dt><dd>${f.campaignId === null ? 'unknown' : `#${f.campaignId}`}</dd>
<dt>switches</dt><dd>${f.switchesOriginal} original → ${f.switchesMinimized} minimized</dd>
</dl>
<h4>outcome of each strategy on the repro</h4>
${outcomesTable(f)}
<h4>notes</h4>
${notes}
<pre class="cmd">${printable(kexfuzzCommand(`findings replay ${f.id}${dbArg}`))}
${printable(kexfuzzCommand(`report ${f.id}${dbArg} --html finding-${f.id}.html`))}</pre>
</section>`;
}

export function findingSections(findings: readonly PageFinding[], dbArg: string): Html {
  if (findings.length === 0) return html`<p class="empty">No findings yet.</p>`;
  return html`${findings.map((f) => section(f, dbArg))}`;
}
