import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exitCodeFor, installStopSignals } from '../../src/cli/signals.js';

describe('stop signals', () => {
  test('the first SIGINT aborts the signal and says so; the second exits 130', () => {
    const said: string[] = [];
    const exits: number[] = [];
    const listeners = process.listenerCount('SIGINT');
    const stop = installStopSignals({ onFirst: (name) => said.push(name), exit: (code) => void exits.push(code) });
    try {
      assert.equal(stop.signal.aborted, false);
      process.emit('SIGINT', 'SIGINT');
      assert.equal(stop.signal.aborted, true);
      assert.deepEqual(said, ['SIGINT']);
      assert.deepEqual(exits, []);
      process.emit('SIGTERM', 'SIGTERM');
      assert.deepEqual(exits, [143]);
    } finally {
      stop.dispose();
    }
    assert.equal(process.listenerCount('SIGINT'), listeners, 'dispose removes the handlers');
  });

  test('exit codes are 128 + the signal number', () => {
    assert.equal(exitCodeFor('SIGINT'), 130);
    assert.equal(exitCodeFor('SIGTERM'), 143);
  });
});
