/**
 * JSON for people, in the shape Biome formats JSON files (so exported repros pass `biome check`):
 * objects one key per line with a 2-space indent, but an array stays on one line when it fits the
 * line width, so a recorded schedule reads `[[2, 11], [0, 40]]` instead of one number per line.
 */

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

const isArray = (v: Json): v is readonly Json[] => Array.isArray(v);

function entriesOf(value: { readonly [key: string]: Json }): [string, Json][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

function inline(value: Json): string {
  if (isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = entriesOf(value);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** `value` rendered after `prefix` characters already on its line, `depth` levels deep. */
function render(value: Json, depth: number, prefix: number, width: number): string {
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (isArray(value)) {
    if (value.length === 0) return '[]';
    const one = inline(value);
    // +1 for a trailing comma.
    if (prefix + one.length + 1 <= width) return one;
    return `[\n${value.map((v) => `${pad}${render(v, depth + 1, pad.length, width)}`).join(',\n')}\n${end}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = entriesOf(value);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([k, v]) => {
      const key = `${pad}${JSON.stringify(k)}: `;
      return `${key}${render(v, depth + 1, key.length, width)}`;
    });
    return `{\n${lines.join(',\n')}\n${end}}`;
  }
  return JSON.stringify(value);
}

/** `value` (plain JSON data) as indented JSON, arrays on one line when they fit in `width` characters. */
export function compactJson(value: unknown, width = 120): string {
  return render(value as Json, 0, 0, width);
}
