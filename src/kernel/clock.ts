/**
 * The model's clock. A step is one instruction of one CPU; waits that last milliseconds or seconds in the
 * kernel are timed on this scale, so their ratios are the source's (10 s against 10 ms is 1000:1) while every
 * run stays within the 32-bit step counter. Waiting costs nothing (parked waits), so long timeouts are cheap.
 */

/** Steps per millisecond of kernel time. */
export const STEPS_PER_MS = 1000;

/** A kernel delay or timeout in steps. */
export function msToSteps(ms: number): number {
  return Math.round(ms * STEPS_PER_MS);
}
