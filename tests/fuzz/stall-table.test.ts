/**
 * Stalls against the kernel's own timeouts, on the clock of kernel/clock.ts (1,000 steps per ms). A secondary
 * stalled while the old kernel stops its CPUs is waited for by waits that have no timeout, however long the
 * stall; a secondary stalled while the new kernel brings it up is lost once the stall outlasts the bring-up
 * wait (1 s in __cpu_up, 10 ms in Octeon's boot_secondary) and not before. Before the clock followed the
 * source's ratios, a fuzzed stall of 40,000 steps outlasted a 30,000-step bring-up "timeout".
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PlatformName } from '../../src/contract/topology.js';
import { msToSteps } from '../../src/kernel/clock.js';
import { MachinePool, runStrategy } from '../../src/run/run-strategy.js';
import { parseScenario } from '../../src/scenario/codec.js';
import { strategyByName } from '../../src/strategies/index.js';

const pool = new MachinePool();

function upstreamWithStall(platform: PlatformName, path: 'kexec' | 'kdump', from: number, steps: number): string {
  const s = parseScenario(
    JSON.stringify({ version: 1, platform, path, timing: { stalls: [{ cpu: 1, from, steps }] } }),
  );
  return runStrategy(s, strategyByName('upstream')!, pool).outcome.kind;
}

/** While CPU0 stops the others (the IPI arrives within a few hundred steps). */
const DURING_SHUTDOWN = 300;
/** While the new kernel starts its first secondaries. */
const DURING_BRING_UP = 3000;

describe('stalls against timeouts', () => {
  for (const platform of ['cps', 'octeon'] as const) {
    for (const path of ['kexec', 'kdump'] as const) {
      test(`${platform} ${path}: upstream, whose shutdown waits have no timeout, neither hangs nor loses a CPU stalled 10³ to 10⁷ steps while it stops`, () => {
        for (const steps of [1e3, 1e4, 1e5, 1e6, 1e7]) {
          const kind = upstreamWithStall(platform, path, DURING_SHUTDOWN, steps);
          assert.ok(kind !== 'hang' && kind !== 'cpu-lost', `a stall of ${steps} steps ended ${kind}`);
        }
      });
    }
  }

  test("a CPU stalled as bring-up begins is kept when the stall is well inside the wait and lost when well past it: CPS's 1 s (__cpu_up), Octeon's 10 ms (boot_secondary)", () => {
    assert.equal(upstreamWithStall('cps', 'kexec', DURING_BRING_UP, msToSteps(500)), 'ok');
    assert.equal(upstreamWithStall('cps', 'kexec', DURING_BRING_UP, msToSteps(2000)), 'cpu-lost');
    assert.equal(upstreamWithStall('octeon', 'kexec', DURING_BRING_UP, msToSteps(5)), 'ok');
    assert.equal(upstreamWithStall('octeon', 'kexec', DURING_BRING_UP, msToSteps(100)), 'cpu-lost');
  });
});
