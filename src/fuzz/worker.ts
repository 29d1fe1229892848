/**
 * The piscina worker entry: a batch in, a compact result out. User strategy modules are loaded once
 * per worker and cached; a module that fails comes back as a `module-failed` result.
 */

import type { Strategy } from '../contract/strategy.js';
import { InputError, StrategyModuleError } from '../errors.js';
import { availableStrategies } from '../run/catalog.js';
import { runBatch, runMinimize } from './batch.js';
import type { BatchResult, BatchTask, MinimizeResult, MinimizeTask, ModuleFailed } from './messages.js';

const loaded = new Map<string, Promise<Strategy[]>>();

async function strategiesFor(task: BatchTask | MinimizeTask): Promise<Strategy[]> {
  const key = task.strategyModules.join('\n');
  let pending = loaded.get(key);
  if (pending === undefined) {
    pending = availableStrategies(task.strategyModules);
    loaded.set(key, pending);
  }
  const all = await pending;
  return task.strategies.map((name) => {
    const s = all.find((x) => x.name === name);
    if (s === undefined) throw new Error(`worker has no strategy ${name}`);
    return s;
  });
}

export default async function work(
  task: BatchTask | MinimizeTask,
): Promise<BatchResult | MinimizeResult | ModuleFailed> {
  let strategies: Strategy[];
  try {
    strategies = await strategiesFor(task);
  } catch (error) {
    // The main thread loaded and probed the same modules first, so an InputError here is a module that
    // loads differently the second time: still the module's failure, not ours.
    if (error instanceof StrategyModuleError || error instanceof InputError) {
      return { kind: 'module-failed', message: error.message };
    }
    throw error;
  }
  try {
    return task.kind === 'batch' ? runBatch(task, strategies) : runMinimize(task, strategies);
  } catch (error) {
    // A module function that throws during a run; any other error is a bug in kexfuzz (exit 3).
    if (error instanceof StrategyModuleError) return { kind: 'module-failed', message: error.message };
    throw error;
  }
}
