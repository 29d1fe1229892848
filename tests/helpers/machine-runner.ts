/**
 * A small harness for machine tests (6502.ts `Runner` style): build a machine from a few overrides,
 * load programs, start CPUs, run, then ask questions about the trace in domain terms.
 */

import assert from 'node:assert/strict';
import { Assembler, type Program, symbolAddress } from '../../src/machine/asm.js';
import type { CacheGeometry, CoherenceConfig } from '../../src/machine/cache.js';
import { Symbolizer } from '../../src/machine/disasm.js';
import { Machine, type MachineConfig, type RunConfig, type StopReason } from '../../src/machine/machine.js';
import type { TraceEvent } from '../../src/machine/trace.js';

export const testGeometry: CacheGeometry = { lineWords: 8, l1Sets: 16, l1Ways: 2, l2Sets: 64, l2Ways: 4 };

export const noSnoopCoherence: CoherenceConfig = {
  dCoherent: true,
  dWriteThrough: false,
  icFillsFromDc: false,
  icacheSnoopsRemoteStore: false,
  hitOpsGlobal: false,
  synciWholeICache: false,
};

export function machineConfig(overrides: Partial<MachineConfig> = {}): MachineConfig {
  return {
    cores: 2,
    threadsPerCore: 1,
    memWords: 1 << 14,
    cache: testGeometry,
    coherence: noSnoopCoherence,
    ...overrides,
  };
}

export function runConfig(cpus: number, overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    seed: 1,
    policy: 'weighted',
    speeds: Array.from({ length: cpus }, () => 4),
    quantum: 16,
    pctDepth: 3,
    pctHorizon: 20_000,
    stalls: [],
    schedule: [],
    ipiLatency: { min: 5, max: 40 },
    budget: 200_000,
    progressWindow: 20_000,
    ...overrides,
  };
}

export interface Ran {
  readonly machine: Machine;
  readonly stop: StopReason;
  readonly events: readonly TraceEvent[];
  readonly symbols: Symbolizer;
  /** Mark ids each CPU recorded, in order. */
  marks(cpu: number): number[];
  where(cpu: number): string;
  of<K extends TraceEvent['kind']>(kind: K): Extract<TraceEvent, { kind: K }>[];
}

export interface Setup {
  readonly machine?: Partial<MachineConfig>;
  readonly run?: Partial<RunConfig>;
  /** Programs to load (tag = provenance tag for the load). */
  readonly programs: readonly { readonly program: Program; readonly tag?: number }[];
  /** CPU → symbol (`routine` or `routine.label`) to start at. */
  readonly start: Readonly<Record<number, string>>;
  readonly ebase?: string;
  /** Software interrupts nobody sends, raised before the run. */
  readonly strays?: readonly { readonly cpu: number; readonly at: number }[];
}

export function runPrograms(setup: Setup): Ran {
  const config = machineConfig(setup.machine);
  const cpus = config.cores * config.threadsPerCore;
  const machine = new Machine(config, runConfig(cpus, setup.run));
  for (const { program, tag } of setup.programs) machine.memory.load(program.base, program.words, tag ?? 1);
  const find = (name: string): number => {
    for (const { program } of setup.programs) {
      try {
        return symbolAddress(program, name);
      } catch {}
    }
    throw new Error(`no symbol ${name}`);
  };
  for (const [cpu, name] of Object.entries(setup.start)) machine.startCpu(Number(cpu), find(name));
  if (setup.ebase !== undefined) machine.ebase.fill(find(setup.ebase));
  for (const s of setup.strays ?? []) machine.strayInterrupt(s.cpu, s.at);
  const stop = machine.run();
  const events = machine.trace.decode();
  const symbols = new Symbolizer(setup.programs.map((p) => p.program));
  return {
    machine,
    stop,
    events,
    symbols,
    marks: (cpu) => events.flatMap((e) => (e.kind === 'mark' && e.cpu === cpu ? [e.mark] : [])),
    where: (cpu) => symbols.describe(machine.pc[cpu]!),
    of: <K extends TraceEvent['kind']>(kind: K) =>
      events.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind),
  };
}

export function asm(base: number, build: (a: Assembler) => void, ...linkWith: Program[]): Program {
  const a = new Assembler(base);
  build(a);
  const externals = new Map<string, number>();
  for (const p of linkWith) {
    for (const s of p.symbols) externals.set(s.label === null ? s.routine : `${s.routine}.${s.label}`, s.address);
  }
  return a.assemble(externals);
}

export function expectStop(ran: Ran, kind: StopReason['kind']): void {
  assert.equal(ran.stop.kind, kind, `expected the run to end ${kind}, it ended ${JSON.stringify(ran.stop)}`);
}
