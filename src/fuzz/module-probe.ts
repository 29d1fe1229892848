/**
 * Loading user strategy modules safely enough to say what went wrong. A module runs unsandboxed, and a
 * loop at its top level or in its `refuses` cannot be interrupted on the thread it runs on; `process.exit()`
 * there ends that thread. So each command first loads and probes the modules in a short-lived thread of
 * their own (module-probe-worker.ts) with a deadline per step, and only then loads them on the main thread.
 * A step that misses its deadline or ends the thread is a StrategyModuleError (exit 2) naming the module.
 */
import { Worker } from 'node:worker_threads';
import type { Strategy } from '../contract/strategy.js';
import { StrategyModuleError, UsageError } from '../errors.js';
import { availableStrategies } from '../run/catalog.js';
import type { ProbeMsg } from './messages.js';

/** How long a module may take to load, and each call into it on the probe (docs/writing-a-strategy.md). */
export const defaultModuleDeadlineMs = 10_000;

/** The deadline, or the environment's override in milliseconds (for tests, or a very slow machine). */
export function moduleDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  const given = env['KEXFUZZ_MODULE_DEADLINE_MS'];
  if (given === undefined || given === '') return defaultModuleDeadlineMs;
  if (!/^[1-9]\d*$/.test(given)) {
    throw new UsageError(
      `KEXFUZZ_MODULE_DEADLINE_MS must be a positive whole number of milliseconds, but was "${given}".`,
    );
  }
  return Number(given);
}

type Step = Extract<ProbeMsg, { kind: 'probe-step' }>;

const seconds = (ms: number): string => `${ms / 1000} s`;

function late(step: Step, deadlineMs: number): string {
  const what =
    step.call === null
      ? `did not finish loading within ${seconds(deadlineMs)} (a loop at its top level?)`
      : `${step.call} did not return within ${seconds(deadlineMs)}`;
  return `strategy module ${step.module}: ${what}; a module must load and answer promptly.`;
}

function ended(step: Step, exitCode: number): string {
  const during = step.call === null ? 'while loading' : `in ${step.call}`;
  // Node ends a thread with 13 when its top-level await can never settle.
  const why = exitCode === 13 ? 'a top-level await that never settles' : `process.exit(${exitCode})?`;
  return `strategy module ${step.module}: ended its thread ${during} (${why}); a module must only define its strategy.`;
}

/** Loads and probes `files` in a thread of their own; resolves when every step finished in time. */
export function probeStrategyModules(files: readonly string[], deadlineMs: number): Promise<void> {
  if (files.length === 0) return Promise.resolve();
  const worker = new Worker(new URL('./module-probe-entry.mjs', import.meta.url), {
    workerData: [...files],
    execArgv: [],
  });
  return new Promise((resolve, reject) => {
    let step: Step | null = null;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // A probe that loops is stopped here; one that finished may still hold timers the module started.
      void worker.terminate();
      if (error === null) resolve();
      else reject(error);
    };
    worker.on('message', (msg: ProbeMsg) => {
      if (msg.kind === 'probe-step') {
        step = msg;
        clearTimeout(timer);
        timer = setTimeout(() => settle(new StrategyModuleError(late(msg, deadlineMs))), deadlineMs);
      } else if (msg.kind === 'probe-failed') settle(new StrategyModuleError(msg.message));
      else settle(null);
    });
    // The probe's own failure (not the module's, which comes as probe-failed): an internal error.
    worker.on('error', (error) => settle(error));
    worker.on('exit', (code) => {
      if (step === null) settle(new Error(`the module probe thread exited (${code}) before it started`));
      else settle(new StrategyModuleError(ended(step, code)));
    });
  });
}

/**
 * The builtins and each module's strategy, as `availableStrategies` gives them, once the modules passed the
 * probe: what every command that takes --strategy-module loads its strategies with.
 */
export async function loadStrategies(files: readonly string[] = [], deadlineMs?: number): Promise<Strategy[]> {
  if (files.length > 0) await probeStrategyModules(files, deadlineMs ?? moduleDeadlineMs());
  return availableStrategies(files);
}
