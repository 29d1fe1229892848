/**
 * The progress plots' data: long series cut down without losing their extremes, round ticks, and a mark
 * where each session started, resumed and stopped.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type PlotSample, progressPlots } from '../../src/report/campaign-plots.js';
import { downsample, type Point } from '../../src/report/downsample.js';
import { compactNumber, timeTicks, valueTicks } from '../../src/report/plot-axes.js';

const t0 = Date.UTC(2026, 11, 7, 17, 30);

describe('downsample', () => {
  test('for any series, at most max points, in time order, from the series, with its first, last, lowest and highest', () => {
    const series = fc
      .array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 3000 })
      .map((values) => values.map((v, i): Point => [i * 5, v]));
    fc.assert(
      fc.property(series, fc.integer({ min: 4, max: 700 }), (points, max) => {
        const kept = downsample(points, max);
        assert.ok(kept.length <= max);
        assert.deepEqual(kept[0], points[0]);
        assert.deepEqual(kept.at(-1), points.at(-1));
        for (let i = 1; i < kept.length; i++) assert.ok((kept[i]?.[0] ?? 0) > (kept[i - 1]?.[0] ?? 0));
        const values = points.map((p) => p[1]);
        const keptValues = kept.map((p) => p[1]);
        assert.equal(Math.min(...keptValues), Math.min(...values));
        assert.equal(Math.max(...keptValues), Math.max(...values));
        const times = new Map(points.map((p) => [p[0], p[1]]));
        for (const [at, v] of kept) assert.equal(times.get(at), v);
      }),
      { numRuns: 60 },
    );
  });

  test('a short series is kept whole; a one-sample spike survives a cut to a hundredth', () => {
    const short: Point[] = [
      [0, 1],
      [1, 2],
    ];
    assert.deepEqual(downsample(short, 600), short);
    const flat = Array.from({ length: 60_000 }, (_, i): Point => [i, i === 31_337 ? 99 : 5]);
    const kept = downsample(flat, 600);
    assert.ok(kept.length <= 600);
    assert.ok(kept.some((p) => p[0] === 31_337 && p[1] === 99));
  });
});

describe('axes', () => {
  test('value ticks are round, start at 0 and reach the maximum', () => {
    assert.deepEqual(valueTicks(87), [0, 25, 50, 75, 100]);
    assert.deepEqual(valueTicks(14_773), [0, 5000, 10_000, 15_000]);
    assert.deepEqual(valueTicks(0), [0, 1]);
    assert.deepEqual(valueTicks(0.3), [0, 0.1, 0.2, 0.3]);
  });

  test('time ticks fall on round UTC times, labelled as precisely as their step needs', () => {
    assert.deepEqual(
      timeTicks(t0 + 3_000, t0 + 603_000).map((t) => t.label),
      ['17:32', '17:34', '17:36', '17:38', '17:40'],
    );
    assert.deepEqual(
      timeTicks(t0, t0 + 40_000).map((t) => t.label),
      ['17:30:00', '17:30:10', '17:30:20', '17:30:30', '17:30:40'],
    );
    assert.equal(timeTicks(t0, t0 + 3 * 86_400_000)[0]?.label, '12-08 00:00');
    assert.match(timeTicks(t0, t0 + 10 * 86_400_000)[0]?.label ?? '', /^2026-12-\d\d$/);
  });

  test('numbers are short', () => {
    assert.deepEqual([5000, 12_500, 1_250_000, 2.345, 0.5].map(compactNumber), ['5k', '12.5k', '1.3M', '2.35', '0.5']);
  });
});

function sample(at: number, sessionStarted: number | null, runs: number, corpus: number | null = 10): PlotSample {
  return { campaignId: 1, at, runs, runsPerSecond: 5, findings: 0, coverage: runs, corpus, sessionStarted };
}

describe('progress plots', () => {
  test('each session is a line of its own with a start or resume mark and a stop mark', () => {
    const second = t0 + 600_000;
    const { plots, data } = progressPlots({
      samples: [
        sample(t0 + 2_000, t0, 10),
        sample(t0 + 7_000, t0, 60),
        sample(second + 3_000, second, 80),
        sample(second + 8_000, second, 130),
      ],
      signatures: [],
      groups: [],
    });
    const runs = plots.find((p) => p.id === 'runs');
    assert.deepEqual(
      runs?.series[0]?.segments.map((seg) => seg.map((p) => p[1])),
      [
        [10, 60],
        [80, 130],
      ],
    );
    assert.deepEqual(
      runs?.marks.map((m) => [m.kind, m.at - t0]),
      [
        ['start', 0],
        ['stop', 7_000],
        ['resume', 600_000],
        ['stop', 608_000],
      ],
    );
    // Runs per second between samples: 50 runs in 5 s.
    assert.deepEqual(
      data['runs-per-second']?.[0]?.segments.map((seg) => seg.map((p) => p[1])),
      [
        [5, 10],
        [5, 10],
      ],
    );
  });

  test('samples from before store version 6 mark nothing and leave the corpus plot empty; a later session resumes', () => {
    const { plots } = progressPlots({
      samples: [sample(t0 + 2_000, null, 10, null), sample(t0 + 60_000, t0 + 50_000, 40, 12)],
      signatures: [],
      groups: [],
    });
    assert.deepEqual(
      plots[0]?.marks.map((m) => m.kind),
      ['resume', 'stop'],
    );
    assert.deepEqual(
      plots.find((p) => p.id === 'corpus')?.series[0]?.segments.map((seg) => seg.length),
      [1],
    );
  });

  test('signatures and groups count up per kind from 0 at the start of the axis to the end', () => {
    const { plots } = progressPlots({
      samples: [sample(t0, t0, 1), sample(t0 + 100_000, t0, 100)],
      signatures: [
        { kind: 'wild-exec', at: t0 + 10_000 },
        { kind: 'hang', at: t0 + 20_000 },
        { kind: 'hang', at: t0 + 20_000 },
        { kind: 'hang', at: t0 + 50_000 },
      ],
      groups: [{ kind: 'hang', at: t0 + 20_000 }],
    });
    const signatures = plots.find((p) => p.id === 'signatures');
    assert.deepEqual(
      signatures?.series.map((s) => [s.name, s.segments[0]?.map((p) => [p[0] - t0, p[1]])]),
      [
        [
          'hang',
          [
            [0, 0],
            [20_000, 2],
            [50_000, 3],
            [100_000, 3],
          ],
        ],
        [
          'wild-exec',
          [
            [0, 0],
            [10_000, 1],
            [100_000, 1],
          ],
        ],
      ],
    );
    assert.equal(plots.find((p) => p.id === 'groups')?.series.length, 1);
  });

  test('no samples and no findings: no plots', () => {
    assert.deepEqual(progressPlots({ samples: [], signatures: [], groups: [] }).plots, []);
  });
});
