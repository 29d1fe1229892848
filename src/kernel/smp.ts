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
import { cpuBit, maskWords, perCpu, pop, push } from './macros.js';
import { marks } from './vocab.js';

export const QUEUE_SLOTS = 4;
/** Per-CPU queue: head, tail, then (func, lock) per slot. lock: 0 free, 1 async, 2 sync. */
export const QUEUE_STRIDE = 2 + 2 * QUEUE_SLOTS;

/** Data words of this module, emitted into the old kernel's data section. */
export function emitSmpData(a: Assembler, cpus: number, onlineMask: readonly number[]): void {
  a.routine('cpu_online_mask');
  for (const word of onlineMask) a.word(word);
  a.routine('call_queue').space(QUEUE_STRIDE * cpus);
  a.routine('csd_slot').space(cpus * cpus);
  // With several mask words, each CPU's smp_call_function_many keeps its target mask here (cfd->cpumask).
  if (maskWords(cpus) > 1) a.routine('cfd_mask').space(cpus * maskWords(cpus));
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
 *
 * With one mask word, a0 is the mask itself and the targets are kept in s0. With several (boards of more
 * than 32 CPUs, Octeon's only), the one caller there is smp_call_function (a0 = -1), and the targets are
 * copied into this CPU's cfd_mask, whose address s0 keeps.
 */
export function emitSmpCallFunction(a: Assembler, cpus: number): void {
  const words = maskWords(cpus);
  /** t1 = whether CPU s1 is a target (non-zero) or not. Clobbers t0, t2. */
  const isTarget = (): void => {
    if (words === 1) {
      cpuBit(a, 't1', 's1', 't2');
      a.and('t1', 't1', 's0');
      return;
    }
    a.srl('t1', 's1', 5).add('t1', 't1', 's0').lw('t1', 0, 't1');
    cpuBit(a, 't2', 's1', 't0');
    a.and('t1', 't1', 't2');
  };
  a.routine('smp_call_function').li('a0', -1).j('smp_call_function_many');

  a.routine('smp_call_function_many');
  push(a, 'ra', 's0', 's1');
  if (words === 1) {
    a.la('t0', 'cpu_online_mask').lw('t0', 0, 't0').and('s0', 'a0', 't0');
    a.mfc0('t1', 'CPUID');
    cpuBit(a, 't2', 't1', 't3');
    a.li('t3', -1).xor('t2', 't2', 't3').and('s0', 's0', 't2');
  } else {
    // cpumask_and(cfd->cpumask, mask, cpu_online_mask); __cpumask_clear_cpu(this_cpu, cfd->cpumask)
    a.mfc0('t1', 'CPUID');
    perCpu(a, 's0', 'cfd_mask', 't1', words);
    a.la('t0', 'cpu_online_mask');
    for (let w = 0; w < words; w++) a.lw('t2', w, 't0').and('t2', 't2', 'a0').sw('t2', w, 's0');
    a.srl('t2', 't1', 5).add('t2', 't2', 's0').lw('t3', 0, 't2');
    cpuBit(a, 't0', 't1', 'at');
    a.li('at', -1).xor('t0', 't0', 'at').and('t3', 't3', 't0').sw('t3', 0, 't2');
  }
  a.li('s1', 0);
  a.label('send').li('t0', cpus).beq('s1', 't0', 'sent');
  isTarget();
  a.beqz('t1', 'next_send');
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
  isTarget();
  a.beqz('t1', 'next_wait');
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
