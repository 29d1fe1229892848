/**
 * Runs kernel routines on their own: the routines a test emits, behind a boot stub that gives each CPU
 * a stack and the IPI vector and sends it to its role, all in one program at 0x100. The rest of the old
 * kernel is not there, so a test defines whatever else the routines reference (usually as stubs).
 *
 *   const ran = runKernel({ cpus: 2, emit: (a) => { emitIdle(a); ... }, roles: { 0: 'caller', 1: 'old_idle' } });
 *   assert.equal(ran.peek('cpu_online_mask'), 0b11);
 */

import { perCpu } from '../../src/kernel/macros.js';
import { Assembler, type Program, symbolAddress } from '../../src/machine/asm.js';
import type { MachineConfig, RunConfig } from '../../src/machine/machine.js';
import { type Ran, runPrograms } from './machine-runner.js';

export const KERNEL_BASE = 0x100;
const STACK_WORDS = 64;

export interface KernelSetup {
  readonly cpus: number;
  readonly threadsPerCore?: number;
  /** Emits the routines under test and everything they reference. */
  readonly emit: (a: Assembler) => void;
  /** CPU → the routine it runs; CPUs not named stay halted. */
  readonly roles: Readonly<Record<number, string>>;
  /** Data words to set before the run, by symbol (`routine` or `routine.label`) and word offset. */
  readonly poke?: readonly (readonly [symbol: string, value: number, offset?: number])[];
  /** More memory contents (copies, pages, lists), given the kernel program as poked. */
  readonly loads?: (program: Program) => readonly { readonly program: Program; readonly tag?: number }[];
  readonly machine?: Partial<MachineConfig>;
  readonly run?: Partial<RunConfig>;
}

export interface KernelRan extends Ran {
  readonly program: Program;
  /** The address of a symbol of the kernel program. */
  sym(name: string): number;
  /** The coherent value (what the last store wrote) of the word at `symbol + offset`. */
  peek(symbol: string, offset?: number): number;
}

/** Words with no symbols, for `loads`. */
export function wordsAt(base: number, words: ArrayLike<number>): Program {
  return { base, words: Int32Array.from(words), symbols: [] };
}

export function runKernel(setup: KernelSetup): KernelRan {
  const { cpus } = setup;
  const a = new Assembler(KERNEL_BASE);
  a.routine('test_boot').mfc0('t1', 'CPUID');
  perCpu(a, 'sp', 'test_stacks', 't1', STACK_WORDS);
  a.addi('sp', 'sp', STACK_WORDS);
  perCpu(a, 't0', 'test_roles', 't1', 1);
  a.lw('t0', 0, 't0').jr('t0');
  // A hard lockup: interrupts off, spinning forever (a CPU no IPI reaches).
  a.routine('irqs_off').di();
  a.label('spin').pause().b('spin');
  setup.emit(a);
  a.routine('test_roles');
  for (let c = 0; c < cpus; c++) a.word(setup.roles[c] ?? 'irqs_off');
  a.routine('test_stacks').space(STACK_WORDS * cpus);
  const program = a.assemble();
  for (const [symbol, value, offset = 0] of setup.poke ?? []) {
    program.words[symbolAddress(program, symbol) - program.base + offset] = value;
  }
  const hasVector = program.symbols.some((s) => s.routine === 'old_ipi_handler' && s.label === null);
  const threadsPerCore = setup.threadsPerCore ?? 1;
  const ran = runPrograms({
    machine: { cores: cpus / threadsPerCore, threadsPerCore, ...setup.machine },
    ...(setup.run === undefined ? {} : { run: setup.run }),
    programs: [{ program }, ...(setup.loads?.(program) ?? [])],
    start: Object.fromEntries(Object.keys(setup.roles).map((c) => [c, 'test_boot'])),
    ...(hasVector ? { ebase: 'old_ipi_handler' } : {}),
  });
  const sym = (name: string): number => symbolAddress(program, name);
  return { ...ran, program, sym, peek: (symbol, offset = 0) => ran.machine.peek(sym(symbol) + offset) };
}
