import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CampaignStatus } from '../../src/contract/campaign.js';
import { byKindText, durationText, rateText, statusLine } from '../../src/report/status-line.js';

const status = (overrides: Partial<CampaignStatus> = {}): CampaignStatus => ({
  runs: 64,
  targetRuns: 96,
  runsPerSecond: 3.84,
  signatures: 40,
  newSignatures: 12,
  byKind: { 'wild-exec': 12, hang: 20, 'cpu-lost': 8 },
  coverage: 2197,
  corpus: 50,
  elapsedMs: 17_000,
  remainingMs: 8_400,
  estimated: true,
  ...overrides,
});

describe('status line', () => {
  test('shows runs of the target, rate, signatures by kind, coverage, corpus and time', () => {
    assert.equal(
      statusLine(status()),
      'runs 64/96 (3.8/s) · 17s elapsed, ~8s left · coverage 2197 · corpus 50 · signatures 40 (12 new): hang 20, wild-exec 12, cpu-lost 8',
    );
  });

  test('a time-limited campaign has no target and an exact remaining time; nothing found shows no kinds', () => {
    const line = statusLine(
      status({
        targetRuns: null,
        byKind: {},
        signatures: 0,
        newSignatures: 0,
        remainingMs: 3_600_000,
        estimated: false,
      }),
    );
    assert.equal(line, 'runs 64 (3.8/s) · 17s elapsed, 1h00m left · coverage 2197 · corpus 50 · signatures 0 (0 new)');
  });

  test('without a remaining time only the elapsed time shows; a null new count is left out', () => {
    const line = statusLine(status({ remainingMs: null, newSignatures: null }));
    assert.match(line, /^runs 64\/96 \(3\.8\/s\) · 17s elapsed · coverage/);
    assert.match(line, /· signatures 40: hang 20/);
  });

  test('durations: seconds, then minutes and seconds, then hours and minutes', () => {
    assert.deepEqual([0, 999, 45_000, 125_000, 3_599_000, 3_720_000, 8 * 3_600_000].map(durationText), [
      '0s',
      '1s',
      '45s',
      '2m05s',
      '59m59s',
      '1h02m',
      '8h00m',
    ]);
  });

  test('rates keep one decimal below 100 per second', () => {
    assert.deepEqual([0, 3.84, 99.96, 1234.4].map(rateText), ['0.0/s', '3.8/s', '100.0/s', '1234/s']);
  });

  test('kinds are listed most first, ties by name, zeros left out', () => {
    assert.equal(byKindText({ b: 2, a: 2, c: 5, z: 0 }), 'c 5, a 2, b 2');
  });
});

describe('status line on a narrow terminal (issue 10: 80 columns cut it at "signature…", so the count never showed)', () => {
  test('the by-kind detail goes first, kind by kind, then corpus and coverage; runs, time and signatures stay', () => {
    const full = statusLine(status());
    assert.equal(statusLine(status(), full.length), full);
    const cut = statusLine(status(), 110);
    assert.ok(cut.length <= 110, cut);
    assert.match(cut, /· signatures 40 \(12 new\): hang 20, …$/);
    const eighty = statusLine(status(), 80);
    assert.ok(eighty.length <= 80, eighty);
    assert.match(eighty, /^runs 64\/96 \(3\.8\/s\) · 17s elapsed, ~8s left · .*signatures 40 \(12 new\)/);
    const narrow = statusLine(status(), 70);
    assert.ok(narrow.length <= 70, narrow);
    assert.match(narrow, /signatures 40 \(12 new\)$/);
  });

  test('with minimization after the fuzzing, the time left says how long it may run on (issue 10: --time 60s took 77s unannounced)', () => {
    assert.match(
      statusLine(status({ minimizeGraceMs: 15_000 })),
      /17s elapsed, ~8s left \(\+ up to 15s minimizing\) · /,
    );
  });
});
