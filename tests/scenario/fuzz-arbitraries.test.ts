import { test } from 'node:test';
import fc from 'fast-check';
import { validateScenario } from '../../src/scenario/codec.js';
import { fuzzScenarioInput } from '../../src/scenario/fuzz-arbitraries.js';

test('for any fuzzed scenario, validation accepts it', () => {
  fc.assert(
    fc.property(fuzzScenarioInput(), (input) => {
      validateScenario(input);
    }),
    { numRuns: 300 },
  );
});
