/**
 * The reduction against the full enumeration on random small programs: 2–3 CPUs, each a few loads and stores
 * of three shared words, explored within 0–2 preemptions. Every outcome the full enumeration reaches within the
 * bound, the reduced exploration reaches too. Not every class: within a bound, a class whose only schedules
 * spend their preemptions elsewhere can be left out (seen at bound 0 with three CPUs), though none here held
 * an outcome of its own.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { exploreSchedules } from '../../src/fuzz/explore.js';
import { data, runnerOf as explorationRunner } from '../helpers/explore-runner.js';
import { asm } from '../helpers/machine-runner.js';

type Op = { readonly store: boolean; readonly word: 'a' | 'b' | 'c' };

/** Where each CPU's loads keep what they read: its first, second and third load (registers 10, 11, 12). */
const kept = ['t2', 't3', 's0'] as const;
const keptRegisters = [10, 11, 12];

function program(threads: readonly (readonly Op[])[]) {
  return asm(
    0x100,
    (a) => {
      threads.forEach((ops, cpu) => {
        a.routine(`p${cpu}`).li('t1', cpu + 1);
        ops.forEach((op, i) => {
          a.la('t0', op.word);
          if (op.store) a.sw('t1', 0, 't0');
          else a.lw(kept[i] ?? 't2', 0, 't0');
        });
        a.halt();
      });
    },
    data,
  );
}

/** The program of `threads` on as many CPUs; a run ends as what every load read, CPU by CPU. */
function runnerOf(threads: readonly (readonly Op[])[]) {
  return explorationRunner({
    programs: [program(threads), data],
    start: threads.map((_, cpu) => `p${cpu}`),
    outcome: (m) =>
      threads.map((ops, cpu) => ops.map((_, i) => m.register(cpu, keptRegisters[i] ?? 10)).join(',')).join('|'),
  });
}

const op = fc.record({ store: fc.boolean(), word: fc.constantFrom('a' as const, 'b' as const, 'c' as const) });
const threads = fc
  .integer({ min: 2, max: 3 })
  .chain((n) => fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: n, maxLength: n }));

describe('the reduction on random programs', () => {
  test('a store and two loads of one word within one preemption: the second load alone sees the store (missed while reversals were tried from turn starts only over the bound)', () => {
    const run = runnerOf([
      [{ store: true, word: 'c' }],
      [
        { store: false, word: 'c' },
        { store: false, word: 'c' },
      ],
    ]);
    const reduced = exploreSchedules(run, 2, 1, { reduce: true });
    assert.deepEqual([...reduced.outcomes.keys()].sort(), ['0|0,0', '0|0,1', '0|1,1']);
    assert.equal(reduced.outcomes.get('0|0,1')?.preemptions, 1);
  });

  test('three CPUs loading and storing two words within two preemptions: all sixteen outcomes of the full enumeration (sleep sets carried along a schedule lost one here: CPU0 reads b before CPU2 stores it, CPU1 reads it after but reads a before CPU0 stores it, CPU2 reads a after)', () => {
    const ts: Op[][] = [
      [
        { store: false, word: 'b' },
        { store: true, word: 'a' },
      ],
      [
        { store: false, word: 'b' },
        { store: false, word: 'a' },
      ],
      [
        { store: true, word: 'b' },
        { store: false, word: 'a' },
      ],
    ];
    const run = runnerOf(ts);
    const full = [...exploreSchedules(run, 3, 2).outcomes.keys()].sort();
    assert.equal(full.length, 16);
    assert.deepEqual([...exploreSchedules(run, 3, 2, { reduce: true }).outcomes.keys()].sort(), full);
  });

  test('within 0, 1 and 2 preemptions it reaches every outcome the full enumeration reaches', () => {
    fc.assert(
      fc.property(threads, fc.integer({ min: 0, max: 2 }), (ts, bound) => {
        const run = runnerOf(ts);
        const full = exploreSchedules(run, ts.length, bound);
        const reduced = exploreSchedules(run, ts.length, bound, { reduce: true });
        assert.deepEqual([...reduced.outcomes.keys()].sort(), [...full.outcomes.keys()].sort());
      }),
      { numRuns: 100 },
    );
  });
});
