import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { minimizeLimits } from '../../src/cli/campaign-config.js';
import { platformNames } from '../../src/contract/topology.js';
import { runBatch, runMinimize } from '../../src/fuzz/batch.js';
import { generate, originFrom } from '../../src/fuzz/generate.js';
import { fewerPreemptions, minimizeSchedule, shrinkScenario } from '../../src/fuzz/minimize.js';
import { reproSize } from '../../src/fuzz/shrink-input.js';
import { keepsVerdict, verdictOf } from '../../src/fuzz/verdict.js';
import { signatureOf } from '../../src/oracle/signature.js';
import { runStrategy } from '../../src/run/run-strategy.js';
import { minimalScenarioInput, parseScenario, validateScenario } from '../../src/scenario/codec.js';
import { builtinStrategies, strategyByName } from '../../src/strategies/index.js';
import { bug, failingAfter, unbuildable } from '../helpers/failing-strategy.js';

const legacy = strategyByName('legacy');
if (legacy === undefined) throw new Error('no legacy strategy');

// A generated cps scenario whose shrink is cheap (legacy boots on it) and takes steps with legacy itself.
const origin = originFrom(4, null, ['cps']);
const input = generate(origin);
const scenario = validateScenario(input);
const signature = signatureOf(scenario.platform, legacy.name, runStrategy(scenario, legacy).outcome);
const anySwitches = Number.MAX_SAFE_INTEGER;

describe('shrinkScenario', () => {
  test('with a strategy that always builds, shrinking takes steps (the baseline for the tests below)', () => {
    assert.notDeepEqual(shrinkScenario(origin, { strategy: legacy, signature, booted: [] }, anySwitches, 30), input);
  });

  test('a bug thrown while trying a candidate propagates; it is not read as a shrink step', () => {
    assert.throws(
      () => shrinkScenario(origin, { strategy: failingAfter(1, bug), signature, booted: [] }, anySwitches, 30),
      /bug in a run/,
    );
  });

  test('a candidate the kernel cannot lay out is rejected as a shrink step: the input comes back as it was', () => {
    assert.deepEqual(
      shrinkScenario(origin, { strategy: failingAfter(1, unbuildable), signature, booted: [] }, anySwitches, 30),
      input,
    );
  });
});

describe('minimizeSchedule', () => {
  test('an unbuildable replay of the schedule leaves the scenario as it was', () => {
    assert.equal(
      minimizeSchedule(scenario, { strategy: failingAfter(1, unbuildable), signature, booted: [] }, 10),
      scenario,
    );
  });

  test('a bug thrown while trying a schedule propagates', () => {
    assert.throws(
      () => minimizeSchedule(scenario, { strategy: failingAfter(1, bug), signature, booted: [] }, 10),
      /bug in a run/,
    );
  });
});

describe('minimizeFinding, as a campaign runs it', () => {
  // The divergence findings of the first generated scenarios of seed 5: each minimized repro must show the same
  // failing signature with every strategy that booted on the original still booting, and be no larger.
  const batch = runBatch(
    {
      kind: 'batch',
      batchIndex: 0,
      baseSeed: 5,
      from: 0,
      count: 12,
      strategies: builtinStrategies.map((s) => s.name),
      strategyModules: [],
      platforms: [...platformNames],
      reference: 'upstream',
      corpus: [],
      coverage: new Int32Array(0),
    },
    builtinStrategies,
  );
  const divergences = batch.findings.filter((f) => f.kind === 'divergence').slice(0, 6);

  test('the batch has divergence findings to minimize', () => {
    assert.ok(divergences.length >= 3, `${divergences.length} divergences`);
  });

  for (const f of divergences) {
    test(`${f.signature} (scenario ${f.index}): the repro keeps the verdict and is no larger in bytes or switches`, () => {
      const m = runMinimize(
        {
          kind: 'minimize',
          origin: f.origin,
          strategy: f.strategy,
          signature: f.signature,
          strategies: builtinStrategies.map((s) => s.name),
          strategyModules: [],
          limits: minimizeLimits,
        },
        builtinStrategies,
      );
      const original = validateScenario(JSON.parse(f.scenario));
      const repro = validateScenario(JSON.parse(m.scenario));
      const failing = strategyByName(f.strategy)!;
      assert.equal(runStrategy(repro, failing).signature, f.signature);
      for (const st of builtinStrategies) {
        if (st.name === f.strategy || runStrategy(original, st).outcome.kind !== 'ok') continue;
        assert.equal(runStrategy(repro, st).outcome.kind, 'ok', `${st.name} booted on the original`);
      }
      assert.ok(reproSize(repro) <= reproSize(original), `${reproSize(repro)} > ${reproSize(original)}`);
      assert.ok(m.switchesMinimized <= m.switchesOriginal);
    });
  }
});

describe('fewerPreemptions', () => {
  test('a pinned schedule that switches between running CPUs is dropped when the seeded policy shows the verdict with fewer preemptions', () => {
    const text = readFileSync(new URL('../../corpus/s01-cps-kdump-flush-hang.json', import.meta.url), 'utf8');
    const base = parseScenario(text);
    // Every 3 steps to the next CPU, whether or not the one running could go on.
    const schedule = Array.from({ length: 400 }, (_, i) => [i % 4, 3] as const);
    const pinned = validateScenario({ ...minimalScenarioInput(base), timing: { policy: 'replay', schedule } });
    const verdict = verdictOf(pinned, legacy, runStrategy(pinned, legacy).signature, builtinStrategies);
    const preemptions = (s: typeof pinned): number => keepsVerdict(verdict, s)?.machine?.scheduler.preemptions ?? -1;
    assert.ok(preemptions(pinned) > 10, `the pinned schedule preempts (${preemptions(pinned)})`);
    const fewer = fewerPreemptions(pinned, verdict, pinned);
    assert.ok(keepsVerdict(verdict, fewer) !== null, 'the verdict holds');
    assert.ok(preemptions(fewer) < preemptions(pinned), `${preemptions(fewer)} < ${preemptions(pinned)}`);
    assert.ok(reproSize(fewer) <= reproSize(pinned));
  });
});
