/**
 * The exploration enumerator on small synthetic machines (2–3 CPUs, a few instructions each): the number of
 * schedules it runs within K preemptions equals a brute-force count of the orders of the CPUs' visible
 * operations with at most K preemptions, and every outcome those orders can reach is reached. An instruction
 * fetch that fills a line is a visible operation too (another CPU's store may land before or after it), so
 * each CPU's count is its loads, stores and halt plus the instructions that fill its code lines.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type ExploredRun,
  exploreScenario,
  exploreSchedules,
  onSchedule,
  roundRobin,
  startingState,
} from '../../src/fuzz/explore.js';
import { parseExploreStates, serializeExploreStates } from '../../src/fuzz/explore-state.js';
import type { Machine } from '../../src/machine/machine.js';
import type { ScheduleSlice } from '../../src/machine/scheduler.js';
import { builtinStrategies } from '../../src/run/catalog.js';
import { runRecorded } from '../../src/run/run-strategy.js';
import { parseScenario } from '../../src/scenario/codec.js';
import { data, runnerOf } from '../helpers/explore-runner.js';
import { asm } from '../helpers/machine-runner.js';

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

/** Instructions of CPU `cpu` after which another CPU could be scheduled, in a round-robin run. */
function pointsPerCpu(run: (schedule: readonly ScheduleSlice[]) => ExploredRun, cpus: number): number[] {
  const counts = Array.from({ length: cpus }, () => 0);
  const r = run(roundRobin(0, cpus));
  for (const at of new Set(r.points.map((p) => p.at))) {
    const cpu = r.points.find((p) => p.at === at)?.cpu ?? 0;
    counts[cpu] = (counts[cpu] ?? 0) + 1;
  }
  return counts;
}

// CPU0 writes a then b; CPU1 reads b then a (message passing: seeing b set and a not is impossible here).
const writerReader = asm(
  0x100,
  (a) => {
    a.routine('writer').li('t1', 1).la('t0', 'a').sw('t1', 0, 't0').la('t0', 'b').sw('t1', 0, 't0').halt();
    a.routine('reader').la('t0', 'b').lw('t2', 0, 't0').la('t0', 'a').lw('t3', 0, 't0').halt();
  },
  data,
);

