/** `kexfuzz findings triage ID`: set a finding's status and/or add a timestamped note. */
import { type Command, Option } from 'commander';
import { type FindingStatus, findingStatuses } from '../contract/finding.js';
import { UsageError } from '../errors.js';
import { notesText } from '../report/finding-detail.js';
import { findingsTable } from '../report/findings-table.js';
import { withStore } from './db.js';
import type { DbOptions } from './flags.js';
import type { Io } from './io.js';
import { findingCommand, findingOf, replayOf } from './stored-finding.js';

interface TriageOptions extends DbOptions {
  readonly status?: FindingStatus;
  readonly note?: string;
}

export function findingsTriageCommand(io: Io): Command {
  return findingCommand('triage', "set a finding's status and/or add a timestamped note")
    .addOption(new Option('--status <status>', 'the new triage status').choices(findingStatuses))
    .option('--note <text>', 'a note to append, stamped with the time')
    .action((ref: string, o: TriageOptions) => {
      if (o.status === undefined && (o.note === undefined || o.note.trim() === '')) {
        throw new UsageError(
          `findings triage needs --status (one of ${findingStatuses.join(', ')}) or a non-empty --note TEXT, or both.`,
        );
      }
      return withStore(o.db, true, (store) => {
        const f = findingOf(store, ref, o.db);
        const updated = store.triage(f.id, { status: o.status, note: o.note }) ?? f;
        io.out(
          [findingsTable([updated]), '', 'notes:', notesText(updated.notes), '', replayOf(updated, o.db)].join('\n'),
        );
      });
    });
}
