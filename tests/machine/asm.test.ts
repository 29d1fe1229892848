import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Assembler } from '../../src/machine/asm.js';
import { disassemble, Symbolizer } from '../../src/machine/disasm.js';
import { UNCACHED } from '../../src/machine/isa.js';
import { asm, expectStop, runPrograms } from '../helpers/machine-runner.js';

describe('assembler and disassembler', () => {
  test('labels, branches, calls and constants assemble and read back as written', () => {
    const p = asm(0x100, (a) => {
      a.routine('kexec_smp_wait').la('t0', 'kexec_flag').label('spin').lw('t1', 0, 't0').bnez('t1', 'spin');
      a.li('a2', 0x12345678).call('helper').j('spin');
      a.routine('helper').cache('I_HIT_INV', 4, 'a0').mfc0('v0', 'CPUID').ret();
      a.routine('kexec_flag').word(1);
    });
    const symbols = new Symbolizer([p]);
    const text = [...p.words].map((w, i) => disassemble(w, 0x100 + i, symbols));
    assert.deepEqual(text, [
      'lui t0, 0x00000',
      'ori t0, t0, 0x0010b',
      'lw t1, 0(t0)',
      'bne t1, zero, kexec_smp_wait.spin',
      'lui a2, 0x01234',
      'ori a2, a2, 0x05678',
      'jal helper',
      'j kexec_smp_wait.spin',
      'cache I_HIT_INV, 4(a0)',
      'mfc0 v0, CPUID',
      'jr ra',
      '.word 0x00001  # does not decode',
    ]);
    assert.equal(symbols.describe(0x103), 'kexec_smp_wait.spin+1');
    assert.equal(symbols.describe(0x103 | UNCACHED), 'kexec_smp_wait.spin+1 (uncached)');
    assert.equal(symbols.describe(0x900), '0x00900');
  });

  test('mistakes in routines are reported at assembly time', () => {
    assert.throws(() => new Assembler(0).routine('r').b('nowhere').assemble(), /undefined symbol nowhere/);
    assert.throws(() => new Assembler(0).routine('r').label('x').label('x'), /defined twice/);
    assert.throws(() => new Assembler(0).routine('r').addi('t0', 't0', 40000), /does not fit/);
  });

  test('running into words that do not decode faults with illegal-instruction, where it happened', () => {
    const p = asm(0x100, (a) => a.routine('wild').li('t0', 0x300).jr('t0'));
    const ran = runPrograms({ programs: [{ program: p }], start: { 0: 'wild' } });
    expectStop(ran, 'all-stopped');
    const [fault] = ran.of('fault');
    assert.equal(fault?.cause, 'illegal-instruction');
    assert.equal(fault?.pc, 0x300);
    assert.equal(ran.machine.pc[0], 0x300);
  });

  test('an access outside memory is a bus error, not a wrap-around', () => {
    const p = asm(0x100, (a) =>
      a
        .routine('bad')
        .li('t0', 1 << 20)
        .lw('t1', 0, 't0')
        .halt(),
    );
    const ran = runPrograms({ programs: [{ program: p }], start: { 0: 'bad' } });
    assert.equal(ran.of('fault')[0]?.cause, 'bus-error-data');
  });
});
