/**
 * One scenario through one strategy: platform facts and code, the kernel's world, the machine, the oracle.
 * Pure and deterministic, so a worker thread gives the same answer as the main thread.
 */

import type { Signature } from '../contract/finding.js';
import type { Outcome } from '../contract/outcome.js';
import { lowMemoryBase, type PlatformContext } from '../contract/platform.js';
import type { Scenario } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { cpumaskIdioms } from '../kernel/macros.js';
import { buildWorld, startWorld, type World } from '../kernel/world.js';
import { Symbolizer } from '../machine/disasm.js';
import { Machine, type MachineConfig, type RunConfig, type StopReason } from '../machine/machine.js';
import { RunRecorder } from '../machine/recorder.js';
import { explainCause } from '../oracle/cause.js';
import { classifyRun, firstAnomaly } from '../oracle/classify.js';
import { signatureOf } from '../oracle/signature.js';
import { platforms } from '../platforms/index.js';
import { oracleVocab } from './vocabulary.js';

export interface StrategyRun {
  readonly outcome: Outcome;
  /** `platform/strategy/kind/site`: what deduplicates findings. */
  readonly signature: Signature;
  /** Null when the strategy refused the platform and nothing ran. */
  readonly machine: Machine | null;
  readonly symbols: Symbolizer | null;
  /** What ran: programs, loads and facts. Null when the strategy refused. */
  readonly world: World | null;
}

/** What a platform's code may depend on: the one place a scenario becomes a PlatformContext. */
export function platformContext(s: Pick<Scenario, 'cores' | 'threadsPerCore' | 'features' | 'path'>): PlatformContext {
  return {
    cpus: s.cores * s.threadsPerCore,
    cores: s.cores,
    threadsPerCore: s.threadsPerCore,
    features: s.features,
    path: s.path,
    lowMemory: lowMemoryBase,
    cpumask: cpumaskIdioms(s.cores * s.threadsPerCore),
  };
}

/** Steps between two looks at the trace for a decisive anomaly. */
const DECISION_CHUNK = 8192;
/** Steps run past the decisive anomaly, so the trace shows what followed it. */
const DECISION_TAIL = 2000;

/**
 * Runs the machine to its end, or to a little past the first anomaly: the oracle ranks anomalies in trace
 * order, so once one is in the trace the outcome is settled, and what a wild CPU does after it is noise.
 * One exception: when CPUs the new kernel gave up on come before the anomaly, the run is cpu-lost unless
 * the end state shows damage, and that end state is the machine's at the stop, a fixed tail later.
 */
/** The marks that can decide an outcome: a second relocation or boot entry, a lost crash note. */
const DECISIVE_MARKS = [oracleVocab.marks.relocate, oracleVocab.marks.newBoot, oracleVocab.marks.noteLost].reduce(
  (mask, id) => mask | (1 << id),
  0,
);

function runToDecision(machine: Machine, symbols: Symbolizer, world: World): StopReason {
  const input = { machine, symbols, vocab: oracleVocab, facts: world.facts };
  machine.trace.alertMarks = DECISIVE_MARKS;
  let seen = 0;
  for (;;) {
    const stop = machine.runUntil(machine.step + DECISION_CHUNK, true);
    if (stop !== null) return stop;
    if (machine.trace.length === seen) continue;
    seen = machine.trace.length;
    const paused: StopReason = { kind: 'decided', step: machine.step };
    if (firstAnomaly({ ...input, stop: paused }, machine.trace.decode()) === null) continue;
    return machine.runUntil(machine.step + DECISION_TAIL) ?? { kind: 'decided', step: machine.step };
  }
}

/** Machine configurations a pool keeps: a campaign's scenarios vary topology and geometry. */
const POOLED_MACHINES = 16;

/**
 * Machines kept for the next runs of one thread (a worker's batches), one per configuration: a machine is
 * reset, not allocated, and the reset clears only what the last run wrote. A run taken from a pool owns
 * its machine only until the next run on the same pool.
 */
export class MachinePool {
  private readonly machines = new Map<string, Machine>();

