import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { InputError } from '../../src/errors.js';
import {
  minimalScenarioInput,
  parseScenario,
  scenarioHash,
  serializeScenario,
  validateScenario,
} from '../../src/scenario/codec.js';
import { validScenarioInput } from '../helpers/scenario-arbitraries.js';
import { malformedScenarioInput } from '../helpers/scenario-breakers.js';

const numRuns = 300;

/** Runs `f` and returns the InputError it throws (or undefined if it accepts); anything else fails the property. */
function inputErrorOf(f: () => unknown): InputError | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw new Error(`threw something other than InputError: ${String(error)}`, { cause: error });
  }
}

/** The same JSON data with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

/** Every path to a value inside plain JSON data, the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => pathsOf(v, [...prefix, i])));
  if (typeof value === 'object' && value !== null) {
    return here.concat(...Object.entries(value).map(([k, v]) => pathsOf(v, [...prefix, k])));
  }
  return here;
}

function replaceAt(data: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (Array.isArray(data)) return data.map((x, i) => (i === key ? replaceAt(x, rest, value) : x));
  const o = { ...(data as Record<string, unknown>) };
  o[String(key)] = replaceAt(o[String(key)], rest, value);
  return o;
}

/** Values from hostile places: odd prototypes, boxed values, sparse arrays, bigints, and keys that look like fields. */
const hostile = fc.anything({
  key: fc.oneof(
    fc.string(),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'version', 'platform', 'base', 'cpu'),
  ),
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});

test('for any valid scenario input, validation accepts it and fills every default', () => {
  fc.assert(
    fc.property(validScenarioInput(), (input) => {
      const s = validateScenario(input);
      assert.equal(s.timing.speeds.length, s.cores * s.threadsPerCore);
      assert.ok(s.crashCpu < s.cores * s.threadsPerCore);
      assert.ok(s.layout.segments.length >= 1);
    }),
    { numRuns },
  );
});

test('for any valid scenario, serialize then parse is the identity', () => {
  fc.assert(
    fc.property(validScenarioInput(), (input) => {
      const s = validateScenario(input);
      const text = serializeScenario(s);
      assert.deepEqual(parseScenario(text), s);
      assert.equal(serializeScenario(parseScenario(text)), text);
    }),
    { numRuns },
  );
});

test('for any valid scenario, the hash does not depend on the order of keys in the input', () => {
  fc.assert(
    fc.property(validScenarioInput(), (input) => {
      assert.equal(scenarioHash(validateScenario(reverseKeys(input))), scenarioHash(validateScenario(input)));
    }),
    { numRuns },
  );
});

test('for any valid scenario, its minimal input validates back to the same scenario', () => {
  fc.assert(
    fc.property(validScenarioInput(), (input) => {
      const s = validateScenario(input);
      const minimal = minimalScenarioInput(s);
      assert.deepEqual(validateScenario(minimal), s);
      assert.deepEqual(minimalScenarioInput(validateScenario(minimal)), minimal);
      assert.ok(JSON.stringify(minimal).length <= JSON.stringify(s).length);
    }),
    { numRuns },
  );
});

test('for any single broken field, validation rejects it with a message naming that field', () => {
  fc.assert(
    fc.property(malformedScenarioInput(), ({ input, field }) => {
      const error = inputErrorOf(() => validateScenario(input));
      assert.ok(error, `accepted an input with "${field}" broken`);
      const named = error.problems.find((p) => p.field === field);
      assert.ok(named, `no problem names "${field}":\n${error.message}`);
      assert.ok(named.message.includes(field), named.message);
    }),
    { numRuns: 500 },
  );
});

test('for any single broken field, the JSON text of it is rejected the same way', () => {
  fc.assert(
    fc.property(malformedScenarioInput(), ({ input, field }) => {
      const text = JSON.stringify(input);
      const error = inputErrorOf(() => parseScenario(text));
      assert.ok(error?.problems.some((p) => p.field === field));
    }),
    { numRuns: 100 },
  );
});

test('validation never throws anything but InputError, whatever the input', () => {
  fc.assert(
    fc.property(hostile, (input) => {
      inputErrorOf(() => validateScenario(input));
    }),
    { numRuns },
  );
  fc.assert(
    fc.property(fc.json(), fc.string(), (json, text) => {
      inputErrorOf(() => parseScenario(json));
      inputErrorOf(() => parseScenario(text));
    }),
    { numRuns },
  );
});

test('for any valid scenario with one value replaced by anything, validation throws nothing but InputError', () => {
  const mutated = validScenarioInput().chain((input) =>
    fc.tuple(fc.constant(input), fc.constantFrom(...pathsOf(input)), fc.oneof(hostile, fc.jsonValue())),
  );
  fc.assert(
    fc.property(mutated, ([input, path, value]) => {
      const error = inputErrorOf(() => validateScenario(replaceAt(input, path, value)));
      for (const p of error?.problems ?? []) assert.match(p.message, /^(a )?scenario /);
    }),
    { numRuns },
  );
});

test('for any text that is not JSON, parsing names where it went wrong', () => {
  fc.assert(
    fc.property(
      fc
        .json()
        .chain((json) =>
          fc.tuple(
            fc.constant(json),
            fc.integer({ min: 0, max: json.length }),
            fc.constantFrom('}', ',', '"', 'x', ':'),
          ),
        ),
      ([json, at, junk]) => {
        const text = json.slice(0, at) + junk + json.slice(at);
        fc.pre(!isJson(text));
        const error = inputErrorOf(() => parseScenario(text));
        assert.match(error?.message ?? '', /not valid JSON: .* at line \d+, column \d+ \(offset \d+\)\./);
      },
    ),
    { numRuns },
  );
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
