import type { Db } from './db.js';

/** The coverage map as a set of int32 keys, shared by every campaign in the database. */
export function coverageQueries(db: Db) {
  const insert = db.prepare<[number]>('INSERT OR IGNORE INTO coverage (key) VALUES (?)');
  const keys = db.prepare<[], number>('SELECT key FROM coverage ORDER BY key').pluck();
  const size = db.prepare<[], number>('SELECT count(*) FROM coverage').pluck();

  return {
    /** Inserts the keys and returns how many were not stored before. */
    add(batch: ArrayLike<number>): number {
      let added = 0;
      for (let i = 0; i < batch.length; i++) {
        const key = batch[i] as number;
        if ((key | 0) !== key) throw new RangeError(`coverage key must be an int32, but was ${key}`);
        added += insert.run(key).changes;
      }
      return added;
    },
    /** Every key, ascending. */
    keys: (): Int32Array => Int32Array.from(keys.all()),
    iterate: (): IterableIterator<number> => keys.iterate(),
    size: (): number => size.get() ?? 0,
  };
}

export type CoverageQueries = ReturnType<typeof coverageQueries>;
