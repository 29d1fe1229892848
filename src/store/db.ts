import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { errorCode, InputError } from '../errors.js';
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
  const place = placeOf(file);
  if (readonly && place.kind === 'missing') throw databaseError(file, `there is no database file "${file}".`);
  if (place.kind === 'directory') {
    throw databaseError(
      file,
      `"${file}" is a directory; give a database file, e.g. --db ${path.join(file, 'kexfuzz.db')}.`,
    );
  }
  if (!readonly && place.unwritable !== null) throw databaseError(file, place.unwritable);
  // A reader that cannot write leaves SQLite's -wal and -shm files behind, or cannot open a WAL database at
  // all: it reads a private copy instead. One that can write opens read-write and never writes, so that
  // closing it removes them; unless a -wal is there already (a campaign is writing, or was killed), which
  // closing could checkpoint into the file: then it opens read-only, as SQLite found it.
  if (readonly && place.unwritable !== null) return openCopy(file);
  if (!readonly) mkdirFor(file);
  try {
    return openChecked(file, readonly, readonly && fs.existsSync(`${file}-wal`));
  } catch (error) {
    // A reader of a database an older kexfuzz wrote reads an upgraded copy: reading never changes the file.
    if (!(error instanceof OlderSchema)) throw error;
    return openCopy(file);
  }
}

/** Thrown by `openChecked` for a reader of a database with an older schema (openDatabase upgrades a copy). */
class OlderSchema extends Error {}

/** Opens a database file that is there to read, or a place kexfuzz may write. */
function openChecked(file: string, readonly: boolean, readonlyConnection: boolean): Db {
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: readonly, readonly: readonlyConnection });
  } catch (error) {
    throw translate(error, file);
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    const state = inspect(db, file);
    if (readonly) {
      db.pragma('query_only = ON');
      if (state === 'empty') throw notOurs(file, 'it is an empty SQLite database');
      if (state < storeSchemaVersion) throw new OlderSchema(`schema version ${state}`);
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

type Place = { readonly kind: 'missing' | 'file'; readonly unwritable: string | null } | { readonly kind: 'directory' };

/** What is at `file`, and why kexfuzz could not write there (null: it can). */
const pathErrors: Readonly<Record<string, string>> = {
  ENAMETOOLONG: 'the path is too long',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EACCES: 'permission denied on a directory of the path',
  ELOOP: 'the path has a loop of symbolic links',
};

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    const why = pathErrors[errorCode(error)];
    if (why === undefined) throw error;
    throw databaseError(file, `cannot use "${file}" as a database: ${why}.`);
  }
}

function placeOf(file: string): Place {
  const stat = statOf(file);
  if (stat?.isDirectory()) return { kind: 'directory' };
  if (stat !== undefined && !canWrite(file)) {
    return { kind: 'file', unwritable: `database file "${file}" is read-only (permission denied).` };
  }
  // SQLite writes FILE-wal and FILE-shm beside the database, and a new one in its directory.
  let dir = path.dirname(path.resolve(file));
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  const unwritable = canWrite(dir)
    ? null
    : `cannot write in directory "${dir}" (permission denied), where SQLite keeps the database and its -wal and -shm files.`;
  return { kind: stat === undefined ? 'missing' : 'file', unwritable };
}

function canWrite(target: string): boolean {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function mkdirFor(file: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } catch (error) {
    throw databaseError(file, `cannot create the directory of "${file}" (${errorCode(error) || String(error)}).`);
  }
}

/**
 * A read-only view of a database kexfuzz cannot write, or wrote with an older schema: a copy in the
 * temporary directory (brought up to date if it is older), removed on close.
 */
function openCopy(file: string): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kexfuzz-readonly-'));
  const remove = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const copy = path.join(dir, path.basename(file));
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    // The copies keep the original's read-only mode; SQLite opening a WAL database needs to write them.
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o600);
    let db: Db;
    try {
      db = openChecked(copy, true, false);
    } catch (error) {
      if (!(error instanceof OlderSchema)) throw error;
      db = openChecked(copy, false, false);
      db.pragma('query_only = ON');
    }
    const close = db.close.bind(db);
    db.close = () => {
      close();
      remove();
      return db;
    };
    return db;
  } catch (error) {
    remove();
    if (!(error instanceof InputError)) throw error;
    // The copy's name in a message would send the user to the wrong file.
    const message = error.problems.map((p) => p.message.replaceAll(path.join(dir, path.basename(file)), file));
    throw databaseError(file, message.join(' '));
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
const cannotOpenCodes = new Set(['SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_AUTH', 'SQLITE_READONLY', 'SQLITE_IOERR']);

/** SQLite's errors about the file itself become input errors; anything else stays a bug. */
function translate(error: unknown, file: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  if (corruptCodes.has(error.code)) return notOurs(file, 'it is not an SQLite database, or it is corrupt');
  // Extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DIRECTORY) name the same trouble in more detail.
  if ([...cannotOpenCodes].some((code) => error.code === code || error.code.startsWith(`${code}_`))) {
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
