/** The findings database as the triage commands open it: `--db FILE`, an existing file only. */
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { kexfuzzCommand } from '../report/command-name.js';
import { openStore, type Store } from '../store/index.js';

/**
 * Opens an existing database; read-only unless `write` (triage and minimize). A missing file is the
 * user's input error, never a new empty database.
 */
export function openExistingStore(file: string, options: { readonly write?: boolean } = {}): Store {
  if (!existsSync(file)) {
    throw new InputError(`cannot use database ${file}`, [
      {
        field: 'database',
        message: `there is no findings database "${file}"; give its path with --db FILE, or create one with ${kexfuzzCommand(`fuzz --db ${file}`)}.`,
      },
    ]);
  }
  return openStore(file, { readonly: !options.write });
}

/** Opens the database, runs `f`, and closes it whatever happens. */
export async function withStore<T>(db: string, write: boolean, f: (store: Store) => T | Promise<T>): Promise<T> {
  const store = openExistingStore(db, { write });
  try {
    return await f(store);
  } finally {
    store.close();
  }
}
