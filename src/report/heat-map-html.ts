/**
 * The verdict matrix (verdict-matrix.ts) as a heat map: a row per strategy, a column per platform, each cell
 * shaded by its failure rate and split by outcome kind underneath. A cell with failures links to the bug
 * groups behind them: the page's script filters the groups table to its strategy and platform.
 */

import { type Html, html } from './html.js';
import { colourOfKind, darkFrom, rateFill } from './palette.js';
import { printable } from './printable.js';
import type { VerdictCell, VerdictMatrix } from './verdict-matrix.js';

const percent = (x: number): string => {
  const p = x * 100;
  return p > 0 && p < 1 ? '<1%' : `${Math.round(p)}%`;
};

/** `hang 30, wild-exec 4, ok 378`: every kind the cell's runs ended in, most first. */
function kindsText(c: VerdictCell): string {
  return Object.entries(c.byKind)
    .filter(([kind]) => kind !== 'refused')
    .sort(([a, x], [b, y]) => (y ?? 0) - (x ?? 0) || a.localeCompare(b))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
}

/** What hovering a cell says: the rate with its interval, the runs per kind, the groups behind it. */
function cellTitle(c: VerdictCell): string {
  const where = `${c.strategy} on ${c.platform}`;
  if (c.runs === 0) return c.refused > 0 ? `${where}: refused at load time` : `${where}: no runs`;
  const [lo, hi] = c.interval ?? [0, 1];
  const groups = c.bugs.length === 1 ? '1 bug group' : `${c.bugs.length} bug groups`;
  return `${where}: ${percent(c.rate ?? 0)} failed (95% interval ${percent(lo)}–${percent(hi)}) of ${c.runs} runs; ${kindsText(c)}; ${groups}`;
}

/** A thin bar under the rate: the failing runs split by kind, in the kind colours of the plots. */
function kindBar(c: VerdictCell): Html {
  if (c.failures === 0) return html``;
  const parts = Object.entries(c.byKind).filter(([kind, n]) => kind !== 'ok' && kind !== 'refused' && (n ?? 0) > 0);
  return html`<span class="kindbar">${parts.map(
    ([kind, n]) =>
      html`<i style="width:${((100 * (n ?? 0)) / c.failures).toFixed(1)}%;background:${colourOfKind(kind)}"></i>`,
  )}</span>`;
}

function cell(c: VerdictCell | undefined, strategy: string, platform: string): Html {
  const hooks = html`data-strategy="${strategy}" data-platform="${platform}"`;
  if (c === undefined || (c.runs === 0 && c.refused === 0)) return html`<td class="cell none" ${hooks}>–</td>`;
  if (c.runs === 0) return html`<td class="cell refused" ${hooks} title="${cellTitle(c)}">refused</td>`;
  const rate = c.rate ?? 0;
  const classes = rate >= darkFrom ? 'cell dark' : 'cell';
  const body = html`<b>${percent(rate)}</b><small>of ${c.runs}</small>${kindBar(c)}`;
  const inner =
    c.bugs.length === 0
      ? body
      : html`<a href="#groups" class="cell-link" ${hooks} data-groups="${c.bugs.length}">${body}</a>`;
  return html`<td class="${classes}" style="background:${rateFill(rate)}" ${hooks} data-rate="${rate}" title="${cellTitle(c)}">${inner}</td>`;
}

export interface StrategyInfo {
  readonly name: string;
  readonly description: string;
}

export function heatMap(m: VerdictMatrix, strategies: readonly StrategyInfo[]): Html {
  if (m.cells.length === 0) {
    return html`<p class="empty">No strategy runs counted yet: the matrix fills in as a campaign runs.</p>`;
  }
  const byCell = new Map(m.cells.map((c) => [`${c.strategy}\n${c.platform}`, c]));
  const described = new Map(strategies.map((s) => [s.name, s.description]));
  const rows = m.strategies.map(
    (s) =>
      html`<tr><th scope="row" title="${printable(described.get(s) ?? '')}">${s}</th>${m.platforms.map((p) =>
        cell(byCell.get(`${s}\n${p}`), s, p),
      )}</tr>`,
  );
  const kinds = [...new Set(m.cells.flatMap((c) => Object.keys(c.byKind)))].filter(
    (k) => k !== 'ok' && k !== 'refused',
  );
  return html`<div class="scroll"><table class="heat" data-heatmap>
<thead><tr><th scope="col">strategy \\ platform</th>${m.platforms.map((p) => html`<th scope="col">${p}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>
<div class="heat-legend"><span>failed runs:</span>${[0, 0.25, 0.5, 0.75, 1].map(
    (r) => html`<span class="key"><span class="swatch" style="background:${rateFill(r)}"></span>${r * 100}%</span>`,
  )}<span class="sep">bar: failures by kind</span>${kinds.map(
    (k) => html`<span class="key"><span class="swatch" style="background:${colourOfKind(k)}"></span>${k}</span>`,
  )}</div>`;
}
