/**
 * A fixed 4-CPU program mix for benchmarks and determinism tests: shared atomics, private loads and
 * stores, ALU work, periodic IPIs with a handler, cache maintenance, and a final rendezvous.
 */

import { Assembler, type Program, symbolAddress } from '../src/machine/asm.js';
import type { CoherenceConfig } from '../src/machine/cache.js';
import { Machine, type MachineConfig, type RunConfig } from '../src/machine/machine.js';

export const MIX_CPUS = 4;

export const mixMachineConfig: MachineConfig = {
  cores: 2,
  threadsPerCore: 2,
  memWords: 1 << 16,
  cache: { lineWords: 8, l1Sets: 64, l1Ways: 2, l2Sets: 512, l2Ways: 4 },
  coherence: {
    dCoherent: true,
    dWriteThrough: false,
    icFillsFromDc: false,
    icacheSnoopsRemoteStore: false,
    hitOpsGlobal: true,
    synciWholeICache: false,
  } satisfies CoherenceConfig,
};

export function mixRunConfig(seed: number, overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    seed,
    policy: 'weighted',
    speeds: [4, 4, 3, 5],
    quantum: 32,
    pctDepth: 3,
    pctHorizon: 100_000,
    stalls: [],
    schedule: [],
    ipiLatency: { min: 20, max: 200 },
    budget: 5_000_000,
    progressWindow: 200_000,
    ...overrides,
  };
}

export function buildProgramMix(iterations: number): Program {
  const a = new Assembler(0x1000);
  a.routine('worker').mfc0('s0', 'CPUID').ei();
  a.li('s1', iterations).la('t0', 'counter').la('t1', 'private');
  a.sll('t2', 's0', 4).add('t1', 't1', 't2');
  a.label('loop').li('t2', 1).amoadd('t3', 't0', 't2');
  a.lw('t3', 0, 't1').addi('t3', 't3', 1).sw('t3', 0, 't1');
  a.xor('v0', 't3', 's1').sll('v0', 'v0', 3).add('v1', 'v0', 't3').sltu('a0', 'v1', 'v0');
  a.andi('t2', 's1', 63).bnez('t2', 'skip');
  a.addi('a1', 's0', 1).andi('a1', 'a1', 3).ipi('a1').cache('D_HIT_WB', 0, 't1');
  a.label('skip').addi('s1', 's1', -1).bnez('s1', 'loop');
  a.la('t0', 'done').li('t2', 1).amoadd('zero', 't0', 't2');
  a.bnez('s0', 'park');
  a.label('rendezvous').lw('t3', 0, 't0').slti('t2', 't3', MIX_CPUS).pause().bnez('t2', 'rendezvous');
  a.exit(0);
  a.label('park').wait().b('park');
  // The handler owns `at` and `sp`, which the workers never use, so it needs no save area.
  a.routine('ipi_handler').la('at', 'ipis').li('sp', 1).amoadd('zero', 'at', 'sp').eret();
  a.align(8);
  a.routine('counter').word(0).align(8);
  a.routine('done').word(0).align(8);
  a.routine('ipis').word(0).align(8);
  a.routine('private').space(16 * MIX_CPUS);
  return a.assemble();
}

/** A machine loaded with the mix and ready to run. */
export function loadMix(machine: Machine, program: Program): void {
  machine.memory.load(program.base, program.words, 1);
  const entry = symbolAddress(program, 'worker');
  const handler = symbolAddress(program, 'ipi_handler');
  for (let c = 0; c < machine.cpus; c++) {
    machine.startCpu(c, entry);
    machine.ebase[c] = handler;
  }
}

export function newMixMachine(seed: number, overrides: Partial<RunConfig> = {}): Machine {
  return new Machine(mixMachineConfig, mixRunConfig(seed, overrides));
}
