import { addSightings, labelOf, type Sightings, type Signature, sightingsOf } from '../contract/finding.js';
import type { Db } from './db.js';
import { parseOutcomeVector, serializeOutcomeVector } from './outcome-vector.js';
import type { CampaignId, Finding, FindingFilter, FindingId, NewFinding, Repro, TriageUpdate } from './types.js';

const columns = `id, signature, kind, label, platform, strategy, outcome_kind AS outcomeKind, routine, title,
  scenario, original, outcomes, trace_hash AS traceHash, switches_original AS switchesOriginal,
  switches_minimized AS switchesMinimized, count, first_seen AS firstSeen, last_seen AS lastSeen,
  campaign_id AS campaignId, status, notes, divergences, regressions, improvements, both_wrong AS bothWrong`;

/** A row as SQLite holds it: the outcome vector as JSON, the signature a plain string, sightings as columns. */
type FindingRecord = Omit<Finding, 'outcomes' | 'signature' | 'sightings'> &
  Sightings & {
    readonly outcomes: string;
    readonly signature: string;
  };

/** Every column but the id, as named parameters. */
type FindingParams = Omit<FindingRecord, 'id'>;

function fromRecord(r: FindingRecord): Finding {
  const { divergences, regressions, improvements, bothWrong, ...rest } = r;
  return {
    ...rest,
    signature: r.signature as Signature,
    outcomes: parseOutcomeVector(r.outcomes),
    sightings: { divergences, regressions, improvements, bothWrong },
  };
}

function toRecord<T extends Pick<Finding, 'outcomes' | 'sightings'>>(
  f: T,
): Omit<T, 'outcomes' | 'sightings'> & Sightings & { outcomes: string } {
  const { sightings, outcomes, ...rest } = f;
  return { ...rest, ...sightings, outcomes: serializeOutcomeVector(outcomes) };
}

interface FilterParams {
  readonly status: string | null;
  readonly platform: string | null;
  readonly strategy: string | null;
  readonly kind: string | null;
}

/** The fields that travel together: which scenario shows the signature, and what it did. */
type ReproFields = Pick<
  Finding,
  | 'kind'
  | 'label'
  | 'title'
  | 'scenario'
  | 'original'
  | 'outcomes'
  | 'traceHash'
  | 'switchesOriginal'
  | 'switchesMinimized'
  | 'campaignId'
>;

