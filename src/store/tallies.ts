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
