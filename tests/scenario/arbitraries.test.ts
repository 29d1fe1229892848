import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { intIn, l2SetsIn, powerOfTwoIn } from '../../src/scenario/arbitraries.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { scenarioLimits } from '../../src/scenario/defaults.js';
import { validScenarioInput } from '../helpers/scenario-arbitraries.js';

// Fixed seed: these check the shape of the distribution, so the sample must be the same on every run.
const seed = 20240601;
const sample = fc.sample(validScenarioInput(), { numRuns: 1000, seed }).map((input) => validateScenario(input));
const share = (ok: (s: (typeof sample)[number]) => boolean): number => sample.filter(ok).length / sample.length;

test('generated memories are mostly 2^16 or 2^17 words, and sometimes other sizes', () => {
  const usual = share((s) => s.layout.memWords === 2 ** 16 || s.layout.memWords === 2 ** 17);
  assert.ok(usual >= 0.8, `seed ${seed}: only ${usual} of memories were 2^16 or 2^17 words`);
  assert.ok(usual < 1, `seed ${seed}: no other memory size was generated`);
});

test('generated segments are mostly at most 0x4000 words, and sometimes larger', () => {
  const small = share((s) => s.layout.segments.every((r) => r.words <= 0x4000));
  assert.ok(small >= 0.9, `seed ${seed}: only ${small} of scenarios kept every segment within 0x4000 words`);
  assert.ok(small < 1, `seed ${seed}: no larger segment was generated`);
});

test('generated old kernels and control pages are mostly at most 0x4000 words', () => {
  const small = share((s) => s.layout.oldKernel.words <= 0x4000 && s.layout.controlPage.words <= 0x4000);
  assert.ok(small >= 0.9, `seed ${seed}: only ${small} of scenarios kept them within 0x4000 words`);
});

test('intIn draws within the limit and narrower bounds, and never widens the limit', () => {
  const limit = { min: 1, max: 16 };
  const drawn = fc.sample(intIn(limit, { min: -5, max: 4 }), { numRuns: 200, seed });
  assert.ok(drawn.every((v) => v >= 1 && v <= 4));
  assert.deepEqual(new Set(fc.sample(intIn(limit, [2, 8]), { numRuns: 200, seed })), new Set([2, 8]));
  assert.throws(() => intIn(limit, [0, 8]), /arbitrary values 0 are not integers from 1 to 16/);
  assert.throws(() => intIn(limit, { min: 17 }), /no integer from 1 to 16 is also from 17 to 16/);
});

test('powerOfTwoIn and l2SetsIn accept only values the validator accepts', () => {
  const { l1SetsLog2 } = scenarioLimits;
  const drawn = fc.sample(powerOfTwoIn(l1SetsLog2), { numRuns: 200, seed });
  assert.ok(drawn.every((v) => v >= 2 ** l1SetsLog2.min && v <= 2 ** l1SetsLog2.max && (v & (v - 1)) === 0));
  assert.throws(() => powerOfTwoIn(l1SetsLog2, [16, 24]), /arbitrary values 24 are not powers of two/);
  assert.throws(() => powerOfTwoIn(l1SetsLog2, [2 ** (l1SetsLog2.max + 1)]), /not powers of two/);
  assert.ok(fc.sample(l2SetsIn(), { numRuns: 200, seed }).includes(0));
  assert.throws(() => l2SetsIn([0, 8]), /arbitrary values 8 are not 0 or powers of two/);
});
