import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { describeJsonError, findJsonError } from '../../src/scenario/json-position.js';

test('for any JSON text, the recognizer finds no error', () => {
  fc.assert(
    fc.property(fc.json(), (text) => {
      assert.equal(findJsonError(text), undefined);
    }),
  );
});

test('the recognizer stops at the first thing JSON does not allow', () => {
  assert.deepEqual(findJsonError('{"a": 1,}'), { at: 8, why: 'expected a double-quoted property name' });
  assert.deepEqual(findJsonError('"tab\there"'), { at: 4, why: 'control character inside a string' });
  assert.deepEqual(findJsonError('"\\x"'), { at: 1, why: 'bad escape' });
  assert.deepEqual(findJsonError('"\\u12"'), { at: 1, why: 'bad \\u escape' });
  assert.deepEqual(findJsonError('"open'), { at: 5, why: 'unterminated string' });
  assert.deepEqual(findJsonError('1 2'), { at: 2, why: 'unexpected text after the JSON value' });
});

test('the description counts lines and columns from 1', () => {
  assert.equal(describeJsonError('[\n  1,\n  ]', undefined), 'unexpected "]" at line 3, column 3 (offset 9).');
});

test('nesting too deep for the recognizer falls back to the parser message', () => {
  const deep = '['.repeat(200_000);
  assert.equal(
    describeJsonError(deep, new SyntaxError('Unexpected end of JSON input')),
    'Unexpected end of JSON input.',
  );
});
