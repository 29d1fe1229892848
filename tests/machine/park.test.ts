/**
 * Parked waits (machine/park.ts): a poll loop whose iteration is a fixed point costs no steps until what it
 * read can have changed, and the run ends at once when nothing can run and nothing is due.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Assembler } from '../../src/machine/asm.js';
import { UNCACHED } from '../../src/machine/isa.js';
import { asm, expectStop, noSnoopCoherence, type Ran, runPrograms, testGeometry } from '../helpers/machine-runner.js';

const data = asm(0x600, (a) => a.routine('flag').word(0).space(15).routine('other_flag').word(0));

/** Steps each CPU executed, from the recorded schedule. */
function stepsOf(ran: Ran, cpu: number): number {
  return ran.machine.scheduler
    .recordedSchedule()
    .filter(([c]) => c === cpu)
    .reduce((sum, [, steps]) => sum + steps, 0);
}

/** `loops` iterations of register-only work: never a fixed point, so never parked. */
function busy(a: Assembler, label: string, loops: number): void {
  a.li('t3', loops).label(label).addi('t3', 't3', -1).bnez('t3', label);
}

function pollerAndWorker(poll: (a: Assembler) => void, seed = 1): Ran {
  const main = asm(
    0x100,
    (a) => {
      a.routine('poller').la('t0', 'flag');
      a.label('wait_flag').lw('t1', 0, 't0');
      poll(a);
      a.beqz('t1', 'wait_flag').mark(1).exit(0);
      a.routine('worker');
      busy(a, 'work', 3000);
      a.la('t0', 'flag').li('t1', 1).sw('t1', 0, 't0').halt();
    },
    data,
  );
  return runPrograms({
    programs: [{ program: main }, { program: data }],
    start: { 0: 'poller', 1: 'worker' },
    run: { seed },
  });
}

