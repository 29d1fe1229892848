/**
 * The old kernel's cross-CPU calls (kernel/smp.c of the 4.x era, reduced): per-CPU call queues served in
 * FIFO order by the IPI handler, `smp_call_function_many` that only targets CPUs marked online and
 * spins with no timeout on each target's acknowledgement when asked to wait (csd_lock_wait), and the
 * idle loop secondaries run with interrupts on.
 *
 * An asynchronous request is released before its function runs, a synchronous one after; a function
 * that never returns (crash_shutdown_secondary) therefore blocks every request queued behind it.
 */

import type { Assembler } from '../machine/asm.js';
import { cpuBit, perCpu, pop, push } from './macros.js';
import { marks } from './vocab.js';

export const QUEUE_SLOTS = 4;
/** Per-CPU queue: head, tail, then (func, lock) per slot. lock: 0 free, 1 async, 2 sync. */
export const QUEUE_STRIDE = 2 + 2 * QUEUE_SLOTS;

/** Data words of this module, emitted into the old kernel's data section. */
export function emitSmpData(a: Assembler, cpus: number, onlineMask: number): void {
  a.routine('cpu_online_mask').word(onlineMask);
  a.routine('call_queue').space(QUEUE_STRIDE * cpus);
  a.routine('csd_slot').space(cpus * cpus);
}

/** The IPI vector of the old kernel: serve this CPU's call queue, then return from the interrupt. */
export function emitIpiHandler(a: Assembler): void {
  a.routine('old_ipi_handler');
  push(a, 'at', 't0', 't1', 't2', 't3', 'a0', 'a1', 'a2', 'v0', 'v1', 's0', 's1', 'ra');
  a.mfc0('t0', 'CPUID');
  perCpu(a, 't3', 'call_queue', 't0', QUEUE_STRIDE);
  a.label('next').lw('t1', 0, 't3').lw('t2', 1, 't3').beq('t1', 't2', 'done');
  a.andi('t0', 't1', QUEUE_SLOTS - 1)
    .sll('t0', 't0', 1)
    .add('t0', 't0', 't3')
    .addi('t0', 't0', 2);
  // An entry whose lock is not yet set is still being written: its sender's IPI will bring us back.
  a.lw('t2', 1, 't0').beqz('t2', 'done');
  a.addi('t1', 't1', 1).sw('t1', 0, 't3');
  a.lw('a1', 0, 't0').li('v0', 1).bne('t2', 'v0', 'sync_call');
  a.sw('zero', 1, 't0');
  push(a, 't3');
  a.jalr('ra', 'a1');
  pop(a, 't3');
  a.b('next');
  a.label('sync_call');
  push(a, 't0', 't3');
  a.jalr('ra', 'a1');
  pop(a, 't0', 't3');
  a.sw('zero', 1, 't0').b('next');
  a.label('done');
  pop(a, 'at', 't0', 't1', 't2', 't3', 'a0', 'a1', 'a2', 'v0', 'v1', 's0', 's1', 'ra');
  a.eret();
}

/**
 * smp_call_function_many(a0 = cpumask, a1 = func, a2 = wait): queue func on every CPU of the mask that
 * is online and not us, IPI each, and with wait spin on each acknowledgement, with no timeout.
 * smp_call_function(a1 = func, a2 = wait) is the same over all CPUs.
 */
export function emitSmpCallFunction(a: Assembler, cpus: number): void {
  a.routine('smp_call_function').li('a0', -1).j('smp_call_function_many');

  a.routine('smp_call_function_many');
  push(a, 'ra', 's0', 's1');
  a.la('t0', 'cpu_online_mask').lw('t0', 0, 't0').and('s0', 'a0', 't0');
  a.mfc0('t1', 'CPUID');
  cpuBit(a, 't2', 't1', 't3');
  a.li('t3', -1).xor('t2', 't2', 't3').and('s0', 's0', 't2');
  a.li('s1', 0);
  a.label('send').li('t0', cpus).beq('s1', 't0', 'sent');
  cpuBit(a, 't1', 's1', 't2');
  a.and('t1', 't1', 's0').beqz('t1', 'next_send');
  perCpu(a, 't3', 'call_queue', 's1', QUEUE_STRIDE);
  a.addi('t0', 't3', 1).li('t1', 1).amoadd('t2', 't0', 't1');
  a.andi('t2', 't2', QUEUE_SLOTS - 1)
    .sll('t2', 't2', 1)
    .add('t2', 't2', 't3')
    .addi('t2', 't2', 2);
  a.label('wait_csd_lock').lw('t0', 1, 't2').pause().bnez('t0', 'wait_csd_lock');
  a.sw('a1', 0, 't2');
  a.li('t0', 1).beqz('a2', 'publish').li('t0', 2);
  a.label('publish').sw('t0', 1, 't2');
  a.mfc0('t0', 'CPUID').li('t1', cpus).mul('t0', 't0', 't1').add('t0', 't0', 's1');
  a.la('at', 'csd_slot').add('t0', 't0', 'at').sw('t2', 0, 't0');
  a.ipi('s1');
  a.label('next_send').addi('s1', 's1', 1).b('send');
  a.label('sent').beqz('a2', 'out').li('s1', 0);
  a.label('each').li('t0', cpus).beq('s1', 't0', 'out');
  cpuBit(a, 't1', 's1', 't2');
  a.and('t1', 't1', 's0').beqz('t1', 'next_wait');
  a.mfc0('t0', 'CPUID').li('t1', cpus).mul('t0', 't0', 't1').add('t0', 't0', 's1');
  a.la('at', 'csd_slot').add('t0', 't0', 'at').lw('t2', 0, 't0');
  a.label('wait_ipi_ack').lw('t0', 1, 't2').pause().bnez('t0', 'wait_ipi_ack');
  a.label('next_wait').addi('s1', 's1', 1).b('each');
  a.label('out');
  pop(a, 'ra', 's0', 's1');
  a.ret();

  // A function for cross-calls that only need an answer (a panic notifier, a TLB shootdown).
  a.routine('smp_noop').ret();
}

/** Where secondaries sit in the old kernel: polling for work with interrupts on, in old text. */
export function emitIdle(a: Assembler): void {
  a.routine('old_idle').ei();
  a.label('loop').lw('t0', 0, 'sp').pause().nop().b('loop');
  // panic(): a CPU that cannot proceed says so, then, as panic_smp_self_stop() does (panic_cpu is
  // already taken on these paths), stays online with IRQs off, forever.
  a.routine('panic').mfc0('t0', 'CPUID').mark(marks.PANIC, 't0');
  a.routine('panic_spin').di();
  a.label('panic_self_stop').pause().b('panic_self_stop');
}
