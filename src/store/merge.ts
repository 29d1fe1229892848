import { existsSync, rmSync } from 'node:fs';
import { InputError } from '../errors.js';
import { campaignQueries } from './campaigns.js';
import { certificateQueries } from './certificates.js';
import { corpusQueries } from './corpus.js';
import { coverageQueries } from './coverage.js';
import { type Db, openDatabase, storeIdOf } from './db.js';
import { findingQueries } from './findings.js';
import { statsQueries } from './stats.js';
import { pctTallyQueries, tallyQueries } from './tallies.js';
import type { CampaignId, MergeResult } from './types.js';

/**
 * `kexfuzz merge`: folds shard databases into one. Per source, in one transaction: campaigns are
 * copied under new ids (with their stats), findings are deduplicated by signature (counts summed,
 * first/last seen widened, the earliest repro kept, the destination's triage kept), corpus entries
 * are deduplicated by scenario text, coverage keys are unioned.
 *
 * Sums are only right if each database is counted once, so a source that is the destination, that
 * appears twice, or that was already merged into the destination is refused before anything is written.
 */
export function mergeStores(sources: readonly string[], into: string): MergeResult {
  const opened: { readonly file: string; readonly db: Db }[] = [];
  let dest: Db | undefined;
  const created = !existsSync(into);
  try {
    // Sources first: a bad source must not leave a new, empty destination behind.
    for (const file of sources) opened.push({ file, db: openDatabase(file, { readonly: true }) });
    dest = openDatabase(into);
    checkEachCountedOnce(dest, into, opened);

    const findings = findingQueries(dest);
    const meta = dest.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?)');
    let added = 0;
    let merged = 0;
    const target = dest;
    const mergeOne = dest.transaction((source: Db, file: string) => {
      const campaignIds = copyCampaigns(source, target);
      const mapId = (id: CampaignId | null): CampaignId | null => (id === null ? null : (campaignIds.get(id) ?? null));
      for (const finding of findingQueries(source).list()) {
        if (findings.merge(finding, mapId(finding.campaignId))) added++;
        else merged++;
      }
      const corpus = corpusQueries(target);
      for (const entry of corpusQueries(source).iterate()) {
        // Batch numbers belong to the source's campaigns, which a merged database never resumes.
        corpus.add(entry, entry.addedAt, mapId(entry.campaignId), null);
      }
      const coverage = coverageQueries(target);
      const keys: number[] = [];
      for (const key of coverageQueries(source).iterate()) keys.push(key);
      coverage.add(keys);
      const certificates = certificateQueries(target);
      for (const c of certificateQueries(source).list()) certificates.add(c);
      meta.run(`merged:${storeIdOf(source)}`, JSON.stringify({ file, at: Date.now() }));
    });
    for (const { file, db } of opened) mergeOne.immediate(db, file);
    return { findings: findings.count(), added, merged };
  } catch (error) {
    // A refused merge into a file it created leaves no empty database behind.
    if (created) {
      dest?.close();
      dest = undefined;
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${into}${suffix}`, { force: true });
    }
    throw error;
  } finally {
    for (const { db } of opened) db.close();
    dest?.close();
  }
}

function checkEachCountedOnce(dest: Db, into: string, sources: readonly { file: string; db: Db }[]): void {
  const seen = new Map<string, string>([[storeIdOf(dest), into]]);
  const alreadyMerged = dest.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck();
  const problems: { field: string; message: string }[] = [];
  for (const { file, db } of sources) {
    const id = storeIdOf(db);
    const earlier = alreadyMerged.get(`merged:${id}`);
    const same = seen.get(id);
    if (same !== undefined) {
      problems.push({
        field: file,
        message: `"${file}" is the same database as "${same}" (a copy or the same file); merging it would count it twice.`,
      });
    } else if (earlier !== undefined) {
      const { file: from } = JSON.parse(earlier) as { file: string };
      problems.push({
        field: file,
        message: `"${file}" was already merged into "${into}" (from "${from}"); merging it again would count its findings twice.`,
      });
    }
    seen.set(id, file);
  }
  if (problems.length > 0) throw new InputError(`cannot merge into ${into}`, problems);
}

/** Copies every campaign of `source` (and its stats) into `dest`; returns source id → new id. */
function copyCampaigns(source: Db, dest: Db): Map<CampaignId, CampaignId> {
  const from = campaignQueries(source);
  const to = campaignQueries(dest);
  const fromStats = statsQueries(source);
  const toStats = statsQueries(dest);
  const fromTallies = tallyQueries(source);
  const toTallies = tallyQueries(dest);
  const fromPct = pctTallyQueries(source);
  const toPct = pctTallyQueries(dest);
  const ids = new Map<CampaignId, CampaignId>();
  for (const campaign of from.list()) {
    const id = to.copy(campaign);
    ids.set(campaign.id, id);
    for (const { campaignId: _, ...row } of fromStats.forCampaign(campaign.id)) toStats.add(id, row);
    toTallies.add(id, fromTallies.forCampaign(campaign.id));
    toPct.add(id, fromPct.forCampaign(campaign.id));
  }
  return ids;
}
