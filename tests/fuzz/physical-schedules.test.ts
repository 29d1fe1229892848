/**
 * Only physical schedules: on plain boards (no stalls, no faults) the scheduling policy and its seed decide
 * the interleaving, never whether the kexec works. Real CPUs run in parallel; a race that needs one CPU to
 * be late needs a scenario's `stalls` to say so. Before waits parked and PCT was delay-bounded, PCT starved
 * CPUs as no hardware can (CPS upstream kexec ran wild and Octeon legacy kdump hung under every PCT seed).
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PlatformName } from '../../src/contract/topology.js';
import { platformNames } from '../../src/contract/topology.js';
import { MachinePool, runStrategy } from '../../src/run/run-strategy.js';
import { parseScenario } from '../../src/scenario/codec.js';
import { builtinStrategies, strategyByName } from '../../src/strategies/index.js';

const pool = new MachinePool();
const policies = ['weighted', 'pct'] as const;

function kindsOver(platform: PlatformName, path: 'kexec' | 'kdump', strategy: string, seeds: number): Set<string> {
  const kinds = new Set<string>();
  for (const policy of policies) {
    for (let seed = 1; seed <= seeds; seed++) {
      const s = parseScenario(JSON.stringify({ version: 1, platform, path, timing: { seed, policy } }));
      kinds.add(runStrategy(s, strategyByName(strategy)!, pool).outcome.kind);
    }
  }
  return kinds;
}

describe('physical schedules on plain boards', () => {
  for (const platform of platformNames) {
    for (const path of ['kexec', 'kdump'] as const) {
      test(`${platform} ${path}: 40 seeds of each policy never turn a boot into a failure or back, for any strategy`, () => {
        for (const { name } of builtinStrategies) {
          const kinds = kindsOver(platform, path, name, 40);
          const boots = kinds.has('ok');
          assert.ok(!boots || kinds.size === 1, `${name}: ${[...kinds].join(', ')}`);
        }
      });
    }
  }

  test('Octeon legacy kdump (BOOT on hardware) and CPS upstream normal kexec boot under 200 seeds of each policy', () => {
    assert.deepEqual([...kindsOver('octeon', 'kdump', 'legacy', 200)], ['ok']);
    assert.deepEqual([...kindsOver('cps', 'kexec', 'upstream', 200)], ['ok']);
  });
});
