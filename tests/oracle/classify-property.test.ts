/**
 * The oracle misses nothing behind a passing or a cpu-lost outcome: over generated scenarios and every
 * builtin strategy, a run judged `ok` or `cpu-lost` left every crash note its CPU saved readable by the
 * capture kernel and every segment of the new image as it was built. The checks here read the machine
 * on their own (the trace, the shadows, the caches), not through classifyRun's rules.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Scenario } from '../../src/contract/scenario.js';
import type { Strategy } from '../../src/contract/strategy.js';
import { InputError } from '../../src/errors.js';
import { generate, originOf } from '../../src/fuzz/generate.js';
import { MachinePool, runStrategy, type StrategyRun } from '../../src/run/run-strategy.js';
import { oracleVocab } from '../../src/run/vocabulary.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { builtinStrategies, strategyByName } from '../../src/strategies/index.js';

/** Scenarios per run of the suite: each runs every builtin strategy, a few seconds in all. */
const SCENARIOS = 30;

function scenarioAt(seed: number, index: number): Scenario | null {
  try {
    return validateScenario(generate(originOf(seed, index, [], [])));
  } catch (e) {
    if (e instanceof InputError) return null;
    throw e;
  }
}

/** The run, or null when the world cannot be laid out for this strategy (an InputError: not run). */
function runOrSkip(s: Scenario, strategy: Strategy, pool: MachinePool): StrategyRun | null {
  try {
    return runStrategy(s, strategy, pool);
  } catch (e) {
    if (e instanceof InputError) return null;
    throw e;
  }
}

/** What a run judged ok or cpu-lost left damaged, as lines; empty when nothing. */
function damageLeft(run: StrategyRun): string[] {
  const { machine, world } = run;
  if (machine === null || world === null) return [];
  const { marks } = oracleVocab;
  const facts = world.facts;
  const events = machine.trace.decode();
  const boot = events.find((e) => e.kind === 'mark' && e.mark === marks.newBoot);
  if (boot === undefined) return ['no CPU ran the boot path'];
  const core = machine.coreOf[boot.cpu] ?? 0;
  const found: string[] = [];
  const notes = facts.crashNotes;
  for (const e of events) {
    if (notes === null || e.kind !== 'mark' || e.mark !== marks.noteSaved) continue;
    const word = machine.cache.peekData(core, notes.base + notes.stride * e.arg);
    if (word !== notes.magic)
      found.push(`CPU${boot.cpu} reads 0x${(word >>> 0).toString(16)} for the note CPU${e.arg} saved`);
  }
  const data = facts.newKernelData;
  facts.segments.forEach((segment, i) => {
    for (let j = 0; j < segment.words.length; j++) {
      const address = segment.base + j;
      if (address >= data.base && address < data.base + data.words) continue;
      const built = segment.words[j];
      if (machine.memory.latest[address] !== built)
        found.push(`segment ${i} word 0x${address.toString(16)} was overwritten`);
      else if (machine.cache.peekData(core, address) !== built)
        found.push(`CPU${boot.cpu} reads a stale segment ${i} word 0x${address.toString(16)}`);
      if (found.length > 3) return;
    }
  });
  return found;
}

test("a run judged ok or cpu-lost left every saved crash note readable through the capture CPU's caches and every segment intact", () => {
  const pool = new MachinePool();
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0x7fffffff }), fc.nat(1000), (seed, index) => {
      const s = scenarioAt(seed, index);
      if (s === null) return;
      for (const strategy of builtinStrategies) {
        const run = runOrSkip(s, strategy, pool);
        if (run === null) continue;
        if (run.outcome.kind !== 'ok' && run.outcome.kind !== 'cpu-lost') continue;
        assert.deepEqual(damageLeft(run), [], `${strategy.name}: ${run.outcome.title}`);
      }
    }),
    { numRuns: SCENARIOS },
  );
});

test("the damage checked here is real: v4-offline on a CPS kdump without power gating loses CPU1, then core 1's crash notes, and is corruption, not cpu-lost", () => {
  const s = validateScenario({
    version: 1,
    platform: 'cps',
    features: { powerGating: false },
    path: 'kdump',
    crashCpu: 0,
  });
  const strategy = strategyByName('v4-offline');
  assert.ok(strategy);
  const run = runStrategy(s, strategy);
  const events = run.machine?.trace.decode() ?? [];
  const marked = (mark: number) => events.filter((e) => e.kind === 'mark' && e.mark === mark).map((e) => e.step);
  const [timeout] = marked(oracleVocab.marks.bootTimeout);
  const [noteLost] = marked(oracleVocab.marks.noteLost);
  assert.ok(timeout !== undefined && noteLost !== undefined && timeout < noteLost, 'the timeout comes first');
  assert.equal(run.outcome.kind, 'corruption');
  assert.deepEqual(damageLeft(run).sort(), [
    'CPU0 reads 0x0 for the note CPU2 saved',
    'CPU0 reads 0x0 for the note CPU3 saved',
  ]);
});
