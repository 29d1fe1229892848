import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verdictMatrix, verdictText, wilson } from '../../src/report/verdict-matrix.js';

test('the Wilson interval stays inside [0, 1] and is wide where little was seen', () => {
  const [lo, hi] = wilson(0, 10);
  assert.equal(lo, 0);
  assert.ok(Math.abs(hi - 0.2775) < 0.001, String(hi));
  const [lo2, hi2] = wilson(50, 100);
  assert.ok(Math.abs(lo2 - 0.4038) < 0.001 && Math.abs(hi2 - 0.5962) < 0.001, `${lo2} ${hi2}`);
  assert.deepEqual(wilson(0, 0), [0, 1]);
});

test('a cell counts failures over the runs that ran; refused runs are an answer, not runs', () => {
  const m = verdictMatrix(
    [
      { platform: 'cps', strategy: 'legacy', kind: 'hang', runs: 3 },
      { platform: 'cps', strategy: 'legacy', kind: 'ok', runs: 1 },
      { platform: 'cps', strategy: 'legacy', kind: 'wild-exec', runs: 4 },
      { platform: 'cmp', strategy: 'upstream', kind: 'refused', runs: 5 },
      { platform: 'cps', strategy: 'upstream', kind: 'ok', runs: 8 },
    ],
    { strategies: ['legacy', 'upstream', 'unused'], platforms: ['cps', 'octeon', 'cmp'] },
  );
  assert.deepEqual(m.strategies, ['legacy', 'upstream']);
  assert.deepEqual(m.platforms, ['cps', 'cmp']);
  const legacy = m.cells.find((c) => c.strategy === 'legacy' && c.platform === 'cps');
  assert.deepEqual([legacy?.runs, legacy?.failures, legacy?.rate], [8, 7, 7 / 8]);
  assert.deepEqual(legacy?.byKind, { hang: 3, ok: 1, 'wild-exec': 4 });
  const refused = m.cells.find((c) => c.strategy === 'upstream' && c.platform === 'cmp');
  assert.deepEqual([refused?.runs, refused?.refused, refused?.rate], [0, 5, null]);
  const text = verdictText(m);
  assert.match(text, /\nlegacy +88% \[\d+%–\d+%\] of 8 +- *\n/);
  assert.match(text, /\nupstream +0% \[0%–\d+%\] of 8 +refused\n/);
});

test('an empty database says how to fill it', () => {
  assert.match(verdictText(verdictMatrix([], { strategies: [], platforms: [] })), /run a campaign/);
});
