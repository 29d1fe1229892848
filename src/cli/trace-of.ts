/** A finished strategy run's symbolized per-CPU trace, with the kernel's names for marks and tags. */

import { traceText } from '../report/trace-text.js';
import type { StrategyRun } from '../run/run-strategy.js';
import { markNames, tagNames } from '../run/vocabulary.js';

/** The trace as text; `last` keeps the last N lines of each CPU. */
export function traceOf(run: StrategyRun, last: number | undefined): string {
  if (run.machine === null || run.symbols === null)
    return 'trace: none, nothing ran (the strategy refused the platform)';
  const machine = run.machine;
  return traceText(machine.trace.decode(), {
    symbols: run.symbols,
    cpus: machine.cpus,
    markNames,
    tagNames,
    wordAt: (address) => machine.peek(address),
    truncated: machine.trace.truncated,
    ...(last === undefined ? {} : { last }),
  });
}
