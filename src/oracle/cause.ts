/**
 * Why a run ended as it did, read from its trace and end state, in a few sentences a triager can act on:
 * for a stale or overwritten fetch, who wrote the words and what cache maintenance the executing core
 * did after; for a hang, which IPIs were never taken and what each target was doing; for a lost CPU,
 * where it ended up and whether the new kernel's start reached it. Each line is a fact of this run.
 */

import type { Outcome } from '../contract/outcome.js';
import { PHYS_MASK } from '../machine/isa.js';
import { cacheOpName, runStateNames, type TraceEvent } from '../machine/trace.js';
import { type ClassifyInput, cpuList, tagName } from './classify.js';

type Of<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;

/** Where a CPU ended: its run state, where, interrupts, and whether it was parked on a wait. */
function whereIs(input: ClassifyInput, cpu: number): string {
  const m = input.machine;
  const state = runStateNames[m.state[cpu] ?? 0] ?? 'faulted';
  const at = input.symbols.describe(m.pc[cpu] ?? 0);
  const irqs = m.ie[cpu] === 1 ? 'interrupts on' : 'interrupts off';
  const parked = m.park.parked[cpu] === 1 ? ', parked in a wait loop' : '';
  return state === 'running' || state === 'waiting' ? `${state} at ${at}, ${irqs}${parked}` : `${state} at ${at}`;
}

/** The cache maintenance each CPU did on `line` (hit ops and synci), or by index (any line), in (after, before]. */
function maintenance(
  input: ClassifyInput,
  events: readonly TraceEvent[],
  address: number,
  after: number,
  before: number,
): string[] {
  const lineWords = input.machine.cache.lineWords;
  const line = Math.floor((address & PHYS_MASK) / lineWords);
  const done = new Map<string, number>();
  for (const e of events) {
    if (e.kind !== 'cache-op' || e.step <= after || e.step > before) continue;
    const name = cacheOpName(e.op);
    const byIndex = name.includes('INDEX') || name === 'synci';
    if (!byIndex && Math.floor((e.address & PHYS_MASK) / lineWords) !== line) continue;
    const key = `CPU${e.cpu} ${name}${byIndex ? ' (by index)' : ''}`;
    done.set(key, (done.get(key) ?? 0) + 1);
  }
  return [...done.keys()];
}

/** The last overwrite of `address` before `step`: who wrote over code that had run there. */
function lastOverwrite(events: readonly TraceEvent[], address: number, step: number): Of<'overwrite-exec'> | undefined {
  let found: Of<'overwrite-exec'> | undefined;
  for (const e of events) {
    if (e.step > step) break;
    if (e.kind === 'overwrite-exec' && e.address === (address & PHYS_MASK)) found = e;
  }
  return found;
}

function staleCause(input: ClassifyInput, events: readonly TraceEvent[], outcome: Outcome): string[] {
  const fetch = events.find(
    (e): e is Of<'stale-fetch'> => e.kind === 'stale-fetch' && e.cpu === outcome.cpu && e.step === outcome.step,
  );
  if (fetch === undefined) return [];
  const where = input.symbols.describe(fetch.pc);
  const written = tagName(input.vocab, fetch.latestTag);
  const lines = [`CPU${fetch.cpu} fetched ${where} and got an older word than the ${written} word last stored there.`];
  // When the store went over code that had run, the trace says who and when; else the copy that wrote new
  // words began with relocation, and only maintenance after that could have helped.
  const over = lastOverwrite(events, fetch.pc, fetch.step);
  const relocated = events.find(
    (e) => e.kind === 'mark' && e.mark === input.vocab.marks.relocate && e.step <= fetch.step,
  );
  let since = -1;
  let from = 'the start of the run';
  if (over !== undefined) {
    lines.push(
      `CPU${over.cpu} wrote it at step ${over.step} (${tagName(input.vocab, over.oldTag)} → ${tagName(input.vocab, over.newTag)}), after code had run there.`,
    );
    since = over.step;
    from = 'the write';
  } else if (relocated !== undefined) {
    since = relocated.step;
    from = `CPU${relocated.cpu} began relocate_new_kernel (step ${relocated.step})`;
  }
  const done = maintenance(input, events, fetch.pc, since, fetch.step);
  const core = input.machine.coreOf[fetch.cpu] ?? 0;
  lines.push(
    done.length === 0
      ? `No CPU wrote that line back or invalidated it in core ${core}'s I-cache between ${from} and the fetch.`
      : `Cache maintenance that covered the line between ${from} and the fetch: ${done.join(', ')}; none of it brought the new word to core ${core}'s I-cache.`,
  );
  return lines;
}

function wildCause(input: ClassifyInput, events: readonly TraceEvent[], outcome: Outcome): string[] {
  if (outcome.cpu === null || outcome.step === null) return [];
  const pc = events.find(
    (e): e is Of<'stale-fetch'> | Of<'exec-tag'> | Of<'fault'> =>
      e.cpu === outcome.cpu &&
      e.step === outcome.step &&
      (e.kind === 'stale-fetch' || e.kind === 'exec-tag' || e.kind === 'fault'),
  );
  if (pc === undefined) return [];
  const address = pc.pc;
  const lines: string[] = [];
  const over = lastOverwrite(events, address, outcome.step);
  if (over !== undefined) {
    lines.push(
      `CPU${over.cpu} overwrote ${input.symbols.describe(address)} at step ${over.step} (${tagName(input.vocab, over.oldTag)} → ${tagName(input.vocab, over.newTag)}) while CPU${outcome.cpu} was still running that code.`,
    );
  }
  if (pc.kind === 'exec-tag') {
    lines.push(
      `CPU${pc.cpu} went from ${tagName(input.vocab, pc.fromTag)} code to ${tagName(input.vocab, pc.toTag)} words at ${input.symbols.describe(pc.pc)}, which is no routine it was sent to.`,
    );
  }
  if (pc.kind === 'fault') lines.push(`CPU${pc.cpu} then faulted: ${pc.cause} at ${input.symbols.describe(pc.pc)}.`);
  lines.push(`CPU${outcome.cpu} ended ${whereIs(input, outcome.cpu)}.`);
  return lines;
}

