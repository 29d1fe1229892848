import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Assembler } from '../../src/machine/asm.js';
import { Symbolizer } from '../../src/machine/disasm.js';
import { cacheOp } from '../../src/machine/isa.js';
import type { TraceEvent } from '../../src/machine/trace.js';
import { traceAround, traceText } from '../../src/report/trace-text.js';

// A tiny program: relocate_new_kernel at 0x1000 (two nops, then `copy`), kexec_smp_wait after it.
const a = new Assembler(0x1000);
a.routine('relocate_new_kernel').nop().nop().label('copy').nop().nop();
a.routine('kexec_smp_wait').label('wait_flag').nop().wait();
const symbols = new Symbolizer([a.assemble()]);
const markNames = { 1: 'relocate', 4: 'secondary-up' };
const tagNames = { 1: 'old-text', 3: 'control-page' };
const UNDECODABLE = 0;

const events: TraceEvent[] = [
  { kind: 'exec-tag', step: 0, cpu: 0, pc: 0x1000, fromTag: -1, toTag: 1 },
  { kind: 'ipi-sent', step: 5, cpu: 0, target: 1, due: 40 },
  { kind: 'cache-op', step: 6, cpu: 0, op: cacheOp.I_INDEX_INV, address: 0x0 },
  { kind: 'cache-op', step: 7, cpu: 0, op: cacheOp.I_INDEX_INV, address: 0x8 },
  { kind: 'cache-op', step: 8, cpu: 0, op: cacheOp.I_INDEX_INV, address: 0x10 },
  { kind: 'cache-op', step: 9, cpu: 0, op: cacheOp.D_HIT_WB, address: 0x1002 },
  { kind: 'mark', step: 12, cpu: 0, mark: 1, arg: 0 },
  { kind: 'ipi-taken', step: 41, cpu: 1, epc: 0x1004 },
  {
    kind: 'stale-fetch',
    step: 50,
    cpu: 1,
    pc: 0x1002,
    executed: UNDECODABLE,
    latest: a.assemble().words[2] ?? 0,
    latestTag: 2,
  },
  { kind: 'fault', step: 51, cpu: 1, cause: 'illegal-instruction', pc: 0x1003, detail: UNDECODABLE },
  { kind: 'state', step: 51, cpu: 1, state: 'faulted', by: 1, pc: 0x1003 },
  { kind: 'mark', step: 60, cpu: 0, mark: 99, arg: 7 },
];

