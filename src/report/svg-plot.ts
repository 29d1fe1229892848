/**
 * One time-series plot of the campaign page as inline SVG, drawn here in TypeScript. A charting library
 * (uPlot is the small one) would have to be inlined into every report and kept up to date, and would draw
 * only once its script ran; these plots are a few polylines and tick labels, readable with scripts off, and
 * the tests read them from the DOM. The page's script adds the value under the cursor (campaign-client.ts).
 */
import type { Point } from './downsample.js';
import { type Html, html, trusted } from './html.js';
import { compactNumber, timeTicks, valueTicks } from './plot-axes.js';

export interface PlotSeries {
  readonly name: string;
  /** A colour from the page's own palettes (never user text). */
  readonly colour: string;
  /** Each drawn as its own line: a campaign's sessions are not joined across the time between them. */
  readonly segments: readonly (readonly Point[])[];
  /** A count that changes at an instant and then holds: drawn as steps. */
  readonly step?: boolean;
}

export type PlotMarkKind = 'start' | 'resume' | 'stop';

/** A vertical line across the plot: a session started, resumed or stopped. */
export interface PlotMark {
  readonly kind: PlotMarkKind;
  readonly at: number;
  /** What the hover text says, e.g. `campaign #1 resumed (session 2)`. */
  readonly text: string;
}

export interface Plot {
  /** The stable hook tests and the page's script find it by: `<svg data-plot="coverage">`. */
  readonly id: string;
  readonly title: string;
  /** The time axis, shared by every plot of the page so their marks line up. */
  readonly domain: readonly [number, number];
  readonly series: readonly PlotSeries[];
  readonly marks: readonly PlotMark[];
  /** Said in place of the plot when no series has a point. */
  readonly empty: string;
}

// About the size a plot is drawn at, so its 10px labels stay about 10px on the screen.
const width = 420;
const height = 190;
const left = 38;
const right = 10;
const top = 12;
const bottom = 22;

const f1 = (n: number): string => String(Math.round(n * 10) / 10);

/** The points of one segment as SVG coordinates; a step series holds each value until the next point. */
function polylinePoints(points: readonly Point[], x: (t: number) => number, y: (v: number) => number, step: boolean) {
  const out: string[] = [];
  let previous: Point | undefined;
  for (const p of points) {
    if (step && previous !== undefined) out.push(`${f1(x(p[0]))},${f1(y(previous[1]))}`);
    out.push(`${f1(x(p[0]))},${f1(y(p[1]))}`);
    previous = p;
  }
  return out.join(' ');
}

const markGlyph: Readonly<Record<PlotMarkKind, string>> = {
  start: 'M-4,0 L4,0 L0,7 Z',
  resume: 'M-4,0 L4,0 L0,7 Z',
  stop: 'M-3.5,0 L3.5,0 L3.5,7 L-3.5,7 Z',
};

export function plotSvg(p: Plot): Html {
  const [t0, t1] = p.domain;
  const drawn = p.series.filter((s) => s.segments.some((seg) => seg.length > 0));
  const heading = html`<h3>${p.title}</h3>`;
  if (drawn.length === 0) {
    return html`<figure class="plot" data-plot-figure="${p.id}">${heading}<p class="empty">${p.empty}</p></figure>`;
  }
  const max = Math.max(...drawn.flatMap((s) => s.segments.flatMap((seg) => seg.map((pt) => pt[1]))));
  const yTicks = valueTicks(max);
  const yMax = yTicks.at(-1) ?? 1;
  const span = t1 - t0 || 1;
  const x = (t: number): number => left + ((t - t0) / span) * (width - left - right);
  const y = (v: number): number => height - bottom - (v / yMax) * (height - top - bottom);

  const grid = yTicks.map(
    (v) =>
      html`<line class="grid" x1="${left}" x2="${width - right}" y1="${f1(y(v))}" y2="${f1(y(v))}"/><text class="tick" x="${left - 5}" y="${f1(y(v) + 3.5)}" text-anchor="end">${compactNumber(v)}</text>`,
  );
  // A label centred on a tick near the right edge would be cut off: it ends at its tick instead.
  const anchor = (px: number): string => (px > width - right - 16 ? 'end' : 'middle');
  const xTicks = timeTicks(t0, t1).map(
    (t) =>
      html`<line class="axis" x1="${f1(x(t.at))}" x2="${f1(x(t.at))}" y1="${height - bottom}" y2="${height - bottom + 4}"/><text class="tick" x="${f1(x(t.at))}" y="${height - bottom + 15}" text-anchor="${anchor(x(t.at))}">${t.label}</text>`,
  );
  const lines = drawn.map(
    (s) =>
      html`<g class="series" data-series="${s.name}" stroke="${s.colour}" fill="${s.colour}">${s.segments.map((seg) =>
        seg.length === 1
          ? html`<circle cx="${f1(x(seg[0]?.[0] ?? t0))}" cy="${f1(y(seg[0]?.[1] ?? 0))}" r="2.5"/>`
          : html`<polyline fill="none" points="${trusted(polylinePoints(seg, x, y, s.step === true))}"/>`,
      )}</g>`,
  );
  const marks = p.marks.map(
    (m) =>
      html`<g class="mark mark-${m.kind}" data-mark="${m.kind}" transform="translate(${f1(x(m.at))},0)"><title>${m.text}</title><line x1="0" x2="0" y1="${top}" y2="${height - bottom}"/><path d="${markGlyph[m.kind]}" transform="translate(0,${top - 8})"/></g>`,
  );
  const svg = html`<svg class="chart" data-plot="${p.id}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${p.title}" data-t0="${t0}" data-t1="${t1}" data-x0="${left}" data-x1="${width - right}">
<line class="axis" x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}"/>${grid}${xTicks}${marks}${lines}<line class="cursor" x1="0" x2="0" y1="${top}" y2="${height - bottom}" visibility="hidden"/></svg>`;
  const legend = html`<ul class="legend">${drawn.map(
    (s) => html`<li><span class="swatch" style="background:${s.colour}"></span>${s.name}</li>`,
  )}</ul>`;
  return html`<figure class="plot" data-plot-figure="${p.id}">${heading}${svg}${legend}</figure>`;
}
