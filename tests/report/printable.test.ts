import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { printable, printableLines } from '../../src/report/printable.js';
import { textTable } from '../../src/report/text-table.js';

/** What a terminal may act on: Unicode's controls (C0, DEL, C1) and the bidi embeddings, overrides, isolates. */
const unsafe = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

const char = (from: number, to: number): fc.Arbitrary<string> =>
  fc.integer({ min: from, max: to }).map((c) => String.fromCodePoint(c));

/** Strings dense in what matters: controls, bidi controls, backslashes, and any other code point. */
const hostile = fc.string({
  unit: fc.oneof(
    char(0x00, 0x20),
    char(0x7f, 0xa0),
    char(0x202a, 0x202e),
    char(0x2066, 0x2069),
    fc.constant('\\'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
});

test('each control shows as a \\xHH escape and each bidi control as \\uHHHH; the rest is kept', () => {
  assert.equal(
    printable('a\x1b[2J\x07\r\n\t\x00\x7f\x9b31m\u202eb\u2066c'),
    'a\\x1b[2J\\x07\\x0d\\x0a\\x09\\x00\\x7f\\x9b31m\\u202eb\\u2066c',
  );
  assert.equal(printable('héllo — ✓ 🙂 \\x1b'), 'héllo — ✓ 🙂 \\x1b');
  assert.equal(printableLines('note one\x1b[2J\r\n  more\tthere\n'), 'note one\\x1b[2J\\x0d\n  more\\x09there\n');
});

test('for any string, printable leaves no control or bidi control, and escaping twice changes nothing', () => {
  fc.assert(
    fc.property(hostile, (text) => {
      const shown = printable(text);
      assert.doesNotMatch(shown, unsafe);
      assert.equal(printable(shown), shown);
    }),
    { numRuns: 100 },
  );
});

test('printable is the identity on printable ASCII', () => {
  fc.assert(
    fc.property(fc.string({ unit: char(0x20, 0x7e) }), (text) => {
      assert.equal(printable(text), text);
    }),
    { numRuns: 100 },
  );
});

test('for any string, printableLines keeps its line breaks and nothing else a terminal acts on', () => {
  fc.assert(
    fc.property(hostile, (text) => {
      const shown = printableLines(text);
      assert.doesNotMatch(shown.replaceAll('\n', ''), unsafe);
      assert.equal(shown.split('\n').length, text.split('\n').length);
    }),
    { numRuns: 100 },
  );
});

test('a table escapes its cells and aligns the columns on what is shown', () => {
  const table = textTable(
    ['name', 'description'],
    [
      ['a\x1b', 'x'],
      ['bcdef', 'y\r\x07'],
    ],
  );
  assert.equal(table, ['name   description', 'a\\x1b  x', 'bcdef  y\\x0d\\x07'].join('\n'));
});