// Three CPUs, each storing to a word of its own.
const threePrivate = asm(
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

// t2 and t3 are registers 10 and 11.
const readBoth = (m: Machine): string => `b=${m.register(1, 10)} a=${m.register(1, 11)}`;

describe('exploreSchedules against brute force', () => {
  for (const bound of [0, 1, 2, 3]) {
    test(`2 CPUs, two memory operations, a halt and code fills each, ≤ ${bound} preemptions`, () => {
      const run = runnerOf({ programs: [writerReader, data], start: ['writer', 'reader'], outcome: readBoth });
      const ops = pointsPerCpu(run, 2);
      // two stores and a halt, two loads and a halt, and at least one code fill each
      assert.ok(
        ops.every((n) => n >= 4),
        `${ops}`,
      );
      const explored = exploreSchedules(run, 2, bound);
      assert.equal(explored.schedules, bruteForce(ops, bound));
    });
  }

  test('3 CPUs, a store, a halt and code fills each, ≤ 0, 1 and 2 preemptions', () => {
    const run = runnerOf({ programs: [threePrivate, data], start: ['p0', 'p1', 'p2'], outcome: () => 'done' });
    const ops = pointsPerCpu(run, 3);
    assert.ok(
      ops.every((n) => n >= 3),
      `${ops}`,
    );
    for (const bound of [0, 1, 2]) assert.equal(exploreSchedules(run, 3, bound).schedules, bruteForce(ops, bound));
  });

  test('every outcome sequential consistency allows is reached with one preemption, and the impossible one never', () => {
    const run = runnerOf({ programs: [writerReader, data], start: ['writer', 'reader'], outcome: readBoth });
    const explored = exploreSchedules(run, 2, 1);
    assert.deepEqual([...explored.outcomes.keys()].sort(), ['b=0 a=0', 'b=0 a=1', 'b=1 a=1']);
    // the reader between the two stores needs the writer preempted once, and the enumerator says so
    assert.equal(explored.outcomes.get('b=0 a=1')?.preemptions, 1);
    assert.equal(explored.outcomes.get('b=0 a=0')?.preemptions, 0);
  });

  test('with the reduction: one private word per CPU is one class, and one schedule is all it runs', () => {
    const run = runnerOf({ programs: [threePrivate, data], start: ['p0', 'p1', 'p2'], outcome: () => 'done' });
    const full = exploreSchedules(run, 3, 2);
    assert.equal(full.classes, 1);
    const reduced = exploreSchedules(run, 3, 2, { reduce: true });
    assert.deepEqual([reduced.schedules, reduced.classes, reduced.runs], [1, 1, 1]);
  });

  test('with the reduction, message passing still reaches its three classes (the orders of the two dependent pairs), in fewer runs', () => {
    const run = runnerOf({ programs: [writerReader, data], start: ['writer', 'reader'], outcome: readBoth });
    // Unbounded: more preemptions than the CPUs have points.
    const full = exploreSchedules(run, 2, 20);
    const reduced = exploreSchedules(run, 2, 20, { reduce: true });
    assert.equal(full.classes, 3);
    assert.equal(reduced.classes, 3);
    assert.ok(reduced.runs < full.runs, `${reduced.runs} < ${full.runs}`);
    assert.deepEqual([...reduced.outcomes.keys()].sort(), [...full.outcomes.keys()].sort());
  });

  test('with the reduction, private stores around one shared word: every class and outcome of the full enumeration within each bound, in fewer runs', () => {
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
      const reduced = exploreSchedules(run, 2, bound, { reduce: true });
      assert.equal(full.schedules, bruteForce(pointsPerCpu(run, 2), bound), `${bound}: every order`);
      // the store and the load of a are the only dependent pair: two orders, two classes
      assert.equal(full.classes, 2, `${bound}: classes`);
      assert.equal(reduced.classes, 2, `${bound}: classes with the reduction`);
      // (with no preemption allowed the full enumeration is two runs, and the reduction's reversals cost one more)
      if (bound > 0) assert.ok(reduced.runs < full.runs, `${bound}: ${reduced.runs} < ${full.runs}`);
      assert.deepEqual([...reduced.outcomes.keys()].sort(), [...full.outcomes.keys()].sort(), `${bound}: outcomes`);
    }
  });

  test('with the reduction, a poll loop that parks: the reads that found nothing are not reversed, and both outcomes are still reached, in fewer runs', () => {
    // CPU0 waits for b, then reads a; CPU1 sets b, then a. Reading a as 0 needs CPU1 stopped between its stores.
    const poll = asm(
      0x100,
      (a) => {
        a.routine('poller').la('t0', 'b').label('wait').lw('t1', 0, 't0').pause().beqz('t1', 'wait');
        a.la('t0', 'a').lw('t3', 0, 't0').halt();
        a.routine('setter').li('t1', 1).la('t0', 'b').sw('t1', 0, 't0').li('t1', 2).la('t0', 'a');
        a.sw('t1', 0, 't0').halt();
      },
      data,
    );
    const run = runnerOf({
      programs: [poll, data],
      start: ['poller', 'setter'],
      outcome: (m) => `a=${m.register(0, 11)}`,
    });
    const full = exploreSchedules(run, 2, 2);
    const reduced = exploreSchedules(run, 2, 2, { reduce: true });
    assert.deepEqual([...full.outcomes.keys()].sort(), ['a=0', 'a=2']);
    assert.deepEqual([...reduced.outcomes.keys()].sort(), ['a=0', 'a=2']);
    assert.ok(reduced.runs < full.runs, `${reduced.runs} < ${full.runs}`);
  });

  test('with the reduction, atomic ors of one word whose old value nobody keeps commute: one class, one run; kept, they race', () => {
    const setBit = (keep: boolean) =>
      asm(
        0x100,
        (a) => {
          for (const [name, bit] of [
            ['p0', 1],
            ['p1', 2],
          ] as const) {
            a.routine(name)
              .li('t1', bit)
              .la('t0', 'a')
              .amoor(keep ? 't2' : 'zero', 't0', 't1')
              .halt();
          }
        },
        data,
      );
    const commuting = runnerOf({ programs: [setBit(false), data], start: ['p0', 'p1'], outcome: () => 'done' });
    assert.deepEqual(
      (({ schedules, classes, runs }) => [schedules, classes, runs])(
        exploreSchedules(commuting, 2, 2, { reduce: true }),
      ),
      [1, 1, 1],
    );
    // with the old value kept in t2, which CPU went first shows: two classes
    const kept = runnerOf({
      programs: [setBit(true), data],
      start: ['p0', 'p1'],
      outcome: (m) => `${m.register(0, 10)} ${m.register(1, 10)}`,
    });
    const explored = exploreSchedules(kept, 2, 2, { reduce: true });
    assert.equal(explored.classes, 2);
    assert.deepEqual([...explored.outcomes.keys()].sort(), ['0 1', '2 0']);
  });

  test('with the reduction, a run is read up to the event that decided it: message passing decided once the reader has read b takes three runs, one per order of what came before the decision (b read as 0 before or after the writer stored a, or as 1), where read to the end it takes more runs (it was two classes until reversals were also tried from turn starts within the bound, which reach b read as 0 after the store of a)', () => {
    const marked = asm(
      0x100,
      (a) => {
        a.routine('writer').li('t1', 1).la('t0', 'a').sw('t1', 0, 't0').la('t0', 'b').sw('t1', 0, 't0').halt();
        a.routine('reader').la('t0', 'b').lw('t2', 0, 't0').mark(1).la('t0', 'a').lw('t3', 0, 't0').halt();
      },
      data,
    );
    const decided = runnerOf({
      programs: [marked, data],
      start: ['writer', 'reader'],
      outcome: (m) => `b=${m.register(1, 10)}`,
      decidedBy: (m) => m.trace.decode().find((e) => e.kind === 'mark' && e.cpu === 1)?.step,
    });
    const explored = exploreSchedules(decided, 2, 20, { reduce: true });
    const whole = runnerOf({
      programs: [marked, data],
      start: ['writer', 'reader'],
      outcome: (m) => `b=${m.register(1, 10)}`,
    });
    const read = exploreSchedules(whole, 2, 20, { reduce: true });
    assert.deepEqual([explored.classes, explored.runs], [3, 3]);
    assert.equal(read.classes, 3);
    assert.ok(read.runs > explored.runs, `${read.runs} > ${explored.runs}`);
    assert.deepEqual([...explored.outcomes.keys()].sort(), ['b=0', 'b=1']);
  });

  test('with the reduction, a store to code another CPU stays in makes its next fetch an access: resuming before the store runs the old words fresh, after it stale, and both are reached', () => {
    // CPU0 polls for b inside one code line and parks, then runs x; CPU1 sets b, then rewrites x. Without the
    // store making CPU0 fetch anew, its resumption inside the line was no access, and running x before the
    // rewrite (CPU1 preempted between its stores) was never tried.
    const rewritten = asm(0, (a) => a.li('t2', 6)).words[0] ?? 0;
    const staleAt = (m: Machine): number | undefined =>
      m.trace.decode().find((e) => e.kind === 'stale-fetch' && e.cpu === 0)?.step;
    const code = asm(
      0x100,
      (a) => {
        a.routine('waiter').la('t0', 'b').label('wait').lw('t1', 0, 't0').pause().beqz('t1', 'wait');
        a.label('x').li('t2', 5).halt().word(0);
        a.routine('writer').li('t1', 1).la('t0', 'b').sw('t1', 0, 't0');
        a.la('t0', 'waiter.x').li('t1', rewritten).sw('t1', 0, 't0').halt();
      },
      data,
    );
    const run = runnerOf({
      programs: [code, data],
      start: ['waiter', 'writer'],
      outcome: (m) => `${staleAt(m) === undefined ? 'fresh' : 'stale'} t2=${m.register(0, 10)}`,
      // as in `kexfuzz explore`, the stale fetch decides the run: what comes after it is not reversed
      decidedBy: staleAt,
    });
    const full = exploreSchedules(run, 2, 2);
    const reduced = exploreSchedules(run, 2, 2, { reduce: true });
    assert.ok(full.outcomes.has('fresh t2=5'), [...full.outcomes.keys()].join(', '));
    assert.ok(full.outcomes.has('stale t2=5'), [...full.outcomes.keys()].join(', '));
    assert.deepEqual([...reduced.outcomes.keys()].sort(), [...full.outcomes.keys()].sort());
  });

  test('with the reduction, a store to a data word in a line of code another CPU runs does not order its fetches (the oracle compares only fetched words): one class; a store to a code word there makes two', () => {
    const layout = (target: string) =>
      asm(
        0x100,
        (a) => {
          // one line: three instructions and a data word
          a.routine('runner').label('code').li('t1', 1).li('t2', 2).halt().label('datum').word(0).word(0);
          a.word(0).word(0).word(0);
          a.routine('writer').li('t1', 7).la('t0', target).sw('t1', 0, 't0').halt();
        },
        data,
      );
    const classes = (target: string) =>
      exploreSchedules(
        runnerOf({ programs: [layout(target), data], start: ['writer', 'runner'], outcome: () => 'done' }),
        2,
        2,
        {
          reduce: true,
        },
      ).classes;
    assert.equal(classes('runner.datum'), 1);
    assert.equal(classes('runner.code'), 2);
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
    assert.equal(exploreSchedules(run, 2, 1, { reduce: true }).outcomes.has('race'), false);
    const found = exploreSchedules(run, 2, 2, { reduce: true }).outcomes.get('race');
    assert.equal(found?.preemptions, 2);
    assert.equal(run(found?.schedule ?? []).outcome, 'race');
  });
});

