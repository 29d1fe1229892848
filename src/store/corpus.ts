import type { Db } from './db.js';
import type { CampaignId, CorpusEntry, NewCorpusEntry } from './types.js';

const columns = 'id, scenario, coverage_gain AS coverageGain, added_at AS addedAt, campaign_id AS campaignId, batch';

/** Scenarios worth mutating further, deduplicated by their exact JSON text. */
export function corpusQueries(db: Db) {
  const insert = db.prepare<[string, number, number, number | null, number | null]>(
    'INSERT OR IGNORE INTO corpus (scenario, coverage_gain, added_at, campaign_id, batch) VALUES (?, ?, ?, ?, ?)',
  );
  const all = db.prepare<[], CorpusEntry>(`SELECT ${columns} FROM corpus ORDER BY id`);
  const first = db.prepare<[number], CorpusEntry>(`SELECT ${columns} FROM corpus ORDER BY id LIMIT ?`);
  const iterate = db.prepare<[], CorpusEntry>(`SELECT ${columns} FROM corpus ORDER BY id`);
  const size = db.prepare<[], number>('SELECT count(*) FROM corpus').pluck();

  return {
    /** Adds an entry unless the same scenario text is stored; true when it was added. */
    add(entry: NewCorpusEntry, addedAt: number, campaignId: CampaignId | null, batch: number | null): boolean {
      return insert.run(entry.scenario, entry.coverageGain, addedAt, campaignId, batch).changes === 1;
    },
    /** Oldest first; `limit` keeps the first `limit` entries. */
    entries: (limit?: number): CorpusEntry[] => (limit === undefined ? all.all() : first.all(limit)),
    iterate: (): IterableIterator<CorpusEntry> => iterate.iterate(),
    size: (): number => size.get() ?? 0,
  };
}

export type CorpusQueries = ReturnType<typeof corpusQueries>;
