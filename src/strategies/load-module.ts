/**
 * Loads a user's strategy from a .ts or .js module (`--strategy-module ./my-strategy.ts`), the way Stryker's
 * plugin-loader does: import it, find the export, check its shape with a type guard, and turn every way it
 * can be wrong (no file, a syntax error, a throw at load time, a bad field) into one InputError that names
 * the module and each problem. A user's mistake never surfaces as a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { kernelOptionDefaults, kernelOptionNames, kernelOptionValues } from '../contract/kernel-options.js';
import type { Strategy } from '../contract/strategy.js';
import { errorCode, InputError, type InputProblem, StrategyModuleError } from '../errors.js';
import { builtinStrategies } from './index.js';

const kebabCase = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** What the user gave, short and never throwing: `"x"`, `42`, `a function`, `missing`. */
function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint' || typeof value === 'symbol') return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** `"a", "b" or "c"` (or `and`); strings quoted, booleans and numbers bare. */
function listOf(values: readonly unknown[], conjunction: 'or' | 'and'): string {
  const shownValues = values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v)));
  if (shownValues.length <= 1) return shownValues.join('');
  return `${shownValues.slice(0, -1).join(', ')} ${conjunction} ${shownValues.at(-1)}`;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const problem = (field: string, text: string): InputProblem => ({
  field,
  message: `strategy field "${field}" ${text}`,
});

/** `must be <what>, but was <given>.`, or `is missing: it must be <what>.` */
const bad = (field: string, what: string, given: unknown): InputProblem =>
  problem(field, given === undefined ? `is missing: it must be ${what}.` : `must be ${what}, but was ${shown(given)}.`);

/**
 * The type guard: whether `value` is a usable Strategy, pushing one problem per missing or bad field.
 * `taken` are names already in use (the builtins, earlier modules).
 */
export function isStrategy(value: unknown, taken: readonly string[], problems: InputProblem[]): value is Strategy {
  const before = problems.length;
  if (!isRecord(value)) {
    problems.push({ field: '', message: `the exported strategy must be an object, but was ${shown(value)}.` });
    return false;
  }
  const name = value['name'];
  if (typeof name !== 'string' || !kebabCase.test(name)) {
    problems.push(bad('name', 'a kebab-case string such as "my-strategy"', name));
  } else if (taken.includes(name)) {
    problems.push(problem('name', `must not be one already in use (${listOf(taken, 'and')}), but was "${name}".`));
  }
  const description = value['description'];
  if (typeof description !== 'string' || description.trim() === '') {
    problems.push(bad('description', 'a non-empty one-line string', description));
  }
  const options = value['options'];
  if (!isRecord(options)) {
    problems.push(bad('options', `an object with the fields ${listOf(kernelOptionNames, 'and')}`, options));
  } else {
    const defaults: Partial<Record<string, unknown>> = kernelOptionDefaults;
    for (const field of kernelOptionNames) {
      const allowed: readonly unknown[] = kernelOptionValues[field];
      const given = options[field] ?? defaults[field];
      if (!allowed.includes(given)) {
        const list = listOf(allowed, 'or');
        problems.push(
          problem(
            `options.${field}`,
            given === undefined
              ? `is missing: it should be one of ${list}.`
              : `should be one of ${list}, but was ${shown(given)}.`,
          ),
        );
      }
    }
    for (const field of Object.keys(options)) {
      if (!(kernelOptionNames as readonly string[]).includes(field)) {
        problems.push(
          problem(`options.${field}`, `is not a kernel option; the options are ${listOf(kernelOptionNames, 'and')}.`),
        );
      }
    }
  }
  const refuses = value['refuses'];
  if (typeof refuses !== 'function') {
    problems.push(bad('refuses', 'a function (platform, code) => string | null', refuses));
  }
  return problems.length === before;
}

/**
 * The module's exports. A module in a CommonJS scope arrives as `{ default: exports }` with
 * `exports.__esModule` set by the TypeScript/esbuild interop; its exports are inside.
 */
function exportsOf(mod: unknown): Readonly<Record<string, unknown>> {
  if (!isRecord(mod)) return {};
  const inner = mod['default'];
  return isRecord(inner) && inner['__esModule'] === true ? inner : mod;
}

