import type { Db } from './db.js';
import type { Campaign, CampaignId, Lease, NewCampaign } from './types.js';

interface CampaignRow extends Omit<Campaign, 'finished'> {
  readonly finished: 0 | 1;
}

const columns = `id, seed, shard, config, started_at AS startedAt, updated_at AS updatedAt,
  next_batch AS nextBatch, runs, finished`;

function toCampaign(row: CampaignRow): Campaign {
  return { ...row, finished: row.finished === 1 };
}

/** The campaigns table: one row per `kexfuzz fuzz` invocation (a resumed one keeps its row). */
export function campaignQueries(db: Db) {
  const insert = db.prepare<[number, string, string, number, number]>(
    'INSERT INTO campaigns (seed, shard, config, started_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  const copy = db.prepare<[Omit<CampaignRow, 'id'>]>(
    `INSERT INTO campaigns (seed, shard, config, started_at, updated_at, next_batch, runs, finished)
     VALUES (@seed, @shard, @config, @startedAt, @updatedAt, @nextBatch, @runs, @finished)`,
  );
  const byId = db.prepare<[number], CampaignRow>(`SELECT ${columns} FROM campaigns WHERE id = ?`);
  const latest = db.prepare<[], CampaignRow>(
    `SELECT ${columns} FROM campaigns ORDER BY started_at DESC, id DESC LIMIT 1`,
  );
  const latestWithConfig = db.prepare<[string], CampaignRow>(
    `SELECT ${columns} FROM campaigns WHERE config = ? ORDER BY started_at DESC, id DESC LIMIT 1`,
  );
  const all = db.prepare<[], CampaignRow>(`SELECT ${columns} FROM campaigns ORDER BY id`);
  const advance = db.prepare<[number, number, number, number]>(
    'UPDATE campaigns SET next_batch = ?, runs = runs + ?, updated_at = max(updated_at, ?) WHERE id = ?',
  );
  const finish = db.prepare<[number, number]>(
    'UPDATE campaigns SET finished = 1, updated_at = max(updated_at, ?) WHERE id = ?',
  );
  const leaseOf = db.prepare<[number], { host: string | null; pid: number | null; expires: number | null }>(
    'SELECT lease_host AS host, lease_pid AS pid, lease_expires AS expires FROM campaigns WHERE id = ?',
  );
  const setLease = db.prepare<[string | null, number | null, number | null, number]>(
    'UPDATE campaigns SET lease_host = ?, lease_pid = ?, lease_expires = ? WHERE id = ?',
  );
  const count = db.prepare<[], number>('SELECT count(*) FROM campaigns').pluck();
  const totalRuns = db.prepare<[], number>('SELECT coalesce(sum(runs), 0) FROM campaigns').pluck();

  const get = (id: number): Campaign | null => {
    const row = byId.get(id);
    return row ? toCampaign(row) : null;
  };

  return {
    start(campaign: NewCampaign): Campaign {
      const { lastInsertRowid } = insert.run(
        campaign.seed,
        campaign.shard,
        campaign.config,
        campaign.startedAt,
        campaign.startedAt,
      );
      return get(Number(lastInsertRowid)) as Campaign;
    },
    /** Inserts a campaign from another database under a new id (merge). */
    copy(campaign: Campaign): CampaignId {
      const row = {
        seed: campaign.seed,
        shard: campaign.shard,
        config: campaign.config,
        startedAt: campaign.startedAt,
        updatedAt: campaign.updatedAt,
        nextBatch: campaign.nextBatch,
        runs: campaign.runs,
        finished: campaign.finished ? (1 as const) : (0 as const),
      };
      return Number(copy.run(row).lastInsertRowid) as CampaignId;
    },
    get,
    latest(config?: string): Campaign | null {
      const row = config === undefined ? latest.get() : latestWithConfig.get(config);
      return row ? toCampaign(row) : null;
    },
    list: (): Campaign[] => all.all().map(toCampaign),
    advance(id: CampaignId, nextBatch: number, runs: number, now: number): void {
      advance.run(nextBatch, runs, now, id);
    },
    finish(id: CampaignId, now: number): Campaign | null {
      finish.run(now, id);
      return get(id);
    },
    lease(id: CampaignId): Lease | null {
      const row = leaseOf.get(id);
      if (row === undefined || row.host === null || row.pid === null || row.expires === null) return null;
      return { host: row.host, pid: row.pid, expires: row.expires };
    },
    setLease(id: CampaignId, lease: Lease | null): void {
      setLease.run(lease?.host ?? null, lease?.pid ?? null, lease?.expires ?? null, id);
    },
    count: (): number => count.get() ?? 0,
    totalRuns: (): number => totalRuns.get() ?? 0,
  };
}

export type CampaignQueries = ReturnType<typeof campaignQueries>;
