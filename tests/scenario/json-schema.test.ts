/**
 * The published JSON Schema agrees with the validator: every corpus file and every valid generated input
 * passes it, and an input broken in one field fails it unless the fault is a rule between fields, which only
 * the validator can judge.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { scenarioPaths } from '../../src/contract/scenario.js';
import { maxCpus, platformNames } from '../../src/contract/topology.js';
import { InputError, type InputProblem } from '../../src/errors.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { fuzzScenarioInput } from '../../src/scenario/fuzz-arbitraries.js';
import { crossFieldRules, type JsonSchema, scenarioJsonSchema } from '../../src/scenario/json-schema.js';
import { schemaErrors, unknownKeywords } from '../helpers/json-schema.js';
import { validScenarioInput } from '../helpers/scenario-arbitraries.js';
import { malformedScenarioInput } from '../helpers/scenario-breakers.js';

const schema = scenarioJsonSchema();
/** Enough that every way the malformed arbitrary breaks a field (some 50 breakers, up to 8 ways each) comes up. */
const numRuns = 2000;

/**
 * The validator's messages for rules between fields (the schema's `crossFieldRules`). A CPU number is only a
 * relation when it is one of the emulator's CPUs: anything else is out of range on its own.
 */
const crossFieldMessages: readonly RegExp[] = [
  new RegExp(`× threadsPerCore must be at most ${maxCpus} CPUs`),
  /a topology platform "[^"]+" cannot have with these features/,
  /must be a CPU of this topology \(0–\d+\), but was \d+\.$/,
  /must not be crashCpu \(\d+\)/,
  /must be empty on this board: /,
  /repeats CPU \d+, already wedged by/,
  /must have one speed per CPU/,
  /must be at least "timing\.ipiLatency\.min"/,
  /must be at most "timing\.budget"/,
  /must list at least one \[cpu, steps\] slice when "timing\.policy" is "replay"/,
  /must be empty unless "timing\.policy" is "replay"/,
  /must end within memory/,
  /must not overlap/,
  /must lie inside/,
  /is required for path "kdump"/,
];

function validatorProblems(input: unknown): readonly InputProblem[] {
  try {
    validateScenario(input);
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
}

/** Every `default` in the schema's sections, with the path of its field: `[['timing', 'seed'], 1]`, ... */
function defaultsIn(s: JsonSchema, path: readonly string[] = []): [readonly string[], unknown][] {
  const found: [readonly string[], unknown][] = 'default' in s ? [[path, s.default]] : [];
  for (const [key, sub] of Object.entries(s.properties ?? {})) found.push(...defaultsIn(sub, [...path, key]));
  return found;
}

const valueAt = (data: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], data);

describe('the scenario JSON Schema', () => {
  test('is draft 2020-12 and uses no keyword the test validator does not check', () => {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(unknownKeywords(schema), []);
  });

  test('its description lists every rule it leaves to the validator', () => {
    for (const rule of crossFieldRules) assert.ok(schema.description?.includes(rule), rule);
  });

  test('every corpus scenario validates against it', () => {
    const dir = new URL('../../corpus/', import.meta.url);
    const files = readdirSync(dir).filter((f) => /^s\d+.*\.json$/.test(f));
    assert.ok(files.length > 0);
    for (const file of files) {
      const input: unknown = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
      assert.deepEqual(schemaErrors(schema, input), [], file);
    }
  });

  test('for any valid scenario input, the schema accepts it', () => {
    fc.assert(
      fc.property(validScenarioInput(), (input) => {
        assert.deepEqual(schemaErrors(schema, input), []);
      }),
      { numRuns },
    );
  });

  test('for any scenario the fuzzer generates, the schema accepts it', () => {
    fc.assert(
      fc.property(fuzzScenarioInput(), (input) => {
        assert.deepEqual(schemaErrors(schema, input), []);
      }),
      { numRuns: 100 },
    );
  });

  test('for any input broken in one field, the schema rejects it unless the fault is a rule between fields', () => {
    fc.assert(
      fc.property(malformedScenarioInput(), ({ input, field }) => {
        if (schemaErrors(schema, input).length > 0) return;
        const problems = validatorProblems(input);
        assert.ok(problems.length > 0, `the validator accepted a break of ${field}`);
        const onItsOwn = problems.filter((p) => !crossFieldMessages.some((r) => r.test(p.message)));
        assert.deepEqual(onItsOwn, [], `the schema accepted ${JSON.stringify(input)}`);
      }),
      { numRuns },
    );
  });

  test('the platform narrows cores, threads and features', () => {
    const rejects = (input: object): void =>
      assert.notDeepEqual(schemaErrors(schema, input), [], JSON.stringify(input));
    const accepts = (input: object): void => assert.deepEqual(schemaErrors(schema, input), [], JSON.stringify(input));
    accepts({ version: 1, platform: 'cps', threadsPerCore: 4, features: { mt: true, vp: false } });
    rejects({ version: 1, platform: 'octeon', threadsPerCore: 2 });
    rejects({ version: 1, platform: 'octeon', features: { mt: true } });
    rejects({ version: 1, platform: 'bmips43xx', cores: 2 });
    accepts({ $schema: './scenario.schema.json', version: 1, platform: 'cmp' });
  });

  test('every default it states is the one validation fills in, on every platform and path', () => {
    const shared = defaultsIn(schema);
    assert.ok(shared.length > 10, 'the common defaults are stated');
    for (const platform of platformNames) {
      const rule = schema.allOf?.find((r) => r.if?.properties?.['platform']?.const === platform);
      const own = defaultsIn(rule?.then ?? {});
      assert.ok(own.length >= 2, `${platform}: cores and threads have defaults`);
      for (const path of scenarioPaths) {
        const filled = validateScenario({ version: 1, platform, path });
        for (const [at, value] of [...shared, ...own]) {
          if (at[0] === 'path') continue; // the input gave one
          assert.deepEqual(valueAt(filled, at), value, `${platform} ${path}: ${at.join('.')}`);
        }
      }
    }
  });
});
