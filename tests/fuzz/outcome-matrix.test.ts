/**
 * BRIEF.md §6.2, reproduced by running every strategy on scenarios of each platform column: nothing
 * here is a constant the model returns, each expectation is what the emulated kernel did. Cells where
 * the model and the brief disagree say so in the test name; the brief's [INF] cells are hypotheses.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OutcomeKind } from '../../src/contract/outcome.js';
import type { ScenarioInput } from '../../src/contract/scenario.js';
import { runStrategy } from '../../src/run/run-strategy.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { strategyByName } from '../../src/strategies/index.js';

type Column = Omit<ScenarioInput, 'version' | 'path' | 'crashCpu'>;

export const columns = {
  P1: { platform: 'cps', cores: 2, threadsPerCore: 2 },
  'P1-MT': {
    platform: 'cps',
    cores: 2,
    threadsPerCore: 2,
    features: { mt: true, vp: false, icFillsFromDc: false, icacheSnoopsRemoteStore: false },
  },
  P2: { platform: 'cps', cores: 1, threadsPerCore: 4 },
  P3: { platform: 'cps', cores: 2, threadsPerCore: 1 },
  'P3-no-pg': { platform: 'cps', cores: 2, threadsPerCore: 1, features: { powerGating: false } },
  P4: { platform: 'octeon' },
  P5: { platform: 'loongson3' },
  P6: { platform: 'bmips43xx' },
  P7: { platform: 'bmips5000' },
  P8: { platform: 'cmp', cores: 2, threadsPerCore: 1 },
  'P8-1core': { platform: 'cmp', cores: 1, threadsPerCore: 2 },
} satisfies Record<string, Column>;

type Row = readonly [
  strategy: string,
  column: keyof typeof columns,
  path: 'kexec' | 'kdump',
  crash: 'c0' | 'cN',
  expected: OutcomeKind,
  why: string,
];

const otherRows: readonly Row[] = [
  ['legacy', 'P4', 'kexec', 'c0', 'ok', 'BOOT: octeon_shutdown parks the secondaries in kexec_smp_wait'],
  [
    'legacy',
    'P4',
    'kdump',
    'c0',
    'ok',
    'BOOT⁴: the Octeon flush does not wait, a2=0 parks secondaries in the new image',
  ],
  ['legacy', 'P5', 'kexec', 'c0', 'wild-exec', 'WILD¹'],
  ['legacy', 'P5', 'kdump', 'c0', 'multi-entry', 'MULTI⁵: __flush_cache_all is a no-op, nothing parks the secondaries'],
  ['legacy', 'P6', 'kdump', 'c0', 'multi-entry', 'MULTI⁶: threads share the L1, no IPI'],
  ['legacy', 'P7', 'kdump', 'c0', 'hang', 'HANG-IPI?⁷: cpu_foreign_map has the other core, which is parked'],
  ['legacy', 'P8', 'kdump', 'c0', 'hang', 'HANG-IPI (multi-core)'],
  ['legacy', 'P8-1core', 'kdump', 'c0', 'multi-entry', 'MULTI (one core)'],
  ['v4-play-dead', 'P4', 'kexec', 'c0', 'wild-exec', 'WILD or LOST⁸: the play_dead loop is overwritten'],
  ['v4-play-dead', 'P4', 'kdump', 'c0', 'cpu-lost', 'BOOT-LOST⁸ (S6)'],
  ['v4-play-dead', 'P5', 'kdump', 'c0', 'ok', 'BOOT¹⁰: the uncached mailbox poll survives and answers'],
  [
    'v4-play-dead',
    'P6',
    'kdump',
    'c0',
    'cpu-lost',
    "?¹¹ in the brief; model: start is ignored on a thread waiting in play_dead's wait",
  ],
  ['v4-play-dead', 'P7', 'kdump', 'c0', 'cpu-lost', '?¹¹ in the brief; model: as BMIPS43xx'],
  [
    'v4-scache',
    'P4',
    'kdump',
    'c0',
    'cpu-lost',
    "BOOT-LOST: Octeon's kernel has no scache ops (c-octeon.c; the L2 is the coherence point), so the invalidation does nothing (was stale-icache when it discarded the L2)",
  ],
  ['v4-scache-wbinv', 'P4', 'kdump', 'c0', 'cpu-lost', 'BOOT-LOST, the writeback reading'],
  ['v4-scache', 'P5', 'kdump', 'c0', 'ok', 'BOOT'],
  ['nonboot-callback', 'P4', 'kdump', 'cN', 'ok', 'BOOT: jump-style callback'],
  ['nonboot-callback', 'P5', 'kdump', 'c0', 'refused', 'depends on the pending patch; modelled as refused'],
  ['nonboot-callback', 'P6', 'kexec', 'c0', 'refused', 'REFUSED'],
  ['nonboot-callback', 'P7', 'kexec', 'c0', 'refused', 'REFUSED'],
  ['nonboot-callback', 'P8', 'kexec', 'c0', 'refused', 'REFUSED'],
  ['upstream', 'P4', 'kexec', 'c0', 'ok', 'BOOT after 8a644c64a9f1'],
  ['upstream', 'P4', 'kdump', 'cN', 'ok', 'BOOT'],
  ['upstream', 'P5', 'kexec', 'c0', 'multi-entry', 'MULTI⁵'],
  ['upstream', 'P5', 'kdump', 'cN', 'multi-entry', 'MULTI⁵'],
  ['upstream', 'P6', 'kdump', 'c0', 'multi-entry', 'MULTI⁶'],
  ['upstream', 'P7', 'kexec', 'c0', 'multi-entry', 'MULTI⁶'],
  ['upstream', 'P8', 'kexec', 'c0', 'refused', 'REFUSED (S19)'],
  ['upstream', 'P8', 'kdump', 'cN', 'refused', 'REFUSED'],
];

const rows: readonly Row[] = [
  ['legacy', 'P1', 'kexec', 'c0', 'wild-exec', 'WILD¹: secondaries keep running old text that relocation overwrites'],
  ['legacy', 'P2', 'kexec', 'c0', 'wild-exec', 'WILD¹'],
  ['legacy', 'P3', 'kexec', 'c0', 'wild-exec', 'WILD¹'],
  ['legacy', 'P1', 'kdump', 'c0', 'hang', 'HANG-IPI² (S1): __flush_cache_all waits on a parked CPU of the other core'],
  ['legacy', 'P1', 'kdump', 'cN', 'hang', 'HANG-IPI (S1, crash on CPU3)'],
  ['legacy', 'P2', 'kdump', 'c0', 'multi-entry', 'MULTI³ (S2): one core, no IPI, every VP enters the capture kernel'],
  ['legacy', 'P3', 'kdump', 'cN', 'hang', 'HANG-IPI'],
  ['v4-play-dead', 'P1', 'kexec', 'c0', 'wild-exec', 'WILD¹: v4 left machine_shutdown alone'],
  [
    'v4-play-dead',
    'P1',
    'kdump',
    'c0',
    'corruption',
    "model disagrees with the BOOT (tested) cell: S18, the halted core-1 VPs' crash notes are lost when the SMP capture kernel resets core 1 (a UP capture kernel would not notice)",
  ],
  ['v4-play-dead', 'P2', 'kdump', 'c0', 'ok', 'BOOT (tested)'],
  [
    'v4-play-dead',
    'P1',
    'kdump',
    'cN',
    'corruption',
    "model disagrees with the BOOT on I6x00 cell: S18 again, CPU2's saved note dies dirty in core 1's L1 with the capture kernel's CPC reset; it was hidden while the oracle trusted cpus_in_crash as core 0 cached it",
  ],
  ['v4-play-dead', 'P3', 'kdump', 'c0', 'ok', 'BOOT with power gating'],
  [
    'v4-play-dead',
    'P3-no-pg',
    'kdump',
    'c0',
    'corruption',
    "footnote 9's BOOT, but S18: the secondary panics online, CPU0 still jumps and the CPC reset recovers the CPU, not its saved note, still dirty in its L1",
  ],
  ['v4-offline', 'P1', 'kdump', 'c0', 'hang', 'S3 (tested): offline siblings race to power-gate a core still running'],
  ['v4-offline', 'P2', 'kdump', 'c0', 'hang', 'HANG? in the brief; here the last sibling gates the core CPU0 runs on'],
  ['v4-offline', 'P3', 'kdump', 'c0', 'ok', '? in the brief; one CPU per core, nothing to race'],
  [
    'v4-scache',
    'P1',
    'kdump',
    'cN',
    'corruption',
    "model disagrees with the BOOT on I6x00 cell: S18 again, as for v4-play-dead: CPU2's saved note dies dirty in core 1's L1 with the CPC reset",
  ],
  [
    'v4-scache',
    'P3',
    'kdump',
    'cN',
    'stale-icache',
    'footnote 12: invalidating the L2 without writeback discards the stub',
  ],
  ['v4-scache-wbinv', 'P3', 'kdump', 'cN', 'ok', 'the writeback reading of "scache invalidation" is merely redundant'],
  ['nonboot-callback', 'P1', 'kexec', 'c0', 'ok', 'BOOT'],
  ['nonboot-callback', 'P1', 'kdump', 'cN', 'ok', 'BOOT'],
  ['nonboot-callback', 'P3', 'kdump', 'cN', 'ok', 'BOOT'],
  ['upstream', 'P1', 'kexec', 'c0', 'ok', 'BOOT'],
  ['upstream', 'P1', 'kdump', 'cN', 'ok', "BOOT with the crash on CPU3: its own flush wrote back core 1's notes"],
  [
    'upstream',
    'P1',
    'kdump',
    'c0',
    'corruption',
    "model disagrees with the BOOT cell: S18, with the crash on CPU0 nobody writes back core 1's notes before its CPC reset",
  ],
  ['upstream', 'P1-MT', 'kdump', 'cN', 'ok', "BOOT: the CM globalises the writer's hit ops"],
  ['upstream', 'P2', 'kdump', 'cN', 'ok', 'BOOT'],
  ['upstream', 'P3', 'kexec', 'c0', 'ok', 'BOOT with power gating'],
  [
    'upstream',
    'P3-no-pg',
    'kexec',
    'c0',
    'multi-entry',
    'MULTI¹³ (S10): cps_pm_enter_state returns, CPU1 falls through',
  ],
  ['upstream', 'P3-no-pg', 'kdump', 'cN', 'multi-entry', 'MULTI¹³'],
  [
    'nonboot-callback',
    'P3-no-pg',
    'kexec',
    'c0',
    'wild-exec',
    "model disagrees with (d)'s BOOT: (d)'s callback shares play_dead's helper, so a failed power-down panics the CPU (footnote 9) instead of falling into do_kexec (was multi-entry, S10), but on a normal kexec it then spins online in old text that the relocation overwrites, as footnote 8's loops do",
  ],
  [
    'nonboot-callback',
    'P3-no-pg',
    'kdump',
    'cN',
    'ok',
    "BOOT (footnote 9): the secondary's failed power-down panics it online, CPU0 alone jumps, the CPC reset recovers it",
  ],
];

function scenarioFor(
  column: keyof typeof columns,
  path: 'kexec' | 'kdump',
  crash: 'c0' | 'cN',
  extra: Partial<ScenarioInput> = {},
) {
  const c: Column = columns[column];
  const board = validateScenario({ version: 1, ...c });
  const cpus = board.cores * board.threadsPerCore;
  return validateScenario({ version: 1, ...c, path, crashCpu: crash === 'c0' ? 0 : cpus - 1, ...extra });
}

function run(strategy: string, column: keyof typeof columns, path: 'kexec' | 'kdump', crash: 'c0' | 'cN', extra = {}) {
  const s = strategyByName(strategy);
  assert.ok(s, strategy);
  return runStrategy(scenarioFor(column, path, crash, extra), s).outcome;
}

/** One test per cell: run the strategy on the column's scenario, expect the kind. */
function cellTests(cells: readonly Row[]): void {
  for (const [strategy, column, path, crash, expected, why] of cells) {
    test(`${strategy} ${path} ${crash} on ${column} ends ${expected}: ${why}`, () => {
      const outcome = run(strategy, column, path, crash);
      assert.equal(outcome.kind, expected, outcome.title);
    });
  }
}

