/**
 * Board size does not change how a strategy ends: on bigger boards of the same platform each strategy's
 * outcome is its 4-CPU outcome on the same path. Before waits parked, every extra polling CPU diluted the
 * clock, and a 12-core Octeon kdump "hung" where the 4-core one booted. Octeon boards of 48 cores are
 * beyond the model: its CPU is 32-bit and its kernel keeps a cpumask in one word (`maxCpus`).
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ScenarioInput } from '../../src/contract/scenario.js';
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
    bigger: [8, 12, 16, 32].map((cores) => ({ platform: 'octeon', cores })),
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

describe('boards beyond the model', () => {
  test("a 48-core Octeon is refused, naming the limit: the model's kernel keeps a cpumask in one 32-bit word, Octeon's is a 64-bit unsigned long", () => {
    assert.throws(
      () => parseScenario(JSON.stringify({ version: 1, platform: 'octeon', cores: 48 })),
      (e: Error) => /cores/.test(e.message) && /32/.test(e.message),
    );
  });
});
