/**
 * The statement of what a campaign did not find: PCT's per-run guarantee as fuzz/pct-bound.ts counts it,
 * and the bound checked against experiment. Synthetic bugs of known depth on a two-CPU machine are run
 * under PCT in many short campaigns; the share of campaigns that missed the bug is at most the bound
 * (with room for sampling noise where the bound is tight).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PctTally } from '../../src/contract/campaign.js';
import type { Scenario } from '../../src/contract/scenario.js';
import { countPctRun, pctFindProbability } from '../../src/fuzz/pct-bound.js';
import { pctBounds } from '../../src/report/pct-statement.js';
import { parseScenario } from '../../src/scenario/codec.js';
import { asm, runPrograms } from '../helpers/machine-runner.js';

const cps = parseScenario(JSON.stringify({ version: 1, platform: 'cps' }));
const cpus = cps.cores * cps.threadsPerCore;

function withTiming(timing: Partial<Scenario['timing']>): Scenario {
  return { ...cps, timing: { ...cps.timing, ...timing } };
}

describe('pctFindProbability', () => {
  test('1/(n·k^(D−1)) for a PCT run with D ≥ d change points, and nothing for fewer or for another policy', () => {
    assert.equal(pctFindProbability(withTiming({ policy: 'pct', pctDepth: 1 }), 1), 1 / cpus);
    assert.equal(pctFindProbability(withTiming({ policy: 'pct', pctDepth: 2, pctHorizon: 100 }), 1), 1 / (cpus * 100));
    assert.equal(pctFindProbability(withTiming({ policy: 'pct', pctDepth: 2, pctHorizon: 100 }), 2), 1 / (cpus * 100));
    assert.equal(pctFindProbability(withTiming({ policy: 'pct', pctDepth: 2, pctHorizon: 100 }), 3), 0);
    assert.equal(pctFindProbability(withTiming({ policy: 'weighted' }), 1), 0);
  });

  test('runs add up per platform and depth as the sum of log(1 − p), so the bound is the product of the misses', () => {
    const into = new Map<string, PctTally>();
    for (let i = 0; i < 3; i++) countPctRun(withTiming({ policy: 'pct', pctDepth: 1 }), into);
    countPctRun(withTiming({ policy: 'weighted' }), into);
    const [bound] = pctBounds([...into.values()]);
    assert.equal(bound?.runs, 3);
    assert.ok(Math.abs((bound?.depths[0]?.missed ?? 0) - (1 - 1 / cpus) ** 3) < 1e-12);
    assert.equal(bound?.depths[1]?.missed, 1, 'runs with no change point rule out no depth-2 bug');
  });
});

// Depth 1: CPU1 reads the flag before CPU0 sets it (one ordering: CPU1's read first).
const depthOne = asm(0x100, (a) => {
  a.routine('writer').la('t0', 'flag').li('t1', 1).sw('t1', 0, 't0').halt();
  a.routine('reader').la('t0', 'flag').lw('t1', 0, 't0').bnez('t1', 'fine').exit(1);
  a.label('fine').exit(0);
  a.routine('flag').word(0);
});

// Depth 2: CPU1 sees x set and y not yet (two orderings: CPU0's x before CPU1's reads, both before CPU0's y).
const depthTwo = asm(0x100, (a) => {
  a.routine('writer').la('t0', 'x').li('t1', 1).sw('t1', 0, 't0');
  a.li('t2', 16).label('work').addi('t2', 't2', -1).bnez('t2', 'work');
  a.la('t0', 'y').sw('t1', 0, 't0').halt();
  a.routine('reader').la('t0', 'x').lw('t1', 0, 't0').la('t0', 'y').lw('t2', 0, 't0');
  a.beqz('t1', 'fine').bnez('t2', 'fine').exit(1);
  a.label('fine').exit(0);
  a.routine('x').word(0);
  a.routine('y').word(0);
});

/** Whether one PCT run of the program, on this seed, shows the bug (exit 1). */
function bugShows(program: ReturnType<typeof asm>, seed: number, pctDepth: number, pctHorizon: number): boolean {
  const ran = runPrograms({
    run: { policy: 'pct', seed, pctDepth, pctHorizon },
    programs: [{ program }],
    start: { 0: 'writer', 1: 'reader' },
  });
  return ran.stop.kind === 'exit' && ran.stop.code === 1;
}

/** Of `campaigns` campaigns of `runs` PCT runs each (distinct seeds), the share in which no run showed the bug. */
function missRate(program: ReturnType<typeof asm>, campaigns: number, runs: number, depth: number, horizon: number) {
  let missed = 0;
  for (let c = 0; c < campaigns; c++) {
    let found = false;
    for (let r = 0; r < runs && !found; r++) found = bugShows(program, 1 + c * runs + r, depth, horizon);
    if (!found) missed++;
  }
  return missed / campaigns;
}

describe('the bound against experiment: many short PCT campaigns on bugs of known depth', () => {
  test('depth 1 on 2 CPUs (p = 1/2 a run): campaigns of 3 runs miss it about as often as the bound says, no more', () => {
    const campaigns = 400;
    const bound = (1 - 1 / 2) ** 3;
    const observed = missRate(depthOne, campaigns, 3, 1, 100);
    // The bound is tight here (the bug shows exactly when CPU1 draws the higher priority): allow three
    // standard deviations of sampling noise over 400 campaigns, and require the rate to be near it.
    const sigma = Math.sqrt((bound * (1 - bound)) / campaigns);
    assert.ok(observed <= bound + 3 * sigma, `missed ${observed}, bound ${bound}`);
    assert.ok(
      observed >= bound - 3 * sigma,
      `missed ${observed}: far below the bound ${bound}, so the bug is not depth 1`,
    );
  });

  test('depth 2 on 2 CPUs (p ≥ 1/(2·64) a run with one change point over 64 steps): the miss rate stays under the bound', () => {
    const campaigns = 100;
    const runs = 40;
    const bound = (1 - 1 / (2 * 64)) ** runs;
    const observed = missRate(depthTwo, campaigns, runs, 2, 64);
    assert.ok(observed <= bound, `missed ${observed}, bound ${bound.toFixed(3)}`);
    // and the bug really needs the change point: with none, PCT never shows it
    for (let seed = 1; seed <= 50; seed++) assert.equal(bugShows(depthTwo, seed, 1, 64), false, `seed ${seed}`);
  });
});