  take(config: MachineConfig, run: RunConfig): Machine {
    const key = JSON.stringify(config);
    const kept = this.machines.get(key);
    if (kept !== undefined) {
      kept.reset(run);
      return kept;
    }
    const machine = new Machine(config, run);
    if (this.machines.size >= POOLED_MACHINES) this.machines.delete(this.machines.keys().next().value as string);
    this.machines.set(key, machine);
    return machine;
  }

  private lastWorld: { readonly key: readonly unknown[]; readonly world: World } | null = null;

  /**
   * The world last built for the same inputs (compared by reference: scenarios are immutable data), else a
   * new one: runs of one scenario on many schedules, as exploration makes them, assemble its kernel once.
   */
  world(key: readonly unknown[], build: () => World): World {
    const last = this.lastWorld;
    if (last !== null && last.key.length === key.length && last.key.every((k, i) => k === key[i])) return last.world;
    const world = build();
    this.lastWorld = { key, world };
    return world;
  }
}

/**
 * Runs `s` through `strategy`. A `recorder` (the timeline page's) also keeps the bursts and IE changes; it
 * changes nothing about the run.
 */
export function runStrategy(
  s: Scenario,
  strategy: Strategy,
  pool: MachinePool | null = null,
  recorder: RunRecorder | null = null,
): StrategyRun {
  const platform = platforms[s.platform];
  const ctx = platformContext(s);
  const code = platform.code(ctx);
  const refusal = strategy.refuses(s.platform, code);
  if (refusal !== null) {
    const outcome: Outcome = {
      kind: 'refused',
      cpu: null,
      routine: null,
      label: null,
      step: null,
      waits: [],
      site: '-',
      title: `refused: ${refusal}`,
    };
    return {
      outcome,
      signature: signatureOf(s.platform, strategy.name, outcome),
      machine: null,
      symbols: null,
      world: null,
    };
  }
  const coherence = platform.coherence(ctx);
  const build = (): World =>
    buildWorld(s, { options: strategy.options, platform: code, ctx, icFillsFromDc: coherence.icFillsFromDc });
  // The world depends on these alone, not on the timing (kernel/world.ts's WorldScenario).
  const inputs = [strategy, s.platform, s.cores, s.threadsPerCore, s.path, s.crashCpu, s.faults, s.layout, s.features];
  const world = pool === null ? build() : pool.world(inputs, build);
  const config = {
    cores: s.cores,
    threadsPerCore: s.threadsPerCore,
    memWords: s.layout.memWords,
    cache: s.layout.cache,
    coherence,
  };
  const machine = pool === null ? new Machine(config, s.timing) : pool.take(config, s.timing);
  startWorld(machine, world);
  if (recorder !== null) machine.attach(recorder);
  const symbols = new Symbolizer(world.programs);
  const stop = runToDecision(machine, symbols, world);
  const outcome = classifyRun({ machine, stop, symbols, vocab: oracleVocab, facts: world.facts });
  return { outcome, signature: signatureOf(s.platform, strategy.name, outcome), machine, symbols, world };
}

/** Why a run ended as it did, a few sentences read from its trace and end state (oracle/cause.ts). */
export function causeOf(run: StrategyRun): readonly string[] {
  const { machine, symbols, world } = run;
  if (machine === null || symbols === null || world === null) return [];
  const stop: StopReason = { kind: 'decided', step: machine.step };
  return explainCause({ machine, stop, symbols, vocab: oracleVocab, facts: world.facts }, run.outcome);
}

/**
 * As `runStrategy`, with the bursts and IE changes kept for a timeline (the same run, bit for bit); with
 * `visible`, also every visible operation, the scheduling points of exploration.
 */
export function runRecorded(
  s: Scenario,
  strategy: Strategy,
  visible = false,
  pool: MachinePool | null = null,
  /** A recorder to reuse (its last run's records are dropped), else a new one. */
  reuse: RunRecorder | null = null,
): StrategyRun & { readonly recorder: RunRecorder } {
  const recorder = reuse ?? new RunRecorder(1 << 20, visible);
  return { ...runStrategy(s, strategy, pool, recorder), recorder };
}