function hangCause(input: ClassifyInput, events: readonly TraceEvent[], outcome: Outcome): string[] {
  const lines: string[] = [];
  const told = new Set<number>();
  for (const w of outcome.waits) {
    if (w.cpu < 0 || w.on !== 'ipi-ack') continue;
    for (const sent of events) {
      if (sent.kind !== 'ipi-sent' || sent.cpu !== w.cpu) continue;
      const taken = events.some((e) => e.kind === 'ipi-taken' && e.cpu === sent.target && e.step >= sent.due);
      if (taken) continue;
      const dropped = events.find(
        (e): e is Of<'ipi-dropped'> => e.kind === 'ipi-dropped' && e.cpu === sent.target && e.step >= sent.due,
      );
      const fate = dropped === undefined ? 'never took it' : `dropped it at step ${dropped.step} (${dropped.state})`;
      lines.push(
        `CPU${w.cpu} sent an IPI to CPU${sent.target} at step ${sent.step}; CPU${sent.target} ${fate}, and is ${whereIs(input, sent.target)}.`,
      );
      told.add(sent.target);
    }
  }
  for (let cpu = 0; cpu < input.facts.cpus; cpu++)
    if (!told.has(cpu)) lines.push(`CPU${cpu} is ${whereIs(input, cpu)}.`);
  return lines;
}

function lostCause(input: ClassifyInput, events: readonly TraceEvent[]): string[] {
  const lost = events.flatMap((e) => (e.kind === 'mark' && e.mark === input.vocab.marks.bootTimeout ? [e.arg] : []));
  return lost.map((cpu) => {
    const ignored = events.find((e): e is Of<'start-ignored'> => e.kind === 'start-ignored' && e.target === cpu);
    const start =
      ignored === undefined
        ? ''
        : ` The new kernel's start at step ${ignored.step} did not reach it: it was still running or waiting.`;
    return `CPU${cpu} never checked in; it ended ${whereIs(input, cpu)}.${start}`;
  });
}

function corruptionCause(input: ClassifyInput, events: readonly TraceEvent[], outcome: Outcome): string[] {
  const note = /crash note of CPU(\d+)/.exec(outcome.title);
  if (note === null) return [];
  const cpu = Number(note[1]);
  const saved = events.find((e) => e.kind === 'mark' && e.mark === input.vocab.marks.noteSaved && e.cpu === cpu);
  const core = input.machine.coreOf[cpu] ?? 0;
  const lost = events.filter(
    (e): e is Of<'state'> =>
      e.kind === 'state' &&
      (input.machine.coreOf[e.cpu] ?? -1) === core &&
      (e.state === 'powered-down' || e.state === 'halted') &&
      e.step >= (saved?.step ?? 0),
  );
  const lines = [
    saved === undefined
      ? `CPU${cpu} was online at the crash, but its note is not in memory.`
      : `CPU${cpu} saved its note at step ${saved.step}; the capture kernel does not find it in memory.`,
  ];
  const first = lost[0];
  if (first !== undefined) {
    lines.push(
      `Core ${core} went ${first.state} at step ${first.step} (by CPU${first.by}), and a core's L1 is lost unwritten when it is reset or gated.`,
    );
  }
  return lines;
}

function multiCause(events: readonly TraceEvent[], input: ClassifyInput, outcome: Outcome): string[] {
  const ids = [input.vocab.marks.relocate, input.vocab.marks.newBoot];
  const entries = events.filter((e): e is Of<'mark'> => e.kind === 'mark' && ids.includes(e.mark));
  const byMark = ids.map((id) => entries.filter((e) => e.mark === id));
  return byMark.flatMap((list, i) => {
    const cpus = [...new Set(list.map((e) => e.cpu))];
    if (cpus.length < 2) return [];
    const what = i === 0 ? 'relocate_new_kernel' : 'the boot path';
    const steps = cpus.map((c) => `CPU${c} at step ${list.find((e) => e.cpu === c)?.step}`).join(', ');
    return [`${cpuList(cpus)} ran ${what} (${steps}); only one CPU may, and CPU${outcome.cpu} was the second.`];
  });
}

/** A few sentences on why the run ended as `outcome` says; empty for ok and refused. */
export function explainCause(input: ClassifyInput, outcome: Outcome): readonly string[] {
  const events = input.machine.trace.decode();
  switch (outcome.kind) {
    case 'stale-icache':
      return staleCause(input, events, outcome);
    case 'wild-exec':
      return wildCause(input, events, outcome);
    case 'hang':
      return hangCause(input, events, outcome);
    case 'cpu-lost':
      return lostCause(input, events);
    case 'corruption':
      return corruptionCause(input, events, outcome);
    case 'multi-entry':
      return multiCause(events, input, outcome);
    default:
      return [];
  }
}
