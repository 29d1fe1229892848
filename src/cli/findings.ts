/**
 * `kexfuzz findings list|show|replay|minimize|export|triage`: triage of the findings a campaign stored, one
 * file per subcommand. Every subcommand takes `--db FILE` and opens an existing database, read-only except
 * for triage and minimize. A finding is named by its id (or its signature).
 */
import { Command } from 'commander';
import { findingsExportCommand } from './findings-export.js';
import { findingsListCommand } from './findings-list.js';
import { findingsMinimizeCommand } from './findings-minimize.js';
import { findingsReplayCommand } from './findings-replay.js';
import { findingsShowCommand } from './findings-show.js';
import { findingsTriageCommand } from './findings-triage.js';
import type { Io } from './io.js';

export function findingsCommand(io: Io): Command {
  const cmd = new Command('findings').description(
    'triage stored findings: list, show, replay, minimize, export, triage',
  );
  for (const sub of [
    findingsListCommand(io),
    findingsShowCommand(io),
    findingsReplayCommand(io),
    findingsMinimizeCommand(io),
    findingsExportCommand(io),
    findingsTriageCommand(io),
  ]) {
    cmd.addCommand(sub);
  }
  return cmd;
}
