/**
 * Untrusted text made safe to print on a terminal. Titles, notes, signatures and strategy descriptions come
 * from databases (a merged shard may be anyone's) and from `--strategy-module` files; printed raw, an ESC
 * could clear the screen or retitle the window, a CR overwrite a line, a bidi override reorder what is read.
 *
 * One convention: each such character is shown as a JavaScript escape, `\xHH` for the controls (C0, DEL,
 * C1: `\x1b`, `\x07`, `\x0d`, `\x9b`) and `\uHHHH` for the bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069). Everything else, a backslash included, is left as it is, so printable
 * text (every line kexfuzz writes itself) comes out unchanged. JSON output needs none of this: it is for
 * programs, and JSON.stringify escapes what JSON must.
 */

/** Unicode's control characters (C0, DEL, C1) and the bidi controls that reorder a line. */
const unsafe = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

function escaped(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text: every control shown escaped, line breaks and tabs too (a field is one line). */
export function printable(text: string): string {
  return text.replace(unsafe, escaped);
}

/**
 * Text the renderer shows on several lines (notes, a scenario's JSON, a trace): each line as `printable`
 * makes it, the `\n` between them kept. A `\r` is escaped, so no line can overwrite another.
 */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/**
 * Text for a terminal that echoes what the user gave (a 10 MB argument, a huge key): each line cut to
 * `width` characters, and at most `lines` of them, saying how much was left out.
 */
export function clippedLines(text: string, width = 300, lines = 30): string {
  const all = text.split('\n');
  const kept = all
    .slice(0, lines)
    .map((line) => (line.length <= width ? line : `${line.slice(0, width)}… (${line.length - width} more characters)`));
  if (all.length > lines) kept.push(`… (${all.length - lines} more lines)`);
  return kept.join('\n');
}