describe('going on from where an exploration stopped', () => {
  class Stop extends Error {}

  test('stopped after any number of runs, written down and read back, the rest of the exploration ends with the same schedules, classes, outcomes and runs as one uninterrupted exploration', () => {
    const run = runnerOf({ programs: [writerReader, data], start: ['writer', 'reader'], outcome: readBoth });
    const whole = exploreSchedules(run, 2, 2, { reduce: true });
    const header = { scenarioHash: 'synthetic', preemptions: 2 };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: whole.runs }), { minLength: 1, maxLength: 3 }), (stops) => {
        let text = serializeExploreStates(header, new Map([['s', startingState()]]));
        for (const after of [...stops, Number.POSITIVE_INFINITY]) {
          const state = parseExploreStates(text, 'state.json', header).get('s') ?? startingState();
          let left = after;
          const stopping = (schedule: readonly ScheduleSlice[]): ExploredRun => {
            if (left-- <= 0) throw new Stop();
            return run(schedule);
          };
          exploreSchedules(stopping, 2, 2, { reduce: true, stops: (e) => e instanceof Stop, state });
          text = serializeExploreStates(header, new Map([['s', state]]));
        }
        const resumed = parseExploreStates(text, 'state.json', header).get('s');
        assert.ok(resumed);
        assert.equal(resumed.pending.length, 0);
        assert.deepEqual(
          [resumed.seen.size, resumed.classes.size, resumed.runs],
          [whole.schedules, whole.classes, whole.runs],
        );
        assert.deepEqual([...resumed.outcomes.keys()].sort(), [...whole.outcomes.keys()].sort());
      }),
      { numRuns: 50 },
    );
  });
});

