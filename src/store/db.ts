import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../errors.js';
import { migrations, storeSchemaVersion } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open an existing database for reading only: a missing file is an error and nothing is written. */
  readonly readonly?: boolean | undefined;
}

/** How long a connection waits for another one's write lock before failing with SQLITE_BUSY. */
const busyTimeoutMs = 5000;

/**
 * Opens (creating it and its directory if needed, unless read-only) a kexfuzz database, refusing
 * files that are not ours or are newer than this code, and brings its schema up to date.
 * Every check runs before the first write, so a refused file is left byte for byte as it was.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly ?? false;
  if (readonly && !fs.existsSync(file)) {
    throw databaseError(file, `there is no database file "${file}".`);
  }
  if (!readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  let db: Db;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw translate(error, file);
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    const state = inspect(db, file);
    if (readonly) {
      if (state === 'empty') throw notOurs(file, 'it is an empty SQLite database');
      if (state < storeSchemaVersion) {
        throw databaseError(
          file,
          `database "${file}" has schema version ${state}, older than this kexfuzz's ${storeSchemaVersion}; ` +
            'a kexfuzz command that writes to it (e.g. findings triage) upgrades it.',
        );
      }
    } else {
      // Persistent in the file: readers never block the campaign's writer, and it never blocks them.
      db.pragma('journal_mode = WAL');
      migrate(db);
    }
    // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw translate(error, file);
  }
}

/** `'empty'` for a brand-new file, else the schema version of a kexfuzz database this code can read. */
function inspect(db: Db, file: string): 'empty' | number {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db
    .prepare<[], string>(
      `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
    )
    .pluck()
    .all();
  if (tables.length === 0 && version === 0) return 'empty';
  if (!tables.includes('meta') || applicationMarker(db) !== 'kexfuzz') {
    const listed = tables.length === 0 ? 'no tables' : `tables ${tables.map((t) => `"${t}"`).join(', ')}`;
    throw notOurs(file, `it is an SQLite database with ${listed} but no kexfuzz marker`);
  }
  if (version > storeSchemaVersion) {
    throw databaseError(
      file,
      `database "${file}" was written by a newer kexfuzz (schema version ${version}); ` +
        `this kexfuzz reads schema version ${storeSchemaVersion} and older. Upgrade kexfuzz to open it.`,
    );
  }
  if (version < 1) throw notOurs(file, 'it has the kexfuzz marker but no schema version, so it is corrupt');
  return version;
}

function applicationMarker(db: Db): string | undefined {
  try {
    return db.prepare<[], string>(`SELECT value FROM meta WHERE key = 'application'`).pluck().get();
  } catch {
    return undefined; // a foreign "meta" table with other columns
  }
}

function migrate(db: Db): void {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  if (current() >= storeSchemaVersion) return;
  // IMMEDIATE takes the write lock first, so two processes creating the same file cannot both migrate.
  db.transaction(() => {
    const from = current();
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
    db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?)`).run(randomUUID());
  }).immediate();
}

/** The random id a database got when it was created; copies of a file share it. */
export function storeIdOf(db: Db): string {
  return db.prepare<[], string>(`SELECT value FROM meta WHERE key = 'store_id'`).pluck().get() ?? '';
}

const corruptCodes = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);
const cannotOpenCodes = new Set(['SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_AUTH', 'SQLITE_READONLY']);

/** SQLite's errors about the file itself become input errors; anything else stays a bug. */
function translate(error: unknown, file: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  if (corruptCodes.has(error.code)) return notOurs(file, 'it is not an SQLite database, or it is corrupt');
  if (cannotOpenCodes.has(error.code)) {
    return databaseError(file, `cannot open database file "${file}": ${error.message}.`);
  }
  return error;
}

function notOurs(file: string, why: string): InputError {
  return databaseError(file, `"${file}" is not a kexfuzz database: ${why}. It was left unchanged.`);
}

function databaseError(file: string, message: string): InputError {
  return new InputError(`cannot use database ${file}`, [{ field: 'database', message }]);
}
