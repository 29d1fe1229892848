/**
 * Canonical JSON: object keys in code-unit order at every level, no whitespace. Two values with the same data
 * give the same text whatever order their keys were written in, so the text can be hashed and compared.
 */

/** The canonical JSON text of plain JSON data. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const o = value as Readonly<Record<string, unknown>>;
    const keys = Object.keys(o).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether two values are the same JSON data, ignoring key order. */
export const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
