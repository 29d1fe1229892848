import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StrategyModuleError, UsageError } from '../../src/errors.js';
import { defaultModuleDeadlineMs, moduleDeadlineMs, probeStrategyModules } from '../../src/fuzz/module-probe.js';

describe('the strategy module probe', () => {
  test('the deadline is 10 s unless KEXFUZZ_MODULE_DEADLINE_MS gives a positive number of milliseconds', () => {
    assert.equal(defaultModuleDeadlineMs, 10_000);
    assert.equal(moduleDeadlineMs({}), 10_000);
    assert.equal(moduleDeadlineMs({ KEXFUZZ_MODULE_DEADLINE_MS: '2500' }), 2500);
    for (const bad of ['0', '-1', '2s', 'abc']) {
      assert.throws(
        () => moduleDeadlineMs({ KEXFUZZ_MODULE_DEADLINE_MS: bad }),
        (e: unknown) => e instanceof UsageError && e.message.includes(`KEXFUZZ_MODULE_DEADLINE_MS`),
      );
    }
  });

  test('a good module passes; a bad one fails with the message loading it gives', async () => {
    await probeStrategyModules(['tests/fixtures/strategies/good.ts'], 10_000);
    await assert.rejects(
      probeStrategyModules(['tests/fixtures/strategies/good.ts', 'tests/fixtures/strategies/bad-shape.ts'], 10_000),
      (e: unknown) =>
        e instanceof StrategyModuleError &&
        e.message.startsWith('invalid strategy module tests/fixtures/strategies/bad-shape.ts:\n'),
    );
  });
});
