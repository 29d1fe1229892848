import { Buffer } from 'node:buffer';
import { closeSync, mkdirSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { errorCode, InputError } from '../errors.js';

/** Where a command writes; tests pass their own to capture output. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Standard input as text; it may stop once it has more than `maxBytes` bytes, which the caller then refuses. */
  readonly readStdin: (maxBytes: number) => string;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  readStdin: (maxBytes) => readUpTo(0, maxBytes),
};

/**
 * Reads `fd` to its end, or until it has given more than `maxBytes`: a file too large to accept (or
 * /dev/zero) is refused after reading only a little more than the limit, not after filling memory.
 */
function readUpTo(fd: number, maxBytes: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total <= maxBytes) {
    const chunk = Buffer.alloc(64 * 1024);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A reader that closed its end of the pipe (`kexfuzz findings list | head -1`) has what it wanted: stop
 * quietly with exit 0, as cat and grep do, instead of dying on an unhandled EPIPE. Committed work is in the
 * database already; a campaign loses at most its batches in flight, as with any kill.
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(0);
    });
  }
}

const readErrors: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
};

/** How messages name the input `path` names. */
export const inputName = (path: string): string => (path === '-' ? 'standard input' : path);

/**
 * Reads a file argument, or standard input for `-`; a missing file is the user's input error. Past `maxBytes` it
 * may stop early: the text is then longer than `maxBytes` bytes, and the caller refuses it by its size.
 */
export function readInput(path: string, io: Io, maxBytes = Number.POSITIVE_INFINITY): string {
  const name = inputName(path);
  try {
    if (path === '-') return io.readStdin(maxBytes);
    const fd = openSync(path, 'r');
    try {
      return readUpTo(fd, maxBytes);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = errorCode(error);
    const reason = readErrors[code] ?? `cannot be read (${code || String(error)})`;
    throw new InputError(`cannot read ${name}`, [{ field: '', message: `${name}: ${reason}` }]);
  }
}

const writeErrors: Readonly<Record<string, string>> = {
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOSPC: 'no space left on the device',
  EEXIST: 'a file is where a directory of the path should be',
};

/** Writes an output file the user named with `flag`, creating its directory; a place it cannot go is their input error. */
export function writeOutput(file: string, text: string, flag: string): void {
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw writeError(file, flag, error);
  }
}

/** A write of `file` that failed, as the user's input error naming `flag`; a programming error as it was. */
function writeError(file: string, flag: string, error: unknown): unknown {
  const code = errorCode(error);
  if (code === '' || code === 'ERR_INVALID_ARG_TYPE') return error;
  return new InputError(`cannot write ${file} (${flag})`, [
    { field: flag, message: `${file}: ${writeErrors[code] ?? code}` },
  ]);
}

/**
 * Replaces `file` with `text` whole: written beside it, then renamed over it, so a process killed while
 * writing leaves the previous file, never half of the new one.
 */
export function replaceOutput(file: string, text: string, flag: string): void {
  const partial = `${file}.partial`;
  writeOutput(partial, text, flag);
  try {
    renameSync(partial, file);
  } catch (error) {
    throw writeError(file, flag, error);
  }
}
