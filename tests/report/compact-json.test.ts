import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compactJson } from '../../src/report/compact-json.js';

test('objects take one key per line; arrays that fit stay on one line', () => {
  const text = compactJson({
    version: 1,
    faults: { offlineBefore: [2], wedged: [{ cpu: 0, from: 0, steps: null }] },
    timing: {
      schedule: [
        [2, 11],
        [0, 40],
      ],
      stalls: [],
    },
    empty: {},
  });
  assert.equal(
    text,
    [
      '{',
      '  "version": 1,',
      '  "faults": {',
      '    "offlineBefore": [2],',
      '    "wedged": [{ "cpu": 0, "from": 0, "steps": null }]',
      '  },',
      '  "timing": {',
      '    "schedule": [[2, 11], [0, 40]],',
      '    "stalls": []',
      '  },',
      '  "empty": {}',
      '}',
    ].join('\n'),
  );
});

test('an array too long for the width takes one element per line', () => {
  const schedule = Array.from({ length: 30 }, (_, i) => [i % 4, 1000 + i]);
  const lines = compactJson({ schedule }, 120).split('\n');
  assert.equal(lines[1], '  "schedule": [');
  assert.equal(lines[2], '    [0, 1000],');
  assert.equal(lines.length, 30 + 4);
  assert.ok(lines.every((l) => l.length <= 120));
});

test('for any JSON value, compactJson parses back to the same value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      assert.deepEqual(JSON.parse(compactJson(value)), JSON.parse(JSON.stringify(value)));
    }),
  );
});
