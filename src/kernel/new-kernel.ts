/**
 * The new (or capture) kernel, assembled at its load address: kernel_entry (head.S) marks every CPU
 * that enters, runs the platform's kernel_entry_setup, then the boot path; the boot path checks the
 * crash notes (kdump), brings each other CPU up through the platform with a timeout, and reports.
 */

import type { Assembler } from '../machine/asm.js';
import { NOTE_MAGIC, NOTE_STRIDE } from './crash.js';
import { maskWords, perCpu } from './macros.js';
import { BOOTED_EXIT, marks } from './vocab.js';

/** How long start_kernel's work before smp_init takes, in steps of the clock: a timed delay, not emulated work. */
export const NEW_KERNEL_INIT_STEPS = 8000;
const NEW_STACK_WORDS = 64;

export interface NewKernelConfig {
  readonly cpus: number;
  readonly path: 'kexec' | 'kdump';
  /** Old kernel symbols the capture kernel reads through /proc/vmcore (crash notes, who saved one). */
  readonly crashNotes: number;
  readonly cpusInCrash: number;
  /** How long bring-up waits for each started CPU to check in, in steps (the platform's `bringUpTimeoutMs`). */
  readonly bringUpTimeoutSteps: number;
}

/** Emits the new kernel's text; its data follows in `emitNewKernelData`. */
export function emitNewKernel(a: Assembler, config: NewKernelConfig, emitPlatform: (a: Assembler) => void): void {
  a.routine('kernel_entry').mfc0('t0', 'CPUID').mark(marks.NEW_ENTRY, 't0');
  a.call('kernel_entry_setup');
  a.routine('start_kernel').mfc0('s0', 'CPUID').mark(marks.NEW_BOOT, 's0');
  a.la('sp', 'new_stack_top').la('t0', 'new_ipi_handler').mtc0('t0', 'EBASE');
  // The rest of start_kernel before smp_init (memory, scheduler, timers...): real kernels take a long
  // while to get there, so CPUs released by the old kernel have time to settle before bring-up.
  // None of it touches what the old kernel left behind, so it is a delay on the clock (a parked wait).
  a.mfc0('t0', 'COUNT').li('t1', NEW_KERNEL_INIT_STEPS).add('t0', 't0', 't1').mtc0('t0', 'COMPARE');
  a.label('init').mfc0('t2', 'COUNT').slt('t1', 't2', 't0').pause().bnez('t1', 'init');
  // smp_init(): bring up every other CPU, waiting for each with a timeout.
  a.li('s1', 0);
  a.label('bring').li('t0', config.cpus).beq('s1', 't0', 'booted').beq('s1', 's0', 'next');
  a.move('a0', 's1').call('boot_secondary');
  a.mfc0('t2', 'COUNT').li('t1', config.bringUpTimeoutSteps).add('t2', 't2', 't1').mtc0('t2', 'COMPARE');
  perCpu(a, 't3', 'cpu_up', 's1', 1);
  a.label('wait_secondary_up').lw('t0', 0, 't3').bnez('t0', 'up');
  a.mfc0('t0', 'COUNT').slt('t1', 't0', 't2').pause().bnez('t1', 'wait_secondary_up');
  a.mark(marks.BOOT_TIMEOUT, 's1').b('next');
  a.label('up').mark(marks.SECONDARY_UP, 's1');
  a.label('next').addi('s1', 's1', 1).b('bring');
  a.label('booted');
  if (config.path === 'kdump') {
    // /proc/vmcore is read after boot, SMP bring-up included: it must hold a note for every CPU the old
    // kernel says saved one (a core reset by bring-up loses whatever was still dirty in its L1).
    const words = maskWords(config.cpus);
    if (words === 1) a.li('t3', config.cpusInCrash).lw('t3', 0, 't3');
    a.li('s1', 0);
    a.label('note').li('t0', config.cpus).beq('s1', 't0', 'notes_done');
    if (words > 1) a.srl('t3', 's1', 5).li('t0', config.cpusInCrash).add('t3', 't3', 't0').lw('t3', 0, 't3');
    a.li('t0', 1).sllv('t0', 't0', 's1').and('t0', 't0', 't3').beqz('t0', 'next_note');
    a.li('t1', NOTE_STRIDE).mul('t1', 't1', 's1').li('t2', config.crashNotes).add('t1', 't1', 't2');
    a.lw('t1', 0, 't1').li('t2', NOTE_MAGIC).beq('t1', 't2', 'next_note');
    a.mark(marks.NOTE_LOST, 's1');
    a.label('next_note').addi('s1', 's1', 1).b('note');
    a.label('notes_done');
  }
  a.mark(marks.BOOT_DONE, 's0').exit(BOOTED_EXIT);

  // Where the platform sends a secondary it starts: check in, then idle in the new kernel.
  a.routine('secondary_start').la('t0', 'new_ipi_handler').mtc0('t0', 'EBASE');
  a.mfc0('t1', 'CPUID');
  perCpu(a, 't0', 'cpu_up', 't1', 1);
  a.li('t2', 1).sw('t2', 0, 't0');
  a.label('idle').wait().b('idle');
  a.routine('new_ipi_handler').eret();

  emitPlatform(a);
}

export function emitNewKernelData(a: Assembler, cpus: number): void {
  a.routine('cpu_up').space(cpus);
  a.routine('new_stack').space(NEW_STACK_WORDS);
  a.routine('new_stack_top').word(0);
}
