import type { PctTally } from '../contract/campaign.js';
import type { Db } from './db.js';
import type { CampaignId, OutcomeTally } from './types.js';

/**
 * How every strategy run of each campaign ended, per platform, strategy and outcome kind: the counts behind
 * `kexfuzz report`'s verdict matrix. Findings keep only failures, once per signature; these keep every run.
 */
export function tallyQueries(db: Db) {
  const add = db.prepare<[OutcomeTally & { campaignId: number }]>(
    `INSERT INTO outcome_tallies (campaign_id, platform, strategy, kind, runs)
     VALUES (@campaignId, @platform, @strategy, @kind, @runs)
     ON CONFLICT (campaign_id, platform, strategy, kind) DO UPDATE SET runs = runs + excluded.runs`,
  );
  const forCampaign = db.prepare<[number], OutcomeTally>(
    `SELECT platform, strategy, kind, runs FROM outcome_tallies WHERE campaign_id = ? ORDER BY platform, strategy, kind`,
  );
  const all = db.prepare<[], OutcomeTally>(
    `SELECT platform, strategy, kind, sum(runs) AS runs FROM outcome_tallies
     GROUP BY platform, strategy, kind ORDER BY platform, strategy, kind`,
  );
  return {
    add(campaignId: CampaignId, tallies: readonly OutcomeTally[]): void {
      for (const t of tallies) {
        if (!Number.isSafeInteger(t.runs) || t.runs < 1) {
          throw new RangeError(`outcome tally ${t.platform}/${t.strategy}/${t.kind}: runs must be a positive integer`);
        }
        add.run({ ...t, campaignId });
      }
    },
    forCampaign: (campaignId: CampaignId): OutcomeTally[] => forCampaign.all(campaignId),
    /** Every campaign's runs added up. */
    all: (): OutcomeTally[] => all.all(),
  };
}

/** PCT runs per campaign, platform and bug depth, and the log of the bound on missing such a bug (fuzz/pct-bound.ts). */
export function pctTallyQueries(db: Db) {
  const add = db.prepare<[PctTally & { campaignId: number }]>(
    `INSERT INTO pct_tallies (campaign_id, platform, bug_depth, runs, log_miss)
     VALUES (@campaignId, @platform, @bugDepth, @runs, @logMiss)
     ON CONFLICT (campaign_id, platform, bug_depth) DO UPDATE
       SET runs = runs + excluded.runs, log_miss = log_miss + excluded.log_miss`,
  );
  const columns = 'platform, bug_depth AS bugDepth';
  const forCampaign = db.prepare<[number], PctTally>(
    `SELECT ${columns}, runs, log_miss AS logMiss FROM pct_tallies WHERE campaign_id = ? ORDER BY platform, bug_depth`,
  );
  const all = db.prepare<[], PctTally>(
    `SELECT ${columns}, sum(runs) AS runs, sum(log_miss) AS logMiss FROM pct_tallies
     GROUP BY platform, bug_depth ORDER BY platform, bug_depth`,
  );
  return {
    add(campaignId: CampaignId, tallies: readonly PctTally[]): void {
      for (const t of tallies) {
        if (!Number.isSafeInteger(t.runs) || t.runs < 1 || !(t.logMiss <= 0)) {
          throw new RangeError(`PCT tally ${t.platform}/depth ${t.bugDepth}: needs runs ≥ 1 and a log miss ≤ 0`);
        }
        add.run({ ...t, campaignId });
      }
    },
    forCampaign: (campaignId: CampaignId): PctTally[] => forCampaign.all(campaignId),
    /** Every campaign's PCT runs added up. */
    all: (): PctTally[] => all.all(),
  };
}
