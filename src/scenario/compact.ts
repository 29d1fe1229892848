/** Drops the keys whose value is undefined, so optional fields are absent rather than present-but-undefined. */
export function compact<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  // exactOptionalPropertyTypes tells `{ a?: number }` from `{ a: undefined }`; scenario inputs must be the former.
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
