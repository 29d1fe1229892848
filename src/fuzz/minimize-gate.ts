/**
 * How much of the pool a campaign's background minimization may take, and until when. A minimization
 * costs about as much as a whole batch of scenarios (it re-runs the finding a few dozen times), and a
 * short campaign finds a new signature every few scenarios, so left alone it would queue ahead of the
 * fuzzing and hold the campaign's end for minutes. While the campaign fuzzes, the gate keeps at most
 * half the workers busy minimizing, so batches keep flowing; once the fuzzing is over `drain()`
 * lets the rest use every worker, and `close()` (a grace period later) starts no more: the findings
 * still waiting keep their original scenario as the repro, and `kexfuzz findings minimize ID`
 * minimizes one later.
 */
import type { MinimizeResult, MinimizeSkipped, MinimizeTask } from './messages.js';
import type { BatchPool } from './pool.js';

export interface MinimizeGate {
  /** The pool to hand the campaign: batches pass straight through, minimizations through the gate. */
  readonly pool: BatchPool;
  /** Minimizations queued or running. */
  pending(): number;
  /** Raises the in-flight limit to every worker: nothing else needs them any more. */
  drain(): void;
  /** Starts no more minimizations; those waiting resolve at once as `minimize-skipped`. */
  close(): void;
}

/**
 * `workers` is the pool's thread count; queued on the pool, a minimization could no longer be skipped,
 * so the gate never hands it more than it can run at once.
 */
export function minimizeGate(pool: BatchPool, workers: number): MinimizeGate {
  const waiting: { task: MinimizeTask; resolve: (r: Promise<MinimizeResult> | MinimizeResult) => void }[] = [];
  let inFlight = 0;
  let limit = Math.max(1, Math.floor(workers / 2));
  let closed = false;

  const skip = (task: MinimizeTask): MinimizeSkipped => ({ kind: 'minimize-skipped', signature: task.signature });
  const pump = (): void => {
    while (!closed && inFlight < limit && waiting.length > 0) {
      const next = waiting.shift();
      if (next === undefined) break;
      inFlight++;
      next.resolve(
        pool.minimize(next.task).finally(() => {
          inFlight--;
          pump();
        }),
      );
    }
  };

  return {
    pool: {
      run: (task) => pool.run(task),
      minimize(task) {
        if (closed) return Promise.resolve(skip(task));
        return new Promise((resolve) => {
          waiting.push({ task, resolve });
          pump();
        });
      },
      close: () => pool.close(),
    },
    pending: () => waiting.length + inFlight,
    drain() {
      limit = workers;
      pump();
    },
    close() {
      closed = true;
      for (const w of waiting.splice(0)) w.resolve(skip(w.task));
    },
  };
}
