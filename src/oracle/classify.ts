/**
 * Reads a finished machine and says what happened. The rule: the first thing that went wrong, in
 * trace order, decides the outcome (a fault or execution of overwritten code, a stale fetch, a
 * second CPU in the relocation stub or the boot path, a lost crash note), and a CPU the new kernel gave
 * up on before it makes the run cpu-lost, unless it is corruption. With nothing wrong in the trace, the
 * new kernel either never finished (hang), or finished over a damaged image, crash region or crash note
 * (corruption), or booted without some CPUs (cpu-lost), or with every CPU (ok). Corruption always
 * outranks cpu-lost: a lost CPU never hides damage.
 *
 * The oracle never steers execution and knows no kernel: mark ids, tags and addresses come as data.
 */

import type { CrashNotes, SegmentContents } from '../contract/built-image.js';
import { type Outcome, type OutcomeKind, outcomeInfo, type Wait } from '../contract/outcome.js';
import type { Region } from '../contract/scenario.js';
import { hex, type Symbolizer } from '../machine/disasm.js';
import { op, PHYS_MASK, REG_COUNT, reg } from '../machine/isa.js';
import type { Machine, StopReason } from '../machine/machine.js';
import { TAG_NONE } from '../machine/memory.js';
import { runState, runStateNames, type TraceEvent } from '../machine/trace.js';

export interface OracleVocab {
  readonly marks: {
    readonly relocate: number;
    readonly newBoot: number;
    readonly secondaryUp: number;
    readonly bootTimeout: number;
    readonly bootDone: number;
    readonly noteLost: number;
    readonly noteSaved: number;
    /** The reboot or crash CPU reached machine_kexec: a crash note saved after it came too late. */
    readonly machineKexec: number;
  };
  readonly tags: { readonly oldText: number; readonly controlPage: number; readonly newImage: number };
  /** What titles call each provenance tag (`old-data`, `new-image`, ...); a tag not listed shows its number. */
  readonly tagNames: Readonly<Record<number, string>>;
  /**
   * Routines a site names by their class (`cache-maintenance`): helpers a CPU is in by timing, so that one
   * mechanism is one bug whichever helper it was caught in (as syzkaller skips helper frames in titles).
   */
  readonly routineClasses: Readonly<Record<string, string>>;
}

/** A provenance tag as titles name it: 0 is memory nobody wrote. */
export function tagName(vocab: OracleVocab, tag: number): string {
  if (tag === TAG_NONE) return 'unwritten';
  return vocab.tagNames[tag] ?? `tag-${tag}`;
}

