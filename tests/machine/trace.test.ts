import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ev, Trace } from '../../src/machine/trace.js';

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
