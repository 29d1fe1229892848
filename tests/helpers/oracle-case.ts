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
import { ev, faultCause, runState, withExtra } from '../../src/machine/trace.js';
import { classifyRun, type OracleVocab } from '../../src/oracle/classify.js';
import { asm, machineConfig, runConfig } from './machine-runner.js';

/** Mark ids and tags unlike kernel/vocab.ts, to show the oracle takes them as data. */
export const vocab: OracleVocab = {
  marks: {
    relocate: 21,
    newBoot: 22,
    secondaryUp: 23,
    bootTimeout: 24,
    bootDone: 25,
    noteLost: 26,
    noteSaved: 27,
    machineKexec: 29,
  },
  tags: { oldText: 11, controlPage: 13, newImage: 14 },
  tagNames: { 11: 'old-text', 13: 'control-page', 14: 'new-image' },
  routineClasses: {},
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
  a.routine('old_flag').word(0);
});

export const newKernel: Program = asm(0x200, (a) => {
  a.routine('kernel_entry').nop().nop();
  a.routine('start_kernel').nop();
  a.label('wait_secondary_up').nop().nop().b('wait_secondary_up');
  a.routine('secondary_start').nop().nop().halt();
});

/** The new kernel's own data, right after its text in the first segment (it writes these words itself). */
export const newKernelData = { base: newKernel.base + newKernel.words.length, words: 8 };
/** Image bytes after the new kernel's data in the first segment. */
const FIRST_FILLER_WORDS = 8;
/** A second segment of image bytes, and the control page the boot runs through. */
export const imageSegment = { base: 0x2000, words: 0x40 };
export const controlPage = { base: 0x3000, words: 0x100 };
/** On kdump, the crashkernel= reservation: both segments and the control page, with unused words between. */
export const crashRegion = { base: 0x200, words: 0x3000 };

/** On kdump, the old kernel's crash notes (outside the crash region, as in the old kernel's data). */
export const crashNotes = { base: 0x3800, stride: 16, magic: 0x4e4f5445 };

function pattern(words: number, seed: number): Int32Array {
  return Int32Array.from({ length: words }, (_, i) => (seed * 0x9e3779b1 + i * 0x85ebca6b) | 1);
}

/** The segments as built: the new kernel, its zeroed data and a few image words; then image bytes. */
export const segments = [
  {
    base: newKernel.base,
    words: Int32Array.from([
      ...newKernel.words,
      ...new Int32Array(newKernelData.words),
      ...pattern(FIRST_FILLER_WORDS, 1),
    ]),
  },
  { base: imageSegment.base, words: pattern(imageSegment.words, 2) },
] as const;

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

  readonly kdump: boolean;

  constructor(cpus: number, leadCpu: number, kdump: boolean) {
    const config = machineConfig({ cores: cpus, threadsPerCore: 1 });
    this.machine = new Machine(config, runConfig(cpus));
    this.machine.memory.load(oldKernel.base, oldKernel.words, vocab.tags.oldText);
    for (const s of segments) this.machine.memory.load(s.base, s.words, vocab.tags.newImage);
    this.leadCpu = leadCpu;
    this.kdump = kdump;
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
    return this.push(withExtra(ev.STALE_FETCH, tag), cpu, p, executed, latest);
  }

  /** A store by `tag` to `where` after the programs were loaded (what the coherent shadow remembers). */
  overwrite(where: Where, tag: number, value = 0x7fffffff): this {
    const p = addressOf(where);
    this.machine.memory.latest[p] = value;
    this.machine.memory.latestTags[p] = tag;
    return this;
  }

  /** `cpu` saves its crash note (kdump): the magic word in memory and the mark; `lost` leaves the mark only. */
  saveNote(cpu: number, options: { lost?: boolean } = {}): this {
    if (options.lost !== true)
      this.machine.memory.load(crashNotes.base + crashNotes.stride * cpu, [crashNotes.magic], OTHER_TAG);
    return this.mark(cpu, vocab.marks.noteSaved, cpu);
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

  /** The oracle's outcome; `routineClasses` stands in for the kernel's helper classes (none by default). */
  classify(
    stop: StopReason = { kind: 'no-progress', step: this.step + 100, lastProgress: this.step },
    routineClasses: Readonly<Record<string, string>> = {},
  ): Outcome {
    return classifyRun({
      machine: this.machine,
      stop,
      symbols: new Symbolizer([oldKernel, newKernel]),
      vocab: { ...vocab, routineClasses },
      facts: {
        cpus: this.machine.cpus,
        leadCpu: this.leadCpu,
        segments,
        newKernelData,
        controlPage,
        crashRegion: this.kdump ? crashRegion : null,
        crashNotes: this.kdump ? crashNotes : null,
        programs: { oldKernel: 0, newKernel: 1 },
      },
    });
  }
}

/**
 * Four CPUs, all halted until a test says otherwise; CPU0 leads the kexec unless given. With `kdump`, the
 * oracle also checks the crash region (`crashRegion`) and the notes saved with `saveNote`.
 */
export function oracleCase(options: { cpus?: number; leadCpu?: number; kdump?: boolean } = {}): OracleCase {
  return new OracleCase(options.cpus ?? 4, options.leadCpu ?? 0, options.kdump ?? false);
}
