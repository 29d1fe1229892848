/** The power controller's start: a stopped CPU starts; a running one only when the start restarts running CPUs. */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asm, runPrograms } from '../helpers/machine-runner.js';

function starter(restartRunning: boolean) {
  const program = asm(0x100, (a) => {
    a.routine('boss').li('t0', 1).la('t1', 'restarted').start('t0', 't1', restartRunning).halt();
    a.routine('busy').label('spin').nop().b('spin');
    a.routine('restarted').mark(4).exit(0);
  });
  return runPrograms({ programs: [{ program }], start: { 0: 'boss', 1: 'busy' }, run: { budget: 20_000 } });
}

describe('power controller start', () => {
  test('a running CPU ignores a plain start and keeps doing what it did', () => {
    const ran = starter(false);
    assert.deepEqual(
      ran.of('start-ignored').map((e) => e.target),
      [1],
    );
    assert.deepEqual(ran.marks(1), []);
  });

  test('a start that restarts running CPUs sends it to the new address, as a thread reset would', () => {
    const ran = starter(true);
    assert.equal(ran.of('start-ignored').length, 0);
    assert.deepEqual(ran.marks(1), [4]);
    assert.equal(ran.stop.kind, 'exit');
  });
});