describe('parked waits', () => {
  test('a poller with pause costs a few steps while the other CPU works, and still sees the flag', () => {
    const ran = pollerAndWorker((a) => a.pause());
    expectStop(ran, 'exit');
    assert.deepEqual(ran.marks(0), [1]);
    assert.ok(stepsOf(ran, 1) > 6000, `the worker ran ${stepsOf(ran, 1)} steps`);
    assert.ok(stepsOf(ran, 0) < 40, `the poller ran ${stepsOf(ran, 0)} steps`);
  });

  test('parking changes no outcome: with and without pause, the poller sees the flag and exits, under any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (seed) => {
        const parked = pollerAndWorker((a) => a.pause(), seed);
        const spinning = pollerAndWorker((a) => a.nop(), seed);
        assert.equal(parked.stop.kind, 'exit');
        assert.equal(spinning.stop.kind, 'exit');
        assert.deepEqual(parked.marks(0), spinning.marks(0));
        assert.equal(parked.machine.peek(0x600), spinning.machine.peek(0x600));
      }),
      { numRuns: 20 },
    );
  });

  test("a store held in another core's non-coherent L1 does not wake an uncached poller; its writeback does", () => {
    const main = asm(
      0x100,
      (a) => {
        a.routine('poller').la('t0', 'flag').li('t2', UNCACHED).or('t0', 't0', 't2');
        a.label('wait_flag').lw('t1', 0, 't0').pause().beqz('t1', 'wait_flag').mark(1).exit(0);
        a.routine('writer').la('t0', 'flag').li('t1', 1).sw('t1', 0, 't0');
        busy(a, 'hold', 2000);
        a.mark(2).cache('D_HIT_WB', 0, 't0').halt();
      },
      data,
    );
    const ran = runPrograms({
      machine: { coherence: { ...noSnoopCoherence, dCoherent: false }, cache: { ...testGeometry, l2Sets: 0 } },
      programs: [{ program: main }, { program: data }],
      start: { 0: 'poller', 1: 'writer' },
    });
    expectStop(ran, 'exit');
    const written = ran.of('mark').find((e) => e.mark === 2)?.step ?? -1;
    const seen = ran.of('mark').find((e) => e.mark === 1)?.step ?? -1;
    assert.ok(written > 0 && seen > written, `seen at ${seen}, written back at ${written}`);
    assert.ok(stepsOf(ran, 0) < 40, `the poller ran ${stepsOf(ran, 0)} steps while the store sat in L1`);
  });

  test('a timed wait parks until its Compare deadline: time jumps there and the wait times out on the clock', () => {
    const main = asm(
      0x100,
      (a) => {
        a.routine('waiter').mfc0('t0', 'COUNT').li('t1', 50_000).add('t0', 't0', 't1').mtc0('t0', 'COMPARE');
        a.la('t3', 'flag');
        a.label('wait_flag').lw('t1', 0, 't3').bnez('t1', 'got');
        a.mfc0('t2', 'COUNT').slt('t1', 't2', 't0').pause().bnez('t1', 'wait_flag');
        a.mark(3).exit(3);
        a.label('got').mark(1).exit(1);
      },
      data,
    );
    const ran = runPrograms({ programs: [{ program: main }, { program: data }], start: { 0: 'waiter' } });
    expectStop(ran, 'exit');
    assert.deepEqual(ran.marks(0), [3]);
    assert.ok(ran.stop.step >= 50_000, `timed out at ${ran.stop.step}`);
    assert.ok(stepsOf(ran, 0) < 60, `the waiter ran ${stepsOf(ran, 0)} steps`);
  });

  test('a timed wait without a Compare deadline is not parked: it spins to its timeout as before', () => {
    const main = asm(
      0x100,
      (a) => {
        a.routine('waiter').mfc0('t0', 'COUNT').li('t1', 2000).add('t0', 't0', 't1');
        a.label('wait_clock').mfc0('t2', 'COUNT').slt('t1', 't2', 't0').pause().bnez('t1', 'wait_clock');
        a.exit(3);
      },
      data,
    );
    const ran = runPrograms({ programs: [{ program: main }, { program: data }], start: { 0: 'waiter' } });
    expectStop(ran, 'exit');
    assert.ok(stepsOf(ran, 0) >= 2000);
  });

  test('two CPUs polling each other end the run at once as all-stopped, both parked: a proven hang', () => {
    const main = asm(
      0x100,
      (a) => {
        a.routine('a').la('t0', 'flag');
        a.label('wait_flag').lw('t1', 0, 't0').pause().beqz('t1', 'wait_flag').exit(0);
        a.routine('b').la('t0', 'other_flag');
        a.label('wait_other').lw('t1', 0, 't0').pause().beqz('t1', 'wait_other').exit(0);
      },
      data,
    );
    const ran = runPrograms({ programs: [{ program: main }, { program: data }], start: { 0: 'a', 1: 'b' } });
    assert.deepEqual(ran.stop.kind === 'all-stopped' && [ran.stop.parked, ran.stop.step < 200], [2, true]);
    assert.match(ran.where(0), /^a\.wait_flag/);
    assert.match(ran.where(1), /^b\.wait_other/);
  });

  test('a parked CPU whose loop is overwritten wakes and fetches it: its stale I-cache copy is reported', () => {
    const main = asm(
      0x100,
      (a) => {
        a.routine('spinner').la('t0', 'flag');
        a.label('loop').lw('t1', 0, 't0').pause().b('loop');
        a.routine('writer');
        busy(a, 'settle', 200);
        a.la('t0', 'spinner.loop').li('t1', 0).sw('t1', 0, 't0').cache('D_HIT_WB', 0, 't0');
        busy(a, 'after', 200);
        a.exit(0);
      },
      data,
    );
    const ran = runPrograms({ programs: [{ program: main }, { program: data }], start: { 0: 'spinner', 1: 'writer' } });
    expectStop(ran, 'exit');
    assert.ok(ran.of('overwrite-exec').length > 0);
    assert.ok(
      ran.of('stale-fetch').some((e) => e.cpu === 0),
      'the spinner fetched its overwritten loop from its I-cache',
    );
  });

  test('an IPI wakes a parked CPU, which takes it when its interrupts are on', () => {
    const main = asm(
      0x100,
      (a) => {
        a.routine('sleeper').ei().la('t0', 'flag');
        a.label('wait_flag').lw('t1', 0, 't0').pause().beqz('t1', 'wait_flag').exit(9);
        a.routine('handler').mark(4).exit(4);
        a.routine('sender');
        busy(a, 'later', 300);
        a.li('t0', 0).ipi('t0').halt();
      },
      data,
    );
    const ran = runPrograms({
      programs: [{ program: main }, { program: data }],
      start: { 0: 'sleeper', 1: 'sender' },
      ebase: 'handler',
    });
    expectStop(ran, 'exit');
    assert.deepEqual(ran.marks(0), [4]);
  });
});

describe('parked waits on boards beyond 32 CPUs', () => {
  test('CPU 40 parks on a flag and a store by CPU 0 wakes it (watchers of two words)', () => {
    const main = asm(
      0x100,
      (a) => {
        a.routine('poller').la('t0', 'flag');
        a.label('wait_flag').lw('t1', 0, 't0').pause().beqz('t1', 'wait_flag').mark(1).exit(0);
        a.routine('worker');
        busy(a, 'work', 3000);
        a.la('t0', 'flag').li('t1', 1).sw('t1', 0, 't0').halt();
      },
      data,
    );
    const ran = runPrograms({
      machine: { cores: 41 },
      programs: [{ program: main }, { program: data }],
      start: { 40: 'poller', 0: 'worker' },
    });
    expectStop(ran, 'exit');
    assert.deepEqual(ran.marks(40), [1]);
    assert.ok(stepsOf(ran, 40) < 40, `the poller ran ${stepsOf(ran, 40)} steps`);
  });
});
