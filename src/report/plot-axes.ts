/**
 * Tick positions and labels for the campaign page's plots: round values on the value axis (0 at the
 * bottom: every series is a count or a rate), round clock times in UTC on the time axis.
 */

/** `3`, `950`, `12.5k`, `1.2M`: short enough for an axis, and for a hover line. */
export function compactNumber(n: number): string {
  const abs = Math.abs(n);
  const trim = (x: number, unit: string): string => `${Number(x.toFixed(1))}${unit}`;
  if (abs >= 1e6) return trim(n / 1e6, 'M');
  if (abs >= 1e3) return trim(n / 1e3, 'k');
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(abs >= 10 ? 1 : 2)));
}

/** The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= rough) return m * power;
  return 10 * power;
}

/** Ticks from 0 up to at least `max`, about `count` of them; the last is the axis' top. */
export function valueTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const step = niceStep(max / count);
  const ticks: number[] = [];
  for (let i = 0; i * step < max + step * 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
const timeSteps = [
  second,
  2 * second,
  5 * second,
  10 * second,
  15 * second,
  30 * second,
  minute,
  2 * minute,
  5 * minute,
  10 * minute,
  15 * minute,
  30 * minute,
  hour,
  2 * hour,
  3 * hour,
  6 * hour,
  12 * hour,
  day,
  2 * day,
  7 * day,
];

export interface TimeTick {
  readonly at: number;
  readonly label: string;
}

/** UTC clock labels, as precise as the step needs: `17:42:30`, `17:42`, `12-07 18:00`, `2026-12-07`. */
function timeLabel(at: number, step: number, span: number): string {
  const iso = new Date(at).toISOString();
  if (step >= day) return iso.slice(0, 10);
  if (span >= day) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return step < minute ? iso.slice(11, 19) : iso.slice(11, 16);
}

/** Round clock times within [from, to], at most `count` of them (UTC, so the page reads the same anywhere). */
export function timeTicks(from: number, to: number, count = 6): TimeTick[] {
  const span = to - from;
  if (!(span > 0)) return [{ at: from, label: timeLabel(from, second, 0) }];
  const step = timeSteps.find((s) => span / s <= count) ?? Math.ceil(span / count / day) * day;
  const ticks: TimeTick[] = [];
  for (let at = Math.ceil(from / step) * step; at <= to; at += step) {
    ticks.push({ at, label: timeLabel(at, step, span) });
  }
  return ticks;
}
