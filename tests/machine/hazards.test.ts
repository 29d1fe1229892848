/**
 * The four hazards of the kexec path, each emerging from executing small programs on the machine:
 * nothing here tells the machine what should happen.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Assembler } from '../../src/machine/asm.js';
import { UNCACHED } from '../../src/machine/isa.js';
import { asm, expectStop, noSnoopCoherence, runPrograms } from '../helpers/machine-runner.js';

const OLD = 1;
const NEW = 2;

// Code that will be replaced, and its replacement, as two programs at different addresses.
const oldCode = asm(0x400, (a) => a.routine('buf').mark(1).exit(1));
const newCode = asm(0x500, (a) => a.routine('src').mark(2).exit(2));
const data = asm(0x600, (a) => a.routine('flag').word(0).routine('call_pending').word(0));

function copyTwoWords(a: Assembler): void {
  a.la('t0', 'src').la('t1', 'buf').li('t2', 2);
  a.label('copy').lw('t3', 0, 't0').sw('t3', 0, 't1');
  a.addi('t0', 't0', 1).addi('t1', 't1', 1).addi('t2', 't2', -1).bnez('t2', 'copy');
}

describe('(a) code copied by one CPU and executed by another', () => {
  function writerAndExecutor(maintenance: boolean) {
    const main = asm(
      0x100,
      (a) => {
        a.routine('writer').settag(NEW);
        copyTwoWords(a);
        if (maintenance) a.la('t1', 'buf').cache('D_HIT_WB', 0, 't1');
        a.la('t0', 'flag').li('t1', 1).sw('t1', 0, 't0').halt();
        a.routine('executor').la('t0', 'flag');
        a.label('spin').lw('t1', 0, 't0').beqz('t1', 'spin');
        if (maintenance) a.la('t2', 'buf').cache('I_HIT_INV', 0, 't2');
        a.j('buf');
      },
      oldCode,
      newCode,
      data,
    );
    return runPrograms({
      programs: [{ program: main }, { program: oldCode, tag: OLD }, { program: newCode, tag: NEW }, { program: data }],
      start: { 0: 'executor', 1: 'writer' },
    });
  }

  test('without D writeback on the writer, the executor runs the old words from memory', () => {
    const ran = writerAndExecutor(false);
    expectStop(ran, 'exit');
    assert.equal(ran.stop.kind === 'exit' && ran.stop.code, 1);
    assert.deepEqual(ran.marks(0), [1]);
    const stale = ran.of('stale-fetch').filter((e) => e.cpu === 0);
    assert.ok(stale.length > 0, 'the trace names the stale fetch');
    assert.equal(ran.symbols.describe(stale[0]!.pc), 'buf');
  });

  test('with D writeback on the writer and I invalidate on the executor, it runs the new words', () => {
    const ran = writerAndExecutor(true);
    expectStop(ran, 'exit');
    assert.equal(ran.stop.kind === 'exit' && ran.stop.code, 2);
    assert.deepEqual(ran.marks(0), [2]);
    assert.equal(ran.of('stale-fetch').length, 0);
  });
});

describe('(a) code copied and re-executed by the same CPU', () => {
  const oldRoutine = asm(0x400, (a) => a.routine('buf').mark(1).ret());
  const newRoutine = asm(0x500, (a) => a.routine('src').mark(2).ret());

  function copyThenCall(maintenance: 'none' | 'icache-only' | 'both', icFillsFromDc: boolean) {
    const main = asm(
      0x100,
      (a) => {
        a.routine('self').call('buf').settag(NEW);
        copyTwoWords(a);
        a.la('t1', 'buf');
        if (maintenance === 'both') a.cache('D_HIT_WB', 0, 't1');
        if (maintenance !== 'none') a.cache('I_HIT_INV', 0, 't1');
        a.call('buf').exit(0);
      },
      oldRoutine,
      newRoutine,
    );
    return runPrograms({
      machine: { cores: 1, coherence: { ...noSnoopCoherence, icFillsFromDc } },
      programs: [{ program: main }, { program: oldRoutine, tag: OLD }, { program: newRoutine, tag: NEW }],
      start: { 0: 'self' },
    });
  }

  test('a line still valid in the I-cache executes the old words', () => {
    const ran = copyThenCall('none', false);
    expectStop(ran, 'exit');
    assert.deepEqual(ran.marks(0), [1, 1]);
    assert.ok(ran.of('stale-fetch').length > 0);
  });

  test('invalidating the I-line is not enough when the I-cache fills from memory and D was not written back', () => {
    assert.deepEqual(copyThenCall('icache-only', false).marks(0), [1, 1]);
  });

  test('invalidating the I-line is enough when the I-cache fills from the local D-cache (ic_fills_f_dc)', () => {
    assert.deepEqual(copyThenCall('icache-only', true).marks(0), [1, 2]);
  });

  test('D writeback then I invalidate gives the new words', () => {
    const ran = copyThenCall('both', false);
    assert.deepEqual(ran.marks(0), [1, 2]);
    assert.equal(ran.of('stale-fetch').length, 0);
  });
});

describe('(b) a cross-call waiting for a CPU that never takes interrupts', () => {
  function crossCall(targetIrqs: boolean) {
    const main = asm(
      0x100,
      (a) => {
        a.routine('smp_call_function').la('t0', 'call_pending').li('t1', 1).sw('t1', 0, 't0');
        a.li('t2', 1).ipi('t2');
        a.label('wait_ack').lw('t1', 0, 't0').bnez('t1', 'wait_ack');
        a.mark(5).exit(0);
        a.routine('secondary');
        if (targetIrqs) a.ei();
        else a.di();
        a.label('loop').nop().b('loop');
        a.routine('ipi_handler').la('t0', 'call_pending').sw('zero', 0, 't0').eret();
      },
      data,
    );
    return runPrograms({
      programs: [{ program: main }, { program: data }],
      start: { 0: 'smp_call_function', 1: 'secondary' },
      ebase: 'ipi_handler',
    });
  }

  test('with IRQs off on the target, the run ends without progress, naming the waiter and what it waits on', () => {
    const ran = crossCall(false);
    expectStop(ran, 'no-progress');
    assert.match(ran.where(0), /^smp_call_function\.wait_ack/);
    assert.match(ran.where(1), /^secondary\.loop/);
    assert.equal(ran.of('ipi-sent').length, 1);
    assert.equal(ran.of('ipi-taken').length, 0);
  });

  test('with IRQs on, the target acknowledges and the caller goes on', () => {
    const ran = crossCall(true);
    expectStop(ran, 'exit');
    assert.deepEqual(ran.marks(0), [5]);
    assert.equal(ran.of('ipi-taken').length, 1);
  });
});

describe('(c) a loop whose words another CPU overwrites', () => {
  const loop = asm(0x800, (a) => a.routine('play_dead').label('spin').nop().b('spin'));
  // Two marks, so a CPU caught at either word of the loop runs into one.
  const replacement = asm(0x800, (a) => a.routine('new_image').mark(7).mark(7).halt());

  // runPrograms starts CPUs at symbols; the uncached alias needs the address itself.
  function run(fetch: 'uncached' | 'cached', snoop: boolean) {
    const uncachedStores = fetch === 'uncached';
    const main = asm(0x100, (a) => {
      a.routine('relocate').settag(NEW).li('t0', 300);
      a.label('delay').addi('t0', 't0', -1).bnez('t0', 'delay');
      a.li('t1', 0x800 | (uncachedStores ? UNCACHED : 0));
      for (const [i, w] of replacement.words.entries()) a.li('t2', w).sw('t2', i, 't1');
      a.halt();
      a.routine('start_uncached')
        .li('t0', 0x800 | UNCACHED)
        .jr('t0');
    });
    return runPrograms({
      machine: { coherence: { ...noSnoopCoherence, icacheSnoopsRemoteStore: snoop } },
      programs: [{ program: main }, { program: loop, tag: OLD }],
      start: { 0: 'relocate', 1: fetch === 'uncached' ? 'start_uncached' : 'play_dead' },
    });
  }

  test('fetching uncached (Loongson play_dead via KSEG1), it runs the new words at once', () => {
    const ran = run('uncached', false);
    expectStop(ran, 'all-stopped');
    assert.ok(ran.marks(1).length > 0 && ran.marks(1).every((m) => m === 7));
    const overwrites = ran.of('overwrite-exec');
    assert.ok(
      overwrites.some((e) => e.cpu === 0 && e.address === 0x800),
      'the trace shows the executed words overwritten',
    );
    assert.ok(ran.of('exec-tag').some((e) => e.cpu === 1 && e.fromTag === OLD && e.toTag === NEW));
  });

  test('fetching cached with an I-cache that snoops remote stores, it runs the new words', () => {
    const ran = run('cached', true);
    expectStop(ran, 'all-stopped');
    assert.ok(ran.marks(1).length > 0 && ran.marks(1).every((m) => m === 7));
    assert.ok(ran.of('overwrite-exec').length > 0);
  });

  test('fetching cached without snooping, it keeps looping out of its I-cache over code that is gone', () => {
    const ran = run('cached', false);
    expectStop(ran, 'no-progress');
    assert.deepEqual(ran.marks(1), []);
    assert.ok(ran.of('overwrite-exec').length > 0);
    assert.ok(ran.of('stale-fetch').some((e) => e.cpu === 1));
  });
});

describe('(d) stopped CPUs take no IPI and restart where they are told', () => {
  const flagData = asm(0x600, (a) => a.routine('stopped').word(0));

  function stopThenRestart(how: 'halt' | 'pwrdn', restart: 'start' | 'reset', seed: number) {
    const main = asm(
      0x100,
      (a) => {
        a.routine('secondary').la('t0', 'stopped').li('t1', 1).sw('t1', 0, 't0');
        // Power-gating loses the core's dirty lines, so write the flag back first, as cps_pm_enter_state does.
        if (how === 'halt') a.halt();
        else a.cache('D_HIT_WB', 0, 't0').pwrdn();
        a.mark(66).halt(); // reached only if the stop did not stop
        a.routine('boot').la('t0', 'stopped');
        a.label('spin').lw('t1', 0, 't0').beqz('t1', 'spin');
        a.li('t0', 50).label('settle').addi('t0', 't0', -1).bnez('t0', 'settle');
        a.li('t0', 1).ipi('t0');
        a.li('t1', 400).label('delay').addi('t1', 't1', -1).bnez('t1', 'delay');
        a.la('t1', 'resume');
        if (restart === 'start') a.start('t0', 't1');
        else a.reset('t0', 't1');
        a.halt();
        a.routine('resume').mark(9).halt();
        a.routine('ipi_handler').mark(13).eret();
      },
      flagData,
    );
    return runPrograms({
      machine: { cores: how === 'pwrdn' ? 2 : 1, threadsPerCore: how === 'pwrdn' ? 1 : 2 },
      run: { seed },
      programs: [{ program: main }, { program: flagData }],
      start: { 0: 'boot', 1: 'secondary' },
      ebase: 'ipi_handler',
    });
  }

  for (const how of ['halt', 'pwrdn'] as const) {
    for (const restart of ['start', 'reset'] as const) {
      test(`a CPU stopped by ${how} drops the IPI and runs from the address given to ${restart}`, () => {
        for (let seed = 1; seed <= 10; seed++) {
          const ran = stopThenRestart(how, restart, seed);
          expectStop(ran, 'all-stopped');
          assert.deepEqual(ran.marks(1), [9], `seed ${seed}`);
          assert.equal(ran.of('ipi-taken').length, 0, `seed ${seed}`);
          const dropped = ran.of('ipi-dropped');
          assert.equal(dropped.length, 1, `seed ${seed}`);
          assert.equal(dropped[0]!.state, how === 'halt' ? 'halted' : 'powered-down');
          const started = ran.of('state').find((e) => e.cpu === 1 && e.state === 'running' && e.by === 0);
          assert.ok(started, `seed ${seed}: CPU0 restarted CPU1`);
        }
      });
    }
  }

  test('power-gating a core stops its sibling thread too, mid-instruction stream', () => {
    const main = asm(0x100, (a) => {
      a.routine('gate').li('t0', 200).label('d').addi('t0', 't0', -1).bnez('t0', 'd').pwrdn();
      a.routine('sibling').label('busy').addi('t1', 't1', 1).b('busy');
    });
    const ran = runPrograms({
      machine: { cores: 1, threadsPerCore: 2 },
      programs: [{ program: main }],
      start: { 0: 'gate', 1: 'sibling' },
    });
    expectStop(ran, 'all-stopped');
    const down = ran.of('state').filter((e) => e.state === 'powered-down');
    assert.deepEqual(
      down.map((e) => [e.cpu, e.by]),
      [
        [0, 0],
        [1, 0],
      ],
    );
    assert.match(ran.where(1), /^sibling/);
  });
});
