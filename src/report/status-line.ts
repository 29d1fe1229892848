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
 * wild-exec 12, cpu-lost 8`, cut to `width` columns: the by-kind detail goes first, kind by kind, then the
 * corpus and coverage, so the counts of runs, time and signatures always show.
 */
export function statusLine(s: CampaignStatus, width = Number.POSITIVE_INFINITY): string {
  const runs = s.targetRuns === null ? `runs ${s.runs}` : `runs ${s.runs}/${s.targetRuns}`;
  const fresh = s.newSignatures === null ? '' : ` (${s.newSignatures} new)`;
  const grace =
    s.remainingMs === null || s.minimizeGraceMs === undefined
      ? ''
      : ` (+ up to ${durationText(s.minimizeGraceMs)} minimizing)`;
  const time =
    s.remainingMs === null
      ? `${durationText(s.elapsedMs)} elapsed`
      : `${durationText(s.elapsedMs)} elapsed, ${s.estimated ? '~' : ''}${durationText(s.remainingMs)} left${grace}`;
  const kinds = byKindText(s.byKind)
    .split(', ')
    .filter((k) => k !== '');
  const line = (shownKinds: number, rest: readonly string[]): string => {
    const detail = kinds.slice(0, shownKinds).join(', ') + (shownKinds < kinds.length && shownKinds > 0 ? ', …' : '');
    const signatures = `signatures ${s.signatures}${fresh}${detail === '' ? '' : `: ${detail}`}`;
    return [`${runs} (${rateText(s.runsPerSecond)})`, time, ...rest, signatures].join(' · ');
  };
  const middle = [`coverage ${s.coverage}`, `corpus ${s.corpus}`];
  // The open-ended part last, and the first to go: a narrow terminal loses kinds, not the counts.
  for (let shown = kinds.length; shown >= 0; shown--) {
    const candidate = line(shown, middle);
    if (candidate.length <= width) return candidate;
  }
  for (const rest of [[middle[0] ?? ''], []]) {
    const candidate = line(0, rest);
    if (candidate.length <= width) return candidate;
  }
  const shortest = line(0, []);
  return `${shortest.slice(0, Math.max(0, width - 1))}…`;
}
