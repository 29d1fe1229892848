/**
 * relocate_kernel.S on its own (emitRelocateKernel in src/kernel/kexec.ts): the stub runs from a copy in
 * the control page, as machine_kexec leaves it, walks a hand-written kimage entry list, and releases the
 * CPUs waiting in the same copy's kexec_smp_wait.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PlatformCode } from '../../src/contract/platform.js';
import { emitRelocateKernel } from '../../src/kernel/kexec.js';
import { kimage, marks, PAGE_WORDS, tags } from '../../src/kernel/vocab.js';
import { type Program, symbolAddress } from '../../src/machine/asm.js';
import { reg } from '../../src/machine/isa.js';
import { SYNCI_TRACE_OP } from '../../src/machine/trace.js';
import { platformCode } from '../helpers/factories.js';
import { type KernelRan, runKernel, wordsAt } from '../helpers/kernel-runner.js';
import { asm, expectStop, noSnoopCoherence, testGeometry } from '../helpers/machine-runner.js';

const CONTROL_PAGE = 0x800;
const DEST = 0x1000;
const SOURCES = [0x2000, 0x2400, 0x2800] as const;
const LIST = 0x3000;
const MORE_LIST = 0x3100;
/** A page the list names after DONE: it must never be copied. */
const AFTER_DONE = 0x3400;
const KEXEC_ARGS = [11, 12, 13, 14];
const SECONDARY_ARGS = [21, 22, 23, 24];
const ENTERED = 77;

/** The new kernel's first page starts with code that marks which CPU entered, then halts. */
const entry = asm(DEST, (a) => a.routine('new_entry').mfc0('t0', 'CPUID').mark(ENTERED, 't0').halt());

function sourcePage(p: number): Int32Array {
  const page = Int32Array.from({ length: PAGE_WORDS }, (_, i) => ((p + 1) << 16) | i);
  if (p === 0) page.set(entry.words);
  return page;
}

/** The stub as machine_kexec copies it into the control page, and the pages and list kexec_load set up. */
function loads(program: Program): { program: Program; tag?: number }[] {
  const start = symbolAddress(program, 'relocate_new_kernel') - program.base;
  const end = symbolAddress(program, 'relocate_new_kernel_end') - program.base;
  const page = (base: number, p: number) => ({ program: wordsAt(base, sourcePage(p)), tag: tags.NEW_IMAGE });
  return [
    { program: wordsAt(CONTROL_PAGE, program.words.subarray(start, end)), tag: tags.CONTROL_PAGE },
    ...SOURCES.map((base, p) => page(base, p)),
    page(AFTER_DONE, 3),
    {
      program: wordsAt(LIST, [
        (DEST << 4) | kimage.DESTINATION,
        (SOURCES[0] << 4) | kimage.SOURCE,
        (SOURCES[1] << 4) | kimage.SOURCE,
        (MORE_LIST << 4) | kimage.INDIRECTION,
      ]),
      tag: tags.OLD_DATA,
    },
    {
      program: wordsAt(MORE_LIST, [(SOURCES[2] << 4) | kimage.SOURCE, kimage.DONE, (AFTER_DONE << 4) | kimage.SOURCE]),
      tag: tags.OLD_DATA,
    },
  ];
}

function relocate(finalSync: PlatformCode['relocateFinalSync'] = 'sync'): KernelRan {
  return runKernel({
    cpus: 2,
    emit: (a) => {
      // Into the control page's copy: CPU0 at relocate_new_kernel, CPU1 at the relocated kexec_smp_wait.
      a.routine('go_relocate').li('t0', CONTROL_PAGE).jr('t0');
      a.routine('go_wait').la('t0', 'kexec_smp_wait').la('t1', 'relocate_new_kernel').sub('t0', 't0', 't1');
      a.li('t1', CONTROL_PAGE).add('t0', 't0', 't1').jr('t0');
      emitRelocateKernel(
        a,
        platformCode({ relocateFinalSync: finalSync }),
        KEXEC_ARGS,
        SECONDARY_ARGS,
        testGeometry.lineWords,
      );
    },
    roles: { 0: 'go_relocate', 1: 'go_wait' },
    poke: [
      ['kexec_indirection_page', LIST],
      ['kexec_start_address', DEST],
    ],
    loads,
    // The copy goes through the writer's D-cache; write-through lets the other core fetch it.
    machine: { coherence: { ...noSnoopCoherence, dWriteThrough: true } },
  });
}

describe('relocate_new_kernel', () => {
  test('copies every SOURCE page to consecutive pages from the DESTINATION, following INDIRECTION, until DONE', () => {
    const ran = relocate();
    expectStop(ran, 'all-stopped');
    SOURCES.forEach((_, p) => {
      const want = sourcePage(p);
      const got = Int32Array.from({ length: PAGE_WORDS }, (_, i) => ran.machine.peek(DEST + p * PAGE_WORDS + i));
      assert.deepEqual(got, want, `page ${p}`);
    });
    assert.equal(ran.machine.peek(DEST + SOURCES.length * PAGE_WORDS), 0, 'the entry after DONE is not copied');
  });

  test('the copied words carry the new image tag', () => {
    const ran = relocate();
    const copied = ran.machine.memory.latestTags.subarray(DEST, DEST + SOURCES.length * PAGE_WORDS);
    assert.ok(
      copied.every((t) => t === tags.NEW_IMAGE),
      'every destination word',
    );
  });

  test('the CPU that relocates marks it, and enters the new kernel with kexec_args in a0–a3', () => {
    const ran = relocate();
    assert.deepEqual(ran.marks(0), [marks.RELOCATE, ENTERED]);
    assert.deepEqual(
      [reg.a0, reg.a1, reg.a2, reg.a3].map((r) => ran.machine.register(0, r)),
      KEXEC_ARGS,
    );
  });

  test('it releases the CPU waiting in the same copy of kexec_smp_wait, which enters with secondary_kexec_args', () => {
    const ran = relocate();
    assert.deepEqual(ran.marks(1), [ENTERED]);
    assert.deepEqual(
      [reg.a0, reg.a1, reg.a2, reg.a3].map((r) => ran.machine.register(1, r)),
      SECONDARY_ARGS,
    );
    const flagOffset = ran.sym('kexec_flag') - ran.sym('relocate_new_kernel');
    assert.equal(ran.machine.peek(CONTROL_PAGE + flagOffset), 0, "the copy's kexec_flag is cleared");
    assert.equal(ran.peek('kexec_flag'), 1, 'the original, found by address, is not');
  });

  test('on a platform that ends with synci, both CPUs run it before jumping', () => {
    const synci = (ran: KernelRan) =>
      ran
        .of('cache-op')
        .filter((e) => e.op === SYNCI_TRACE_OP)
        .map((e) => e.cpu);
    assert.deepEqual(synci(relocate('sync')), []);
    assert.deepEqual(new Set(synci(relocate('synci'))), new Set([0, 1]));
  });
});
