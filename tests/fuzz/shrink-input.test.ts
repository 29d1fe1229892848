import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Scenario } from '../../src/contract/scenario.js';
import { reminimize } from '../../src/fuzz/reminimize.js';
import { inputSize, minimalJson, reproSize, shrinkInput } from '../../src/fuzz/shrink-input.js';
import { signatureOf } from '../../src/oracle/signature.js';
import { runStrategy } from '../../src/run/run-strategy.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { builtinStrategies, strategyByName } from '../../src/strategies/index.js';
import { sig } from '../helpers/factories.js';
import { bug, failingAfter, unbuildable } from '../helpers/failing-strategy.js';

const legacy = strategyByName('legacy');
if (legacy === undefined) throw new Error('no legacy strategy');

/** S1 (legacy kdump hangs in __flush_cache_all) with fields that do not matter to it. */
const padded: Scenario = validateScenario({
  version: 1,
  platform: 'cps',
  path: 'kdump',
  crashCpu: 3,
  timing: { seed: 5, quantum: 16, stalls: [{ cpu: 1, from: 100, steps: 50 }] },
  layout: { cache: { l1Ways: 4 } },
});
const signature = signatureOf('cps', 'legacy', runStrategy(padded, legacy).outcome);

test('shrinking towards the defaults keeps the signature and gives a strictly smaller input', () => {
  const r = shrinkInput(padded, { strategy: legacy, signature, booted: [] }, 40);
  assert.ok(r.steps > 0);
  assert.ok(reproSize(r.scenario) < reproSize(padded), minimalJson(r.scenario));
  assert.equal(signatureOf('cps', 'legacy', runStrategy(r.scenario, legacy).outcome), signature);
  assert.ok(r.runs <= 40);
});

test('shrinking spends at most the runs it is given, and none leaves the input as it was', () => {
  assert.equal(shrinkInput(padded, { strategy: legacy, signature, booted: [] }, 0).scenario, padded);
  assert.ok(shrinkInput(padded, { strategy: legacy, signature, booted: [] }, 2).runs <= 2);
});

test('a signature the scenario does not show is never reached: the input comes back unchanged', () => {
  const r = shrinkInput(padded, { strategy: legacy, signature: sig('cps/legacy/ok/-'), booted: [] }, 10);
  assert.equal(r.scenario, padded);
  assert.equal(r.steps, 0);
});

test('inputSize leaves out a replay schedule; reproSize counts it', () => {
  const replay = validateScenario({ version: 1, platform: 'cps', timing: { policy: 'replay', schedule: [[0, 5]] } });
  const plain = validateScenario({ version: 1, platform: 'cps' });
  assert.equal(inputSize(replay), inputSize(plain));
  assert.ok(reproSize(replay) > reproSize(plain));
});

test('reminimize keeps the divergence: every strategy that booted on the repro still boots on the result', () => {
  const booted = builtinStrategies.filter((st) => runStrategy(padded, st).outcome.kind === 'ok');
  assert.ok(booted.length > 0, 'S1 is a divergence: upstream boots');
  const r = reminimize(padded, legacy, signature, builtinStrategies, 40);
  for (const st of booted) assert.equal(runStrategy(r.after.scenario, st).outcome.kind, 'ok', st.name);
});

test('reminimize: smaller or equal on both measures, replays identically, the signature kept', () => {
  const r = reminimize(padded, legacy, signature, builtinStrategies, 40);
  assert.equal(r.improved, true);
  assert.equal(r.after.signature, signature);
  assert.ok(r.after.switches <= r.before.switches);
  assert.ok(r.after.size <= r.before.size);
  assert.equal(runStrategy(r.after.scenario, legacy).machine?.trace.hash(), r.after.traceHash);
  const none = reminimize(padded, legacy, sig('cps/legacy/ok/-'), builtinStrategies, 40);
  assert.equal(none.improved, false);
  assert.equal(none.after, none.before);
});

test('a candidate the kernel cannot lay out is not taken: the input comes back unchanged', () => {
  const r = shrinkInput(padded, { strategy: failingAfter(0, unbuildable), signature, booted: [] }, 10);
  assert.equal(r.scenario, padded);
  assert.equal(r.steps, 0);
});

test('a bug thrown while trying a candidate propagates', () => {
  assert.throws(
    () => shrinkInput(padded, { strategy: failingAfter(0, bug), signature, booted: [] }, 10),
    /bug in a run/,
  );
});
