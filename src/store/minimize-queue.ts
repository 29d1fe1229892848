import type { Db } from './db.js';
import type { CampaignId, FindingId, QueuedMinimization } from './types.js';

/**
 * The minimizations a campaign owes: a row per finding it stored first, until its repro arrives. A campaign
 * killed or stopped keeps its rows, so the resumed one carries them on; one that finishes drops the rest
 * (their repro stays the scenario as found, and `findings minimize` does one later).
 */
export function minimizeQueueQueries(db: Db) {
  const insert = db.prepare<[number, number, string]>(
    'INSERT OR IGNORE INTO minimize_queue (finding_id, campaign_id, origin) VALUES (?, ?, ?)',
  );
  const remove = db.prepare<[number]>('DELETE FROM minimize_queue WHERE finding_id = ?');
  const clear = db.prepare<[number]>('DELETE FROM minimize_queue WHERE campaign_id = ?');
  const forCampaign = db.prepare<[number], QueuedMinimization>(
    `SELECT f.signature, f.strategy, q.origin FROM minimize_queue q JOIN findings f ON f.id = q.finding_id
     WHERE q.campaign_id = ? ORDER BY f.id`,
  );
  return {
    add(findingId: FindingId, campaignId: CampaignId, origin: string): void {
      insert.run(findingId, campaignId, origin);
    },
    remove(findingId: FindingId): void {
      remove.run(findingId);
    },
    clear(campaignId: CampaignId): void {
      clear.run(campaignId);
    },
    forCampaign: (campaignId: CampaignId): QueuedMinimization[] => forCampaign.all(campaignId),
  };
}
