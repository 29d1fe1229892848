import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

/** Where a command writes; tests pass their own to capture output. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly readStdin: () => string;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  readStdin: () => readFileSync(0, 'utf8'),
};

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

/** Reads a file argument, or standard input for `-`; a missing file is the user's input error. */
export function readInput(path: string, io: Io): string {
  if (path === '-') return io.readStdin();
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const reason = readErrors[code] ?? `cannot be read (${code || String(error)})`;
    throw new InputError(`cannot read ${path}`, [{ field: '', message: `${path}: ${reason}` }]);
  }
}
