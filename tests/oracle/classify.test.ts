/**
 * The oracle on its own: each test writes a trace and an end state by hand (tests/helpers/oracle-case.ts)
 * and checks the outcome classifyRun reads from it, kind by kind and then rule by rule for ranking.
 * A last group runs tiny programs on the machine to check that the trace it writes is the one read here.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { outcomeInfo } from '../../src/contract/outcome.js';
import { hex, Symbolizer } from '../../src/machine/disasm.js';
import { faultCause, runState } from '../../src/machine/trace.js';
import { classifyRun, cpuList } from '../../src/oracle/classify.js';
import { asm, runPrograms } from '../helpers/machine-runner.js';
import {
  at,
  controlPage,
  crashRegion,
  imageSegment,
  newKernel,
  newKernelData,
  type OracleCase,
  OTHER_TAG,
  oldKernel,
  oracleCase,
  segments,
  vocab,
} from '../helpers/oracle-case.js';

const { marks, tags } = vocab;

describe('ok', () => {
  test('a boot-done mark with nothing wrong before or after it is ok, at the CPU and step of that mark', () => {
    const c = oracleCase({ leadCpu: 2 }).boot();
    const o = c.classify();
    const done = c.machine.trace.decode().at(-1);
    assert.deepEqual(
      { kind: o.kind, cpu: o.cpu, step: o.step, routine: o.routine, waits: o.waits },
      { kind: 'ok', cpu: 2, step: done?.step, routine: null, waits: [] },
    );
    assert.equal(o.title, `${outcomeInfo.ok.title}: CPU2`);
  });

  test('secondaries checking in and IPIs in the trace do not change an ok', () => {
    const c = oracleCase().boot().ipi(0, 1).mark(0, marks.secondaryUp, 1).mark(1, marks.secondaryUp, 1);
    assert.equal(c.classify().kind, 'ok');
  });
});

describe('hang', () => {
  const ACK = 'smp_call_function.wait_ipi_ack';
  const READY = 'kexec_shutdown_secondary.wait_kexec_ready';
  const COUNT = 'machine_shutdown.wait_online_count';

  test('a trace without a boot-done mark is a hang at the step the run stopped', () => {
    const o = oracleCase().cpuAt(0, 'smp_call_function.wait_ipi_ack').classify({ kind: 'budget', step: 777 });
    assert.equal(o.kind, 'hang');
    assert.equal(o.step, 777);
  });

  test('the waits are every running or waiting CPU whose pc is in a wait_<what> label, named <what> with dashes', () => {
    const o = oracleCase()
      .cpuAt(0, 'machine_shutdown.wait_online_count')
      .cpuAt(1, 'kexec_shutdown_secondary.wait_kexec_ready', runState.WAITING)
      .classify();
    assert.deepEqual(o.waits, [
      { cpu: 0, on: 'online-count', where: 'machine_shutdown.wait_online_count' },
      { cpu: 1, on: 'kexec-ready', where: 'kexec_shutdown_secondary.wait_kexec_ready' },
    ]);
    assert.equal(
      o.title,
      `${outcomeInfo.hang.title}: CPU0 in machine_shutdown.wait_online_count, waiting: CPU0 on online-count, CPU1 on kexec-ready, no progress in 100 steps`,
    );
  });

  test('a pc anywhere inside the loop after a wait_ label still names that wait', () => {
    const o = oracleCase()
      .cpuAt(0, at('smp_call_function.wait_ipi_ack') + 2)
      .classify();
    assert.deepEqual(o.waits, [{ cpu: 0, on: 'ipi-ack', where: 'smp_call_function.wait_ipi_ack+2' }]);
  });

  test('halted, powered-down and faulted CPUs are not waits, whatever their pc', () => {
    const o = oracleCase()
      .cpuAt(1, ACK, runState.HALTED)
      .cpuAt(2, ACK, runState.POWERED_DOWN)
      .cpuAt(3, ACK, runState.FAULTED)
      .classify();
    assert.deepEqual(o.waits, [{ cpu: -1, on: 'nobody-jumps', where: '' }]);
  });

  test('a running CPU outside any wait_ label (an idle loop, a routine entry, unknown memory) is not a wait', () => {
    const o = oracleCase().cpusAt(['old_idle.loop', 'smp_call_function', 0x3000, READY]).classify();
    assert.deepEqual(
      o.waits.map((w) => w.cpu),
      [3],
    );
  });

  test('the root of a hang is the lead CPU when it waits, even on the commonest wait', () => {
    const o = oracleCase({ leadCpu: 1 }).cpusAt([ACK, READY, READY]).classify();
    assert.deepEqual([o.cpu, o.routine, o.label], [1, 'kexec_shutdown_secondary', 'wait_kexec_ready']);
  });

  test('when the lead CPU does not wait, the root is the CPU on the rarest wait: three waiting to be released point at the fourth', () => {
    const o = oracleCase({ leadCpu: 0 }).cpusAt(['old_idle.loop', READY, ACK, READY]).classify();
    assert.deepEqual([o.cpu, o.routine, o.label], [2, 'smp_call_function', 'wait_ipi_ack']);
  });

  test('between equally rare waits the root is the lowest-numbered CPU', () => {
    const o = oracleCase({ leadCpu: 0 }).cpusAt([null, null, COUNT, ACK]).classify();
    assert.deepEqual([o.cpu, o.label], [2, 'wait_online_count']);
  });

  test('the waits keep CPU order; only cpu, routine and label say which is the root', () => {
    const o = oracleCase({ leadCpu: 3 }).cpusAt([null, ACK, null, COUNT]).classify();
    assert.deepEqual(
      o.waits.map((w) => w.cpu),
      [1, 3],
    );
    assert.equal(o.cpu, 3);
  });

  test('with no CPU waiting and nobody relocated, the hang is nobody-jumps, at no CPU', () => {
    const o = oracleCase().cpuAt(1, 'old_idle.loop').classify();
    assert.deepEqual(
      { cpu: o.cpu, routine: o.routine, waits: o.waits },
      { cpu: null, routine: null, waits: [{ cpu: -1, on: 'nobody-jumps', where: '' }] },
    );
    assert.equal(o.title, `${outcomeInfo.hang.title}: nobody jumps to the new kernel, no progress in 100 steps`);
  });

  test('with no CPU waiting after a relocation, the hang is still nobody-jumps but says the boot did not finish', () => {
    const o = oracleCase().mark(0, marks.relocate).classify();
    assert.deepEqual(o.waits, [{ cpu: -1, on: 'nobody-jumps', where: '' }]);
    assert.equal(o.title, `${outcomeInfo.hang.title}: the new kernel did not finish booting, no progress in 100 steps`);
  });

  test('the title says how the hang was shown: proven when nothing due can wake a waiter, else the window or budget that ran out', () => {
    const stuck = (stop: Parameters<ReturnType<typeof oracleCase>['classify']>[0]) =>
      oracleCase().cpuAt(0, 'machine_shutdown.wait_online_count').classify(stop).title;
    assert.match(stuck({ kind: 'all-stopped', step: 500, parked: 1 }), /, proven: nothing due can wake them$/);
    assert.match(stuck({ kind: 'no-progress', step: 5000, lastProgress: 1000 }), /, no progress in 4000 steps$/);
    assert.match(stuck({ kind: 'budget', step: 9000 }), /, the budget of 9000 steps ran out$/);
  });
});

describe('wild-exec', () => {
  test('a fault is wild-exec at the faulting CPU, pc and step, naming the cause and the word', () => {
    const o = oracleCase()
      .ipi(0, 1)
      .fault(1, at('old_idle.loop') + 1, 0x1234abcd)
      .classify();
    assert.deepEqual(
      { kind: o.kind, cpu: o.cpu, routine: o.routine, label: o.label, step: o.step },
      { kind: 'wild-exec', cpu: 1, routine: 'old_idle', label: 'loop', step: 1 },
    );
    assert.equal(
      o.title,
      `${outcomeInfo['wild-exec'].title}: CPU1 in old_idle.loop+1, illegal-instruction on word 0x1234abcd`,
    );
  });

  test('every fault cause is wild-exec, a bus error outside every program included', () => {
    for (const cause of Object.values(faultCause)) {
      const o = oracleCase().fault(0, 0x3fff, 0x3fff, cause).classify();
      assert.equal(o.kind, 'wild-exec', `cause ${cause}`);
      assert.equal(o.routine, null);
    }
  });

  test('executing old text or the control page is never wild, wherever the CPU is in it', () => {
    const o = oracleCase()
      .execTag(1, at('old_idle.loop') + 2, tags.oldText)
      .execTag(1, 0x3003, tags.controlPage)
      .execTag(1, 'smp_call_function.wait_ipi_ack', tags.oldText)
      .boot()
      .classify();
    assert.equal(o.kind, 'ok');
  });

  test('executing new-image words from the first word of a routine is legitimate, and so is running on inside them', () => {
    const o = oracleCase()
      .execTag(1, 'secondary_start', tags.newImage)
      .execTag(1, 'old_idle', tags.oldText)
      .execTag(1, 'secondary_start', tags.newImage)
      .boot()
      .classify();
    assert.equal(o.kind, 'ok');
  });

  test('entering new-image words anywhere but the first word of a routine is wild-exec', () => {
    const entries = [
      [at('start_kernel.wait_secondary_up'), 'start_kernel.wait_secondary_up'],
      [at('secondary_start') + 1, 'secondary_start+1'],
    ] as const;
    for (const [where, text] of entries) {
      const o = oracleCase().execTag(2, 'old_idle', tags.oldText).execTag(2, where, tags.newImage).classify();
      assert.deepEqual([o.kind, o.cpu], ['wild-exec', 2], text);
      assert.equal(
        o.title,
        `${outcomeInfo['wild-exec'].title}: CPU2 in ${text}, executing new-image words after old-text code`,
      );
    }
  });

  test('entering new-image words outside every program (source pages waiting to be copied) is wild-exec', () => {
    const o = oracleCase().execTag(3, 0x3400, tags.newImage).classify();
    assert.deepEqual([o.kind, o.cpu, o.routine], ['wild-exec', 3, null]);
  });

  test('executing words of any tag the vocabulary does not name (data, never written) is wild-exec', () => {
    for (const tag of [0, OTHER_TAG]) {
      const o = oracleCase().execTag(1, 'old_idle', tags.oldText).execTag(1, 'old_idle.loop', tag).classify();
      assert.equal(o.kind, 'wild-exec', `tag ${tag}`);
    }
  });

  test('a CPU running old text that fetches a stale word the new image overwrote is wild-exec: it ran on over its own overwritten code', () => {
    const o = oracleCase()
      .overwrite('old_idle.loop', tags.newImage)
      .execTag(1, 'old_idle', tags.oldText)
      .staleFetch(1, 'old_idle.loop')
      .classify();
    assert.deepEqual([o.kind, o.cpu, o.label], ['wild-exec', 1, 'loop']);
    assert.match(o.title, /its code was overwritten by the new image$/);
  });

  test('current behaviour, wider than isRoutineEntry\'s doc ("a routine of the new kernel"): new-image words entered at an old-kernel routine entry are accepted', () => {
    const o = oracleCase()
      .execTag(1, 'old_idle.loop', tags.oldText)
      .execTag(1, 'smp_call_function', tags.newImage)
      .boot()
      .classify();
    assert.equal(o.kind, 'ok');
  });
});

describe('stale-icache', () => {
  test('a stale fetch of a word the new image did not write is stale-icache, naming what ran and what was written', () => {
    const o = oracleCase()
      .execTag(0, 'old_idle', tags.oldText)
      .overwrite(0x3000, tags.controlPage)
      .staleFetch(0, 0x3000, 0x41000000, 0x76000005)
      .classify();
    assert.deepEqual([o.kind, o.cpu, o.routine], ['stale-icache', 0, null]);
    assert.equal(
      o.title,
      `${outcomeInfo['stale-icache'].title}: CPU0 in 0x03000, executed 0x41000000 where 0x76000005 was written`,
    );
  });

  test('a stale fetch of new-image words by a CPU already in the new image is stale-icache, not wild-exec', () => {
    const o = oracleCase()
      .execTag(1, 'secondary_start', tags.newImage)
      .overwrite(at('secondary_start') + 1, tags.newImage)
      .staleFetch(1, at('secondary_start') + 1)
      .classify();
    assert.deepEqual([o.kind, o.routine], ['stale-icache', 'secondary_start']);
  });

  test('a stale fetch of new-image words by a CPU coming from the control page is stale-icache', () => {
    const o = oracleCase()
      .execTag(0, 0x3000, tags.controlPage)
      .overwrite('kernel_entry', tags.newImage)
      .staleFetch(0, 'kernel_entry')
      .classify();
    assert.equal(o.kind, 'stale-icache');
  });

  test('the uncached alias of an address is read as the same word', () => {
    const uncached = 0x20000000 | at('old_idle.loop');
    const o = oracleCase()
      .overwrite('old_idle.loop', tags.newImage)
      .execTag(1, 'old_idle', tags.oldText)
      .staleFetch(1, uncached)
      .classify();
    assert.deepEqual([o.kind, o.label], ['wild-exec', 'loop']);
  });
});

describe('multi-entry', () => {
  test('a second CPU reaching relocate_new_kernel is multi-entry, at that CPU', () => {
    const o = oracleCase().mark(0, marks.relocate).mark(3, marks.relocate).classify();
    assert.deepEqual([o.kind, o.cpu, o.routine], ['multi-entry', 3, null]);
    assert.equal(o.title, `${outcomeInfo['multi-entry'].title}: CPU3 ran relocate_new_kernel after CPU0`);
  });

  test('a second CPU in the boot path is multi-entry', () => {
    const o = oracleCase().boot().mark(1, marks.newBoot, 1).classify();
    assert.equal(o.kind, 'multi-entry');
    assert.match(o.title, /CPU1 ran the boot path after CPU0$/);
  });

  test('one CPU reaching relocate_new_kernel or the boot path twice is not multi-entry', () => {
    const o = oracleCase().mark(0, marks.relocate).mark(0, marks.newBoot).boot().classify();
    assert.equal(o.kind, 'ok');
  });

  test('one CPU relocating and another booting is not multi-entry: each place counts its own CPUs', () => {
    const o = oracleCase({ leadCpu: 1 })
      .mark(0, marks.relocate)
      .mark(1, marks.newBoot)
      .mark(1, marks.bootDone)
      .classify();
    assert.equal(o.kind, 'ok');
  });
});

describe('cpu-lost', () => {
  test('a finished boot with boot-timeout marks is cpu-lost, at the first lost CPU (the mark argument) and the boot-done step', () => {
    const c = oracleCase()
      .mark(0, marks.newBoot)
      .mark(0, marks.bootTimeout, 2)
      .mark(0, marks.secondaryUp, 1)
      .mark(0, marks.bootTimeout, 3);
    const o = c.mark(0, marks.bootDone, 0).classify();
    assert.deepEqual([o.kind, o.cpu, o.step], ['cpu-lost', 2, 4]);
    assert.equal(o.title, `${outcomeInfo['cpu-lost'].title}: CPUs 2 and 3 never came back`);
  });
});

describe('corruption of the new image: every segment as built, but for what the new kernel writes itself', () => {
  const secondFiller = segments[0].base + newKernel.words.length + newKernelData.words;

  test('a finished boot whose new-kernel text changed is corruption at the first changed word, at no CPU, naming the segment and the word', () => {
    const o = oracleCase()
      .boot()
      .overwrite(at('secondary_start') + 1, OTHER_TAG)
      .overwrite(at('secondary_start') + 2, OTHER_TAG)
      .classify({ kind: 'exit', step: 500, cpu: 0, code: 0 });
    assert.deepEqual(
      { kind: o.kind, cpu: o.cpu, routine: o.routine, step: o.step },
      { kind: 'corruption', cpu: null, routine: 'secondary_start', step: 500 },
    );
    assert.equal(o.title, `${outcomeInfo.corruption.title}: segment 0 was overwritten at secondary_start+1`);
  });

  test('a store of the same value into the new-kernel text is not corruption', () => {
    const same = newKernel.words[1] ?? 0;
    assert.equal(
      oracleCase()
        .boot()
        .overwrite(newKernel.base + 1, OTHER_TAG, same)
        .classify().kind,
      'ok',
    );
  });

  test("image bytes after the new kernel's data in the first segment are the image too: a changed word there is corruption", () => {
    const o = oracleCase()
      .boot()
      .overwrite(secondFiller + 3, OTHER_TAG)
      .classify();
    assert.deepEqual([o.kind, o.routine], ['corruption', null]);
    assert.equal(o.title, `${outcomeInfo.corruption.title}: segment 0 was overwritten at ${hex(secondFiller + 3)}`);
  });

  test('a segment of image bytes only (no code: an initrd, data the new kernel reads later) is intact only if unchanged: a changed word is corruption naming that segment', () => {
    const o = oracleCase()
      .boot()
      .overwrite(imageSegment.base + imageSegment.words - 1, tags.oldText)
      .classify();
    assert.equal(o.kind, 'corruption');
    assert.match(o.title, /segment 1 was overwritten at 0x0203f$/);
  });

  test('image bytes stored over with the value they already hold are intact, whoever stored: a store damages only by changing a word', () => {
    const o = oracleCase()
      .boot()
      .overwrite(imageSegment.base, OTHER_TAG, segments[1].words[0])
      .overwrite(secondFiller, tags.oldText, segments[0].words[secondFiller - segments[0].base])
      .classify();
    assert.equal(o.kind, 'ok');
  });

  test("the new kernel's own data (cpu_up flags, its stack) is not checked: the new kernel writes it while it boots, from any CPU and with any tag", () => {
    const o = oracleCase()
      .boot()
      .overwrite(newKernelData.base, tags.controlPage, 1)
      .overwrite(newKernelData.base + newKernelData.words - 1, OTHER_TAG, 0x1234)
      .classify();
    assert.equal(o.kind, 'ok');
  });

  test('segments are checked in order and each from its first word: the first damaged word of the first damaged segment is named', () => {
    const o = oracleCase()
      .boot()
      .overwrite(imageSegment.base, OTHER_TAG)
      .overwrite(secondFiller + 5, OTHER_TAG)
      .overwrite(secondFiller + 1, OTHER_TAG)
      .classify();
    assert.match(o.title, new RegExp(`segment 0 was overwritten at ${hex(secondFiller + 1)}$`));
  });

  test('memory outside the segments is not the image: a changed old kernel after the boot is ok', () => {
    assert.equal(oracleCase().boot().overwrite('old_idle.loop', tags.newImage).classify().kind, 'ok');
  });

  test('on a normal kexec there is no crash region: a store between the segments after the boot is ok', () => {
    assert.equal(oracleCase().boot().overwrite(0x1000, tags.oldText).classify().kind, 'ok');
  });
});

describe('corruption of the crash region on kdump: nobody but the new kernel writes the reservation', () => {
  const unused = 0x1000;

  test("on kdump, a word of the crash region outside the segments and the control page that someone wrote is corruption at that word, naming the writer's tag", () => {
    const o = oracleCase({ kdump: true })
      .boot()
      .overwrite(unused, tags.oldText, 5)
      .classify({ kind: 'exit', step: 400, cpu: 0, code: 0 });
    assert.deepEqual([o.kind, o.cpu, o.routine, o.step], ['corruption', null, null, 400]);
    assert.equal(o.title, `${outcomeInfo.corruption.title}: the crash region was written at 0x01000 (old-text)`);
  });

  test('on kdump, a store of zero into the unused crash region is corruption when it is tagged: the tag shows old-kernel data was written there', () => {
    const o = oracleCase({ kdump: true }).boot().overwrite(unused, OTHER_TAG, 0).classify();
    assert.equal(o.kind, 'corruption');
  });

  test('on kdump, an untagged store (a CPU that never set a tag) into the unused crash region is corruption when it changed the word', () => {
    const o = oracleCase({ kdump: true }).boot().overwrite(unused, 0, 0x55).classify();
    assert.equal(o.kind, 'corruption');
  });

  test('on kdump, the crash region around its contents is checked to its last word', () => {
    const last = crashRegion.base + crashRegion.words - 1;
    const o = oracleCase({ kdump: true }).boot().overwrite(last, OTHER_TAG).classify();
    assert.match(o.title, /the crash region was written at 0x031ff/);
  });

  test("on kdump, the control page (machine_kexec's copy of the stub, the kexec_flag it clears) and the new kernel's data may be written", () => {
    const o = oracleCase({ kdump: true })
      .boot()
      .overwrite(controlPage.base, tags.controlPage)
      .overwrite(controlPage.base + controlPage.words - 1, tags.controlPage, 0)
      .overwrite(newKernelData.base + 2, OTHER_TAG, 1)
      .classify();
    assert.equal(o.kind, 'ok');
  });

  test('on kdump, memory outside the crash region is not checked: a store just below it is ok', () => {
    const o = oracleCase({ kdump: true })
      .boot()
      .overwrite(crashRegion.base - 1, OTHER_TAG)
      .overwrite(crashRegion.base + crashRegion.words, OTHER_TAG)
      .classify();
    assert.equal(o.kind, 'ok');
  });

  test('a damaged segment is named before a written crash region: the image is checked first', () => {
    const o = oracleCase({ kdump: true })
      .boot()
      .overwrite(unused, OTHER_TAG)
      .overwrite(imageSegment.base + 4, OTHER_TAG)
      .classify();
    assert.match(o.title, /segment 1 was overwritten/);
  });
});

describe('corruption of the crash notes', () => {
  test('a note-lost mark is corruption at the CPU that found it, naming the CPU in its argument', () => {
    const o = oracleCase().mark(0, marks.newBoot).mark(0, marks.noteLost, 3).classify();
    assert.deepEqual([o.kind, o.cpu, o.step], ['corruption', 0, 1]);
    assert.equal(o.title, `${outcomeInfo.corruption.title}: CPU0, the crash note of CPU3 is missing`);
  });

  test('on kdump, a boot after every saved note still reads as saved is ok', () => {
    assert.equal(oracleCase({ kdump: true }).saveNote(1).saveNote(2).boot().classify().kind, 'ok');
  });

  test('on kdump, a note its CPU saved (the trace says so) that the booting CPU does not find is corruption after the boot, at no CPU', () => {
    const o = oracleCase({ kdump: true })
      .saveNote(1)
      .saveNote(2, { lost: true })
      .boot()
      .classify({ kind: 'exit', step: 300, cpu: 0, code: 0 });
    assert.deepEqual([o.kind, o.cpu, o.step], ['corruption', null, 300]);
    assert.equal(o.title, `${outcomeInfo.corruption.title}: the crash note of CPU2 is missing`);
  });
});

describe('ranking: the first anomaly in trace order decides', () => {
  test('a stale fetch before a fault is stale-icache', () => {
    const o = oracleCase().staleFetch(1, 'old_idle.loop').fault(2, 'old_idle').classify();
    assert.deepEqual([o.kind, o.cpu], ['stale-icache', 1]);
  });

  test('a fault before a stale fetch is wild-exec', () => {
    const o = oracleCase().fault(2, 'old_idle').staleFetch(1, 'old_idle.loop').classify();
    assert.deepEqual([o.kind, o.cpu], ['wild-exec', 2]);
  });

  test('a fault before a second entry is wild-exec', () => {
    const o = oracleCase().mark(0, marks.relocate).fault(2, 0x3000).mark(1, marks.relocate).classify();
    assert.deepEqual([o.kind, o.cpu], ['wild-exec', 2]);
  });

  test('a second entry before a fault is multi-entry', () => {
    const o = oracleCase().mark(0, marks.relocate).mark(1, marks.relocate).fault(2, 0x3000).classify();
    assert.deepEqual([o.kind, o.cpu], ['multi-entry', 1]);
  });

  test('a lost crash note before a wild entry into the new image is corruption', () => {
    const o = oracleCase()
      .mark(0, marks.noteLost, 1)
      .execTag(2, 'start_kernel.wait_secondary_up', tags.newImage)
      .classify();
    assert.equal(o.kind, 'corruption');
  });

  test('a wild entry into the new image before a lost crash note is wild-exec', () => {
    const o = oracleCase()
      .execTag(2, 'start_kernel.wait_secondary_up', tags.newImage)
      .mark(0, marks.noteLost, 1)
      .classify();
    assert.equal(o.kind, 'wild-exec');
  });

  test('an anomaly after a finished boot still outranks ok', () => {
    assert.equal(oracleCase().boot().fault(3, 'old_idle.loop').classify().kind, 'wild-exec');
  });

  test('an anomaly outranks a hang: a trace with a fault and waiting CPUs is wild-exec', () => {
    const o = oracleCase().cpuAt(0, 'smp_call_function.wait_ipi_ack').fault(1, 'old_idle').classify();
    assert.deepEqual([o.kind, o.waits], ['wild-exec', []]);
  });

  test('an anomaly outranks changed new-kernel text', () => {
    const o = oracleCase().boot().overwrite('secondary_start', OTHER_TAG).mark(0, marks.newBoot).mark(2, marks.newBoot);
    assert.equal(o.classify().kind, 'multi-entry');
  });
});

describe('ranking: a boot timeout is ranked in trace order with the anomalies, but never over corruption', () => {
  test('a boot timeout before a stale fetch is cpu-lost: the new kernel gave up on the CPU first, at the lost CPU and the step of the timeout', () => {
    const o = oracleCase()
      .mark(0, marks.newBoot)
      .mark(0, marks.bootTimeout, 1)
      .staleFetch(1, 'old_idle')
      .mark(0, marks.bootDone)
      .classify();
    assert.deepEqual([o.kind, o.cpu, o.step, o.routine], ['cpu-lost', 1, 1, null]);
    assert.equal(o.title, `${outcomeInfo['cpu-lost'].title}: CPU1 never came back`);
  });

  test('a boot timeout before a fault or a second entry is cpu-lost even when the run stops before the boot finishes (runs stop soon after the first anomaly)', () => {
    const fault = oracleCase().mark(0, marks.newBoot).mark(0, marks.bootTimeout, 2).fault(2, 'old_idle');
    const second = oracleCase().mark(0, marks.newBoot).mark(0, marks.bootTimeout, 2).mark(2, marks.newBoot);
    assert.deepEqual([fault.classify().kind, second.classify().kind], ['cpu-lost', 'cpu-lost']);
  });

  test('cpu-lost by trace order names the CPUs lost before the anomaly only', () => {
    const o = oracleCase()
      .mark(0, marks.bootTimeout, 1)
      .mark(0, marks.bootTimeout, 2)
      .fault(3, 'old_idle')
      .mark(0, marks.bootTimeout, 3)
      .classify();
    assert.match(o.title, /CPUs 1 and 2 never came back$/);
  });

  test('a boot timeout after the first anomaly changes nothing: a fault before it is wild-exec', () => {
    const o = oracleCase().fault(2, 'old_idle').mark(0, marks.bootTimeout, 2).mark(0, marks.bootDone).classify();
    assert.deepEqual([o.kind, o.cpu], ['wild-exec', 2]);
  });

  test('a lost crash note after a boot timeout is still corruption: corruption outranks cpu-lost wherever it is, so a lost CPU never hides a lost note', () => {
    const o = oracleCase().mark(0, marks.newBoot).mark(0, marks.bootTimeout, 1).mark(0, marks.noteLost, 3).classify();
    assert.deepEqual([o.kind, o.cpu], ['corruption', 0]);
  });

  test('a boot timeout before an anomaly yields to a damaged segment at the end of the run: corruption outranks cpu-lost', () => {
    const o = oracleCase()
      .mark(0, marks.bootTimeout, 1)
      .fault(1, 'old_idle')
      .overwrite(imageSegment.base, OTHER_TAG)
      .classify();
    assert.match(o.title, /segment 1 was overwritten/);
  });

  test('on kdump, a boot timeout before an anomaly yields to a crash note the timing-out CPU no longer finds', () => {
    const o = oracleCase({ kdump: true, leadCpu: 3 })
      .saveNote(2, { lost: true })
      .mark(0, marks.newBoot)
      .mark(0, marks.bootTimeout, 1)
      .fault(1, 'old_idle')
      .classify();
    assert.deepEqual(
      [o.kind, o.title],
      ['corruption', `${outcomeInfo.corruption.title}: the crash note of CPU2 is missing`],
    );
  });
});

describe('ranking with no anomaly: hang, then corruption of the image, the crash region or a note, then cpu-lost, then ok', () => {
  test('with the boot finished, changed new-kernel text outranks boot timeouts: corruption before cpu-lost', () => {
    const o = oracleCase().mark(0, marks.bootTimeout, 1).boot().overwrite('kernel_entry', OTHER_TAG).classify();
    assert.equal(o.kind, 'corruption');
  });

  test('with the boot finished, a written crash region and a lost note outrank boot timeouts too', () => {
    const region = oracleCase({ kdump: true }).mark(0, marks.bootTimeout, 1).boot().overwrite(0x1000, OTHER_TAG);
    const note = oracleCase({ kdump: true }).saveNote(2, { lost: true }).mark(0, marks.bootTimeout, 1).boot();
    assert.deepEqual([region.classify().kind, note.classify().kind], ['corruption', 'corruption']);
  });

  test('current behaviour: a run that never finished booting is a hang even with changed new-kernel text and boot timeouts (the boot is checked before the text)', () => {
    const o = oracleCase()
      .mark(0, marks.newBoot)
      .mark(0, marks.bootTimeout, 1)
      .overwrite('kernel_entry', OTHER_TAG)
      .cpuAt(0, 'start_kernel.wait_secondary_up')
      .classify();
    assert.deepEqual([o.kind, o.cpu, o.label], ['hang', 0, 'wait_secondary_up']);
  });
});

describe('from a running machine: the trace the machine writes is the one the oracle reads', () => {
  const run = (build: Parameters<typeof asm>[1], start: string, cpus = 1) => {
    const image = asm(0x200, build);
    const ran = runPrograms({
      machine: { cores: cpus },
      run: { progressWindow: 2_000 },
      programs: [{ program: image, tag: tags.newImage }],
      start: { 0: start },
    });
    return classifyRun({
      machine: ran.machine,
      stop: ran.stop,
      symbols: ran.symbols,
      vocab,
      facts: {
        cpus,
        leadCpu: 0,
        segments: [{ base: image.base, words: image.words }],
        newKernelData: { base: image.base + image.words.length, words: 0 },
        controlPage,
        crashRegion: null,
        crashNotes: null,
        programs: { oldKernel: 0, newKernel: 1 },
      },
    });
  };

  test('a CPU that starts at a new-image routine entry and marks boot-done is ok', () => {
    const o = run((a) => a.routine('kernel_entry').mark(marks.newBoot).mark(marks.bootDone).exit(0), 'kernel_entry');
    assert.equal(o.kind, 'ok');
  });

  test('a CPU that starts inside a new-image routine is wild-exec at its first fetch', () => {
    const o = run(
      (a) => a.routine('kernel_entry').nop().label('inside').mark(marks.bootDone).exit(0),
      'kernel_entry.inside',
    );
    assert.deepEqual([o.kind, o.label, o.step], ['wild-exec', 'inside', 0]);
  });

  test('a CPU that branches into data faults, and the oracle names the word', () => {
    const o = run((a) => a.routine('kernel_entry').j('data').routine('data').word(0x12345678), 'kernel_entry');
    assert.deepEqual([o.kind, o.routine], ['wild-exec', 'data']);
    assert.match(o.title, /illegal-instruction on word 0x12345678$/);
  });

  test('a CPU spinning on a flag nobody sets is a hang on the label it spins in', () => {
    const o = run((a) => {
      a.routine('kernel_entry').la('t0', 'flag');
      a.label('wait_flag_set').lw('t1', 0, 't0').pause().beqz('t1', 'wait_flag_set');
      a.routine('flag').word(0);
    }, 'kernel_entry');
    assert.deepEqual([o.kind, o.cpu, o.waits.map((w) => w.on)], ['hang', 0, ['flag-set']]);
  });
});

describe('the oracle knows no kernel: mark ids, tags and routines come as data', () => {
  test('marks the vocabulary does not name mean nothing: a trace of unknown marks is a hang', () => {
    const o = oracleCase().mark(0, 1).mark(1, 1).mark(0, 6).mark(0, 7, 2).classify();
    assert.deepEqual([o.kind, o.waits.map((w) => w.on)], ['hang', ['nobody-jumps']]);
  });

  test("where routines start comes from the symbols given: without the new kernel's, entering kernel_entry is wild", () => {
    const c = oracleCase().boot();
    const o = classifyRun({
      machine: c.machine,
      stop: { kind: 'all-stopped', step: 99, parked: 0 },
      symbols: new Symbolizer([oldKernel]),
      vocab,
      facts: {
        cpus: 4,
        leadCpu: 0,
        segments,
        newKernelData,
        controlPage,
        crashRegion: null,
        crashNotes: null,
        programs: { oldKernel: 0, newKernel: 1 },
      },
    });
    assert.equal(o.kind, 'wild-exec');
  });
});

describe('the site of an outcome: the place in its signature, which bug groups key on', () => {
  const { marks, tags } = vocab;

  test('a fault in old code is its old routine; in old data words, the tag and -data; in a helper, its class', () => {
    const wild = (where: string | number): ReturnType<OracleCase['classify']> =>
      oracleCase()
        .execTag(1, 'old_idle', tags.oldText)
        .fault(1, where)
        .classify(undefined, { machine_shutdown: 'helper' });
    assert.equal(wild(at('old_idle.loop') + 1).site, 'old_idle');
    assert.equal(wild('old_flag').site, 'old-text-data', 'a CPU that ran off its code into data');
    assert.equal(wild('machine_shutdown').site, 'helper', 'routines of a class are one site');
  });

  test('anything in the new kernel is one site, new-kernel, whichever routine the first stale word fell in', () => {
    for (const where of ['kernel_entry', 'start_kernel', 'secondary_start']) {
      const o = oracleCase()
        .execTag(0, 'old_idle', tags.oldText)
        .mark(0, marks.relocate)
        .execTag(0, 0x3000, tags.controlPage)
        .execTag(0, 'kernel_entry', tags.newImage)
        .overwrite(where, tags.newImage)
        .staleFetch(0, where)
        .classify();
      assert.equal(o.kind, 'stale-icache');
      assert.equal(o.site, 'new-kernel', where);
    }
  });

  test('a hang is its frames, blocked-by the CPU with interrupts off that waits on nothing, or +late-responder', () => {
    const waiting = oracleCase()
      .cpuAt(0, 'smp_call_function.wait_ipi_ack')
      .cpuAt(1, 'kexec_shutdown_secondary.wait_kexec_ready');
    assert.equal(waiting.classify().site, 'smp_call_function');
    const blocked = oracleCase().cpuAt(0, 'smp_call_function.wait_ipi_ack').cpuAt(1, 'old_idle.loop');
    assert.equal(blocked.classify().site, 'blocked-by-old_idle');
    blocked.machine.ie[1] = 1;
    assert.equal(blocked.classify().site, 'smp_call_function', 'with interrupts on it can take the IPI');
    const late = oracleCase({ kdump: true })
      .saveNote(0)
      .mark(0, marks.machineKexec)
      .saveNote(1)
      .cpuAt(0, 'smp_call_function.wait_ipi_ack')
      .cpuAt(1, 'kexec_shutdown_secondary.wait_kexec_ready');
    assert.equal(late.classify().site, 'smp_call_function+late-responder');
  });

  test('a lost CPU is where it ended, with its run state unless it runs', () => {
    const lost = (state: number): string =>
      oracleCase().boot().mark(0, marks.bootTimeout, 1).cpuAt(1, 'old_idle.loop', state).classify().site;
    assert.equal(lost(runState.RUNNING), 'old_idle');
    assert.equal(lost(runState.HALTED), 'old_idle@halted');
    assert.equal(lost(runState.WAITING), 'old_idle@waiting');
  });
});

describe('the site of corruption: what was damaged', () => {
  test('the new kernel text is new-kernel, other image words their segment, the reservation crash-region, a note crash-note', () => {
    const site = (c: OracleCase): string => c.classify().site;
    assert.equal(
      site(
        oracleCase()
          .boot()
          .overwrite(at('secondary_start') + 1, OTHER_TAG),
      ),
      'new-kernel',
    );
    assert.equal(
      site(
        oracleCase()
          .boot()
          .overwrite(imageSegment.base + 3, OTHER_TAG),
      ),
      'segment-1',
    );
    assert.equal(site(oracleCase({ kdump: true }).boot().overwrite(0x1000, vocab.tags.oldText, 5)), 'crash-region');
    assert.equal(site(oracleCase({ kdump: true }).saveNote(1, { lost: true }).boot()), 'crash-note');
  });
});

describe('CPU lists in titles', () => {
  test('small boards list every CPU; runs of four or more become ranges, so a 48-core title stays one line', () => {
    assert.equal(cpuList([2]), 'CPU2');
    assert.equal(cpuList([1, 2]), 'CPUs 1 and 2');
    assert.equal(cpuList([1, 2, 3]), 'CPUs 1, 2 and 3');
    assert.equal(cpuList([1, 2, 3, 4]), 'CPUs 1–4');
    assert.equal(cpuList([0, 2, 3, 4, 5, 7]), 'CPUs 0, 2–5 and 7');
    assert.equal(cpuList(Array.from({ length: 47 }, (_, i) => i + 1)), 'CPUs 1–47');
  });
});
