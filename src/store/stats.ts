import type { Db } from './db.js';
import type { CampaignId, NewStats, StatsRow } from './types.js';

const columns = `campaign_id AS campaignId, at, runs, runs_per_second AS runsPerSecond, findings, coverage, corpus,
  session_started AS sessionStarted`;

/** Periodic progress samples of each campaign, for "stats kept over time". */
export function statsQueries(db: Db) {
  const insert = db.prepare<[StatsRow]>(
    `INSERT INTO stats (campaign_id, at, runs, runs_per_second, findings, coverage, corpus, session_started)
     VALUES (@campaignId, @at, @runs, @runsPerSecond, @findings, @coverage, @corpus, @sessionStarted)`,
  );
  const forCampaign = db.prepare<[number], StatsRow>(
    `SELECT ${columns} FROM stats WHERE campaign_id = ? ORDER BY at, id`,
  );

  return {
    add(campaignId: CampaignId, stats: NewStats): void {
      insert.run({
        campaignId,
        at: stats.at,
        runs: stats.runs,
        runsPerSecond: stats.runsPerSecond,
        findings: stats.findings,
        coverage: stats.coverage,
        corpus: stats.corpus ?? null,
        sessionStarted: stats.sessionStarted ?? null,
      });
    },
    forCampaign: (campaignId: CampaignId): StatsRow[] => forCampaign.all(campaignId),
  };
}

export type StatsQueries = ReturnType<typeof statsQueries>;
