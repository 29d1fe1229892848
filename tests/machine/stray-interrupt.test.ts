/**
 * Stray interrupts (`faults.strayInterrupts`): a software interrupt nobody sends arrives at its step as an
 * IPI would, which is what lets a thread parked in `wait` wake on its own (BRIEF.md §7 S7).
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asm, expectStop, runPrograms } from '../helpers/machine-runner.js';

const program = asm(0x100, (a) => {
  a.routine('sleeper').ei().label('wait_irq').wait().b('wait_irq');
  a.routine('masked').di().label('spin').pause().b('spin');
  a.routine('handler').mark(9).exit(0);
});

describe('stray interrupts', () => {
  test('a CPU sleeping in wait wakes at the stray interrupt, and no sooner: time jumps to it', () => {
    const ran = runPrograms({
      programs: [{ program }],
      start: { 0: 'sleeper' },
      ebase: 'handler',
      strays: [{ cpu: 0, at: 5000 }],
    });
    expectStop(ran, 'exit');
    assert.deepEqual(
      ran.of('stray-interrupt').map((e) => [e.cpu, e.step]),
      [[0, 5000]],
    );
    const taken = ran.of('ipi-taken');
    assert.equal(taken.length, 1);
    assert.ok(taken[0]!.step >= 5000);
    assert.deepEqual(ran.marks(0), [9]);
  });

  test('given out of order, stray interrupts arrive in step order', () => {
    const ran = runPrograms({
      programs: [{ program }],
      start: { 0: 'masked', 1: 'masked' },
      run: { budget: 20_000 },
      strays: [
        { cpu: 1, at: 3000 },
        { cpu: 0, at: 1000 },
      ],
    });
    assert.deepEqual(
      ran.of('stray-interrupt').map((e) => [e.cpu, e.step]),
      [
        [0, 1000],
        [1, 3000],
      ],
    );
  });

  test('on a halted CPU the stray interrupt is dropped, as an IPI is', () => {
    const ran = runPrograms({
      programs: [{ program }],
      start: { 0: 'sleeper' },
      strays: [{ cpu: 1, at: 100 }],
      run: { budget: 20_000 },
    });
    assert.deepEqual(
      ran.of('ipi-dropped').map((e) => [e.cpu, e.state]),
      [[1, 'halted']],
    );
    assert.equal(ran.of('ipi-taken').length, 0);
  });

  test('with interrupts masked it stays pending: a stray interrupt is no reset', () => {
    const ran = runPrograms({
      programs: [{ program }],
      start: { 0: 'masked' },
      ebase: 'handler',
      strays: [{ cpu: 0, at: 100 }],
      run: { budget: 20_000 },
    });
    assert.equal(ran.of('stray-interrupt').length, 1);
    assert.equal(ran.of('ipi-taken').length, 0);
    assert.equal(ran.machine.pending[0], 1);
  });
});
