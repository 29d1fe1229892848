/**
 * The ceiling the emulator is compared against: the same program words run by a bare typed-array
 * interpreter of the same shape (switch on the opcode, int32 registers, bursts chosen by a PRNG),
 * with no caches, trace, provenance, interrupts or checks. IPIs and cache ops are no-ops here.
 */

import { type Program, symbolAddress } from '../src/machine/asm.js';
import { op } from '../src/machine/isa.js';
import { Prng } from '../src/machine/prng.js';

export function runBare(program: Program, cpus: number, memWords: number, seed: number, quantum: number): number {
  const mem = new Int32Array(memWords);
  mem.set(program.words, program.base);
  const regs = new Int32Array(cpus * 16);
  const pcs = new Int32Array(cpus).fill(symbolAddress(program, 'worker'));
  const live = new Uint8Array(cpus).fill(1);
  const rng = Prng.from(seed);
  let steps = 0;
  for (;;) {
    const cpu = rng.below(cpus);
    if (live[cpu] === 0) continue;
    const burst = 1 + rng.below(quantum);
    const rb = cpu * 16;
    let pc = pcs[cpu]!;
    for (let n = 0; n < burst; n++) {
      const w = mem[pc]!;
      const rd = (w >> 20) & 15;
      const rs = (w >> 16) & 15;
      const rt = (w >> 12) & 15;
      const imm = (w << 16) >> 16;
      let next = pc + 1;
      steps++;
      switch ((w >> 24) & 0xff) {
        case op.ADD:
          if (rd !== 0) regs[rb + rd] = (regs[rb + rs]! + regs[rb + rt]!) | 0;
          break;
        case op.XOR:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! ^ regs[rb + rt]!;
          break;
        case op.OR:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! | regs[rb + rt]!;
          break;
        case op.SLTU:
          if (rd !== 0) regs[rb + rd] = (regs[rb + rs]! ^ 0x80000000) < (regs[rb + rt]! ^ 0x80000000) ? 1 : 0;
          break;
        case op.ADDI:
          if (rd !== 0) regs[rb + rd] = (regs[rb + rs]! + imm) | 0;
          break;
        case op.ANDI:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! & (imm & 0xffff);
          break;
        case op.ORI:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! | (imm & 0xffff);
          break;
        case op.SLTI:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! < imm ? 1 : 0;
          break;
        case op.LUI:
          if (rd !== 0) regs[rb + rd] = imm << 16;
          break;
        case op.SLL:
          if (rd !== 0) regs[rb + rd] = regs[rb + rs]! << (imm & 31);
          break;
        case op.LW:
          if (rd !== 0) regs[rb + rd] = mem[(regs[rb + rs]! + imm) & (memWords - 1)]!;
          break;
        case op.SW:
          mem[(regs[rb + rs]! + imm) & (memWords - 1)] = regs[rb + rd]!;
          break;
        case op.AMOADD: {
          const a = regs[rb + rs]! & (memWords - 1);
          const old = mem[a]!;
          mem[a] = (old + regs[rb + rt]!) | 0;
          if (rd !== 0) regs[rb + rd] = old;
          break;
        }
        case op.BEQ:
          if (regs[rb + rd] === regs[rb + rs]) next = pc + 1 + imm;
          break;
        case op.BNE:
          if (regs[rb + rd] !== regs[rb + rs]) next = pc + 1 + imm;
          break;
        case op.MFC0:
          if (rd !== 0) regs[rb + rd] = cpu;
          break;
        case op.WAIT:
          live[cpu] = 0;
          break;
        case op.EXIT:
          return steps;
        default:
          break; // ei, pause, ipi, cache: no-ops in the bare loop
      }
      pc = next;
      if (live[cpu] === 0) break;
    }
    pcs[cpu] = pc;
  }
}
