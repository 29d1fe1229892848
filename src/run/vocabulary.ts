/**
 * The kernel's words as the oracle and the trace text read them. The oracle never imports kernel/: it
 * is handed these ids as data here, where the two meet.
 */
import { cacheMaintenanceRoutines } from '../kernel/cacheflush.js';
import { marks, tags } from '../kernel/vocab.js';
import type { OracleVocab } from '../oracle/classify.js';

/** The kernel's names for marks and tags, as a trace report wants them: id → kebab-case name. */
function inverted(table: Readonly<Record<string, number>>): Readonly<Record<number, string>> {
  return Object.fromEntries(Object.entries(table).map(([name, id]) => [id, name.toLowerCase().replaceAll('_', '-')]));
}
export const markNames = inverted(marks);
export const tagNames = inverted(tags);

export const oracleVocab: OracleVocab = {
  marks: {
    relocate: marks.RELOCATE,
    newBoot: marks.NEW_BOOT,
    secondaryUp: marks.SECONDARY_UP,
    bootTimeout: marks.BOOT_TIMEOUT,
    bootDone: marks.BOOT_DONE,
    noteLost: marks.NOTE_LOST,
    noteSaved: marks.NOTE_SAVED,
    machineKexec: marks.MACHINE_KEXEC,
  },
  tags: { oldText: tags.OLD_TEXT, controlPage: tags.CONTROL_PAGE, newImage: tags.NEW_IMAGE },
  tagNames,
  routineClasses: Object.fromEntries(cacheMaintenanceRoutines.map((r) => [r, 'cache-maintenance'])),
};
