/**
 * The campaign page's colours. Lines use Okabe and Ito's palette, which readers with any common colour
 * vision deficiency can tell apart; the heat map uses one hue from light to dark (ColorBrewer Blues), so
 * darker always means more failures whatever colours a reader sees.
 */
import type { OutcomeKind } from '../contract/outcome.js';
import { type Html, html } from './html.js';

/** One colour per outcome kind, the same in every plot, legend and heat-map bar of the page. */
export const kindColour: Readonly<Record<OutcomeKind, string>> = {
  hang: '#0072B2',
  'wild-exec': '#D55E00',
  'stale-icache': '#009E73',
  'multi-entry': '#CC79A7',
  'cpu-lost': '#E69F00',
  corruption: '#56B4E9',
  ok: '#d9d9d9',
  refused: '#f0f0f0',
};

/** A kind this kexfuzz does not know (a database from a newer one). */
export const otherColour = '#7f7f7f';

export function colourOfKind(kind: string): string {
  return Object.hasOwn(kindColour, kind) ? kindColour[kind as OutcomeKind] : otherColour;
}

/** A dot in a kind's colour, by class (`.k-hang`): a page lists thousands of them. */
export function kindDot(kind: string): Html {
  return html`<span class="dot k-${kind}"></span>`;
}

/** The classes `kindDot` uses; a kind without one keeps the grey of `.dot`. */
export const kindCss = Object.entries(kindColour)
  .map(([kind, colour]) => `.k-${kind} { background: ${colour}; }`)
  .join('\n');

/** Colours for series that are not kinds (one per campaign), in order, repeating past the end. */
const seriesColours = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

export function seriesColour(index: number): string {
  return seriesColours[index % seriesColours.length] ?? '#000000';
}

/** ColorBrewer's 9-class Blues, from no failures to all: the heat map's fill, interpolated between them. */
const blues = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'];

const channels = (hex: string): number[] => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

/** The fill for a failure rate from 0 to 1: linear in the rate, so twice as dark reads as about twice as often. */
export function rateFill(rate: number): string {
  const x = Math.min(1, Math.max(0, rate)) * (blues.length - 1);
  const i = Math.min(blues.length - 2, Math.floor(x));
  const a = channels(blues[i] ?? '#ffffff');
  const b = channels(blues[i + 1] ?? '#ffffff');
  const mixed = a.map((c, k) => Math.round(c + ((b[k] ?? c) - c) * (x - i)));
  return `#${mixed.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Text on a fill this dark or darker is white. */
export const darkFrom = 0.55;
