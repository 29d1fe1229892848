/**
 * Builds everything that is in memory when the kexec starts: the old kernel (text, relocate_kernel.S,
 * data, per-CPU stacks), the new image (at its destination for kdump, in source pages with a kimage
 * entry list for kexec), and what each CPU is doing at step 0. Loading it into a machine is `startWorld`.
 */

import type { CrashNotes, SegmentContents } from '../contract/built-image.js';
import type { KernelOptions } from '../contract/kernel-options.js';
import type { PlatformCode, PlatformContext } from '../contract/platform.js';
import type { Layout, Region, Scenario, StrayInterrupt } from '../contract/scenario.js';
import { LayoutError } from '../errors.js';
import { Assembler, type Program, symbolAddress } from '../machine/asm.js';
import type { Machine } from '../machine/machine.js';
import { Prng } from '../machine/prng.js';
import { emitCacheFlush, foreignMaps } from './cacheflush.js';
import { msToSteps } from './clock.js';
import { emitCrashData, emitCrashPath, NOTE_MAGIC, NOTE_STRIDE } from './crash.js';
import { emitKexecPath, emitRelocateKernel } from './kexec.js';
import { cpumaskWords, perCpu } from './macros.js';
import { emitNewKernel, emitNewKernelData } from './new-kernel.js';
import { emitIdle, emitIpiHandler, emitSmpCallFunction, emitSmpData } from './smp.js';
import { kimage, PAGE_WORDS, tags } from './vocab.js';

/** The parts of a scenario that decide what is in memory and what each CPU does at step 0. */
export type WorldScenario = Pick<Scenario, 'cores' | 'threadsPerCore' | 'path' | 'crashCpu' | 'faults' | 'layout'>;

/** What the run wiring hands the kernel besides the scenario: the strategy's choices and the platform. */
export interface WorldChoices {
  readonly options: KernelOptions;
  readonly platform: PlatformCode;
  readonly ctx: PlatformContext;
  /** cpu_has_ic_fills_f_dc, from the platform's cache facts: decides the flush routines' shape. */
  readonly icFillsFromDc: boolean;
}

export interface CpuStart {
  readonly pc: number;
  readonly sp: number;
  readonly ebase: number;
}

export interface WorldFacts {
  readonly cpus: number;
  readonly leadCpu: number;
  readonly entry: number;
  readonly controlPage: Region;
  /**
   * Every segment of the new image as kexec_load was given it (the new kernel and its data at the start of
   * the first, image bytes elsewhere): at the end each must still be there, unchanged, but for `newKernelData`.
   */
  readonly segments: readonly SegmentContents[];
  /** The new kernel's own data (cpu_up, its stack): the words it writes itself once it runs. */
  readonly newKernelData: Region;
  /** On kdump, the crashkernel= reservation the segments and the control page lie in. */
  readonly crashRegion: Region | null;
  readonly oldKernel: Region;
  /** On kdump, the old kernel's crash notes as the capture kernel finds them. */
  readonly crashNotes: CrashNotes | null;
  /** Where the old and the new kernel are in `programs`. */
  readonly programs: { readonly oldKernel: number; readonly newKernel: number };
}

export interface World {
  readonly loads: readonly { readonly base: number; readonly words: Int32Array; readonly tag: number }[];
  readonly cpus: readonly CpuStart[];
  /** Software interrupts nobody sends (the scenario's fault), raised before the run. */
  readonly strayInterrupts: readonly StrayInterrupt[];
  /** For the symbolizer: the old kernel, the new kernel, and the stub as copied into the control page. */
  readonly programs: readonly Program[];
  readonly facts: WorldFacts;
}

const STACK_WORDS = 64;
/** Zeroed old-kernel words a platform may use for its own variables (`platform_data`). */
const PLATFORM_DATA_WORDS = 64;

function overlaps(a: Region, b: Region): boolean {
  return a.base < b.base + b.words && b.base < a.base + a.words;
}

/** The highest page-aligned gap of `words` that overlaps nothing in use, for kexec's source pages. */
function findSourceArea(layout: Layout, words: number): number {
  const used: Region[] = [{ base: 0, words: 0x100 }, layout.oldKernel, layout.controlPage, ...layout.segments];
  if (layout.crashRegion) used.push(layout.crashRegion);
  for (let base = layout.memWords - words; base >= 0x100; base -= PAGE_WORDS) {
    const aligned = base - (base % PAGE_WORDS);
    if (!used.some((r) => overlaps(r, { base: aligned, words }))) return aligned;
  }
  throw new LayoutError([
    {
      field: 'layout',
      message: `scenario field "layout" leaves no free room of ${words} words for the new image's source pages (kexec_load copies them there first).`,
    },
  ]);
}