describe('BRIEF.md §6.2 outcome matrix, Octeon, Loongson-3, BMIPS and cmp columns', () => {
  cellTests(otherRows);
  test('upstream kdump with CPU0 wedged on Octeon: nobody runs the relocation, everyone waits for kexec_flag (HANG-NOJUMP)', () => {
    const outcome = run('upstream', 'P4', 'kdump', 'cN', { faults: { wedged: [{ cpu: 0, from: 0, steps: null }] } });
    assert.equal(outcome.kind, 'hang');
    assert.equal(outcome.label, 'wait_kexec_flag');
  });
});

describe('BRIEF.md §6.2 outcome matrix, CPS columns', () => {
  cellTests(rows);

  test('the legacy kdump hang on two cores waits on an IPI acknowledgement in smp_call_function_many', () => {
    const outcome = run('legacy', 'P1', 'kdump', 'cN');
    assert.equal(outcome.routine, 'smp_call_function_many');
    assert.equal(outcome.label, 'wait_ipi_ack');
    assert.equal(outcome.cpu, 3);
    assert.ok(outcome.waits.some((w) => w.cpu === 0 && w.on === 'kexec-ready'));
  });

  describe('S11: CPU0 wedged with IRQs off during an upstream kdump', () => {
    const wedged = { faults: { wedged: [{ cpu: 0, from: 0, steps: null }] } };
    test('crash CPU in another core: HANG-IPI in __flush_cache_all', () => {
      const outcome = run('upstream', 'P1', 'kdump', 'cN', wedged);
      assert.equal(outcome.kind, 'hang');
      assert.equal(outcome.label, 'wait_ipi_ack');
    });
    test("crash CPU is CPU0's sibling on one core: nobody jumps (HANG-NOJUMP)", () => {
      const outcome = run('upstream', 'P2', 'kdump', 'cN', wedged);
      assert.equal(outcome.kind, 'hang');
      assert.equal(outcome.waits[0]?.on, 'nobody-jumps');
    });
    test('legacy does not hang there: its crash CPU jumps itself (and, on one core, every VP enters: MULTI)', () => {
      assert.equal(run('legacy', 'P2', 'kdump', 'cN', wedged).kind, 'multi-entry');
    });
  });
});
