import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { validateScenario } from '../../src/scenario/codec.js';
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
