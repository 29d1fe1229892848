/**
 * One scenario through one strategy: platform facts and code, the kernel's world, the machine, the oracle.
 * Pure and deterministic, so a worker thread gives the same answer as the main thread.
 */

import type { Outcome } from '../contract/outcome.js';
import type { PlatformContext } from '../contract/platform.js';
import type { Scenario } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { marks, tags } from '../kernel/vocab.js';
import { buildWorld, startWorld, type World } from '../kernel/world.js';
import { Symbolizer } from '../machine/disasm.js';
import { Machine } from '../machine/machine.js';
import { classifyRun, type OracleVocab } from '../oracle/classify.js';
import { platforms } from '../platforms/index.js';

export const oracleVocab: OracleVocab = {
  marks: {
    relocate: marks.RELOCATE,
    newBoot: marks.NEW_BOOT,
    secondaryUp: marks.SECONDARY_UP,
    bootTimeout: marks.BOOT_TIMEOUT,
    bootDone: marks.BOOT_DONE,
    noteLost: marks.NOTE_LOST,
  },
  tags: { oldText: tags.OLD_TEXT, controlPage: tags.CONTROL_PAGE, newImage: tags.NEW_IMAGE },
};

export interface StrategyRun {
  readonly outcome: Outcome;
  /** Null when the strategy refused the platform and nothing ran. */
  readonly machine: Machine | null;
  readonly symbols: Symbolizer | null;
  /** What ran: programs, loads and facts. Null when the strategy refused. */
  readonly world: World | null;
}

function contextOf(s: Scenario): PlatformContext {
  return {
    cpus: s.cores * s.threadsPerCore,
    cores: s.cores,
    threadsPerCore: s.threadsPerCore,
    features: s.features,
    path: s.path,
    lowMemory: 0x80,
  };
}

export function runStrategy(s: Scenario, strategy: Strategy): StrategyRun {
  const platform = platforms[s.platform];
  const ctx = contextOf(s);
  const code = platform.code(ctx);
  const refusal = strategy.refuses(s.platform, code);
  if (refusal !== null) {
    return {
      outcome: {
        kind: 'refused',
        cpu: null,
        routine: null,
        label: null,
        step: null,
        waits: [],
        title: `refused: ${refusal}`,
      },
      machine: null,
      symbols: null,
      world: null,
    };
  }
  const coherence = platform.coherence(ctx);
  const world = buildWorld({
    cores: s.cores,
    threadsPerCore: s.threadsPerCore,
    features: s.features,
    path: s.path,
    crashCpu: s.crashCpu,
    offlineBefore: s.faults.offlineBefore,
    wedged: s.faults.wedged,
    crossCallAfterPark: s.faults.crossCallAfterPark,
    controlPagePrimed: s.faults.controlPagePrimed,
    memWords: s.layout.memWords,
    cache: s.layout.cache,
    icFillsFromDc: coherence.icFillsFromDc,
    oldKernel: s.layout.oldKernel,
    controlPage: s.layout.controlPage,
    segments: s.layout.segments,
    crashRegion: s.layout.crashRegion,
    options: strategy.options,
    platform: code,
  });
  const machine = new Machine(
    { cores: s.cores, threadsPerCore: s.threadsPerCore, memWords: s.layout.memWords, cache: s.layout.cache, coherence },
    s.timing,
  );
  startWorld(machine, world);
  const stop = machine.run();
  const symbols = new Symbolizer(world.programs);
  const outcome = classifyRun({ machine, stop, symbols, vocab: oracleVocab, facts: world.facts });
  return { outcome, machine, symbols, world };
}
