/**
 * What kexfuzz already knows of a database's signatures: the corpus's bugs (their names where a cell is
 * the one a scenario is named for) and the smoke baseline's accepted signatures.
 */
import path from 'node:path';
import { corpusCells } from '../fuzz/known.js';
import { builtinStrategies } from '../run/catalog.js';
import { readBaseline } from './smoke.js';

/** Where `kexfuzz smoke` keeps its baseline unless told otherwise (relative to the working directory). */
export const defaultBaselineDir = 'findings/';

/** Signature → what knows it: `S1`…, `corpus`, `baseline`. Runs the corpus once (about half a second). */
export function knownSignatures(baselineDir: string): (signature: string) => readonly string[] {
  const known = new Map<string, Set<string>>();
  const add = (signature: string, tag: string): void => {
    known.set(signature, (known.get(signature) ?? new Set()).add(tag));
  };
  for (const cell of corpusCells(builtinStrategies)) add(cell.signature, cell.bug ?? 'corpus');
  for (const entry of readBaseline(path.join(baselineDir, 'baseline.json')).signatures)
    add(entry.signature, 'baseline');
  return (signature) => {
    const tags = known.get(signature);
    if (tags === undefined) return [];
    // A named bug says more than `corpus`.
    return [...tags].filter((t) => t !== 'corpus' || ![...tags].some((u) => /^S\d/.test(u)));
  };
}
