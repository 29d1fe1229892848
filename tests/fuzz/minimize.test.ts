import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generate, originFrom } from '../../src/fuzz/generate.js';
import { minimizeSchedule, shrinkScenario } from '../../src/fuzz/minimize.js';
import { signatureOf } from '../../src/oracle/signature.js';
import { runStrategy } from '../../src/run/run-strategy.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { strategyByName } from '../../src/strategies/index.js';
import { bug, failingAfter, unbuildable } from '../helpers/failing-strategy.js';

const legacy = strategyByName('legacy');
if (legacy === undefined) throw new Error('no legacy strategy');

// A generated cps scenario whose shrink is cheap (legacy boots on it) and takes steps with legacy itself.
const origin = originFrom(4, null, ['cps']);
const input = generate(origin);
const scenario = validateScenario(input);
const signature = signatureOf(scenario.platform, legacy.name, runStrategy(scenario, legacy).outcome);
const anySwitches = Number.MAX_SAFE_INTEGER;

describe('shrinkScenario', () => {
  test('with a strategy that always builds, shrinking takes steps (the baseline for the tests below)', () => {
    assert.notDeepEqual(shrinkScenario(origin, legacy, signature, anySwitches, 30), input);
  });

  test('a bug thrown while trying a candidate propagates; it is not read as a shrink step', () => {
    assert.throws(() => shrinkScenario(origin, failingAfter(1, bug), signature, anySwitches, 30), /bug in a run/);
  });

  test('a candidate the kernel cannot lay out is rejected as a shrink step: the input comes back as it was', () => {
    assert.deepEqual(shrinkScenario(origin, failingAfter(1, unbuildable), signature, anySwitches, 30), input);
  });
});

describe('minimizeSchedule', () => {
  test('an unbuildable replay of the schedule leaves the scenario as it was', () => {
    assert.equal(minimizeSchedule(scenario, failingAfter(1, unbuildable), signature, 10), scenario);
  });

  test('a bug thrown while trying a schedule propagates', () => {
    assert.throws(() => minimizeSchedule(scenario, failingAfter(1, bug), signature, 10), /bug in a run/);
  });
});
