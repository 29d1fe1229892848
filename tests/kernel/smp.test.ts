/**
 * The old kernel's cross-CPU calls on their own (src/kernel/smp.ts): who smp_call_function reaches, when
 * it returns, and how the IPI handler serves the per-CPU call queue.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { perCpu } from '../../src/kernel/macros.js';
import { emitIdle, emitIpiHandler, emitSmpCallFunction, emitSmpData, QUEUE_STRIDE } from '../../src/kernel/smp.js';
import type { Assembler } from '../../src/machine/asm.js';
import { type KernelRan, runKernel } from '../helpers/kernel-runner.js';
import { expectStop } from '../helpers/machine-runner.js';

/** The SMP routines, a `ran` word per CPU and `note_ran`, a cross-call function that sets this CPU's word. */
function smpKernel(cpus: number, online: number, more: (a: Assembler) => void) {
  return (a: Assembler): void => {
    emitIdle(a);
    emitIpiHandler(a);
    emitSmpCallFunction(a, cpus);
    a.routine('note_ran').mfc0('t0', 'CPUID');
    perCpu(a, 't1', 'ran', 't0', 1);
    a.li('t2', 1).sw('t2', 0, 't1').ret();
    more(a);
    a.routine('ran').space(cpus);
    emitSmpData(a, cpus, [online]);
  };
}

function ranOn(ran: KernelRan, cpus: number): number[] {
  return Array.from({ length: cpus }, (_, c) => ran.peek('ran', c));
}

/** smp_call_function_many(mask, func, wait) from a CPU with interrupts off, then exit 0. */
function caller(a: Assembler, name: string, mask: number, func: string, wait: 0 | 1): void {
  a.routine(name).li('a0', mask).la('a1', func).li('a2', wait).call('smp_call_function_many').exit(0);
}

describe('smp_call_function', () => {
  /** CPU0 cross-calls CPU1, which has interrupts off for good. */
  const callCpuWithIrqsOff = (wait: 0 | 1): KernelRan =>
    runKernel({
      cpus: 2,
      emit: smpKernel(2, 0b11, (a) => caller(a, 'caller', -1, 'note_ran', wait)),
      roles: { 0: 'caller', 1: 'irqs_off' },
    });

  test('with wait, it runs the function on every other online CPU and returns after the last acknowledgement', () => {
    const ran = runKernel({
      cpus: 4,
      emit: smpKernel(4, 0b1011, (a) =>
        a.routine('caller').la('a1', 'note_ran').li('a2', 1).call('smp_call_function').exit(0),
      ),
      // CPU2 is offline but still takes interrupts: only the online mask keeps it out.
      roles: { 0: 'caller', 1: 'old_idle', 2: 'old_idle', 3: 'old_idle' },
    });
    expectStop(ran, 'exit');
    assert.deepEqual(ranOn(ran, 4), [0, 1, 0, 1]);
    assert.deepEqual(
      ran.of('ipi-sent').map((e) => e.target),
      [1, 3],
    );
  });

  test('smp_call_function_many reaches only the online CPUs of its mask', () => {
    const ran = runKernel({
      cpus: 4,
      emit: smpKernel(4, 0b1111, (a) => caller(a, 'caller', 0b1001, 'note_ran', 1)),
      roles: { 0: 'caller', 1: 'old_idle', 2: 'old_idle', 3: 'old_idle' },
    });
    expectStop(ran, 'exit');
    assert.deepEqual(ranOn(ran, 4), [0, 0, 0, 1], 'the caller leaves itself out of the mask');
  });

  test('with wait, a target with interrupts off holds the caller in wait_ipi_ack: csd_lock_wait has no timeout (proven: every CPU parked, nothing due)', () => {
    const ran = callCpuWithIrqsOff(1);
    expectStop(ran, 'all-stopped');
    assert.match(ran.where(0), /^smp_call_function_many\.wait_ipi_ack/);
  });

  test('without wait, the caller returns even though the target never takes the interrupt', () => {
    const ran = callCpuWithIrqsOff(0);
    expectStop(ran, 'exit');
    assert.deepEqual(ranOn(ran, 2), [0, 0]);
  });
});

describe('the IPI handler', () => {
  const MARK_BASE = 101;

  test('serves the calls queued for its CPU in the order they were queued', () => {
    const ran = runKernel({
      cpus: 2,
      emit: smpKernel(2, 0b11, (a) => {
        // CPU0 queues three calls while CPU1 has interrupts off, then lets CPU1 enable them.
        a.routine('queue_three');
        for (const f of ['first', 'second', 'third'])
          a.li('a0', 0b10).la('a1', f).li('a2', 0).call('smp_call_function_many');
        a.la('t0', 'go').li('t1', 1).sw('t1', 0, 't0');
        a.la('t0', 'served').li('t2', 3);
        a.label('wait_served').lw('t1', 0, 't0').pause().bne('t1', 't2', 'wait_served');
        a.exit(0);
        a.routine('late_irqs').la('t0', 'go');
        a.label('wait_go').lw('t1', 0, 't0').pause().beqz('t1', 'wait_go');
        a.j('old_idle');
        ['first', 'second', 'third'].forEach((f, i) => {
          a.routine(f).mark(MARK_BASE + i);
          a.la('t0', 'served').li('t1', 1).amoadd('zero', 't0', 't1').ret();
        });
        a.routine('go').word(0);
        a.routine('served').word(0);
      }),
      roles: { 0: 'queue_three', 1: 'late_irqs' },
    });
    expectStop(ran, 'exit');
    assert.deepEqual(ran.marks(1), [MARK_BASE, MARK_BASE + 1, MARK_BASE + 2]);
  });

  test('releases an asynchronous call before running it and a synchronous one after: a call that never returns blocks every call queued behind it (proven: both CPUs end parked)', () => {
    const ran = runKernel({
      cpus: 2,
      emit: smpKernel(2, 0b11, (a) => {
        a.routine('park_then_call');
        a.li('a0', 0b10).la('a1', 'never_returns').li('a2', 0).call('smp_call_function_many');
        a.li('a0', 0b10).la('a1', 'smp_noop').li('a2', 1).call('smp_call_function_many');
        a.exit(0);
        a.routine('never_returns').mark(MARK_BASE);
        a.label('forever').pause().b('forever');
      }),
      roles: { 0: 'park_then_call', 1: 'old_idle' },
    });
    expectStop(ran, 'all-stopped');
    assert.deepEqual(ran.marks(1), [MARK_BASE]);
    assert.match(ran.where(0), /^smp_call_function_many\.wait_ipi_ack/);
    // CPU1's queue: head, tail, then (func, lock) per slot; lock 0 free, 1 async, 2 sync.
    const queue = (i: number): number => ran.peek('call_queue', QUEUE_STRIDE + i);
    assert.deepEqual(
      { head: queue(0), tail: queue(1), firstLock: queue(3), secondLock: queue(5) },
      { head: 1, tail: 2, firstLock: 0, secondLock: 2 },
    );
  });
});