/** Filler made lately, by size and seed: the same regions recur from run to run, and loads only read it. */
const fillers = new Map<string, Int32Array>();
const FILLERS_KEPT = 32;

function filler(words: number, seed: number): Int32Array {
  const key = `${words}:${seed}`;
  const kept = fillers.get(key);
  if (kept !== undefined) return kept;
  const rng = Prng.from(seed, 7);
  const out = new Int32Array(words);
  for (let i = 0; i < words; i++) out[i] = (rng.next() << 1) ^ rng.next();
  if (fillers.size >= FILLERS_KEPT) fillers.delete(fillers.keys().next().value as string);
  fillers.set(key, out);
  return out;
}

export function buildWorld(scenario: WorldScenario, choices: WorldChoices): World {
  const { faults, layout } = scenario;
  const { options, platform, ctx } = choices;
  const cpus = ctx.cpus;
  const online = cpumaskWords(cpus, faults.offlineBefore);
  const entry = layout.segments[0]?.base ?? 0;
  const lineWords = layout.cache.lineWords;

  // ---- the old kernel ----
  const emitOldKernel = (base: number): Assembler => {
    const ok = new Assembler(base);
    emitIdle(ok);
    emitIpiHandler(ok);
    emitSmpCallFunction(ok, cpus);
    emitCacheFlush(ok, { geometry: layout.cache, icFillsFromDc: choices.icFillsFromDc, platform: platform });
    emitCrashPath(ok, options, { cpus, crossCallAfterPark: faults.crossCallAfterPark });
    emitKexecPath(ok, options, platform, { controlPage: layout.controlPage.base, cpus, lineWords });
    platform.emitOldKernel(ok, ctx);
    emitWedgedCpu(ok);
    emitCpuBoot(ok, faults.controlPagePrimed ? layout.controlPage.base : -1);
    emitRelocateKernel(ok, platform, platformArgs(platform, 'kexec'), platformArgs(platform, 'secondary'), lineWords);
    ok.align(lineWords).routine('old_data');
    emitSmpData(ok, cpus, online);
    emitCrashData(ok, cpus);
    ok.routine('kexec_ready_to_reboot').word(0);
    ok.routine('relocated_kexec_smp_wait').word(0);
    ok.routine('kimage_head').word(kimage.DONE);
    ok.routine('cpu_foreign_map');
    // r4k's cross-core flush reads one mask word per CPU: only boards of at most 32 CPUs use it.
    const [oneWord] = online;
    if (online.length === 1 && oneWord !== undefined) {
      for (const map of foreignMaps(cpus, scenario.threadsPerCore, oneWord)) ok.word(map);
    }
    ok.routine('wedge_table');
    for (let c = 0; c < cpus; c++) {
      const w = faults.wedged.find((x) => x.cpu === c);
      ok.word(w ? w.from : 0).word(w ? (w.steps === null ? -1 : w.from + w.steps) : 0);
    }
    ok.routine('role_entry').space(cpus);
    ok.routine('platform_data').space(PLATFORM_DATA_WORDS);
    ok.routine('old_stacks').space(STACK_WORDS * cpus);
    ok.routine('old_kernel_end');
    return ok;
  };
  // The routines sit at the end of the old kernel's region, the rest of its text before them: the
  // relocation copy, page by page from the start, reaches them last, as it would the middle of a real
  // kernel's text rather than its first page.
  // Emitted twice, since alignment depends on the base; only the second is linked.
  const size = emitOldKernel(layout.oldKernel.base).size;
  const oldBase = Math.max(layout.oldKernel.base, layout.oldKernel.base + layout.oldKernel.words - size);
  const oldProgram = emitOldKernel(oldBase).assemble();
  if (oldProgram.words.length > layout.oldKernel.words) {
    throw new LayoutError([
      {
        field: 'layout.oldKernel',
        message: `scenario field "layout.oldKernel" must hold the old kernel's ${oldProgram.words.length} words, but has ${layout.oldKernel.words}.`,
      },
    ]);
  }
  const sym = (name: string): number => symbolAddress(oldProgram, name);

  // ---- the new image: it reads the old kernel's crash records through /proc/vmcore ----
  const nk = new Assembler(entry);
  emitNewKernel(
    nk,
    {
      cpus,
      path: scenario.path,
      crashNotes: sym('crash_notes'),
      cpusInCrash: sym('cpus_in_crash'),
      bringUpTimeoutSteps: msToSteps(platform.bringUpTimeoutMs),
    },
    (a) => platform.emitNewKernel(a, ctx),
  );
  const newTextEnd = nk.here - entry;
  emitNewKernelData(nk, cpus);
  const newProgram = nk.assemble();
  // The new kernel is loaded at the start of the first segment: a shorter segment would cut it off.
  const first = layout.segments[0];
  if (first !== undefined && newProgram.words.length > first.words) {
    throw new LayoutError([
      {
        field: 'layout.segments[0]',
        message: `scenario field "layout.segments[0]" must hold the new kernel's ${newProgram.words.length} words, but has ${first.words}.`,
      },
    ]);
  }

  // Patch the data the kernel computed at load time: where to start, the entry list, each CPU's role.
  const words = oldProgram.words.slice();
  const poke = (name: string, value: number, offset = 0): void => {
    words[sym(name) - oldProgram.base + offset] = value;
  };
  poke('kexec_start_address', entry);
  const loads: { base: number; words: Int32Array; tag: number }[] = [];
  // Each segment's contents: the new kernel at the start of the first, image bytes (filler) elsewhere.
  const segments = layout.segments.map((s, i) => {
    // Filler is shared between runs: the first segment, which gets the new kernel written in, takes a copy.
    const img = i === 0 ? filler(s.words, s.base + i).slice() : filler(s.words, s.base + i);
    if (i === 0) img.set(newProgram.words.subarray(0, Math.min(newProgram.words.length, s.words)));
    return { base: s.base, img, pages: Math.ceil(s.words / PAGE_WORDS) };
  });
  if (scenario.path === 'kdump') {
    poke('kexec_indirection_page', sym('kimage_head'));
    for (const s of segments) loads.push({ base: s.base, words: s.img, tag: tags.NEW_IMAGE });
  } else {
    const totalPages = segments.reduce((n, s) => n + s.pages, 0);
    const listWords = totalPages + layout.segments.length + 1;
    const area = findSourceArea(layout, totalPages * PAGE_WORDS + PAGE_WORDS * Math.ceil(listWords / PAGE_WORDS));
    const list: number[] = [];
    let page = area;
    for (const s of segments) {
      list.push((s.base << 4) | kimage.DESTINATION);
      for (let p = 0; p < s.pages; p++) {
        const chunk = new Int32Array(PAGE_WORDS);
        chunk.set(s.img.subarray(p * PAGE_WORDS, Math.min(s.img.length, (p + 1) * PAGE_WORDS)));
        loads.push({ base: page, words: chunk, tag: tags.NEW_IMAGE });
        list.push((page << 4) | kimage.SOURCE);
        page += PAGE_WORDS;
      }
    }
    list.push(kimage.DONE);
    loads.push({ base: page, words: Int32Array.from(list), tag: tags.OLD_DATA });
    poke('kexec_indirection_page', page);
  }

  const starts: CpuStart[] = [];
  for (let c = 0; c < cpus; c++) {
    let role = 'old_idle';
    if (c === scenario.crashCpu) role = scenario.path === 'kdump' ? 'crash_kexec' : 'kernel_kexec';
    else if (faults.offlineBefore.includes(c)) role = 'play_dead';
    else if (faults.wedged.some((w) => w.cpu === c)) role = 'wedged_cpu';
    poke('role_entry', sym(role), c);
    starts.push({ pc: sym('cpu_boot'), sp: sym('old_stacks') + STACK_WORDS * (c + 1), ebase: sym('old_ipi_handler') });
  }

  const textEnd = sym('old_data') - oldProgram.base;
  loads.unshift(
    { base: layout.oldKernel.base, words: filler(oldBase - layout.oldKernel.base, oldBase), tag: tags.OLD_TEXT },
    { base: oldProgram.base, words: words.subarray(0, textEnd), tag: tags.OLD_TEXT },
    { base: oldProgram.base + textEnd, words: words.subarray(textEnd), tag: tags.OLD_DATA },
  );
  if (faults.controlPagePrimed) {
    // Freed text that once lived where the control page is now: CPUs ran it at boot.
    const primed = new Assembler(layout.controlPage.base);
    primed.routine('freed_text');
    const stub = sym('relocate_new_kernel_end') - sym('relocate_new_kernel');
    for (let i = 0; i < stub - 1 && i < layout.controlPage.words - 1; i++) primed.nop();
    primed.ret();
    const p = primed.assemble();
    loads.push({ base: p.base, words: p.words, tag: tags.OLD_TEXT });
  }
  return {
    loads,
    cpus: starts,
    strayInterrupts: faults.strayInterrupts,
    programs: [oldProgram, newProgram, controlPageCopy(oldProgram, layout.controlPage.base)],
    facts: {
      cpus,
      leadCpu: scenario.crashCpu,
      entry,
      controlPage: layout.controlPage,
      segments: segments.map((s) => ({ base: s.base, words: s.img })),
      newKernelData: { base: entry + newTextEnd, words: newProgram.words.length - newTextEnd },
      crashRegion: scenario.path === 'kdump' ? layout.crashRegion : null,
      oldKernel: layout.oldKernel,
      crashNotes:
        scenario.path === 'kdump' ? { base: sym('crash_notes'), stride: NOTE_STRIDE, magic: NOTE_MAGIC } : null,
      programs: { oldKernel: 0, newKernel: 1 },
    },
  };
}

