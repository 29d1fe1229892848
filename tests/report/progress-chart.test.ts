import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evenly, type ProgressSample, progressChart, sparkline } from '../../src/report/progress-chart.js';

test('a sparkline scales from the lowest to the highest value and squeezes samples into the width', () => {
  assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8), '▁▂▃▄▅▆▇█');
  assert.equal(sparkline([5, 5, 5], 10), '▁▁▁');
  assert.equal(sparkline([0, 0, 10, 10], 2), '▁█');
  assert.equal(sparkline([], 10), '');
});

test('evenly keeps the first and the last sample', () => {
  assert.deepEqual(evenly([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4), [1, 4, 7, 10]);
  assert.deepEqual(evenly([1, 2], 4), [1, 2]);
});

test('the chart: a line per series with its latest value, then a table of samples from the start', () => {
  const samples: ProgressSample[] = [0, 1, 2, 3].map((i) => ({
    at: 1_000_000 + i * 30_000,
    runs: i * 100,
    runsPerSecond: 3 + i,
    findings: i * 2,
    coverage: 500 + i * 50,
  }));
  const text = progressChart({ title: 'campaign #1', samples, width: 40, rows: 3 });
  assert.match(text, /^campaign #1: 4 samples over 1m30s\n\n/);
  assert.match(text, /\nruns\/s {4}▁▃▆█ {2}6\.0\/s\n/);
  assert.match(text, /\nfindings {2}▁▃▆█ {2}6\n/);
  assert.match(text, /\nelapsed +runs +runs\/s +coverage +findings\n +0s +0 +3\.0\/s +500 +0\n/);
  assert.match(text, /\n +1m30s +300 +6\.0\/s +650 +6$/);
  assert.match(progressChart({ title: 'campaign #2', samples: [], width: 40, rows: 3 }), /no progress samples yet/);
  assert.doesNotMatch(text, /corpus/, 'samples without a corpus size have no corpus line');
});

test('a corpus line from the samples that recorded the corpus size (store version 6 on)', () => {
  const samples: ProgressSample[] = [null, 20, 30, 45].map((corpus, i) => ({
    at: 1_000_000 + i * 5_000,
    runs: i * 100,
    runsPerSecond: 3,
    findings: i,
    coverage: 500,
    corpus,
  }));
  assert.match(progressChart({ title: 'campaign #1', samples, width: 40, rows: 3 }), /\ncorpus {4}▁▄█ {2}45\n/);
});
