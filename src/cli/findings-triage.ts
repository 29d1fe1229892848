/**
 * `kexfuzz findings triage ID`: set a finding's status and/or add a timestamped note; with a bug's group id
 * (`g-1a2b3c`), to every finding of that bug at once.
 */
import { type Command, Option } from 'commander';
import { type FindingStatus, findingStatuses } from '../contract/finding.js';
import { UsageError } from '../errors.js';
import { bugGroups } from '../fuzz/bug-groups.js';
import { kexfuzzCommand } from '../report/command-name.js';
import { notesText } from '../report/finding-detail.js';
import { findingsTable } from '../report/findings-table.js';
import { printable } from '../report/printable.js';
import { withStore } from './db.js';
import type { DbOptions } from './flags.js';
import type { Io } from './io.js';
import { dbArg, findingCommand, findingOf, isGroupId, replayOf } from './stored-finding.js';

interface TriageOptions extends DbOptions {
  readonly status?: FindingStatus;
  readonly note?: string;
}

export function findingsTriageCommand(io: Io): Command {
  return findingCommand(
    'triage',
    "set a finding's status and/or add a timestamped note; given a bug's group id (g-…), to all its findings",
  )
    .addOption(new Option('--status <status>', 'the new triage status').choices(findingStatuses))
    .option('--note <text>', 'a note to append, stamped with the time')
    .action((ref: string, o: TriageOptions) => {
      if (o.status === undefined && (o.note === undefined || o.note.trim() === '')) {
        throw new UsageError(
          `findings triage needs --status (one of ${findingStatuses.join(', ')}) or a non-empty --note TEXT, or both.`,
        );
      }
      return withStore(o.db, true, (store) => {
        if (isGroupId(ref)) {
          const group = bugGroups(store.listFindings()).find((g) => g.id === ref);
          if (group === undefined) {
            throw new UsageError(
              `there is no bug ${ref} in ${o.db}; ${kexfuzzCommand(`findings list${dbArg(o.db)}`)} shows the bugs.`,
            );
          }
          const ids = group.members.map((m) => m.id);
          const updated = store.triageAll(ids, { status: o.status, note: o.note, at: Date.now() });
          const key = printable(group.key);
          io.out(
            [`bug ${group.id}: ${key}, ${updated.length} findings triaged`, '', findingsTable(updated)].join('\n'),
          );
          return;
        }
        const f = findingOf(store, ref, o.db);
        const updated = store.triage(f.id, { status: o.status, note: o.note }) ?? f;
        const replay = printable(replayOf(updated, o.db));
        io.out([findingsTable([updated]), '', 'notes:', notesText(updated.notes), '', replay].join('\n'));
      });
    });
}
