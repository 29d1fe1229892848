/**
 * The piscina pool running batches, one thread per core by default. Workers start from an ESM entry
 * that registers tsx itself (worker-entry.mjs), whatever flags the main thread was started with.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { BatchResult, BatchTask, MinimizeResult, MinimizeTask } from './messages.js';

export interface BatchPool {
  run(task: BatchTask): Promise<BatchResult>;
  minimize(task: MinimizeTask): Promise<MinimizeResult>;
  close(): Promise<void>;
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export function createPool(workers: number): BatchPool {
  const pool = new Piscina({
    filename: new URL('./worker-entry.mjs', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    execArgv: [],
  });
  return {
    run: (task) => pool.run(task) as Promise<BatchResult>,
    minimize: (task) => pool.run(task) as Promise<MinimizeResult>,
    close: () => pool.destroy(),
  };
}
