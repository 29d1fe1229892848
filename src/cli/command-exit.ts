import type { ExitCode } from './exit-codes.js';

/**
 * Ends a command that has printed its answer with a non-zero exit code that is not an error, e.g.
 * `findings replay` when the finding no longer reproduces. `main` returns `code` and prints nothing more.
 */
export class CommandExit extends Error {
  readonly code: ExitCode;

  constructor(code: ExitCode, why: string) {
    super(why);
    this.name = 'CommandExit';
    this.code = code;
  }
}
