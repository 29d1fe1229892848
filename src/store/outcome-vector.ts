/**
 * The outcome vector's way into and out of SQLite: the one place it is serialized and parsed. A stored
 * vector that is not JSON, or an entry that is not an outcome this kexfuzz knows (a newer database merged
 * in, a hand-edited row), is left out rather than failing the whole command: the finding's other columns
 * still stand on their own.
 */
import type { OutcomeSummary, OutcomeVector } from '../contract/finding.js';
import { type OutcomeKind, outcomeInfo } from '../contract/outcome.js';

export function serializeOutcomeVector(v: OutcomeVector): string {
  return JSON.stringify(v);
}

function isOutcomeKind(kind: unknown): kind is OutcomeKind {
  return typeof kind === 'string' && Object.hasOwn(outcomeInfo, kind);
}

export function parseOutcomeVector(text: string): OutcomeVector {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const vector: Record<string, OutcomeSummary> = {};
  for (const [strategy, entry] of Object.entries(value)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { kind, title, routine } = entry as { kind?: unknown; title?: unknown; routine?: unknown };
    if (!isOutcomeKind(kind)) continue;
    vector[strategy] = {
      kind,
      title: typeof title === 'string' ? title : '',
      routine: typeof routine === 'string' ? routine : null,
    };
  }
  return vector;
}
