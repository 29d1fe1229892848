import type { Outcome } from '../contract/outcome.js';
import { textTable } from './text-table.js';

export interface OutcomeRow {
  readonly strategy: string;
  readonly outcome: Outcome;
}

/** `kexfuzz run`'s answer for humans: one row per strategy, its outcome kind and the outcome's title. */
export function outcomeTable(rows: readonly OutcomeRow[]): string {
  return textTable(
    ['strategy', 'outcome', 'title'],
    rows.map((r) => [r.strategy, r.outcome.kind, r.outcome.title]),
  );
}
