/**
 * The only errors a user can cause. Everything else is a bug and is reported as an internal error.
 * Imports nothing, so every layer may use it.
 */

/** One problem with one field of user input: which field, what is allowed, what was given. */
export interface InputProblem {
  readonly field: string;
  readonly message: string;
}

/** Bad user input (scenario JSON, a strategy module, a database file): exit code 2, nothing runs. */
export class InputError extends Error {
  readonly problems: readonly InputProblem[];

  constructor(what: string, problems: readonly InputProblem[]) {
    super(`${what}:\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
    this.name = 'InputError';
    this.problems = problems;
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