export function findingQueries(db: Db) {
  const insert = db.prepare<[FindingParams]>(
    `INSERT INTO findings (signature, kind, label, platform, strategy, outcome_kind, routine, title, scenario,
       original, outcomes, trace_hash, switches_original, switches_minimized, count, first_seen, last_seen,
       campaign_id, status, notes, divergences, regressions, improvements, both_wrong)
     VALUES (@signature, @kind, @label, @platform, @strategy, @outcomeKind, @routine, @title, @scenario,
       @original, @outcomes, @traceHash, @switchesOriginal, @switchesMinimized, @count, @firstSeen, @lastSeen,
       @campaignId, @status, @notes, @divergences, @regressions, @improvements, @bothWrong)`,
  );
  // Kind and label follow every sighting (contract/finding.ts labelOf), so they are set with the counts.
  const seenAgain = db.prepare<[Sightings & Pick<Finding, 'kind' | 'label' | 'count' | 'lastSeen'> & { id: number }]>(
    `UPDATE findings SET count = count + @count, last_seen = max(last_seen, @lastSeen), kind = @kind, label = @label,
       divergences = @divergences, regressions = @regressions, improvements = @improvements, both_wrong = @bothWrong
     WHERE id = @id`,
  );
  const byId = db.prepare<[number], FindingRecord>(`SELECT ${columns} FROM findings WHERE id = ?`);
  const bySignature = db.prepare<[string], FindingRecord>(`SELECT ${columns} FROM findings WHERE signature = ?`);
  const filtered = db.prepare<[FilterParams], FindingRecord>(
    `SELECT ${columns} FROM findings
     WHERE (@status IS NULL OR status = @status) AND (@platform IS NULL OR platform = @platform)
       AND (@strategy IS NULL OR strategy = @strategy) AND (@kind IS NULL OR kind = @kind)
     ORDER BY id`,
  );
  const setTriage = db.prepare<[string, string, number]>('UPDATE findings SET status = ?, notes = ? WHERE id = ?');
  const setRepro = db.prepare<[Omit<Required<Repro>, 'outcomes'> & { readonly outcomes: string; readonly id: number }]>(
    `UPDATE findings SET scenario = @scenario, trace_hash = @traceHash, switches_original = @switchesOriginal,
       switches_minimized = @switchesMinimized, outcomes = @outcomes, title = @title
     WHERE id = @id`,
  );
  const setMerged = db.prepare<
    [
      Omit<ReproFields, 'outcomes'> & { readonly outcomes: string } & Sightings &
        Pick<Finding, 'id' | 'count' | 'firstSeen' | 'lastSeen'>,
    ]
  >(
    `UPDATE findings SET kind = @kind, label = @label, title = @title, scenario = @scenario, original = @original,
       outcomes = @outcomes, trace_hash = @traceHash, switches_original = @switchesOriginal,
       switches_minimized = @switchesMinimized, campaign_id = @campaignId, count = @count,
       first_seen = @firstSeen, last_seen = @lastSeen, divergences = @divergences, regressions = @regressions,
       improvements = @improvements, both_wrong = @bothWrong
     WHERE id = @id`,
  );
  const count = db.prepare<[], number>('SELECT count(*) FROM findings').pluck();
  const countBy = (column: 'kind' | 'status') =>
    db.prepare<[], { key: string; n: number }>(
      `SELECT ${column} AS key, count(*) AS n FROM findings GROUP BY ${column} ORDER BY ${column}`,
    );
  const byKind = countBy('kind');
  const byStatus = countBy('status');

  const get = (id: number): Finding | null => {
    const r = byId.get(id);
    return r === undefined ? null : fromRecord(r);
  };

  return {
    get,
    bySignature: (signature: string): Finding | null => {
      const r = bySignature.get(signature);
      return r === undefined ? null : fromRecord(r);
    },
    list(filter: FindingFilter = {}): Finding[] {
      return filtered
        .all({
          status: filter.status ?? null,
          platform: filter.platform ?? null,
          strategy: filter.strategy ?? null,
          kind: filter.kind ?? null,
        })
        .map(fromRecord);
    },

    /** Records one batch's sighting(s) of a signature; true when the signature is new. */
    upsert(finding: NewFinding, campaignId: CampaignId | null, now: number): boolean {
      const times = finding.count ?? 1;
      if (!Number.isSafeInteger(times) || times < 1) {
        throw new RangeError(`finding ${finding.signature}: count must be a positive integer, but was ${times}`);
      }
      const seen = finding.sightings ?? sightingsOf(finding.kind, finding.label, times);
      const existing = bySignature.get(finding.signature);
      if (existing) {
        const all = addSightings(fromRecord(existing).sightings, seen);
        seenAgain.run({ ...all, ...labelOf(all), count: times, lastSeen: now, id: existing.id });
        return false;
      }
      insert.run({
        signature: finding.signature,
        ...labelOf(seen),
        ...seen,
        platform: finding.platform,
        strategy: finding.strategy,
        outcomeKind: finding.outcomeKind,
        routine: finding.routine,
        title: finding.title,
        scenario: finding.scenario,
        original: finding.original,
        outcomes: serializeOutcomeVector(finding.outcomes),
        traceHash: finding.traceHash,
        switchesOriginal: finding.switchesOriginal,
        switchesMinimized: finding.switchesMinimized,
        count: times,
        firstSeen: now,
        lastSeen: now,
        campaignId,
        status: 'new',
        notes: '',
      });
      return true;
    },

    triage(id: FindingId, update: TriageUpdate): Finding | null {
      const finding = get(id);
      if (!finding) return null;
      let notes = finding.notes;
      if (update.note !== undefined) {
        const line = `${new Date(update.at ?? Date.now()).toISOString()} ${indentContinuations(update.note.trim())}`;
        notes = notes === '' ? line : `${notes}\n${line}`;
      }
      setTriage.run(update.status ?? finding.status, notes, id);
      return get(id);
    },

    updateRepro(id: FindingId, repro: Repro): Finding | null {
      const current = get(id);
      if (current === null) return null;
      setRepro.run({
        id,
        scenario: repro.scenario,
        traceHash: repro.traceHash,
        switchesOriginal: repro.switchesOriginal,
        switchesMinimized: repro.switchesMinimized,
        outcomes: serializeOutcomeVector(repro.outcomes ?? current.outcomes),
        title: repro.title ?? current.title,
      });
      return get(id);
    },

    /**
     * Folds a finding from another database into this one (merge): counts add up, the seen-interval
     * widens, the earliest sighting's repro wins (ties keep ours), our triage status and notes stay.
     * Returns true when the signature was new here.
     */
    merge(other: Finding, campaignId: CampaignId | null): boolean {
      const stored = bySignature.get(other.signature);
      const mine = stored === undefined ? null : fromRecord(stored);
      if (!mine) {
        const { id: _, ...row } = toRecord({ ...other, campaignId });
        insert.run(row);
        return true;
      }
      const theirs = other.firstSeen < mine.firstSeen;
      const repro: ReproFields = theirs ? { ...pickRepro(other), campaignId } : pickRepro(mine);
      const sightings = addSightings(mine.sightings, other.sightings);
      setMerged.run({
        ...toRecord({ ...repro, ...labelOf(sightings), sightings }),
        id: mine.id,
        count: mine.count + other.count,
        firstSeen: Math.min(mine.firstSeen, other.firstSeen),
        lastSeen: Math.max(mine.lastSeen, other.lastSeen),
      });
      return false;
    },

    count: (): number => count.get() ?? 0,
    countByKind: (): Record<string, number> => countsOf(byKind.all()),
    countByStatus: (): Record<string, number> => countsOf(byStatus.all()),
  };
}

export type FindingQueries = ReturnType<typeof findingQueries>;

function pickRepro(f: Finding): ReproFields {
  return {
    kind: f.kind,
    label: f.label,
    title: f.title,
    scenario: f.scenario,
    original: f.original,
    outcomes: f.outcomes,
    traceHash: f.traceHash,
    switchesOriginal: f.switchesOriginal,
    switchesMinimized: f.switchesMinimized,
    campaignId: f.campaignId,
  };
}

/** A note keeps its own line breaks, indented, so every note still starts on a line of its own with its time. */
function indentContinuations(note: string): string {
  return note.replace(/\r?\n/g, '\n  ');
}

function countsOf(rows: readonly { key: string; n: number }[]): Record<string, number> {
  const record: Record<string, number> = {};
  for (const { key, n } of rows) record[key] = n;
  return record;
}
