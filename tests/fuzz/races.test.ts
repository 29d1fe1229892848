/**
 * The dependence relation of fuzz/races.ts on hand-made runs: which pairs of accesses of two CPUs race (a
 * reversal is asked for) and which commute. CPU0 runs first, then CPU1, each a single event.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SchedulingPoint } from '../../src/fuzz/explore-points.js';
import { runOrder } from '../../src/fuzz/races.js';
import { access, lineValue } from '../../src/machine/recorder.js';

const LINE = 5;

function point(at: number, cpu: number, kind: number, extra: Partial<SchedulingPoint> = {}): SchedulingPoint {
  const line = kind === access.LINE_READ || kind === access.LINE_WRITE ? LINE : LINE * 8 + 1;
  return {
    at,
    cpu,
    access: kind,
    address: line === LINE ? LINE : line,
    line: LINE,
    value: 0,
    pc: -1,
    uncached: false,
    blocks: false,
    eligible: 0b11,
    next: -1,
    start: cpu === 0 ? 0 : 1,
    startEligible: 0b11,
    before: 0b11,
    preempted: 0,
    pollOnly: false,
    ...extra,
  };
}

const races = (first: SchedulingPoint, second: SchedulingPoint): boolean =>
  runOrder([first, second], 2, 2, true).reversals.length > 0;

const toMemory = point(1, 0, access.LINE_WRITE, { value: lineValue.TO_MEMORY });

describe('races between two CPUs', () => {
  test('a line written from the last cache level to memory commutes with a fill and a fetch of it (they read the same words either way)', () => {
    assert.equal(races(toMemory, point(2, 1, access.LINE_READ, { value: lineValue.FILL, pc: 0x40 })), false);
    assert.equal(races(toMemory, point(2, 1, access.LINE_READ, { pc: 0x40 })), false);
    assert.equal(races(toMemory, point(2, 1, access.LINE_WRITE)), false);
  });

  test('but not with an uncached load of the line (it reads memory) nor a drop of the line from the last level', () => {
    assert.equal(races(toMemory, point(2, 1, access.READ, { uncached: true })), true);
    assert.equal(races(toMemory, point(2, 1, access.LINE_WRITE, { value: lineValue.DROPPED })), true);
  });

  test('a write-back or invalidation of a line does not change a fetch from the I-cache; a store of the line does', () => {
    const hit = point(2, 1, access.LINE_READ, { pc: 0x40 });
    assert.equal(races(point(1, 0, access.LINE_WRITE), hit), false);
    assert.equal(races(point(1, 0, access.LINE_WRITE, { pc: 0x80 }), hit), true);
    // a fill reads where write-backs land
    assert.equal(
      races(point(1, 0, access.LINE_WRITE), point(2, 1, access.LINE_READ, { value: lineValue.FILL, pc: 0x40 })),
      true,
    );
  });
});
