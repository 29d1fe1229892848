/**
 * A campaign whose workers stop answering looks like a frozen status line: a strategy module looping on a
 * scenario the load-time probe never tried, or a machine swapping. The watch says so once a stall lasts
 * far longer than any epoch so far, and again each time it doubles, so the user knows Ctrl-C is the way out.
 */
import { durationText } from '../report/status-line.js';

export interface StallWatch {
  /** An epoch ended: progress. */
  progressed(): void;
  /** Warns if the stall is long enough (the watch's timer calls it every few seconds). */
  check(): void;
  /** Fuzzing is over (the minimization tail may take its own time). */
  stop(): void;
}

/** No warning before this long without progress. */
export const minStallMs = 120_000;

export function watchForStalls(
  note: (text: string) => void,
  modules: readonly string[],
  now: () => number = Date.now,
  checkEveryMs = 5_000,
): StallWatch {
  let last = now();
  let longest = 0;
  let warnAt = minStallMs;
  const suspect = modules.length === 0 ? '' : ` (a strategy module may be looping: ${modules.join(', ')})`;
  const check = (): void => {
    const stalled = now() - last;
    if (stalled < Math.max(warnAt, 10 * longest)) return;
    note(
      `kexfuzz: no batch has finished for ${durationText(stalled)}${suspect}; ` +
        'Ctrl-C stops after the batch in flight, Ctrl-C again quits',
    );
    warnAt = 2 * stalled;
  };
  const timer = setInterval(check, checkEveryMs);
  timer.unref();
  return {
    check,
    progressed() {
      const t = now();
      longest = Math.max(longest, t - last);
      last = t;
      warnAt = minStallMs;
    },
    stop: () => clearInterval(timer),
  };
}