/**
 * What machine_kexec will copy into the control page, as a program for the symbolizer only (it is not
 * loaded): its routines read `control_page:relocate_new_kernel` and so on.
 */
function controlPageCopy(old: Program, base: number): Program {
  const start = symbolAddress(old, 'relocate_new_kernel');
  const end = symbolAddress(old, 'relocate_new_kernel_end');
  return {
    base,
    words: old.words.subarray(start - old.base, end - old.base),
    symbols: old.symbols
      .filter((s) => s.address >= start && s.address < end)
      .map((s) => ({ ...s, address: s.address - start + base, routine: `control_page:${s.routine}` })),
  };
}

function platformArgs(platform: PlatformCode, which: 'kexec' | 'secondary'): readonly number[] {
  const args = which === 'kexec' ? platform.kexecArgs : platform.secondaryKexecArgs;
  return args ?? (which === 'kexec' ? [-2, 0, 0, 0] : [0, 0, 0, 0]);
}

/** Every CPU starts here: optionally run the freed text at the control page's address, then its role. */
function emitCpuBoot(a: Assembler, primedAt: number): void {
  a.routine('cpu_boot');
  if (primedAt >= 0) a.li('t0', primedAt).jalr('ra', 't0');
  a.mfc0('t1', 'CPUID');
  perCpu(a, 't0', 'role_entry', 't1', 1);
  a.lw('t0', 0, 't0').jr('t0');
}

