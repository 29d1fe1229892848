/**
 * Board size does not change how a strategy ends: on bigger boards of the same platform each strategy's
 * outcome is its 4-CPU outcome on the same path. Before waits parked, every extra polling CPU diluted the
 * clock, and a 12-core Octeon kdump "hung" where the 4-core one booted. Boards beyond 32 CPUs (a 48-core
 * Octeon) keep their cpumasks in two words, as the kernel's BITS_TO_LONGS does.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ScenarioInput } from '../../src/contract/scenario.js';
import { CRASH_WAIT_STEPS } from '../../src/kernel/crash.js';
import { symbolAddress } from '../../src/machine/asm.js';
import { MachinePool, runStrategy } from '../../src/run/run-strategy.js';
import { parseScenario } from '../../src/scenario/codec.js';
import { builtinStrategies } from '../../src/strategies/index.js';

type Board = Pick<ScenarioInput, 'platform' | 'cores' | 'threadsPerCore'>;

const pool = new MachinePool();

function outcomes(board: Board, path: 'kexec' | 'kdump'): Record<string, string> {
  const s = parseScenario(JSON.stringify({ version: 1, ...board, path }));
  return Object.fromEntries(builtinStrategies.map((st) => [st.name, runStrategy(s, st, pool).outcome.kind]));
}

const families: readonly { readonly base: Board; readonly bigger: readonly Board[] }[] = [
  {
    base: { platform: 'octeon', cores: 4 },
    bigger: [8, 12, 16, 32, 48].map((cores) => ({ platform: 'octeon', cores })),
  },
  { base: { platform: 'loongson3', cores: 4 }, bigger: [{ platform: 'loongson3', cores: 8 }] },
  {
    base: { platform: 'cps', cores: 2, threadsPerCore: 2 },
    bigger: [
      { platform: 'cps', cores: 4, threadsPerCore: 2 },
      { platform: 'cps', cores: 2, threadsPerCore: 4 },
    ],
  },
];

describe('board sizes', () => {
  for (const { base, bigger } of families) {
    for (const path of ['kexec', 'kdump'] as const) {
      for (const board of bigger) {
        const name = `${board.platform} ${board.cores}×${board.threadsPerCore ?? 1}`;
        test(`${name} ${path}: every strategy ends as on the 4-CPU board`, () => {
          assert.deepEqual(outcomes(board, path), outcomes(base, path));
        });
      }
    }
  }
});

describe('cpumasks of two words (48-core Octeon kdump, legacy)', () => {
  test('every secondary checks in: cpus_in_crash holds CPUs 0–47 across both words, and the crash wait ended early', () => {
    const s = parseScenario(JSON.stringify({ version: 1, platform: 'octeon', cores: 48, path: 'kdump' }));
    const legacy = builtinStrategies.find((st) => st.name === 'legacy')!;
    const r = runStrategy(s, legacy, pool);
    assert.equal(r.outcome.kind, 'ok');
    const m = r.machine!;
    const at = symbolAddress(r.world!.programs[0]!, 'cpus_in_crash');
    assert.deepEqual([m.cache.peekData(0, at), m.cache.peekData(0, at + 1)], [-1, 0xffff]);
    // crash_kexec_prepare_cpus waits up to 10 s (10M steps); all 47 in, it went on long before that.
    assert.ok(m.step < CRASH_WAIT_STEPS, `the run took ${m.step} steps`);
  });
});

describe('boards beyond the model', () => {
  test('an Octeon of more than 48 cores is refused, naming the field and the limit (CN78XX has 48)', () => {
    assert.throws(
      () => parseScenario(JSON.stringify({ version: 1, platform: 'octeon', cores: 49 })),
      (e: Error) => /cores/.test(e.message) && /48/.test(e.message),
    );
  });
});
