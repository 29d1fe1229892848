/**
 * The exploration enumerator on small synthetic machines (2–3 CPUs, a few instructions each): the number of
 * schedules it runs within K preemptions equals a brute-force count of the orders of the CPUs' visible
 * operations with at most K preemptions, and every outcome those orders can reach is reached.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ExploredRun, exploreSchedules, pointsOf } from '../../src/fuzz/explore.js';
import type { Program } from '../../src/machine/asm.js';
import { Machine } from '../../src/machine/machine.js';
import { RunRecorder } from '../../src/machine/recorder.js';
import type { ScheduleSlice } from '../../src/machine/scheduler.js';
import { asm, machineConfig, runConfig } from '../helpers/machine-runner.js';

/**
 * Orders of visible operations (CPU i has ops[i] of them) with at most `bound` preemptions: a switch away
 * from a CPU with operations left costs one, a switch from a finished CPU (or the first choice) nothing.
 */
function bruteForce(ops: readonly number[], bound: number): number {
  const left = [...ops];
  const walk = (current: number, cost: number): number => {
    if (left.every((n) => n === 0)) return 1;
    let count = 0;
    for (let c = 0; c < left.length; c++) {
      if ((left[c] ?? 0) === 0) continue;
      const preempts = current >= 0 && c !== current && (left[current] ?? 0) > 0 ? 1 : 0;
      if (cost + preempts > bound) continue;
      left[c] = (left[c] ?? 0) - 1;
      count += walk(c, cost + preempts);
      left[c] = (left[c] ?? 0) + 1;
    }
    return count;
  };
  return walk(-1, 0);
}

interface Setup {
  readonly programs: readonly Program[];
  readonly start: readonly string[];
  /** What the run ended as: read from the machine at the end. */
  readonly outcome: (m: Machine) => string;
}

function runnerOf(setup: Setup) {
  const config = machineConfig({ cores: setup.start.length });
  const cpus = setup.start.length;
  return (schedule: readonly ScheduleSlice[]): ExploredRun => {
    const machine = new Machine(config, runConfig(cpus, { policy: 'replay', schedule }));
    for (const p of setup.programs) machine.memory.load(p.base, p.words, 1);
    setup.start.forEach((routine, cpu) => {
      const symbol = setup.programs.flatMap((p) => p.symbols).find((s) => s.routine === routine && s.label === null);
      assert.ok(symbol, routine);
      machine.startCpu(cpu, symbol.address);
    });
    const recorder = new RunRecorder(1 << 16, true);
    recorder.begin(machine.state, machine.ie);
    machine.recorder = recorder;
    machine.run();
    return {
      outcome: setup.outcome(machine),
      schedule: machine.scheduler.recordedSchedule(),
      preemptions: machine.scheduler.preemptions,
      points: pointsOf(recorder),
    };
  };
}

const data = asm(0x600, (a) => a.routine('a').word(0).routine('b').word(0).routine('c').word(0));

// CPU0 writes a then b; CPU1 reads b then a (message passing: seeing b set and a not is impossible here).
const writerReader = asm(
  0x100,
  (a) => {
    a.routine('writer').li('t1', 1).la('t0', 'a').sw('t1', 0, 't0').la('t0', 'b').sw('t1', 0, 't0').halt();
    a.routine('reader').la('t0', 'b').lw('t2', 0, 't0').la('t0', 'a').lw('t3', 0, 't0').halt();
  },
  data,
);

// t2 and t3 are registers 10 and 11.
const readBoth = (m: Machine): string => `b=${m.register(1, 10)} a=${m.register(1, 11)}`;

