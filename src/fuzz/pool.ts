/**
 * The piscina pool running batches, one thread per core by default. Workers are TypeScript: they load
 * through tsx's loader, passed explicitly since the CLI registers tsx through its API, not a flag.
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
  const tsx = import.meta.resolve('tsx');
  const execArgv = process.execArgv.some((a) => a.includes('tsx'))
    ? process.execArgv
    : [...process.execArgv, '--import', tsx];
  const pool = new Piscina({
    filename: new URL('./worker.ts', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    execArgv,
  });
  return {
    run: (task) => pool.run(task) as Promise<BatchResult>,
    minimize: (task) => pool.run(task) as Promise<MinimizeResult>,
    close: () => pool.destroy(),
  };
}
