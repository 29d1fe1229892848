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
  assert.deepEqual(findJsonError('{"a": 1,}'), { at: 8, why: 'expected a double-quoted property name', field: '' });
  assert.deepEqual(findJsonError('"tab\there"'), { at: 4, why: 'control character inside a string', field: '' });
  assert.deepEqual(findJsonError('"\\x"'), { at: 1, why: 'bad escape', field: '' });
  assert.deepEqual(findJsonError('"\\u12"'), { at: 1, why: 'bad \\u escape', field: '' });
  assert.deepEqual(findJsonError('"open'), { at: 5, why: 'unterminated string', field: '' });
  assert.deepEqual(findJsonError('1 2'), { at: 2, why: 'unexpected text after the JSON value', field: '' });
});

test('the failure names the field whose value it is in, as validation messages do', () => {
  assert.equal(findJsonError('{"a": {"b": [1, {"c": NaN}]}}')?.field, 'a.b[1].c');
  assert.equal(findJsonError('{"a": {"b": [1, 2 3]}}')?.field, 'a.b');
  assert.equal(findJsonError('{"a": {"b": 1,}}')?.field, 'a');
  assert.equal(findJsonError('{"a\\nb": "\t"}')?.field, 'a\\nb');
  assert.deepEqual(findJsonError('[Infinity]'), {
    at: 1,
    why: 'Infinity is not a JSON number (JSON numbers are finite)',
    field: '[0]',
  });
});

test('the description counts lines and columns from 1', () => {
  assert.deepEqual(describeJsonError('[\n  1,\n  ]', undefined), {
    field: '[1]',
    text: 'unexpected "]" at line 3, column 3 (offset 9).',
  });
});

test('a field nested too deep to show whole is cut', () => {
  const deep = `${'{"a":'.repeat(500)}NaN${'}'.repeat(500)}`;
  const { field } = describeJsonError(deep, undefined);
  assert.ok(field.length <= 120 && field.endsWith('…'), field);
});

test('nesting too deep for the recognizer falls back to the parser message', () => {
  const deep = '['.repeat(200_000);
  assert.deepEqual(describeJsonError(deep, new SyntaxError('Unexpected end of JSON input')), {
    field: '',
    text: 'Unexpected end of JSON input.',
  });
});
