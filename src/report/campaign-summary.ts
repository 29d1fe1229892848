/**
 * What `kexfuzz fuzz` prints when a campaign ends: what it ran, what it found, and one line per new bug
 * (a group of signatures no earlier campaign, corpus scenario or baseline had) that ends with a
 * copy-pasteable replay line for its smallest repro (fast-check's `{ seed, path }` habit).
 */
import { knownOrder } from './bug-groups.js';
import { kexfuzzCommand } from './command-name.js';
import { shellWord } from './finding-detail.js';
import { findingKindText } from './findings-table.js';
import { plural } from './plural.js';
import { printable } from './printable.js';
import { byKindText, durationText, rateText } from './status-line.js';

export interface NewFindingEntry {
  readonly id: number;
  readonly kind: string;
  readonly label: string | null;
  readonly signature: string;
  readonly title: string;
  /** The campaign seed and the scenario index that first showed it. */
  readonly seed: number;
  readonly scenario: number;
}

/** A bug this campaign showed a new signature of. */
export interface NewGroupEntry {
  readonly id: string;
  readonly key: string;
  readonly kind: string;
  readonly label: string | null;
  readonly strategies: readonly string[];
  readonly platforms: readonly string[];
  /** Its signatures new in this campaign. */
  readonly newSignatures: number;
  /** What knew it already (`S1`, `corpus`, `baseline`), or empty. */
  readonly known: readonly string[];
  /** Whether every signature of it is new in this campaign (and nothing knew it): a new bug. */
  readonly isNew: boolean;
  /** Its smallest repro, with where the campaign first found it. */
  readonly best: NewFindingEntry;
}

export interface CampaignReport {
  readonly campaignId: number;
  readonly seed: number;
  readonly shard: string;
  readonly db: string;
  /** Whether `db` is the default database, which the lines to copy then leave out. */
  readonly defaultDb: boolean;
  readonly resumed: boolean;
  readonly stoppedBy: 'runs' | 'time' | 'abort';
  /** Scenarios this session generated, and those the kernel could not lay out (skipped). */
  readonly runs: number;
  readonly invalid: number;
  /** The campaign's runs in all, counting the sessions before a resume. */
  readonly campaignRuns: number;
  readonly elapsedMs: number;
  /** Of `elapsedMs`, the fuzzing; the rest was spent minimizing after it. */
  readonly fuzzingMs: number;
  /** Scenarios per second of fuzzing this session. */
  readonly runsPerSecond: number;
  /** Distinct signatures seen this session, by outcome kind. */
  readonly seenByKind: Readonly<Record<string, number>>;
  readonly coverage: { readonly total: number; readonly added: number };
  readonly corpus: { readonly total: number; readonly added: number };
  /** Null when minimization was off. */
  readonly minimize: {
    readonly minimized: number;
    readonly skipped: number;
    /** Minimizations the campaign's earlier (stopped or killed) runs left to this one. */
    readonly owed: number;
  } | null;
  readonly findingsInDb: number;
  readonly newFindings: readonly NewFindingEntry[];
  /** The bugs those new findings belong to. */
  readonly newGroups: readonly NewGroupEntry[];
  /** The command that continues the campaign, when it was stopped early. */
  readonly resume: string | null;
}

/** ` --db FILE`, or nothing for the default database (null), as the lines a user copies want it. */
const dbFlag = (db: string | null): string => (db === null ? '' : ` --db ${shellWord(db)}`);

/** `kexfuzz findings replay 3 --db shard1.db   # seed 1, scenario 17`; `db` null for the default one. */
export function campaignReplayLine(id: number, db: string | null, seed: number, scenario: number): string {
  return `${kexfuzzCommand(`findings replay ${id}${dbFlag(db)}`)}   # seed ${seed}, scenario ${scenario}`;
}

export function campaignSummary(r: CampaignReport): string {
  const why = { runs: 'all runs done', time: 'time is up', abort: 'stopped by a signal' }[r.stoppedBy];
  const runs = r.resumed ? `${plural(r.runs, 'run')} this session, ${r.campaignRuns} in all` : plural(r.runs, 'run');
  const minimizingMs = r.elapsedMs - r.fuzzingMs;
  const tail = minimizingMs >= 1000 ? `, then ${durationText(minimizingMs)} minimizing` : '';
  const lines = [
    `campaign #${r.campaignId} (seed ${r.seed}, shard ${r.shard}${r.resumed ? ', resumed' : ''}): ${why}; ` +
      `${runs} in ${durationText(r.fuzzingMs)} (${rateText(r.runsPerSecond).replace('/s', ' runs/s')})${tail}`,
  ];
  if (r.invalid > 0) {
    lines.push(
      `  ${plural(r.invalid, 'generated scenario')} could not be laid out and ${r.invalid === 1 ? 'was' : 'were'} skipped`,
    );
  }
  const seen = Object.values(r.seenByKind).reduce((a, b) => a + b, 0);
  const kinds = byKindText(r.seenByKind);
  lines.push(
    `signatures: ${seen} seen, ${r.newFindings.length} new${kinds === '' ? '' : ` — ${kinds}`}`,
    `coverage: ${plural(r.coverage.total, 'key')} (+${r.coverage.added}); corpus: ${plural(r.corpus.total, 'scenario')} (+${r.corpus.added})`,
  );
  if (r.minimize !== null && r.newFindings.length + r.minimize.owed > 0) {
    const { minimized, skipped, owed } = r.minimize;
    const rest =
      skipped === 0
        ? ''
        : `; ${skipped} left when minimization stopped keep${skipped === 1 ? 's' : ''} the original scenario ` +
          `(${kexfuzzCommand(`findings minimize ID${dbFlag(r.defaultDb ? null : r.db)}`)})`;
    const of = owed === 0 ? '' : ` and ${owed} owed by the campaign's earlier runs`;
    lines.push(`minimized: ${minimized} of ${plural(r.newFindings.length, 'new finding')}${of}${rest}`);
  }
  lines.push(`database: ${r.db}, ${plural(r.findingsInDb, 'finding')} in all`);
  if (r.resume !== null) lines.push(`resume with: ${r.resume}`);
  const fresh = r.newGroups.filter((g) => g.isNew);
  const before = r.newGroups.filter((g) => !g.isNew);
  if (fresh.length > 0) {
    lines.push('', `${plural(fresh.length, 'new bug')}:`);
    for (const g of fresh) {
      const where = `${g.strategies.join(',')} on ${g.platforms.join(',')}, ${plural(g.newSignatures, 'signature')}`;
      const best = g.best;
      lines.push(
        `  ${g.id} ${findingKindText(g)} ${g.key} — ${where}: ${campaignReplayLine(best.id, r.defaultDb ? null : r.db, best.seed, best.scenario)}`,
      );
    }
  }
  if (before.length > 0) {
    const signatures = before.reduce((n, g) => n + g.newSignatures, 0);
    const tags = [...new Set(before.flatMap((g) => g.known))].sort(knownOrder);
    const known = tags.length === 0 ? '' : ` (${tags.join(', ')})`;
    lines.push(
      '',
      `${plural(signatures, 'new signature')} of ${plural(before.length, 'bug')} known or seen before${known}`,
    );
  }
  if (r.newGroups.length > 0) {
    lines.push(
      `${kexfuzzCommand(`findings list${dbFlag(r.defaultDb ? null : r.db)}`)} lists the bugs; --group ID a bug's signatures`,
    );
  }
  // Every line is one line; group keys and strategy names come from the database and user modules.
  return lines.map(printable).join('\n');
}
