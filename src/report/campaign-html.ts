/**
 * `kexfuzz report --html FILE`: a campaign database as one self-contained page, to read offline or attach
 * to a bug report: progress over time, the verdict matrix as a heat map, the bug groups with filters, and a
 * section per finding. Pure: the CLI gathers the rows, this returns the document; the same rows and the same
 * generation time give the same bytes.
 */

import type { PctTally } from '../contract/campaign.js';
import { ofOlderReduction } from '../contract/exploration.js';
import { groupFilters, plotHover } from './campaign-client.js';
import { campaignCss } from './campaign-css.js';
import { type PlotSample, progressPlots } from './campaign-plots.js';
import { type CertificateLine, olderReduction } from './explore-report.js';
import { findingSections, type PageFinding } from './finding-sections-html.js';
import { isoTime } from './findings-table.js';
import { groupsTable, outcomeKindOf, type PageGroup } from './groups-html.js';
import { heatMap, type StrategyInfo } from './heat-map-html.js';
import { type Html, html, htmlPage, scriptJson } from './html.js';
import { boundText, pctBounds, pctScope } from './pct-statement.js';
import { printable } from './printable.js';
import { plotSvg } from './svg-plot.js';
import type { VerdictMatrix } from './verdict-matrix.js';

export interface PageCampaign {
  readonly id: number;
  readonly seed: number;
  readonly shard: string;
  readonly runs: number;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly finished: boolean;
}

export interface CampaignPage {
  /** The database as the user named it. */
  readonly database: string;
  /** ` --db FILE` for the commands the page suggests, or empty for the default database. */
  readonly dbArg: string;
  /** When the page was made (ms): passed in, so a page is a function of its input. */
  readonly generatedAt: number;
  readonly campaigns: readonly PageCampaign[];
  readonly samples: readonly PlotSample[];
  /** The database's coverage keys and corpus entries now. */
  readonly coverage: number;
  readonly corpus: number;
  readonly matrix: VerdictMatrix;
  readonly strategies: readonly StrategyInfo[];
  /** Ranked, most in need of a look first. */
  readonly groups: readonly PageGroup[];
  /** In the order of their groups. */
  readonly findings: readonly PageFinding[];
  /** PCT runs per platform and bug depth: what the campaign rules out. */
  readonly pct: readonly PctTally[];
  /** Certificates of `kexfuzz explore --db`: what exploration ruled out, scenario by scenario. */
  readonly certificates: readonly CertificateLine[];
}

function totals(p: CampaignPage): Html {
  const runs = p.campaigns.reduce((n, c) => n + c.runs, 0);
  const items: readonly (readonly [string, number])[] = [
    ['scenarios run', runs],
    ['campaigns', p.campaigns.length],
    ['bug groups', p.groups.length],
    ['signatures', p.findings.length],
    ['coverage keys', p.coverage],
    ['corpus', p.corpus],
  ];
  return html`<div class="totals">${items.map(([label, n]) => html`<div><b>${n.toLocaleString('en')}</b><span>${label}</span></div>`)}</div>`;
}

function campaignsTable(campaigns: readonly PageCampaign[]): Html {
  if (campaigns.length === 0) return html``;
  return html`<table class="campaigns"><thead><tr><th>campaign</th><th>seed</th><th>shard</th><th class="num">runs</th><th>started</th><th>last update</th><th>state</th></tr></thead><tbody>${campaigns.map(
    (c) =>
      html`<tr data-campaign="${c.id}"><td>#${c.id}</td><td class="num">${c.seed}</td><td>${c.shard}</td><td class="num">${c.runs}</td><td class="time">${isoTime(c.startedAt)}</td><td class="time">${isoTime(c.updatedAt)}</td><td class="${c.finished ? 'finished' : 'unfinished'}">${c.finished ? 'finished' : 'unfinished'}</td></tr>`,
  )}</tbody></table>`;
}

function header(p: CampaignPage): Html {
  const nothing = p.campaigns.length === 0 && p.findings.length === 0;
  return html`<header class="top"><div class="inner">
