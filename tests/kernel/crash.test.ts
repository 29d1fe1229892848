/**
 * The kdump path of the old kernel on its own (src/kernel/crash.ts): crash notes written per CPU, the
 * bounded wait for the other CPUs to check in, and what stops the crashing CPU from reaching machine_kexec.
 * machine_kexec is a stub here that marks and exits.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CRASH_WAIT_STEPS,
  emitCrashData,
  emitCrashPath,
  NOTE_MAGIC,
  NOTE_STRIDE,
  NOTE_WORDS,
} from '../../src/kernel/crash.js';
import { emitIdle, emitIpiHandler, emitSmpCallFunction, emitSmpData } from '../../src/kernel/smp.js';
import { marks, tags } from '../../src/kernel/vocab.js';
import type { Assembler } from '../../src/machine/asm.js';
import legacy from '../../src/strategies/legacy.js';
import { type KernelRan, runKernel } from '../helpers/kernel-runner.js';
import { expectStop } from '../helpers/machine-runner.js';

/** The crash path reads only markOffline from the options; the rest are legacy's. */
const options = legacy.options;

const CPUS = 4;
/** The crashing CPU waits up to CRASH_WAIT_STEPS without progress: give the run room for it. */
const longRun = { progressWindow: 2 * CRASH_WAIT_STEPS, budget: 4 * CRASH_WAIT_STEPS };

interface CrashSetup {
  readonly roles: Readonly<Record<number, string>>;
  readonly online?: number;
  readonly markOffline?: boolean;
  readonly crossCallAfterPark?: boolean;
}

function runCrash(setup: CrashSetup): KernelRan {
  return runKernel({
    cpus: CPUS,
    emit: (a: Assembler) => {
      emitIdle(a);
      emitIpiHandler(a);
      emitSmpCallFunction(a, CPUS);
      emitCrashPath(
        a,
        { ...options, markOffline: setup.markOffline ?? false },
        { cpus: CPUS, crossCallAfterPark: setup.crossCallAfterPark ?? false },
      );
      a.routine('machine_kexec').mfc0('t0', 'CPUID').mark(marks.MACHINE_KEXEC, 't0').exit(0);
      a.routine('kexec_park_secondary').halt();
      a.routine('save_note').call('crash_save_cpu');
      a.label('after').halt();
      emitSmpData(a, CPUS, [setup.online ?? 0b1111]);
      emitCrashData(a, CPUS);
      a.routine('kexec_ready_to_reboot').word(0);
    },
    roles: setup.roles,
    run: longRun,
  });
}

function note(ran: KernelRan, cpu: number): number[] {
  return Array.from({ length: NOTE_WORDS }, (_, i) => ran.peek('crash_notes', NOTE_STRIDE * cpu + i));
}

function savedNotes(ran: KernelRan): boolean[] {
  return Array.from({ length: CPUS }, (_, c) => note(ran, c)[0] === NOTE_MAGIC);
}

const crashOnCpu0 = { 0: 'crash_kexec', 1: 'old_idle', 2: 'old_idle', 3: 'old_idle' } as const;

describe('crash_save_cpu', () => {
  test("writes each CPU's own note: the magic, its number, sp and ra, tagged as a crash note", () => {
    const ran = runCrash({ roles: { 0: 'save_note', 1: 'save_note', 2: 'save_note', 3: 'save_note' } });
    expectStop(ran, 'all-stopped');
    for (let c = 0; c < CPUS; c++) {
      const sp = ran.sym('test_stacks') + 64 * (c + 1);
      assert.deepEqual(note(ran, c), [NOTE_MAGIC, c, sp, ran.sym('save_note.after')], `CPU${c}'s note`);
      const at = ran.sym('crash_notes') + NOTE_STRIDE * c;
      assert.equal(ran.machine.memory.latestTags[at], tags.CRASH_NOTE);
    }
    assert.deepEqual(
      ran.of('mark').map((e) => [e.mark, e.cpu, e.arg]),
      ran.of('mark').map((e) => [marks.NOTE_SAVED, e.cpu, e.cpu]),
    );
    assert.equal(ran.of('mark').length, CPUS);
  });
});

