/**
 * Self-contained HTML pages (`kexfuzz report --html`): one file, styles and scripts inlined, nothing fetched.
 * Every interpolated value is escaped unless it is already `Html`, so a note, a merged title or a module's
 * description can only ever be text; data for scripts goes in as JSON the HTML parser cannot end early.
 */

/** Markup this module built: safe to put in a page as it is. Only this module makes one. */
export interface Html {
  readonly markup: string;
}

function markup(text: string): Html {
  return { markup: text };
}

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML text or a quoted attribute value: every character that could end either becomes an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** What a template may interpolate: text (escaped), numbers, markup, lists of them, or nothing. */
export type HtmlValue = string | number | Html | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(render).join('');
  return (value as Html).markup;
}

/** Tagged template: the literal parts are markup, every `${value}` is escaped unless it is `Html`. */
export function html(parts: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = parts[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] ?? null) + (parts[i + 1] ?? '');
  return markup(out);
}

/** Markup this code generated itself (an SVG path's numbers, a class list): never user text. */
export function trusted(text: string): Html {
  return markup(text);
}

/**
 * A value as JSON inside `<script type="application/json">`: `<`, `>` and `&` become \u escapes, so no
 * string in it can close the element, and U+2028/2029 cannot end a line in older parsers.
 */
export function scriptJson(id: string, value: unknown): Html {
  const json = JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return markup(`<script type="application/json" id="${escapeHtml(id)}">${json}</script>`);
}

export interface HtmlPage {
  readonly title: string;
  readonly css: string;
  readonly body: Html;
  /** Browser code, run in order once the page is parsed; written as TypeScript functions in report/. */
  readonly scripts?: readonly (() => void)[];
}

// tsx compiles with esbuild's keepNames, which wraps named functions in `__name(fn, "name")`; the page
// defines it as the identity so the functions' source runs in the browser as it is.
const keepNamesShim = 'var __name = function (f) { return f; };';

/**
 * The whole document. The Content-Security-Policy forbids every fetch (no CDN, no image from elsewhere,
 * nothing sent anywhere), so the file behaves the same offline, attached to a bug report.
 */
export function htmlPage(p: HtmlPage): string {
  const scripts = (p.scripts ?? []).map((f) => `(${f.toString()})();`).join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(p.title)}</title>`,
    `<style>${p.css}</style>`,
    '</head>',
    '<body>',
    p.body.markup,
    scripts === '' ? '' : `<script>${keepNamesShim}\n${scripts}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
