/**
 * The timeline's recorder watches a run without taking part: a recorded run is the same run, bit for bit,
 * and what it records agrees with the machine (bursts of one CPU never overlap and lie inside the run; the
 * last IE it saw for each CPU is the machine's at the end).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Scenario } from '../../src/contract/scenario.js';
import { InputError } from '../../src/errors.js';
import { generate, originOf } from '../../src/fuzz/generate.js';
import { BURST_INTS, IE_INTS } from '../../src/machine/recorder.js';
import { runRecorded, runStrategy } from '../../src/run/run-strategy.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { builtinStrategies } from '../../src/strategies/index.js';

function scenarios(count: number): Scenario[] {
  const out: Scenario[] = [];
  for (let i = 0; out.length < count; i++) {
    try {
      out.push(validateScenario(generate(originOf(23, i, [], []))));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }
  return out;
}

test('a recorded run equals the plain run: outcome, stop step and trace hash, on generated scenarios', () => {
  for (const s of scenarios(10)) {
    for (const strategy of builtinStrategies) {
      const plain = runStrategy(s, strategy);
      const recorded = runRecorded(s, strategy);
      const where = `${s.platform}/${strategy.name}`;
      assert.deepEqual(recorded.outcome, plain.outcome, where);
      assert.equal(recorded.machine?.step, plain.machine?.step, `${where}: stop step`);
      assert.equal(recorded.machine?.trace.hash(), plain.machine?.trace.hash(), `${where}: trace`);
    }
  }
});

test("what the recorder keeps agrees with the machine: bursts in order, per CPU apart, and each CPU's last IE", () => {
  for (const s of scenarios(6)) {
    for (const strategy of builtinStrategies) {
      const run = runRecorded(s, strategy);
      const machine = run.machine;
      if (machine === null) continue;
      const r = run.recorder;
      const where = `${s.platform}/${strategy.name}`;
      assert.ok(r.burstCount > 0, `${where}: something ran`);
      const lastEnd = new Array<number>(machine.cpus).fill(0);
      let previousStart = 0;
      for (let i = 0; i < r.burstCount; i++) {
        const cpu = (r.bursts[i * BURST_INTS] ?? 0) & 0xff;
        const start = r.bursts[i * BURST_INTS + 1] ?? 0;
        const end = r.bursts[i * BURST_INTS + 2] ?? 0;
        assert.ok(cpu < machine.cpus, `${where}: burst ${i} names CPU${cpu}`);
        assert.ok(
          start >= previousStart && end >= start && end <= machine.step,
          `${where}: burst ${i} ${start}–${end}`,
        );
        assert.ok(start >= (lastEnd[cpu] ?? 0), `${where}: CPU${cpu}'s bursts overlap at ${start}`);
        lastEnd[cpu] = end;
        previousStart = start;
      }
      const ie = [...r.initialIe];
      for (let i = 0; i < r.ieCount; i++) ie[r.ieChanges[i * IE_INTS + 1] ?? 0] = r.ieChanges[i * IE_INTS + 2] ?? 0;
      assert.deepEqual(ie, [...machine.ie], `${where}: IE at the end`);
    }
  }
});