/** "CPU1", "CPUs 1 and 2", "CPUs 1, 2 and 3"; runs of four or more as ranges ("CPUs 0 and 2–47"), for big boards. */
export function cpuList(cpus: readonly number[]): string {
  if (cpus.length === 1) return `CPU${cpus[0]}`;
  const parts: string[] = [];
  let run: number[] = [];
  const endRun = (): void => {
    if (run.length >= 4) parts.push(`${run[0]}–${run[run.length - 1]}`);
    else parts.push(...run.map(String));
  };
  for (const cpu of cpus) {
    if (run.length > 0 && cpu !== (run[run.length - 1] ?? cpu) + 1) {
      endRun();
      run = [];
    }
    run.push(cpu);
  }
  endRun();
  if (parts.length === 1) return `CPUs ${parts[0]}`;
  return `CPUs ${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export interface RunFacts {
  readonly cpus: number;
  /** The CPU that runs the kexec (the reboot or crash CPU): where a hang is rooted when it waits. */
  readonly leadCpu: number;
  /**
   * Every segment of the new image as built, which must still be intact at the end: each word holds what
   * was built, whoever stored to it (a store of the same value damages nothing), but for `newKernelData`.
   * The first segment starts with the new kernel's text, which nobody may write; the rest of every segment
   * is image bytes (initrd, data the new kernel reads later), intact only if unchanged too.
   */
  readonly segments: readonly SegmentContents[];
  /**
   * The new kernel's own data (its cpu_up flags, its stack), which it writes itself while it boots: not
   * checked, wherever it lies. A stray store there goes unseen.
   */
  readonly newKernelData: Region;
  /** The control page: the stub machine_kexec copies there and the kexec_flag it clears. Not checked. */
  readonly controlPage: Region;
  /**
   * On kdump, the crashkernel= reservation. Nothing is loaded into it but the segments and the control page,
   * and nobody but the new kernel may write to it: any other word of it must end as reset left it, zero and
   * tagged TAG_NONE. Null on a normal kexec.
   */
  readonly crashRegion: Region | null;
  /** On kdump, where each CPU's crash note lives (`base + stride × cpu`) and the word a saved one starts with. */
  readonly crashNotes: CrashNotes | null;
  /** Which of the symbolizer's programs are the old and the new kernel (they overlap on a normal kexec). */
  readonly programs: { readonly oldKernel: number; readonly newKernel: number };
}

export interface ClassifyInput {
  readonly machine: Machine;
  readonly stop: StopReason;
  readonly symbols: Symbolizer;
  readonly vocab: OracleVocab;
  readonly facts: RunFacts;
}

function locate(symbols: Symbolizer, pc: number): { routine: string | null; label: string | null; text: string } {
  const loc = symbols.locate(pc);
  return { routine: loc?.routine ?? null, label: loc?.label ?? null, text: symbols.describe(pc) };
}

function outcome(
  kind: OutcomeKind,
  input: ClassifyInput,
  cpu: number | null,
  pc: number | null,
  step: number | null,
  detail: string,
  waits: readonly Wait[] = [],
): Outcome {
  const at = pc === null ? null : locate(input.symbols, pc);
  const place = at === null ? '' : ` in ${at.text}`;
  const where = [cpu === null ? '' : `CPU${cpu}${place}`, detail].filter((part) => part !== '').join(', ');
  return {
    kind,
    cpu,
    routine: at?.routine ?? null,
    label: at?.label ?? null,
    step,
    waits,
    site: at?.routine ?? '-',
    title: where === '' ? outcomeInfo[kind].title : `${outcomeInfo[kind].title}: ${where}`,
  };
}

/**
 * Where `cpu` is at the end, as a site: its routine, with its run state when it is not running (a CPU
 * halted in play_dead and one spinning there were stopped by different mechanisms).
 */
function placeOf(input: ClassifyInput, cpu: number): string {
  const m = input.machine;
  const state = m.state[cpu] ?? runState.RUNNING;
  const routine = codeSite(input, m.pc[cpu] ?? 0, m.lastTag[cpu] ?? -1);
  const name = runStateNames[state] ?? 'faulted';
  // Inside the new kernel, as for a wild or stale fetch there, where it stopped is timing, not mechanism.
  if (routine === 'new-kernel') return routine;
  return state === runState.RUNNING ? routine : `${routine}@${name}`;
}

/**
 * The routine that called the one `cpu` is in, read from its return address when the word before it is a
 * direct call (`jal`, `bal`) in another routine: smp_call_function_many waiting for a flush and for a panic
 * notifier are different bugs. A return address left by an indirect jump says nothing of who called.
 */
function callerOf(input: ClassifyInput, cpu: number, routine: string): string | null {
  const m = input.machine;
  const ra = m.regs[cpu * REG_COUNT + reg.ra] ?? 0;
  const call = (m.memory.latest[(ra - 1) & PHYS_MASK] ?? 0) >>> 24;
  if (call !== op.JAL && call !== op.BAL) return null;
  const at = input.symbols.locate(ra - 1);
  return at === null || at.routine === routine ? null : at.routine;
}

/**
 * The site of an anomaly at `pc` in code tagged `running`: in the new kernel one site for all of it (where
 * the first stale or foreign word falls depends on which lines were dirty, not on the mechanism); in old
 * text the old kernel's routine there, even where the new image now lies; in data words the tag's data
 * (the CPU ran off its code); else the routine.
 */
function codeSite(input: ClassifyInput, pc: number, running: number): string {
  const { tags } = input.vocab;
  const { programs } = input.facts;
  if (running === tags.newImage) return 'new-kernel';
  const at = input.symbols.locate(pc, running === tags.oldText ? programs.oldKernel : undefined);
  if (at === null) return '-';
  if (at.program === programs.newKernel) return 'new-kernel';
  if (at.data) return `${tagName(input.vocab, running)}-data`;
  return input.vocab.routineClasses[at.routine] ?? at.routine;
}

/** Is `pc` the first word of a routine of the new kernel (where a CPU may legitimately be sent)? */
function isRoutineEntry(symbols: Symbolizer, pc: number): boolean {
  const loc = symbols.locate(pc);
  return loc !== null && loc.offset === 0 && loc.label === null;
}

/** A BOOT_TIMEOUT mark: the new kernel gave up waiting for CPU `cpu` at `step`. */
interface LostCpu {
  readonly cpu: number;
  readonly step: number;
}

function cpuLost(input: ClassifyInput, lost: readonly LostCpu[], step: number): Outcome {
  const cpus = lost.map((l) => l.cpu);
  const o = outcome('cpu-lost', input, cpus[0] ?? null, null, step, '');
  const site = cpus[0] === undefined ? '-' : placeOf(input, cpus[0]);
  return { ...o, site, title: `${outcomeInfo['cpu-lost'].title}: ${cpuList(cpus)} never came back` };
}

/**
 * The first anomaly in the trace, if any: once there is one, nothing later in the trace can change the
 * outcome. A CPU the new kernel gave up on (a BOOT_TIMEOUT mark) ranks with the anomalies in trace order:
 * one before the first fault, wild or stale fetch or second entry makes the run cpu-lost. Corruption
 * outranks cpu-lost wherever it is (as at the end of a run), so a lost note found after a BOOT_TIMEOUT
 * stays corruption, and `classifyRun` checks the end state of a cpu-lost run too. A BOOT_TIMEOUT with no
 * anomaly after it is no anomaly here: the end of the run decides then.
 */
export function firstAnomaly(input: ClassifyInput, events: readonly TraceEvent[]): Outcome | null {
  const lost: LostCpu[] = [];
  const anomaly = firstAnomalousEvent(input, events, lost);
  if (anomaly === null) return null;
  const first = lost[0];
  return first === undefined || anomaly.kind === 'corruption' ? anomaly : cpuLost(input, lost, first.step);
}

/** The outcome of the first anomalous event; pushes onto `lost` every BOOT_TIMEOUT mark before it. */
function firstAnomalousEvent(input: ClassifyInput, events: readonly TraceEvent[], lost: LostCpu[]): Outcome | null {
  const { vocab, symbols } = input;
  const execTag = new Int32Array(input.facts.cpus).fill(-1);
  const relocators = new Set<number>();
  const booters = new Set<number>();
  for (const e of events) {
    switch (e.kind) {
      case 'fault': {
        const o = outcome(
          'wild-exec',
          input,
          e.cpu,
          e.pc,
          e.step,
          `${e.cause} on word 0x${(e.detail >>> 0).toString(16)}`,
        );
        return { ...o, site: codeSite(input, e.pc, execTag[e.cpu] ?? -1) };
      }
      case 'exec-tag': {
        const from = execTag[e.cpu] ?? -1;
        execTag[e.cpu] = e.toTag;
        const legit =
          e.toTag === vocab.tags.oldText ||
          e.toTag === vocab.tags.controlPage ||
          (e.toTag === vocab.tags.newImage && (from === vocab.tags.newImage || isRoutineEntry(symbols, e.pc)));
        if (!legit) {
          const before = from < 0 ? 'nothing' : `${tagName(vocab, from)} code`;
          const detail = `executing ${tagName(vocab, e.toTag)} words after ${before}`;
          return { ...outcome('wild-exec', input, e.cpu, e.pc, e.step, detail), site: codeSite(input, e.pc, from) };
        }
        break;
      }
      case 'stale-fetch': {
        // Running on over its own overwritten code is wild; fetching old contents of freshly written code is stale.
        const running = execTag[e.cpu] ?? -1;
        if (running === vocab.tags.oldText && e.latestTag === vocab.tags.newImage) {
          const o = outcome('wild-exec', input, e.cpu, e.pc, e.step, 'its code was overwritten by the new image');
          return { ...o, site: codeSite(input, e.pc, running) };
        }
        const o = outcome(
          'stale-icache',
          input,
          e.cpu,
          e.pc,
          e.step,
          `executed 0x${(e.executed >>> 0).toString(16)} where 0x${(e.latest >>> 0).toString(16)} was written`,
        );
        // The words it fetched stale are where it was, even at the first instruction of the new kernel.
        return { ...o, site: codeSite(input, e.pc, e.latestTag) };
      }
      case 'mark': {
        const seen = e.mark === vocab.marks.relocate ? relocators : e.mark === vocab.marks.newBoot ? booters : null;
        if (seen !== null) {
          seen.add(e.cpu);
          const what = seen === relocators ? 'relocate_new_kernel' : 'the boot path';
          if (seen.size > 1) {
            const o = outcome('multi-entry', input, e.cpu, null, e.step, '');
            const earlier = cpuList([...seen].filter((c) => c !== e.cpu));
            const site = seen === relocators ? 'relocate_new_kernel' : 'boot-path';
            return {
              ...o,
              site,
              title: `${outcomeInfo['multi-entry'].title}: CPU${e.cpu} ran ${what} after ${earlier}`,
            };
          }
        } else if (e.mark === vocab.marks.noteLost) {
          const o = outcome('corruption', input, e.cpu, null, e.step, `the crash note of CPU${e.arg} is missing`);
          return { ...o, site: 'crash-note' };
        } else if (e.mark === vocab.marks.bootTimeout) {
          lost.push({ cpu: e.arg, step: e.step });
        }
        break;
      }
      default:
        break;
    }
  }
  return null;
}

const inside = (address: number, r: Region): boolean => address >= r.base && address < r.base + r.words;

/**
 * The first word of the new image or the crash region that is not as it must be at the end of a boot, as
 * corruption at that word: first the segments in order, each word against what was built (the new kernel's
 * own data aside), then on kdump the rest of the crash region, which nobody may have written.
 */
function damage(input: ClassifyInput): Outcome | null {
  const { facts, machine } = input;
  const { latest, latestTags } = machine.memory;
  const at = (address: number, detail: string, site: string): Outcome => ({
    ...outcome('corruption', input, null, address, input.stop.step, detail),
    site,
  });
  const own = facts.newKernelData;
  for (const [i, segment] of facts.segments.entries()) {
    const words = segment.words;
    for (let j = 0; j < words.length; j++) {
      if (latest[segment.base + j] === words[j]) continue;
      const address = segment.base + j;
      if (inside(address, own)) continue;
      // What was damaged is the image: the new kernel's text, or segment i (whatever old symbol lies there).
      const inKernel = input.symbols.locate(address)?.program === facts.programs.newKernel;
      const detail = `segment ${i} was overwritten at ${input.symbols.describe(address)}`;
      return at(address, detail, inKernel ? 'new-kernel' : `segment-${i}`);
    }
  }
  const region = facts.crashRegion;
  if (region === null) return null;
  // What others may write there: the segments were just checked, the control page is the stub's. The scan
  // jumps over those ranges (a crash region is mostly segments) instead of testing each word against them.
  const exempt = [...facts.segments.map((s) => ({ base: s.base, words: s.words.length })), facts.controlPage, own];
  const end = region.base + region.words;
  let address = region.base;
  while (address < end) {
    const covering = exempt.find((r) => inside(address, r));
    if (covering !== undefined) {
      address = covering.base + covering.words;
      continue;
    }
    // Up to the next exempt range that starts after here: none of them covers these words.
    let stop = end;
    for (const r of exempt) if (r.base > address && r.base < stop) stop = r.base;
    for (; address < stop; address++) {
      if (latestTags[address] === TAG_NONE && latest[address] === 0) continue;
      const tag = tagName(input.vocab, latestTags[address] ?? TAG_NONE);
      return at(address, `the crash region was written at ${hex(address)} (${tag})`, 'crash-region');
    }
  }
  return null;
}

const frameText = (routine: string, caller: string | null): string =>
  caller === null ? routine : `${routine}<${caller}`;

/**
 * In a hang, a CPU that holds everyone up without waiting on anything itself: running with interrupts
 * masked outside any wait loop (wedged, or spinning where an IPI cannot reach it), as its routine.
 */
function blockerOf(input: ClassifyInput): string | null {
  const m = input.machine;
  for (let cpu = 0; cpu < input.facts.cpus; cpu++) {
    if (m.state[cpu] !== runState.RUNNING || m.ie[cpu] !== 0) continue;
    const pc = m.pc[cpu] ?? 0;
    if (input.symbols.locate(pc)?.label?.startsWith('wait_')) continue;
    const site = codeSite(input, pc, m.lastTag[cpu] ?? -1);
    return site === '-' ? 'unknown-code' : site;
  }
  return null;
}

/**
 * Did a CPU save its crash note only after the crash CPU had stopped waiting for it and gone on to
 * machine_kexec? Such a CPU parks with interrupts off while the crash path still counts on it (S12).
 */
function lateResponder(input: ClassifyInput, events: readonly TraceEvent[]): boolean {
  const { machineKexec, noteSaved } = input.vocab.marks;
  let kexecAt: number | null = null;
  for (const e of events) {
    if (e.kind !== 'mark') continue;
    if (e.mark === machineKexec && kexecAt === null) kexecAt = e.step;
    else if (e.mark === noteSaved && kexecAt !== null) return true;
  }
  return false;
}

function waitsOf(input: ClassifyInput): Wait[] {
  const waits: Wait[] = [];
  const m = input.machine;
  for (let cpu = 0; cpu < input.facts.cpus; cpu++) {
    const s = m.state[cpu];
    if (s !== runState.RUNNING && s !== runState.WAITING) continue;
    const at = locate(input.symbols, m.pc[cpu] ?? 0);
    if (at.label?.startsWith('wait_')) waits.push({ cpu, on: at.label.slice(5).replaceAll('_', '-'), where: at.text });
  }
  return waits;
}

/**
 * A note its CPU saved that the capture kernel, reading memory through the caches of the CPU it booted
 * on, no longer finds: the ground truth is the trace (who saved one), not the old kernel's own record of
 * it, which can be lost the same way (`cpus_in_crash` in a dropped L1 line).
 */
function lostNote(input: ClassifyInput, events: readonly TraceEvent[], reader: number): number | null {
  const notes = input.facts.crashNotes;
  if (notes === null) return null;
  const m = input.machine;
  const core = m.coreOf[reader] ?? 0;
  for (const e of events) {
    if (e.kind !== 'mark' || e.mark !== input.vocab.marks.noteSaved) continue;
    if (m.cache.peekData(core, notes.base + notes.stride * e.arg) !== notes.magic) return e.arg;
  }
  return null;
}

/**
 * What the end state says once the new kernel ran (it booted, or gave up on a CPU before the first
 * anomaly): a damaged image or crash region, then a crash note the capture kernel, reading memory
 * through the caches of `reader`, no longer finds.
 */
function endDamage(input: ClassifyInput, events: readonly TraceEvent[], reader: number): Outcome | null {
  const damaged = damage(input);
  if (damaged !== null) return damaged;
  const note = lostNote(input, events, reader);
  if (note === null) return null;
  const o = outcome('corruption', input, null, null, input.stop.step, `the crash note of CPU${note} is missing`);
  return { ...o, site: 'crash-note' };
}

/** How the run showed that nothing will move: proven at once, or only by waiting out a window or budget. */
function stuckHow(stop: ClassifyInput['stop']): string {
  switch (stop.kind) {
    case 'all-stopped':
      return 'proven: nothing due can wake them';
    case 'no-progress':
      return `no progress in ${stop.step - stop.lastProgress} steps`;
    case 'budget':
      return `the budget of ${stop.step} steps ran out`;
    default:
      return `stopped at step ${stop.step}`;
  }
}

export function classifyRun(input: ClassifyInput): Outcome {
  const events = input.machine.trace.decode();
  const anomaly = firstAnomaly(input, events);
  const marks = input.vocab.marks;
  if (anomaly?.kind === 'cpu-lost') {
    // CPUs lost before the first anomaly decide it, but corruption still outranks cpu-lost, as it does
    // after a boot: a lost CPU never hides a damaged image or a lost note.
    const timeout = events.find((e) => e.kind === 'mark' && e.mark === marks.bootTimeout);
    return endDamage(input, events, timeout?.cpu ?? input.facts.leadCpu) ?? anomaly;
  }
  if (anomaly !== null) return anomaly;
  const booted = events.find((e) => e.kind === 'mark' && e.mark === marks.bootDone);
  if (booted === undefined) {
    const waits = waitsOf(input);
    // The root of a hang is where the lead CPU waits; failing that the rarest wait: three CPUs waiting to
    // be released point at the one stuck elsewhere.
    const count = (on: string): number => waits.filter((w) => w.on === on).length;
    const first =
      waits.find((w) => w.cpu === input.facts.leadCpu) ??
      [...waits].sort((x, y) => count(x.on) - count(y.on) || x.cpu - y.cpu)[0];
    const relocated = events.some((e) => e.kind === 'mark' && e.mark === marks.relocate);
    const how = stuckHow(input.stop);
    // A CPU that holds everyone up is the mechanism, wherever the others wait for it.
    const blocker = blockerOf(input);
    const late = lateResponder(input, events) ? '+late-responder' : '';
    const siteOf = (waiting: string): string => (blocker === null ? `${waiting}${late}` : `blocked-by-${blocker}`);
    if (first === undefined) {
      const why = `${relocated ? 'the new kernel did not finish booting' : 'nobody jumps to the new kernel'}, ${how}`;
      return {
        ...outcome('hang', input, null, null, input.stop.step, why),
        waits: [{ cpu: -1, on: 'nobody-jumps', where: '' }],
        site: siteOf(relocated ? 'boot-unfinished' : 'waits-nobody-jumps'),
      };
    }
    const list = waits.map((w) => `CPU${w.cpu} on ${w.on}`).join(', ');
    const o = outcome(
      'hang',
      input,
      first.cpu,
      input.machine.pc[first.cpu] ?? null,
      input.stop.step,
      `waiting: ${list}, ${how}`,
      waits,
    );
    const frames =
      o.routine === null ? `waits-${first.on}` : frameText(o.routine, callerOf(input, first.cpu, o.routine));
    return { ...o, site: siteOf(frames) };
  }
  const damaged = endDamage(input, events, booted.cpu);
  if (damaged !== null) return damaged;
  const lost: LostCpu[] = [];
  for (const e of events)
    if (e.kind === 'mark' && e.mark === marks.bootTimeout) lost.push({ cpu: e.arg, step: e.step });
  if (lost.length > 0) return cpuLost(input, lost, booted.step);
  return outcome('ok', input, booted.cpu, null, booted.step, '');
}
