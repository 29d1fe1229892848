import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Io } from '../../src/cli/io.js';
import { statusRenderer } from '../../src/cli/status.js';

function capture() {
  const lines: string[] = [];
  const io: Io = { out: () => {}, err: (t) => void lines.push(t), readStdin: () => '' };
  return { io, lines };
}

describe('status renderer', () => {
  test('off a terminal: a plain line at most every interval, notes at once, and the final line always', () => {
    let t = 0;
    const { io, lines } = capture();
    const status = statusRenderer(io, { now: () => t, intervalMs: 10_000, terminal: null });
    status.update('a');
    t = 9_999;
    status.update('b');
    t = 10_000;
    status.update('c');
    t = 15_000;
    status.update('d');
    status.note('stopping');
    status.finish('e');
    assert.deepEqual(lines, ['c', 'stopping', 'e']);
  });

  test('on a terminal: one line redrawn in place, cut to the width; a note keeps it below; finish ends the line', () => {
    const writes: string[] = [];
    const status = statusRenderer(capture().io, { terminal: { columns: 10, write: (s) => void writes.push(s) } });
    status.update('short');
    status.update('a line longer than ten');
    status.note('stopping');
    status.finish('done');
    assert.equal(
      writes.join(''),
      '\r\x1b[2Kshort' + '\r\x1b[2Ka line l…' + '\r\x1b[2Kstopping\na line l…' + '\r\x1b[2Kdone\n',
    );
  });

  test('a line given as a function of the width is shortened by its maker: one column spare on a terminal, unbounded in a log', () => {
    const writes: string[] = [];
    const widths: number[] = [];
    const make = (columns: number): string => {
      widths.push(columns);
      return 'x'.repeat(Math.min(columns, 12));
    };
    statusRenderer(capture().io, { terminal: { columns: 10, write: (s) => void writes.push(s) } }).update(make);
    assert.deepEqual(writes, ['\r\x1b[2Kxxxxxxxxx']);
    const log = capture();
    statusRenderer(log.io, { intervalMs: 0 }).update(make);
    assert.deepEqual(widths, [9, Number.POSITIVE_INFINITY]);
  });
});