/** A CPU stuck with interrupts off (hard lockup, a second panic) from `from` for `steps`, or forever. */
function emitWedgedCpu(a: Assembler): void {
  a.routine('wedged_cpu').mfc0('s0', 'CPUID');
  perCpu(a, 't3', 'wedge_table', 's0', 2);
  a.lw('s1', 0, 't3').mtc0('s1', 'COMPARE').ei();
  a.label('before').mfc0('t0', 'COUNT').slt('t1', 't0', 's1').beqz('t1', 'wedge').lw('t0', 0, 'sp').pause().b('before');
  // Not `wait_` labels: a wedged CPU waits for nothing, it is the fault.
  a.label('wedge').di().lw('s1', 1, 't3').bltz('s1', 'wedged_forever').mtc0('s1', 'COMPARE');
  a.label('wedged').mfc0('t0', 'COUNT').slt('t1', 't0', 's1').pause().bnez('t1', 'wedged');
  a.j('old_idle');
  a.label('wedged_forever').pause().b('wedged_forever');
}

/** Loads the world into a reset machine and sets every CPU going. */
export function startWorld(machine: Machine, world: World): void {
  for (const l of world.loads) machine.memory.load(l.base, l.words, l.tag);
  world.cpus.forEach((c, cpu) => {
    machine.startCpu(cpu, c.pc);
    machine.setRegister(cpu, 14, c.sp);
    machine.ebase[cpu] = c.ebase;
  });
  for (const s of world.strayInterrupts) machine.strayInterrupt(s.cpu, s.at);
}
