/**
 * `kexfuzz merge A.db B.db ... --into C.db`: folds shard databases into one, deduplicating findings by
 * signature. Refusals from the store (a source that is the destination, one given twice or merged
 * before, a file that is not a kexfuzz database) are input errors: exit 2, nothing written.
 */
import { Command } from 'commander';
import { plural } from '../report/plural.js';
import { printable } from '../report/printable.js';
import { mergeStores } from '../store/index.js';
import { filePath } from './flags.js';
import type { Io } from './io.js';

export function mergeCommand(io: Io): Command {
  return new Command('merge')
    .description('merge findings databases (e.g. one per --shard) into one, deduplicated by signature')
    .argument('<sources...>', 'databases to merge from (read only)')
    .requiredOption('--into <file>', 'the database to merge into (created if missing)', filePath)
    .action((sources: string[], o: { into: string }) => {
      const result = mergeStores(sources, o.into);
      const into = printable(o.into);
      io.out(
        `merged ${plural(sources.length, 'database')} into ${into}: ` +
          `${plural(result.added, 'new signature')} added, ` +
          `${plural(result.merged, 'finding')} merged into signatures it already had; ` +
          `${into} now holds ${plural(result.findings, 'finding')}.`,
      );
    });
}
