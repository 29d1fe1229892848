/**
 * Where and why JSON.parse failed. V8's messages give a position only for some errors, so the text is scanned
 * again by a small recognizer that stops at the first thing JSON does not allow.
 */

interface JsonFailure {
  readonly at: number;
  readonly why: string;
}

/** "why at line L, column C (offset N)." for text JSON.parse rejected with `error`; never throws. */
export function describeJsonError(text: string, error: unknown): string {
  let found: JsonFailure | undefined;
  try {
    found = findJsonError(text);
  } catch {
    found = undefined; // nesting too deep for the recognizer's recursion
  }
  if (found === undefined) return error instanceof Error ? `${error.message}.` : 'it could not be parsed.';
  const before = text.slice(0, found.at);
  const line = before.split('\n').length;
  const column = found.at - before.lastIndexOf('\n');
  return `${found.why} at line ${line}, column ${column} (offset ${found.at}).`;
}

/** The first offset where `text` stops being JSON, and why; undefined if it is JSON. */
export function findJsonError(text: string): JsonFailure | undefined {
  let i = 0;
  let failure: JsonFailure | undefined;
  const fail = (why: string): false => {
    failure = { at: i, why };
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
      for (;;) {
        if (ch === '{') {
          space();
          if (text.charAt(i) !== '"') return fail('expected a double-quoted property name');
          if (!string()) return false;
          space();
          if (text.charAt(i) !== ':') return fail("expected ':' after the property name");
          i++;
        }
        if (!value()) return false;
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
    return fail(`unexpected ${JSON.stringify(ch)}`);
  };
  if (!value()) return failure;
  space();
  if (i < text.length) fail('unexpected text after the JSON value');
  return failure;
}