describe('traceText', () => {
  test('prints one section per CPU, addresses symbolized, cache-op runs folded, faults disassembled', () => {
    const expected = [
      'trace: 12 events on 3 CPUs',
      '',
      'CPU0: 8 events',
      '  step  cpu   event        details',
      '     0  CPU0  exec-tag     executes old-text code at relocate_new_kernel (was nothing)',
      '     5  CPU0  ipi-sent     to CPU1, due at step 40',
      '     6  CPU0  cache-op     I_INDEX_INV ×3, 0x00000 … 0x00010',
      '     9  CPU0  cache-op     D_HIT_WB relocate_new_kernel.copy',
      '    12  CPU0  mark         relocate (arg 0)',
      '    60  CPU0  mark         mark 99 (arg 7)',
      '',
      'CPU1: 4 events',
      '  step  cpu   event        details',
      '    41  CPU1  ipi-taken    interrupted kexec_smp_wait.wait_flag',
      '    50  CPU1  stale-fetch  at relocate_new_kernel.copy executed `.word 0x00000  # does not decode` from the I-cache, memory holds `nop`',
      '    51  CPU1  fault        illegal instruction at relocate_new_kernel.copy+1: `.word 0x00000  # does not decode`',
      '    51  CPU1  state        → faulted at relocate_new_kernel.copy+1',
      '',
      'CPU2: 0 events',
    ];
    assert.deepEqual(traceText(events, { symbols, cpus: 3, markNames, tagNames }).split('\n'), expected);
  });

  test('with `last`, shows only the last N lines of each CPU and says how many there were', () => {
    const text = traceText(events, { symbols, cpus: 2, markNames, tagNames, last: 2 });
    assert.match(text, /\nCPU0: 8 events, last 2 of 6 lines shown\n/);
    assert.match(text, /\nCPU1: 4 events, last 2 of 4 lines shown\n/);
    assert.doesNotMatch(text, /ipi-sent|ipi-taken|stale-fetch/);
    assert.match(text, /relocate \(arg 0\)[\s\S]*mark 99[\s\S]*fault[\s\S]*state/);
  });

  test('a fault on a word that decodes shows the instruction from memory; unknown tags print as numbers', () => {
    const text = traceText(
      [
        { kind: 'fault', step: 3, cpu: 0, cause: 'bus-error-data', pc: 0x1000, detail: 0x7ffffff },
        { kind: 'exec-tag', step: 4, cpu: 0, pc: 0x1000, fromTag: 1, toTag: 9 },
      ],
      { symbols, cpus: 1, markNames, wordAt: () => a.assemble().words[0] ?? 0, truncated: true },
    );
    assert.match(text, /^trace: 2 events on 1 CPUs \(truncated: the latest events were lost\)\n/);
    assert.match(text, /fault {5}bus error at relocate_new_kernel on 0x7ffffff: `nop`$/m);
    assert.match(text, /executes tag 9 code at relocate_new_kernel \(was tag 1\)$/m);
  });

  test('a copy overwriting executable words is one line; a loop of events shows once, then its repeat count', () => {
    const loop: TraceEvent[] = [];
    for (let step = 10; step < 20; step += 2) {
      loop.push({ kind: 'stale-fetch', step, cpu: 1, pc: 0x1002, executed: 0, latest: 0, latestTag: 0 });
      loop.push({ kind: 'ipi-taken', step: step + 1, cpu: 1, epc: 0x1004 });
    }
    const text = traceText(
      [
        { kind: 'overwrite-exec', step: 3, cpu: 0, address: 0x1000, newTag: 4, oldTag: 1 },
        { kind: 'overwrite-exec', step: 3, cpu: 0, address: 0x1001, newTag: 4, oldTag: 1 },
        { kind: 'overwrite-exec', step: 4, cpu: 0, address: 0x1002, newTag: 4, oldTag: 1 },
        { kind: 'overwrite-exec', step: 5, cpu: 0, address: 0x1003, newTag: 4, oldTag: 3 },
        ...loop,
      ],
      { symbols, cpus: 2, markNames, tagNames: { ...tagNames, 4: 'new-image' } },
    );
    assert.deepEqual(text.split('\n').slice(2), [
      'CPU0: 4 events',
      '  step  cpu   event           details',
      '     3  CPU0  overwrite-exec  3 words, relocate_new_kernel … relocate_new_kernel.copy: old-text → new-image',
      '     5  CPU0  overwrite-exec  relocate_new_kernel.copy+1: control-page → new-image',
      '',
      'CPU1: 10 events',
      '  step  cpu   event           details',
      '    10  CPU1  stale-fetch     at relocate_new_kernel.copy executed `.word 0x00000  # does not decode` from the I-cache, memory holds `.word 0x00000  # does not decode`',
      '    11  CPU1  ipi-taken       interrupted kexec_smp_wait.wait_flag',
      '    12  CPU1  …               the 2 lines above repeat 4 more times, to step 19',
    ]);
  });

  test('a block that occurs only twice is shown as it is', () => {
    const twice: TraceEvent[] = [10, 11, 12, 13].map((step) =>
      step % 2 === 0
        ? { kind: 'ipi-taken', step, cpu: 0, epc: 0x1004 }
        : { kind: 'mark', step, cpu: 0, mark: 1, arg: 0 },
    );
    const text = traceText(twice, { symbols, cpus: 1, markNames });
    assert.deepEqual(
      text
        .split('\n')
        .slice(4)
        .map((line) => line.trim().split(/\s+/)[0]),
      ['10', '11', '12', '13'],
    );
  });
});

describe('traceAround: the first anomaly with what came before and after it, every CPU in trace order', () => {
  const options = { symbols, cpus: 2, markNames, tagNames };

  test('the focus is the first event of its CPU at or after its step, marked >>, with the window either side', () => {
    const text = traceAround(events, { cpu: 1, step: 50, around: 2 }, options);
    const rows = text.split('\n').slice(2);
    assert.match(text.split('\n')[0] ?? '', /lines 5–9 of 10, every CPU in order$/);
    assert.deepEqual(
      rows.map((r) => r.replace(/ +/g, ' ').trim().split(' ').slice(0, 4).join(' ')),
      [
        '12 CPU0 mark relocate',
        '41 CPU1 ipi-taken interrupted',
        '>> 50 CPU1 stale-fetch',
        '51 CPU1 fault illegal',
        '51 CPU1 state →',
      ],
    );
  });

  test('sweeps still fold into one line, placed where the sweep began', () => {
    const text = traceAround(events, { cpu: 0, step: 6, around: 1 }, options);
    assert.match(text, /\n {2}>> +6 +CPU0 +cache-op +I_INDEX_INV ×3/);
  });

  test('a focus past the end shows the last lines', () => {
    const text = traceAround(events, { cpu: null, step: 10_000, around: 1 }, options);
    assert.match(text, /\n {2}>> +60 +CPU0 +mark/);
  });
});
