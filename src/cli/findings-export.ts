/** `kexfuzz findings export ID`: the repro as a scenario file that `kexfuzz run` accepts. */
import path from 'node:path';
import type { Command } from 'commander';
import { kexfuzzCommand } from '../report/command-name.js';
import { compactJson } from '../report/compact-json.js';
import { shellWord } from '../report/finding-detail.js';
import { printable } from '../report/printable.js';
import { minimalScenarioInput } from '../scenario/codec.js';
import type { Finding } from '../store/index.js';
import { withStore } from './db.js';
import { type DbOptions, filePath } from './flags.js';
import { type Io, writeOutput } from './io.js';
import { findingCommand, findingOf, storedScenario } from './stored-finding.js';

interface ExportOptions extends DbOptions {
  readonly out: string;
}

/** `<id>-<signature>.json`, the signature's slashes (and anything else unsafe in a name) as `_`. */
export function exportFileName(f: Pick<Finding, 'id' | 'signature'>): string {
  return `${f.id}-${f.signature.replace(/[^\w.-]/g, '_')}.json`;
}

export function findingsExportCommand(io: Io): Command {
  return findingCommand('export', 'write the minimized repro as a scenario file that kexfuzz run accepts')
    .option('--out <dir>', 'directory to write <id>-<signature>.json into', filePath, 'findings')
    .action((ref: string, o: ExportOptions) =>
      withStore(o.db, false, (store) => {
        const f = findingOf(store, ref, o.db);
        const repro = storedScenario(f);
        const file = path.join(o.out, exportFileName(f));
        writeOutput(file, `${compactJson(minimalScenarioInput(repro))}\n`, '--out');
        io.out(
          [
            `wrote ${file}`,
            `${kexfuzzCommand(`run ${shellWord(file)} --strategies ${f.strategy}`)}   # ${f.signature}: expect ${f.outcomeKind}`,
          ]
            .map(printable)
            .join('\n'),
        );
      }),
    );
}
