/**
 * Long series cut down for a plot: an 8-hour campaign stores a sample every 5 s (5,760), more than a plot
 * a few hundred pixels wide can show, and every point is bytes in the page.
 */

/** A point of a series: time (ms since the epoch) and value. */
export type Point = readonly [at: number, value: number];

/**
 * At most `max` points of `points` (in time order): the first and the last, and in between each equal share
 * of the series keeps its lowest and its highest point, in time order, so a dip in runs/s or a jump in
 * coverage survives where taking every n-th point would skip it.
 */
export function downsample(points: readonly Point[], max: number): Point[] {
  if (points.length <= max || max < 4) return points.length <= max ? [...points] : everyNth(points, max);
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) return [];
  const inner = points.slice(1, -1);
  const buckets = Math.floor((max - 2) / 2);
  const kept: Point[] = [first];
  for (let b = 0; b < buckets; b++) {
    const share = inner.slice(Math.floor((b * inner.length) / buckets), Math.floor(((b + 1) * inner.length) / buckets));
    let low: Point | undefined;
    let high: Point | undefined;
    for (const p of share) {
      if (low === undefined || p[1] < low[1]) low = p;
      if (high === undefined || p[1] > high[1]) high = p;
    }
    if (low === undefined || high === undefined) continue;
    if (low === high) kept.push(low);
    else kept.push(...(low[0] <= high[0] ? [low, high] : [high, low]));
  }
  kept.push(last);
  return kept;
}

/** `max` evenly spaced points, the first and the last among them (for a `max` too small to bucket). */
function everyNth(points: readonly Point[], max: number): Point[] {
  if (max <= 0) return [];
  if (max === 1) return points.slice(-1);
  const kept: Point[] = [];
  for (let i = 0; i < max; i++) {
    const p = points[Math.round((i * (points.length - 1)) / (max - 1))];
    if (p !== undefined) kept.push(p);
  }
  return kept;
}