describe('replay schedules', () => {
  test('a recorded schedule replays its run even where a segment ends while nobody can run (the next segment was skipped for a CPU not yet awake)', () => {
    const s = parseScenario(readFileSync('corpus/s01-cps-kdump-flush-hang.json', 'utf8'));
    const legacy = builtinStrategies.find((x) => x.name === 'legacy');
    assert.ok(legacy);
    const scheduleOf = (schedule: readonly ScheduleSlice[]) =>
      runRecorded(onSchedule(s, schedule), legacy, true).machine?.scheduler.recordedSchedule();
    const first = scheduleOf(roundRobin(0, s.cores * s.threadsPerCore)) ?? [];
    // CPU3 parks at the end of its segment and nobody runs until an IPI wakes CPU1, whose segment is next
    assert.ok(first.length > 4);
    assert.deepEqual(scheduleOf(first), first);
  });
});

describe('exploring corpus scenarios', () => {
  test('threads of one core share their I-cache, so a hit there is an access too: v4-play-dead on s07-stray reaches the wild-exec the corpus names (it was certified stale-icache alone when only fills counted)', () => {
    const s = parseScenario(readFileSync('corpus/s07-bmips4380-stray-interrupt.json', 'utf8'));
    const strategy = builtinStrategies.find((x) => x.name === 'v4-play-dead');
    assert.ok(strategy);
    const explored = exploreScenario(s, strategy, 0);
    assert.ok(explored.complete);
    assert.deepEqual(explored.outcomes.map((o) => o.kind).sort(), ['stale-icache', 'wild-exec']);
  });
});
