/**
 * Where and why JSON.parse failed. V8's messages give a position only for some errors, so the text is scanned
 * again by a small recognizer that stops at the first thing JSON does not allow, and says in which field.
 */
import { child, cut, item, showKey } from './check.js';

interface JsonFailure {
  readonly at: number;
  readonly why: string;
  /** The field whose value or contents could not be read, as validation messages name fields ('' for the top). */
  readonly field: string;
}

/** The longest field name a message shows: keys are cut already, but unknown objects may nest deeply. */
const maxField = 120;

/**
 * "why at line L, column C (offset N)." for text JSON.parse rejected with `error`, and the field whose value is
 * not JSON ('' when the failure is not inside one, or the text is nested too deep to scan); never throws.
 */
export function describeJsonError(text: string, error: unknown): { readonly field: string; readonly text: string } {
  let found: JsonFailure | undefined;
  try {
    found = findJsonError(text);
  } catch {
    found = undefined; // nesting too deep for the recognizer's recursion
  }
  if (found === undefined) {
    return { field: '', text: error instanceof Error ? `${error.message}.` : 'it could not be parsed.' };
  }
  const before = text.slice(0, found.at);
  const line = before.split('\n').length;
  const column = found.at - before.lastIndexOf('\n');
  return {
    field: cut(found.field, maxField),
    text: `${found.why} at line ${line}, column ${column} (offset ${found.at}).`,
  };
}

/** The first offset where `text` stops being JSON, and why; undefined if it is JSON. */
export function findJsonError(text: string): JsonFailure | undefined {
  let i = 0;
  let failure: JsonFailure | undefined;
  // The field being read: each value inside an object or array pushes its name, and pops it once read.
  const path: string[] = [''];
  const fail = (why: string): false => {
    failure = { at: i, why, field: path[path.length - 1] ?? '' };
    return false;
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const string = (): boolean => {
    i++; // opening quote
    while (i < text.length) {
      const ch = text.charAt(i);
      if (ch === '"') {
        i++;
        return true;
      }
      if (ch < ' ') return fail('control character inside a string');
      if (ch === '\\') {
        const esc = text.charAt(i + 1);
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('bad \\u escape');
          i += 6;
        } else if ('"\\/bfnrt'.includes(esc) && esc !== '') {
          i += 2;
        } else return fail('bad escape');
      } else i++;
    }
    return fail('unterminated string');
  };
  const value = (): boolean => {
    space();
    if (i >= text.length) return fail('unexpected end of input');
    const ch = text.charAt(i);
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      space();
      if (text.charAt(i) === close) {
        i++;
        return true;
      }
      const parent = path[path.length - 1] ?? '';
      for (let index = 0; ; index++) {
        let name = item(parent, index);
        if (ch === '{') {
          space();
          if (text.charAt(i) !== '"') return fail('expected a double-quoted property name');
          const start = i;
          if (!string()) return false;
          name = child(parent, keyAt(text, start, i));
          space();
          if (text.charAt(i) !== ':') return fail("expected ':' after the property name");
          i++;
        }
        path.push(name);
        if (!value()) return false;
        path.pop();
        space();
        if (text.charAt(i) === ',') i++;
        else if (text.charAt(i) === close) {
          i++;
          return true;
        } else return fail(`expected ',' or '${close}'`);
      }
    }
    if (ch === '"') return string();
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = i;
    if (number.test(text)) {
      i = number.lastIndex;
      return true;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return true;
      }
    }
    const word = ['NaN', 'Infinity', '-Infinity'].find((w) => text.startsWith(w, i));
    if (word !== undefined) return fail(`${word} is not a JSON number (JSON numbers are finite)`);
    return fail(`unexpected ${JSON.stringify(ch)}`);
  };
  if (!value()) return failure;
  space();
  if (i < text.length) fail('unexpected text after the JSON value');
  return failure;
}

/** The key of a string that the recognizer accepted between `start` and `end`, as a message shows it. */
function keyAt(text: string, start: number, end: number): string {
  try {
    return showKey(JSON.parse(text.slice(start, end)) as string);
  } catch {
    return showKey(text.slice(start + 1, end - 1));
  }
}
