/** Strategies that fail on purpose, for testing what the minimizers do with a run that throws. */
import assert from 'node:assert/strict';
import { LayoutError } from '../../src/errors.js';
import { strategyByName } from '../../src/strategies/index.js';
import type { Strategy } from '../../src/strategies/types.js';

const legacy: Strategy = strategyByName('legacy') ?? assert.fail('no legacy strategy');

/** `legacy`, except that every run after the first `good` throws what `fail` makes. */
export function failingAfter(good: number, fail: () => Error): Strategy {
  let runs = 0;
  return {
    ...legacy,
    refuses(platform, code) {
      if (++runs > good) throw fail();
      return legacy.refuses(platform, code);
    },
  };
}

/** What the kernel's layout throws for a scenario it cannot place. */
export const unbuildable = (): Error => new LayoutError([{ field: 'layout', message: 'no room for the control page' }]);

/** A bug: anything but an InputError. */
export const bug = (): Error => new Error('bug in a run');