describe('exploreSchedules against brute force', () => {
  for (const bound of [0, 1, 2, 3]) {
    test(`2 CPUs, 3 visible operations each, ≤ ${bound} preemptions`, () => {
      const run = runnerOf({ programs: [writerReader, data], start: ['writer', 'reader'], outcome: readBoth });
      const explored = exploreSchedules(run, 2, bound);
      assert.equal(explored.schedules, bruteForce([3, 3], bound));
    });
  }

  test('3 CPUs, 2 visible operations each, ≤ 0, 1 and 2 preemptions', () => {
    const three = asm(
      0x100,
      (a) => {
        for (const [name, word] of [
          ['p0', 'a'],
          ['p1', 'b'],
          ['p2', 'c'],
        ] as const) {
          a.routine(name).li('t1', 1).la('t0', word).sw('t1', 0, 't0').halt();
        }
      },
      data,
    );
    const run = runnerOf({ programs: [three, data], start: ['p0', 'p1', 'p2'], outcome: () => 'done' });
    for (const bound of [0, 1, 2])
      assert.equal(exploreSchedules(run, 3, bound).schedules, bruteForce([2, 2, 2], bound));
  });

  test('every outcome sequential consistency allows is reached with one preemption, and the impossible one never', () => {
    const run = runnerOf({ programs: [writerReader, data], start: ['writer', 'reader'], outcome: readBoth });
    const explored = exploreSchedules(run, 2, 1);
    assert.deepEqual([...explored.outcomes.keys()].sort(), ['b=0 a=0', 'b=0 a=1', 'b=1 a=1']);
    // the reader between the two stores needs the writer preempted once, and the enumerator says so
    assert.equal(explored.outcomes.get('b=0 a=1')?.preemptions, 1);
    assert.equal(explored.outcomes.get('b=0 a=0')?.preemptions, 0);
  });

  test('with the reduction, only conflicting operations are scheduling points: the count is brute force over them, the outcomes the same', () => {
    // Each CPU writes a private word around one shared access: CPU0 writes a, CPU1 reads it.
    const mixed = asm(
      0x100,
      (a) => {
        a.routine('writer').li('t1', 1).la('t0', 'b').sw('t1', 0, 't0').la('t0', 'a').sw('t1', 0, 't0');
        a.la('t0', 'b').sw('t1', 0, 't0').halt();
        a.routine('reader').li('t1', 1).la('t0', 'c').sw('t1', 0, 't0').la('t0', 'a').lw('t2', 0, 't0');
        a.la('t0', 'c').sw('t1', 0, 't0').halt();
      },
      data,
    );
    const run = runnerOf({
      programs: [mixed, data],
      start: ['writer', 'reader'],
      outcome: (m) => `a=${m.register(1, 10)}`,
    });
    for (const bound of [0, 1, 2]) {
      const full = exploreSchedules(run, 2, bound);
      const reduced = exploreSchedules(run, 2, bound, true);
      assert.equal(full.schedules, bruteForce([4, 4], bound), `${bound}: every order`);
      assert.equal(reduced.schedules, bruteForce([2, 2], bound), `${bound}: orders of the conflicting operations`);
      assert.ok(reduced.runs < full.runs || bound === 0);
      assert.deepEqual([...reduced.outcomes.keys()].sort(), [...full.outcomes.keys()].sort(), `${bound}: outcomes`);
    }
  });

  test('a planted race that needs two preemptions: unseen within one, found within two with exactly two, and its schedule replays', () => {
    // CPU0 writes a twice; CPU1 reads it twice. Reading 1 then 2 needs CPU0 stopped between its writes and
    // CPU1 stopped between its reads: two preemptions, no fewer.
    const twice = asm(
      0x100,
      (a) => {
        a.routine('writer').la('t0', 'a').li('t1', 1).sw('t1', 0, 't0').li('t1', 2).sw('t1', 0, 't0').halt();
        a.routine('reader').la('t0', 'a').lw('t2', 0, 't0').lw('t3', 0, 't0').halt();
      },
      data,
    );
    const run = runnerOf({
      programs: [twice, data],
      start: ['writer', 'reader'],
      outcome: (m) => (m.register(1, 10) === 1 && m.register(1, 11) === 2 ? 'race' : 'fine'),
    });
    assert.equal(exploreSchedules(run, 2, 1, true).outcomes.has('race'), false);
    const found = exploreSchedules(run, 2, 2, true).outcomes.get('race');
    assert.equal(found?.preemptions, 2);
    assert.equal(run(found?.schedule ?? []).outcome, 'race');
  });
});
