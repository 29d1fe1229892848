/**
 * The new kernel's boot path on its own (src/kernel/new-kernel.ts), with cmp's platform code, whose
 * boot_secondary asks firmware to start the CPU at secondary_start (ignored by a CPU that is running): what it marks for CPUs that check in, for CPUs that
 * do not, and for crash notes on kdump.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NOTE_MAGIC, NOTE_STRIDE } from '../../src/kernel/crash.js';
import { emitNewKernel, emitNewKernelData } from '../../src/kernel/new-kernel.js';

/** The bring-up timeout these tests give the new kernel. */
const BOOT_TIMEOUT_STEPS = 30_000;

import { BOOTED_EXIT, marks } from '../../src/kernel/vocab.js';
import { platformCode, platformContext } from '../helpers/factories.js';
import { type KernelRan, runKernel, wordsAt } from '../helpers/kernel-runner.js';
import { expectStop } from '../helpers/machine-runner.js';

const CPUS = 4;
/** The old kernel's crash records as the capture kernel finds them, at fixed addresses. */
const CRASH_NOTES = 0x3000;
const CPUS_IN_CRASH = 0x3100;

interface BootSetup {
  readonly path?: 'kexec' | 'kdump';
  readonly roles: Readonly<Record<number, string>>;
  /** CPUs whose crash note holds the magic, and the cpus_in_crash mask. */
  readonly notes?: { readonly saved: readonly number[]; readonly inCrash: number };
}

function boot(setup: BootSetup): KernelRan {
  const notes = setup.notes ?? { saved: [], inCrash: 0 };
  const noteWords = Array.from({ length: NOTE_STRIDE * CPUS }, (_, i) =>
    i % NOTE_STRIDE === 0 && notes.saved.includes(i / NOTE_STRIDE) ? NOTE_MAGIC : 0x5a5a5a5a,
  );
  return runKernel({
    cpus: CPUS,
    emit: (a) => {
      const config = {
        cpus: CPUS,
        path: setup.path ?? 'kexec',
        crashNotes: CRASH_NOTES,
        cpusInCrash: CPUS_IN_CRASH,
        bringUpTimeoutSteps: BOOT_TIMEOUT_STEPS,
      } as const;
      const ctx = platformContext({ cpus: CPUS, cores: CPUS, path: config.path });
      emitNewKernel(a, config, (p) => platformCode().emitNewKernel(p, ctx));
      emitNewKernelData(a, CPUS);
    },
    roles: setup.roles,
    loads: () => [{ program: wordsAt(CRASH_NOTES, noteWords) }, { program: wordsAt(CPUS_IN_CRASH, [notes.inCrash]) }],
    // Waiting for a secondary that never checks in makes no progress for BOOT_TIMEOUT_STEPS.
    run: { progressWindow: 2 * BOOT_TIMEOUT_STEPS },
  });
}

/** [mark, arg] of every mark `cpu` recorded. */
function marksOf(ran: KernelRan, cpu: number): [number, number][] {
  return ran.of('mark').flatMap((e) => (e.cpu === cpu ? [[e.mark, e.arg] as [number, number]] : []));
}

describe('start_kernel', () => {
  test('brings up every other CPU through boot_secondary, marks each one up as it checks in, then boot-done and exit 0', () => {
    const ran = boot({ roles: { 1: 'kernel_entry' } });
    expectStop(ran, 'exit');
    assert.equal(ran.stop.kind === 'exit' && ran.stop.code, BOOTED_EXIT);
    assert.deepEqual(marksOf(ran, 1), [
      [marks.NEW_ENTRY, 1],
      [marks.NEW_BOOT, 1],
      [marks.SECONDARY_UP, 0],
      [marks.SECONDARY_UP, 2],
      [marks.SECONDARY_UP, 3],
      [marks.BOOT_DONE, 1],
    ]);
    assert.deepEqual(
      [0, 1, 2, 3].map((c) => ran.peek('cpu_up', c)),
      [1, 0, 1, 1],
    );
  });

  test('a secondary that ignores the start (still running old code) is marked boot-timeout BOOT_TIMEOUT_STEPS later, and the boot goes on', () => {
    const ran = boot({ roles: { 0: 'kernel_entry', 2: 'irqs_off' } });
    expectStop(ran, 'exit');
    assert.deepEqual(marksOf(ran, 0).slice(2), [
      [marks.SECONDARY_UP, 1],
      [marks.BOOT_TIMEOUT, 2],
      [marks.SECONDARY_UP, 3],
      [marks.BOOT_DONE, 0],
    ]);
    const ignored = ran.of('start-ignored').find((e) => e.target === 2);
    const timeout = ran.of('mark').find((e) => e.mark === marks.BOOT_TIMEOUT);
    assert.ok(ignored !== undefined && timeout !== undefined);
    assert.ok(timeout.step - ignored.step >= BOOT_TIMEOUT_STEPS, `waited ${timeout.step - ignored.step} steps`);
  });

  test('on kdump, the boot marks note-lost for each CPU in cpus_in_crash whose note lacks the magic, before boot-done', () => {
    const notes = { saved: [0, 3], inCrash: 0b1011 };
    const ran = boot({ path: 'kdump', roles: { 0: 'kernel_entry' }, notes });
    expectStop(ran, 'exit');
    assert.deepEqual(marksOf(ran, 0).slice(-2), [
      [marks.NOTE_LOST, 1],
      [marks.BOOT_DONE, 0],
    ]);
  });

  test('on kexec, crash notes are not checked', () => {
    const ran = boot({ path: 'kexec', roles: { 0: 'kernel_entry' }, notes: { saved: [], inCrash: 0b1111 } });
    assert.equal(ran.of('mark').filter((e) => e.mark === marks.NOTE_LOST).length, 0);
  });
});
