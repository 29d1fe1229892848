/**
 * Ctrl-C for a campaign (Stryker's unexpected-exit-handler): the first SIGINT or SIGTERM aborts the
 * campaign's signal, so it commits the batch in flight and ends cleanly; a second one says what is
 * committed and how to resume, and exits at once with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as a shell reports a killed job. Nothing
 * committed is lost then either: every batch is its own SQLite transaction.
 */
import { constants } from 'node:os';

const stopSignals = ['SIGINT', 'SIGTERM'] as const;
export type StopSignal = (typeof stopSignals)[number];

export interface StopHandler {
  readonly signal: AbortSignal;
  /** Removes the handlers, restoring Node's default (exit on the signal). */
  dispose(): void;
}

export interface StopOptions {
  /** Called once, on the first signal, after the campaign's signal is aborted. */
  readonly onFirst: (name: StopSignal) => void;
  /** Called on the second signal, just before the exit: what is committed, and how to carry on. */
  readonly onSecond?: (name: StopSignal) => void;
  /** How to force the exit on the second signal. */
  readonly exit?: (code: number) => void;
}

export function exitCodeFor(name: StopSignal): number {
  return 128 + constants.signals[name];
}

export function installStopSignals(options: StopOptions): StopHandler {
  const controller = new AbortController();
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const handler = (name: StopSignal): void => {
    if (controller.signal.aborted) {
      try {
        options.onSecond?.(name);
      } finally {
        exit(exitCodeFor(name));
      }
      return;
    }
    controller.abort(name);
    options.onFirst(name);
  };
  for (const name of stopSignals) process.on(name, handler);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of stopSignals) process.off(name, handler);
    },
  };
}