/**
 * Where Node's own parser (plain .js, which tsx leaves alone) found a syntax error. Its import error has no
 * location, but `node --check` prints `<file>:<line>` and the offending source line. Only runs on that error.
 */
function syntaxErrorLocation(file: string): string {
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const [where, source] = (check.stderr ?? '').split('\n');
  if (where === undefined || !/:\d+$/.test(where)) return '';
  return ` at ${where}${source?.trim() ? `: ${source.trim()}` : ''}`;
}

/** Why the import failed, in one line: the syntax error's location, or where the module threw. */
function importFailure(error: unknown, file: string): string {
  if (!(error instanceof Error)) return `the module threw ${shown(error)} while loading.`;
  // tsx reports syntax errors as esbuild's "Transform failed with 1 error:\n<file>:<line>:<col>: ERROR: ...".
  const transform = /^Transform failed with \d+ errors?:\n/.exec(error.message);
  if (transform) return `the module does not compile: ${error.message.slice(transform[0].length).trim()}`;
  if (error.name === 'SyntaxError') {
    return `the module does not compile: ${error.message}${syntaxErrorLocation(file)}`;
  }
  if ('code' in error && error.code === 'ERR_MODULE_NOT_FOUND') {
    return `the module imports something that cannot be found: ${error.message}`;
  }
  const href = pathToFileURL(file).href;
  const frame = error.stack?.split('\n').find((line) => line.includes(file) || line.includes(href));
  const at = frame === undefined ? '' : ` (at ${/\(?([^()\s]+:\d+:\d+)\)?\s*$/.exec(frame)?.[1] ?? file})`;
  return `the module threw while loading${at}: ${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
}

/**
 * Imports the module at `path` (relative to the working directory) and returns its strategy, checked.
 * `taken` are the names it must not reuse; the builtins' names by default.
 */
export async function loadStrategyModule(
  path: string,
  taken: readonly string[] = builtinStrategies.map((s) => s.name),
): Promise<Strategy> {
  const heading = `invalid strategy module ${path}`;
  const file = resolve(path);
  const fail = (message: string): InputError => new InputError(heading, [{ field: '', message }]);
  try {
    if (!statSync(file).isFile()) throw fail('it is a directory, not a module file.');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = errorCode(error) || String(error);
    throw fail(code === 'ENOENT' ? 'no such file.' : `it cannot be read (${code}).`);
  }
  let mod: unknown;
  try {
    // tsx's scoped import: .ts and .js, ESM or CommonJS scope, whether or not tsx is registered globally.
    mod = await tsImport(pathToFileURL(file).href, import.meta.url);
  } catch (error) {
    throw fail(importFailure(error, file));
  }
  const exports = exportsOf(mod);
  // The default export, else a named `strategy` export.
  const exported = exports['default'] ?? exports['strategy'];
  if (exported === undefined) {
    const names = Object.keys(exports);
    const has = names.length === 0 ? 'it exports nothing' : `it exports ${listOf(names, 'and')}`;
    throw fail(`the module needs a default export or a named export "strategy" holding the strategy, but ${has}.`);
  }
  const problems: InputProblem[] = [];
  if (!isStrategy(exported, taken, problems)) throw new InputError(heading, problems);
  return guarded(exported, path);
}

/**
 * The user's `refuses` runs inside a kexfuzz run: a throw or a wrong answer there is their error, not ours,
 * and the message names the module and the function so they know where to look.
 */
function guarded(strategy: Strategy, path: string): Strategy {
  const fail = (text: string): StrategyModuleError => new StrategyModuleError(`strategy module ${path}: ${text}`);
  return {
    name: strategy.name,
    description: strategy.description,
    options: { ...kernelOptionDefaults, ...strategy.options },
    refuses: (platform, code) => {
      let answer: unknown;
      try {
        answer = strategy.refuses(platform, code);
      } catch (error) {
        throw fail(`refuses("${platform}", …) threw: ${error instanceof Error ? error.message : shown(error)}`);
      }
      if (answer === null || typeof answer === 'string') return answer;
      throw fail(`refuses("${platform}", …) must return a string (why) or null, but returned ${shown(answer)}.`);
    },
  };
}
