/**
 * The piscina pool running batches, one thread per core by default. Workers start from an ESM entry
 * that registers tsx itself (worker-entry.mjs), whatever flags the main thread was started with.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { StrategyModuleError } from '../errors.js';
import type { BatchResult, BatchTask, MinimizeResult, MinimizeTask, ModuleFailed } from './messages.js';

export interface BatchPool {
  run(task: BatchTask): Promise<BatchResult>;
  minimize(task: MinimizeTask): Promise<MinimizeResult>;
  close(): Promise<void>;
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** A worker's result, or the StrategyModuleError it could not throw across the thread boundary (exit 2). */
function unlessModuleFailed<T extends { readonly kind: string }>(result: T | ModuleFailed): T {
  if (result.kind === 'module-failed') throw new StrategyModuleError((result as ModuleFailed).message);
  return result as T;
}

export function createPool(workers: number): BatchPool {
  const pool = new Piscina({
    filename: new URL('./worker-entry.mjs', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    execArgv: [],
  });
  // A pool torn down with tasks in flight (a campaign ending on a module's failure) still hears their
  // results, which piscina reports as an 'error' event; unheard, that event would crash the process.
  let closing = false;
  pool.on('error', (error: unknown) => {
    if (!closing) throw error;
  });
  return {
    run: async (task) => unlessModuleFailed((await pool.run(task)) as BatchResult | ModuleFailed),
    minimize: async (task) => unlessModuleFailed((await pool.run(task)) as MinimizeResult | ModuleFailed),
    close: () => {
      closing = true;
      return pool.destroy();
    },
  };
}
