/**
 * Hand-built inputs for the oracle on its own: a small machine whose trace and end state a test writes
 * directly, a symbolizer over two tiny programs (an "old kernel" with `wait_` loops and a "new kernel"),
 * and a vocabulary of its own, so nothing here depends on kernel/ or on how a real run unfolds.
 *
 *   assert.equal(oracleCase().boot().fault(2, 'old_idle.loop').classify().kind, 'wild-exec');
 */

import type { Outcome } from '../../src/contract/outcome.js';
import type { Program } from '../../src/machine/asm.js';
import { Symbolizer } from '../../src/machine/disasm.js';
import { Machine, type StopReason } from '../../src/machine/machine.js';
import { ev, faultCause, runState } from '../../src/machine/trace.js';
import { classifyRun, type OracleVocab } from '../../src/oracle/classify.js';
import { asm, machineConfig, runConfig } from './machine-runner.js';

/** Mark ids and tags unlike kernel/vocab.ts, to show the oracle takes them as data. */
export const vocab: OracleVocab = {
  marks: { relocate: 21, newBoot: 22, secondaryUp: 23, bootTimeout: 24, bootDone: 25, noteLost: 26, noteSaved: 27 },
  tags: { oldText: 11, controlPage: 13, newImage: 14 },
};
/** A tag the vocabulary does not name (old data, or memory nobody wrote). */
export const OTHER_TAG = 12;

export const oldKernel: Program = asm(0x100, (a) => {
  a.routine('old_idle').nop();
  a.label('loop').nop().nop().b('loop');
  a.routine('smp_call_function').nop();
  a.label('wait_ipi_ack').nop().nop().b('wait_ipi_ack');
  a.routine('kexec_shutdown_secondary').nop();
  a.label('wait_kexec_ready').nop().nop().b('wait_kexec_ready');
  a.routine('machine_shutdown').nop();
  a.label('wait_online_count').nop().nop().b('wait_online_count');
});

export const newKernel: Program = asm(0x200, (a) => {
  a.routine('kernel_entry').nop().nop();
  a.routine('start_kernel').nop();
  a.label('wait_secondary_up').nop().nop().b('wait_secondary_up');
  a.routine('secondary_start').nop().nop().halt();
});

/** The address of `routine` or `routine.label` in either program. */
export function at(name: string): number {
  const [routine, label = null] = name.split('.') as [string, string?];
  const found = [...oldKernel.symbols, ...newKernel.symbols].find((s) => s.routine === routine && s.label === label);
  if (found === undefined) throw new Error(`no symbol ${name} in the oracle test programs`);
  return found.address;
}

type Where = number | string;
const addressOf = (where: Where): number => (typeof where === 'number' ? where : at(where));

/** A trace written event by event (one step each, so trace order is step order) over a loaded machine. */
export class OracleCase {
  readonly machine: Machine;
  readonly leadCpu: number;
  private step = 0;
  private readonly tagOf: number[];

  constructor(cpus: number, leadCpu: number) {
    const config = machineConfig({ cores: cpus, threadsPerCore: 1 });
    this.machine = new Machine(config, runConfig(cpus));
    this.machine.memory.load(oldKernel.base, oldKernel.words, vocab.tags.oldText);
    this.machine.memory.load(newKernel.base, newKernel.words, vocab.tags.newImage);
    this.leadCpu = leadCpu;
    this.tagOf = Array.from({ length: cpus }, () => -1);
  }

  private push(kind: number, cpu: number, a: number, b: number, c: number): this {
    this.machine.trace.push(this.step++, kind, cpu, a, b, c);
    return this;
  }

  mark(cpu: number, mark: number, arg = 0): this {
    return this.push(ev.MARK, cpu, mark, arg, 0);
  }

  fault(cpu: number, where: Where, word = 0, cause: number = faultCause.ILLEGAL_INSTRUCTION): this {
    return this.push(ev.FAULT, cpu, cause, addressOf(where), word);
  }

  /** The machine's record that `cpu` now executes words of provenance `tag`, starting at `where`. */
  execTag(cpu: number, where: Where, tag: number): this {
    const from = this.tagOf[cpu] ?? -1;
    this.tagOf[cpu] = tag;
    return this.push(ev.EXEC_TAG, cpu, addressOf(where), from, tag);
  }

  /** A stale fetch, carrying (as the machine does) the tag of whoever last wrote the word. */
  staleFetch(cpu: number, where: Where, executed = 0x41000000, latest = 0x41000001): this {
    const p = addressOf(where);
    const tag = this.machine.memory.latestTags[p & 0x1fffffff] ?? 0;
    return this.push(ev.STALE_FETCH | (tag << 16), cpu, p, executed, latest);
  }

  /** A store by `tag` to `where` after the programs were loaded (what the coherent shadow remembers). */
  overwrite(where: Where, tag: number, value = 0x7fffffff): this {
    const p = addressOf(where);
    this.machine.memory.latest[p] = value;
    this.machine.memory.latestTags[p] = tag;
    return this;
  }

  /** Leaves `cpu` at `where` in `state` when the run ends. */
  cpuAt(cpu: number, where: Where, state: number = runState.RUNNING): this {
    this.machine.pc[cpu] = addressOf(where);
    this.machine.state[cpu] = state;
    return this;
  }

  /** Leaves CPU i running at `places[i]`; null leaves it halted. */
  cpusAt(places: readonly (Where | null)[]): this {
    places.forEach((where, cpu) => {
      if (where !== null) this.cpuAt(cpu, where);
    });
    return this;
  }

  /** Events that are not the oracle's business, to move the step on. */
  ipi(cpu: number, target: number): this {
    return this.push(ev.IPI_SENT, cpu, target, this.step + 5, 0);
  }

  /** The lead CPU relocates, enters the new kernel at its entry and finishes booting: a clean run. */
  boot(): this {
    const lead = this.leadCpu;
    return this.execTag(lead, 'old_idle', vocab.tags.oldText)
      .mark(lead, vocab.marks.relocate)
      .execTag(lead, 0x3000, vocab.tags.controlPage)
      .execTag(lead, 'kernel_entry', vocab.tags.newImage)
      .mark(lead, vocab.marks.newBoot, lead)
      .mark(lead, vocab.marks.bootDone, lead);
  }

  classify(stop: StopReason = { kind: 'no-progress', step: this.step + 100, lastProgress: this.step }): Outcome {
    return classifyRun({
      machine: this.machine,
      stop,
      symbols: new Symbolizer([oldKernel, newKernel]),
      vocab,
      facts: {
        cpus: this.machine.cpus,
        leadCpu: this.leadCpu,
        newKernelText: { base: newKernel.base, words: newKernel.words },
        crashNotes: null,
      },
    });
  }
}

/** Four CPUs, all halted until a test says otherwise; CPU0 leads the kexec unless given. */
export function oracleCase(options: { cpus?: number; leadCpu?: number } = {}): OracleCase {
  return new OracleCase(options.cpus ?? 4, options.leadCpu ?? 0);
}
