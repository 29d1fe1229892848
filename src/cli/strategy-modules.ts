import { builtinStrategies } from '../strategies/index.js';
import { loadStrategyModule } from '../strategies/load-module.js';
import type { Strategy } from '../strategies/types.js';

/** commander parser for a repeatable option: each occurrence adds one value. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

export const strategyModuleHelp = 'load a strategy from a .ts or .js module (repeatable)';

/** The builtins, then each module's strategy in the order given; a module may not reuse a name already taken. */
export async function availableStrategies(moduleFiles: readonly string[] = []): Promise<Strategy[]> {
  const all: Strategy[] = [...builtinStrategies];
  for (const file of moduleFiles) {
    const taken = all.map((s) => s.name);
    all.push(await loadStrategyModule(file, taken));
  }
  return all;
}
