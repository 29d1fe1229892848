/**
 * The bugs kexfuzz already knows: every failure the corpus scenarios show, run as `kexfuzz run` runs them,
 * and which of those cells are the bug each scenario is named for (corpus/mechanisms.json). Findings and
 * groups these reach show as known, with the bug's name, instead of as new.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { FindingKind, Signature } from '../contract/finding.js';
import type { Outcome } from '../contract/outcome.js';
import type { Strategy } from '../contract/strategy.js';
import { runStrategy } from '../run/run-strategy.js';
import { parseScenario } from '../scenario/codec.js';
import { findFailures } from './differential.js';

export const corpusDir = new URL('../../corpus/', import.meta.url);

/** One failing strategy on one corpus scenario. */
export interface CorpusCell {
  readonly file: string;
  readonly strategy: string;
  readonly signature: Signature;
  readonly kind: FindingKind;
  /** The bug the scenario is named for, when this cell shows it (`S1`); null for the other failures. */
  readonly bug: string | null;
}

interface MechanismEntry {
  readonly file: string;
  readonly bug: string;
  readonly strategies: readonly string[];
}

function mechanisms(dir: URL): readonly MechanismEntry[] {
  const raw: unknown = JSON.parse(readFileSync(new URL('mechanisms.json', dir), 'utf8'));
  return (raw as { cells: MechanismEntry[] }).cells;
}

/**
 * Every failing cell of every corpus scenario under `strategies`, each with its bug when it is the named one.
 * Without a corpus (kexfuzz installed without it), nothing is known: empty, not an error.
 */
export function corpusCells(strategies: readonly Strategy[], dir: URL = corpusDir): CorpusCell[] {
  if (!existsSync(new URL('mechanisms.json', dir))) return [];
  const named = mechanisms(dir);
  const cells: CorpusCell[] = [];
  for (const file of readdirSync(dir).filter((f) => /^s\d+.*\.json$/.test(f))) {
    const scenario = parseScenario(readFileSync(new URL(file, dir), 'utf8'));
    const outcomes = new Map<string, Outcome>(strategies.map((s) => [s.name, runStrategy(scenario, s).outcome]));
    for (const f of findFailures(scenario.platform, outcomes, null)) {
      const bug = named.find((m) => m.file === file && m.strategies.includes(f.strategy))?.bug ?? null;
      cells.push({ file, strategy: f.strategy, signature: f.signature, kind: f.kind, bug });
    }
  }
  return cells;
}
