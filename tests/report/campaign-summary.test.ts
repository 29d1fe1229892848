import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CampaignReport, campaignSummary } from '../../src/report/campaign-summary.js';

const report = (over: Partial<CampaignReport> = {}): CampaignReport => ({
  campaignId: 1,
  seed: 1,
  shard: '1/1',
  db: 'findings/kexfuzz.db',
  defaultDb: true,
  resumed: false,
  stoppedBy: 'time',
  runs: 8,
  invalid: 0,
  campaignRuns: 8,
  elapsedMs: 16_000,
  fuzzingMs: 5_000,
  runsPerSecond: 1.6,
  seenByKind: {},
  coverage: { total: 1, added: 1 },
  corpus: { total: 1, added: 1 },
  minimize: { minimized: 0, skipped: 0, owed: 0 },
  findingsInDb: 0,
  newFindings: [],
  newGroups: [],
  resume: null,
  ...over,
});

test('the rate is the fuzzing\'s, and the minimization after it is its own figure (issue 10: "8 runs in 16s (0.5 runs/s)")', () => {
  assert.match(
    campaignSummary(report()),
    /^campaign #1 \(seed 1, shard 1\/1\): time is up; 8 runs in 5s \(1\.6 runs\/s\), then 11s minimizing\n/,
  );
  assert.match(campaignSummary(report({ elapsedMs: 5_400 })), /; 8 runs in 5s \(1\.6 runs\/s\)\n/);
});

test("a resumed campaign's minimized count includes what its earlier runs owed (it read '45 of 26 new findings')", () => {
  const text = campaignSummary(report({ resumed: true, minimize: { minimized: 45, skipped: 143, owed: 162 } }));
  assert.match(text, /\nminimized: 45 of 0 new findings and 162 owed by the campaign's earlier runs; 143 left when/);
});
