import { builtinStrategies } from './index.js';
import { loadStrategyModule } from './load-module.js';
import type { Strategy } from './types.js';

/**
 * The builtins, then each module's strategy in the order given; a module may not reuse a name already taken.
 * `loading` hears of each module just before it is imported (the module probe times each one).
 */
export async function availableStrategies(
  moduleFiles: readonly string[] = [],
  loading: (file: string) => void = () => {},
): Promise<Strategy[]> {
  const all: Strategy[] = [...builtinStrategies];
  for (const file of moduleFiles) {
    const taken = all.map((s) => s.name);
    loading(file);
    all.push(await loadStrategyModule(file, taken));
  }
  return all;
}