describe('crash_kexec', () => {
  test('reaches machine_kexec once every other online CPU saved its note and checked in; offline CPUs are not waited for', () => {
    const ran = runCrash({ roles: crashOnCpu0, online: 0b0111 });
    expectStop(ran, 'exit');
    assert.deepEqual(savedNotes(ran), [true, true, true, false]);
    assert.equal(ran.peek('cpus_in_crash'), 0b0111);
    assert.ok(ran.of('mark').some((e) => e.mark === marks.MACHINE_KEXEC && e.cpu === 0));
    for (const c of [1, 2]) assert.match(ran.where(c), /^crash_shutdown_secondary\.wait_kexec_ready/, `CPU${c}`);
    assert.match(ran.where(3), /^old_idle/);
    assert.ok(ran.stop.step < CRASH_WAIT_STEPS, 'nobody was waited for until the timeout');
  });

  test('gives up on a CPU with interrupts off after CRASH_WAIT_STEPS and goes on without its note', () => {
    const ran = runCrash({ roles: { ...crashOnCpu0, 2: 'irqs_off' } });
    expectStop(ran, 'exit');
    const kexec = ran.of('mark').find((e) => e.mark === marks.MACHINE_KEXEC);
    assert.ok(kexec !== undefined && kexec.step >= CRASH_WAIT_STEPS, `machine_kexec at ${kexec?.step}`);
    assert.deepEqual(savedNotes(ran), [true, true, false, true]);
    assert.equal(ran.peek('cpus_in_crash'), 0b1011);
  });

  test('a second CPU to panic finds panic_cpu taken and stops in panic_spin with interrupts off, saving no note', () => {
    const ran = runCrash({ roles: { ...crashOnCpu0, 1: 'crash_kexec' } });
    expectStop(ran, 'exit');
    const kexecs = ran.of('mark').filter((e) => e.mark === marks.MACHINE_KEXEC);
    assert.equal(kexecs.length, 1, 'one CPU reaches machine_kexec');
    const winner = kexecs[0]?.cpu ?? -1;
    const loser = 1 - winner;
    assert.match(ran.where(loser), /^panic_spin\.panic_self_stop/);
    assert.deepEqual(savedNotes(ran), [winner === 0, winner === 1, true, true]);
  });

  test('current behaviour: panic_cpu ends holding the CPU that lost (an unconditional swap, where panic() uses atomic_cmpxchg and keeps the first)', () => {
    const ran = runCrash({ roles: { ...crashOnCpu0, 1: 'crash_kexec' } });
    const winner = ran.of('mark').find((e) => e.mark === marks.MACHINE_KEXEC)?.cpu;
    assert.equal(ran.peek('panic_cpu'), 1 - (winner ?? -1));
  });

  test('with markOffline, every parked CPU clears itself from cpu_online_mask; without, the mask is untouched', () => {
    assert.equal(runCrash({ roles: crashOnCpu0, markOffline: true }).peek('cpu_online_mask'), 0b0001);
    assert.equal(runCrash({ roles: crashOnCpu0, markOffline: false }).peek('cpu_online_mask'), 0b1111);
  });

  test('a synchronous cross-call after parking never returns: the parked CPUs never leave crash_shutdown_secondary (a proven hang since waits park: nothing can run, nothing is due)', () => {
    const ran = runCrash({ roles: crashOnCpu0, crossCallAfterPark: true });
    expectStop(ran, 'all-stopped');
    assert.equal(ran.of('mark').filter((e) => e.mark === marks.MACHINE_KEXEC).length, 0);
    assert.match(ran.where(0), /^smp_call_function_many\.wait_ipi_ack/);
  });
});
