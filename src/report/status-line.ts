/**
 * A campaign's progress as one line of text, for the status line `kexfuzz fuzz` and `kexfuzz smoke`
 * keep on stderr. Pure: the CLI decides whether to redraw it (terminal) or print it now and then (log).
 */
import type { CampaignStatus } from '../contract/campaign.js';
import { printable } from './printable.js';

/** `45s`, `2m05s`, `1h02m`: whole seconds below an hour, whole minutes above. */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** `3.9/s` with one decimal below 100, none above. */
export function rateText(perSecond: number): string {
  return perSecond >= 100 ? `${Math.round(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

/** Kinds by count, most first (then by name): `hang 5, wild-exec 3`. The kinds are data, so printed escaped. */
export function byKindText(byKind: Readonly<Record<string, number>>): string {
  return Object.entries(byKind)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, n]) => `${printable(kind)} ${n}`)
    .join(', ');
}

/**
 * `runs 64/96 (3.8/s) · 17s elapsed, ~8s left · coverage 2197 · corpus 50 · signatures 40 (12 new): hang 20,
 * wild-exec 12, cpu-lost 8`
 */
export function statusLine(s: CampaignStatus): string {
  const runs = s.targetRuns === null ? `runs ${s.runs}` : `runs ${s.runs}/${s.targetRuns}`;
  const kinds = byKindText(s.byKind);
  const fresh = s.newSignatures === null ? '' : ` (${s.newSignatures} new)`;
  const signatures = `signatures ${s.signatures}${fresh}${kinds === '' ? '' : `: ${kinds}`}`;
  const time =
    s.remainingMs === null
      ? `${durationText(s.elapsedMs)} elapsed`
      : `${durationText(s.elapsedMs)} elapsed, ${s.estimated ? '~' : ''}${durationText(s.remainingMs)} left`;
  // The long, open-ended part last: a terminal line too narrow for it cuts the kinds, not the clock.
  return [
    `${runs} (${rateText(s.runsPerSecond)})`,
    time,
    `coverage ${s.coverage}`,
    `corpus ${s.corpus}`,
    signatures,
  ].join(' · ');
}
