/** A finished strategy run's symbolized per-CPU trace, with the kernel's names for marks and tags. */

import { type TraceFocus, type TraceTextOptions, traceAround, traceText } from '../report/trace-text.js';
import type { StrategyRun } from '../run/run-strategy.js';
import { markNames, tagNames } from '../run/vocabulary.js';

const NOTHING_RAN = 'trace: none, nothing ran (the strategy refused the platform)';

/** What the trace renderers need to name addresses, marks and tags in `run`; null when nothing ran. */
export function textOptions(run: StrategyRun): TraceTextOptions | null {
  const { machine, symbols } = run;
  if (machine === null || symbols === null) return null;
  return {
    symbols,
    cpus: machine.cpus,
    markNames,
    tagNames,
    wordAt: (address) => machine.peek(address),
    truncated: machine.trace.truncated,
  };
}

/** The trace as text; `last` keeps the last N lines of each CPU. */
export function traceOf(run: StrategyRun, last: number | undefined): string {
  const options = textOptions(run);
  if (options === null || run.machine === null) return NOTHING_RAN;
  return traceText(run.machine.trace.decode(), { ...options, ...(last === undefined ? {} : { last }) });
}

/** The trace around the run's first anomaly (its outcome's CPU and step), every CPU interleaved. */
export function traceAroundOutcome(run: StrategyRun, around: number): string {
  const options = textOptions(run);
  if (options === null || run.machine === null) return NOTHING_RAN;
  const focus: TraceFocus = { cpu: run.outcome.cpu, step: run.outcome.step ?? run.machine.step, around };
  return traceAround(run.machine.trace.decode(), focus, options);
}
