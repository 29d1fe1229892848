// Worker task for the pipeline determinism test: every strategy on one scenario, trace hashes out.
import { runStrategy } from '../../src/run/run-strategy.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { builtinStrategies } from '../../src/strategies/index.js';

export default function traceHashes(input: unknown): string[] {
  const s = validateScenario(input);
  return builtinStrategies.map((strategy) => {
    const r = runStrategy(s, strategy);
    return `${strategy.name}:${r.outcome.kind}:${r.machine?.trace.hash() ?? '-'}`;
  });
}
