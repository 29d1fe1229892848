import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { symbolAddress } from '../../src/machine/asm.js';
import { Machine } from '../../src/machine/machine.js';
import { ev, Trace, withExtra } from '../../src/machine/trace.js';
import { asm, machineConfig, runConfig } from '../helpers/machine-runner.js';

test('the trace grows by doubling, then stops recording at its cap and says it was truncated', () => {
  const trace = new Trace(2, 8);
  for (let i = 0; i < 20; i++) trace.push(i, ev.MARK, i % 4, i, 0, 0);
  assert.equal(trace.length, 8);
  assert.equal(trace.truncated, true);
  const events = trace.decode();
  assert.deepEqual(events[7], { kind: 'mark', step: 7, cpu: 3, mark: 7, arg: 0 });
});

test('the trace hash covers every field and the event count', () => {
  const a = new Trace();
  const b = new Trace();
  a.push(1, ev.IPI_SENT, 0, 1, 30, 0);
  b.push(1, ev.IPI_SENT, 0, 1, 31, 0);
  assert.notEqual(a.hash(), b.hash());
  b.reset();
  b.push(1, ev.IPI_SENT, 0, 1, 30, 0);
  assert.equal(a.hash(), b.hash());
  b.push(2, ev.MARK, 0, 0, 0, 0);
  assert.notEqual(a.hash(), b.hash());
});

describe('alerts: events that may decide an outcome', () => {
  test('faults and stale fetches alert, marks only when their id is in alertMarks, other events never', () => {
    const t = new Trace();
    t.alertMarks = 1 << 3;
    t.push(1, ev.CACHE_OP, 0, 0, 0, 0);
    t.push(2, ev.MARK, 0, 2, 0, 0);
    assert.equal(t.alerts, 0);
    t.push(3, ev.MARK, 0, 3, 0, 0);
    t.push(4, ev.FAULT, 1, 1, 0, 0);
    t.push(5, withExtra(ev.STALE_FETCH, 4), 1, 0, 0, 0);
    assert.equal(t.alerts, 3);
    t.reset();
    assert.equal(t.alerts, 0);
  });
});

describe('pausing on alerts', () => {
  const program = asm(0x100, (a) => {
    a.routine('marker').li('t0', 40);
    a.label('loop').mark(3).addi('t0', 't0', -1).bnez('t0', 'loop').exit(0);
    a.routine('other').label('spin').nop().b('spin');
  });
  const run = (pause: boolean): { id: string; pauses: number; alerts: number } => {
    const machine = new Machine(machineConfig(), runConfig(2, { quantum: 4 }));
    machine.memory.load(program.base, program.words, 1);
    machine.startCpu(0, symbolAddress(program, 'marker'));
    machine.startCpu(1, symbolAddress(program, 'other'));
    machine.trace.alertMarks = 1 << 3;
    let stop = null;
    let pauses = 0;
    while (stop === null) {
      stop = machine.runUntil(pause ? machine.step + 50 : Number.MAX_SAFE_INTEGER, pause);
      pauses++;
    }
    return { id: `${stop.kind}@${stop.step}:${machine.trace.hash()}`, pauses, alerts: machine.trace.alerts };
  };

  test('a run paused after every alerting burst ends with the trace of an uninterrupted run', () => {
    const paused = run(true);
    const whole = run(false);
    assert.equal(paused.alerts, 40);
    assert.ok(paused.pauses > 10, `${paused.pauses} pauses`);
    assert.equal(paused.id, whole.id);
  });
});