<h1>kexfuzz campaign report</h1>
<p class="meta">database <code>${printable(p.database)}</code> · generated ${isoTime(p.generatedAt)}</p>
<nav><a href="#progress">progress</a><a href="#matrix">verdict matrix</a><a href="#groups">bug groups</a><a href="#findings">findings</a></nav>
${
  nothing
    ? html`<p class="empty" data-empty>Nothing yet: this database has no campaign and no finding. Run a campaign into it and report again.</p>`
    : html`${totals(p)}${campaignsTable(p.campaigns)}`
}
</div></header>`;
}

function progressSection(p: CampaignPage): Html {
  const { plots, data } = progressPlots({
    samples: p.samples,
    signatures: p.findings.map((f) => ({ kind: f.outcomeKind, at: f.firstSeen })),
    groups: p.groups.map((g) => ({ kind: outcomeKindOf(g.key), at: g.firstSeen })),
  });
  const body =
    plots.length === 0
      ? html`<p class="empty">No progress yet: a campaign stores a sample every few seconds while it runs.</p>`
      : html`<div class="plots">${plots.map(plotSvg)}</div>
<p class="marks-legend">${plots.some((plot) => plot.marks.length > 0) ? 'Dashed lines: ▼ a session started (filled) or resumed (hollow), ■ it stopped. ' : ''}Times are UTC; hover a plot for its values.</p>
${scriptJson('plot-data', data)}`;
  return html`<section id="progress"><h2>Progress over time</h2>${body}</section>`;
}

function notFoundSection(pct: readonly PctTally[]): Html {
  const bounds = pctBounds(pct);
  const table =
    bounds.length === 0
      ? html`<p class="empty">No PCT runs counted yet, so nothing is ruled out.</p>`
      : html`<table class="not-found" data-not-found><thead><tr><th>platform</th><th class="num">PCT runs</th><th>depth 1</th><th>depth 2</th><th>depth 3</th></tr></thead><tbody>${bounds.map(
          (b) =>
            html`<tr data-platform="${b.platform}"><td>${b.platform}</td><td class="num">${b.runs}</td>${b.depths.map(
              (d) => html`<td data-depth="${d.bugDepth}" title="${d.runs} runs count">${boundText(d.missed)}</td>`,
            )}</tr>`,
        )}</tbody></table>`;
  return html`<section id="not-found"><h2>What the campaign did not find</h2>
<p>The probability of having missed a bug of depth d, from PCT's guarantee of at least 1/(n·k<sup>d−1</sup>) per run (n CPUs, change points over k steps).</p>
${table}<p class="scope">${pctScope}</p></section>`;
}

function certificatesSection(certificates: readonly CertificateLine[]): Html {
  const body =
    certificates.length === 0
      ? html`<p class="empty">None yet: <code>kexfuzz explore SCENARIO --db FILE</code> stores one per strategy it explores to the end.</p>`
      : html`<table class="certificates" data-certificates><thead><tr><th>strategy</th><th>scenario</th><th class="num">≤ preemptions</th><th class="num">schedules</th><th class="num">classes</th><th>every one ends</th></tr></thead><tbody>${certificates.map(
          (c) =>
            html`<tr data-scenario="${c.scenarioHash}"><td>${c.strategy}</td><td title="scenario ${c.scenarioHash}">${c.summary}</td><td class="num">${c.preemptions}</td><td class="num">${c.schedules}</td><td class="num">${c.classes ?? '–'}</td><td>${c.outcomes.join(', ')}${ofOlderReduction(c) ? html` <em class="older">(${olderReduction})</em>` : ''}</td></tr>`,
        )}</tbody></table>`;
  return html`<section id="certificates"><h2>What exploration ruled out</h2>
<p>Every schedule of the scenario with at most that many preemptions was explored (up to reordering independent steps), and these are all the outcomes they reached.</p>
${body}</section>`;
}

export function campaignHtml(p: CampaignPage): string {
  const order = { strategies: p.matrix.strategies, platforms: p.matrix.platforms };
  const body = html`${header(p)}
<main>
${progressSection(p)}
<section id="matrix"><h2>Verdict matrix: failed runs per strategy and platform</h2>
${heatMap(p.matrix, p.strategies)}</section>
<section id="groups"><h2>Bug groups (${p.groups.length})</h2>
${groupsTable(p.groups, order)}</section>
${notFoundSection(p.pct)}
${certificatesSection(p.certificates)}
<section id="findings"><h2>Findings (${p.findings.length})</h2>
${findingSections(p.findings, p.dbArg)}</section>
</main>`;
  return htmlPage({
    title: `kexfuzz report: ${printable(p.database)}`,
    css: campaignCss,
    body,
    scripts: [groupFilters, plotHover],
  });
}
