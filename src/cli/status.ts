/**
 * Where a campaign's status line goes (Stryker's progress vs progress-append-only reporters): on a
 * terminal one line on stderr is redrawn in place; otherwise (CI logs, a file, a test) a plain line is
 * printed at most every `intervalMs`, and once more at the end.
 */
import { type Io, processIo } from './io.js';

export interface StatusRenderer {
  /**
   * The latest status; drawn now on a terminal, or printed if the interval has passed. A function is given
   * the columns it may fill (unbounded off a terminal) and shortens the line itself.
   */
  update(line: StatusText): void;
  /** A message of its own (e.g. "stopping…"), printed without losing the status line. */
  note(text: string): void;
  /** The final status, always printed, and the terminal line left behind. */
  finish(line: string): void;
}

export type StatusText = string | ((columns: number) => string);

export interface StatusOptions {
  readonly now?: () => number;
  readonly intervalMs?: number;
  /** The terminal to redraw on; by default stderr when it is a TTY and `io` is the process's own. */
  readonly terminal?: { readonly columns: number; write(raw: string): void } | null;
}

function processTerminal(io: Io): StatusOptions['terminal'] {
  if (io !== processIo || process.stderr.isTTY !== true) return null;
  return {
    get columns() {
      return process.stderr.columns || 80;
    },
    write: (raw) => void process.stderr.write(raw),
  };
}

const clearLine = '\r\x1b[2K';

export function statusRenderer(io: Io, options: StatusOptions = {}): StatusRenderer {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 10_000;
  const terminal = options.terminal === undefined ? processTerminal(io) : options.terminal;
  if (terminal) {
    let shown = '';
    // One column spare: a line as wide as the terminal wraps on some of them.
    const fit = (text: StatusText): string => {
      const line = typeof text === 'string' ? text : text(terminal.columns - 1);
      return line.length < terminal.columns ? line : `${line.slice(0, Math.max(0, terminal.columns - 2))}…`;
    };
    return {
      update(line) {
        shown = fit(line);
        terminal.write(clearLine + shown);
      },
      note(text) {
        terminal.write(`${clearLine}${text}\n${shown}`);
      },
      finish(line) {
        shown = '';
        terminal.write(`${clearLine}${line}\n`);
      },
    };
  }
  let last = now();
  return {
    update(text) {
      if (now() - last < intervalMs) return;
      last = now();
      io.err(typeof text === 'string' ? text : text(Number.POSITIVE_INFINITY));
    },
    note: (text) => io.err(text),
    finish: (line) => io.err(line),
  };
}
