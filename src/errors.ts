/**
 * The only errors a user can cause. Everything else is a bug and is reported as an internal error.
 * Imports nothing, so every layer may use it.
 */

/** One problem with one field of user input: which field, what is allowed, what was given. */
export interface InputProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Problems the message lists; the rest are counted, so one bad input prints at most a screenful (the longest
 * messages, an unknown field with the list of known ones, run to about 270 bytes).
 */
export const listedProblems = 12;

/**
 * Bad user input (scenario JSON, a strategy module, a database file): exit code 2, nothing runs. `problems` may
 * be the first of more: `omitted` counts those not kept.
 */
export class InputError extends Error {
  readonly problems: readonly InputProblem[];
  readonly omitted: number;

  constructor(what: string, problems: readonly InputProblem[], omitted = 0) {
    const lines = problems.slice(0, listedProblems).map((p) => `  ${p.message}`);
    const more = problems.length - lines.length + omitted;
    if (more > 0) lines.push(`  … and ${more} more ${more === 1 ? 'problem' : 'problems'}.`);
    super(`${what}:\n${lines.join('\n')}`);
    this.name = 'InputError';
    this.problems = problems;
    this.omitted = omitted;
  }
}

/**
 * A scenario the kernel cannot place in memory (no room for a segment, the old kernel, the source pages). Its
 * own class so that the fuzzer skips exactly these generated scenarios, and no other error by mistake.
 */
export class LayoutError extends InputError {
  constructor(problems: readonly InputProblem[]) {
    super('scenario cannot be laid out', problems);
    this.name = 'LayoutError';
  }
}

/**
 * A user's strategy module failed while kexfuzz ran it: one of its functions threw or answered wrongly, it
 * did not finish within its deadline, or it ended the thread. Exit code 2, like InputError, but never an
 * InputError: the minimizers read an InputError as "this candidate cannot be built" and would skip it.
 * The message names the module file and the function.
 */
export class StrategyModuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrategyModuleError';
  }
}

/** Bad command-line usage: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** For exhaustive switches over discriminated unions: the compiler proves this is unreachable. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** Formats a list of allowed values the way every message in kexfuzz does: "a", "b" or "c". */
export function oneOf(values: readonly (string | number)[]): string {
  const quoted = values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v)));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** The `code` of a Node system error (`ENOENT`, `EACCES`, ...), or '' for anything else. */
export function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : '';
}
