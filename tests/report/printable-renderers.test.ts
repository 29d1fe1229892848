/**
 * The renderers that print stored or module text outside a table escape it: the campaign summary's new-bug
 * lines, smoke's signature lines, the status line's kinds and the replay report.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CampaignReport, campaignSummary, type NewFindingEntry } from '../../src/report/campaign-summary.js';
import { replayText } from '../../src/report/finding-detail.js';
import type { FindingRow } from '../../src/report/findings-table.js';
import { type SmokeReport, smokeText } from '../../src/report/smoke-report.js';
import { statusLine } from '../../src/report/status-line.js';

const attack = '\x1b[2J\x07\r\x9b\u202e';
const shown = '\\x1b[2J\\x07\\x0d\\x9b\\u202e';
const unsafe = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

function assertPrintable(text: string): void {
  assert.doesNotMatch(text.replaceAll('\n', ''), unsafe, text);
  assert.ok(text.includes(shown), text);
}

const best: NewFindingEntry = {
  id: 3,
  kind: 'divergence',
  label: null,
  signature: `cps/mine${attack}/hang/x`,
  title: `t${attack}`,
  seed: 1,
  scenario: 17,
};

test('the campaign summary escapes group keys, strategy names and the database path', () => {
  const report: CampaignReport = {
    campaignId: 1,
    seed: 1,
    shard: '1/1',
    db: `k${attack}.db`,
    defaultDb: false,
    resumed: false,
    stoppedBy: 'runs',
    runs: 10,
    invalid: 0,
    campaignRuns: 10,
    elapsedMs: 1000,
    fuzzingMs: 1000,
    runsPerSecond: 10,
    seenByKind: { [`hang${attack}`]: 1 },
    coverage: { total: 1, added: 1 },
    corpus: { total: 1, added: 1 },
    minimize: null,
    findingsInDb: 1,
    newFindings: [best],
    newGroups: [
      {
        id: 'g-000001',
        key: `hang/x${attack}`,
        kind: 'divergence',
        label: null,
        strategies: [`mine${attack}`],
        platforms: ['cps'],
        newSignatures: 1,
        known: [],
        isNew: true,
        best,
      },
    ],
    resume: null,
  };
  assertPrintable(campaignSummary(report));
});

test("smoke's text escapes titles and signatures", () => {
  const report: SmokeReport = {
    seed: 1,
    runs: 1,
    invalid: 0,
    platforms: ['cps'],
    strategies: ['upstream'],
    reference: 'upstream',
    outcomes: { hang: 1 },
    coverage: 1,
    corpus: 1,
    baseline: { file: 'findings/baseline.json', present: true, signatures: [] },
    found: [
      {
        signature: `cps/upstream/hang/x${attack}`,
        platform: 'cps',
        outcomeKind: 'hang',
        title: `t${attack}`,
        count: 1,
        isNew: true,
        replay: 'kexfuzz findings replay 1',
      },
    ],
  };
  assertPrintable(smokeText(report));
});

test('the status line escapes the kinds it counts', () => {
  const line = statusLine({
    runs: 1,
    targetRuns: null,
    runsPerSecond: 1,
    signatures: 1,
    newSignatures: 1,
    byKind: { [`hang${attack}`]: 1 },
    coverage: 1,
    corpus: 1,
    elapsedMs: 0,
    remainingMs: null,
  });
  assertPrintable(line);
});

test('the replay report escapes the stored signature, strategy, trace hash and the replay line', () => {
  const finding: FindingRow = {
    id: 1,
    signature: `cps/mine${attack}/hang/x`,
    status: 'new',
    count: 1,
    outcomeKind: 'hang',
    kind: 'divergence',
    label: null,
    sightings: { divergences: 1, regressions: 0, improvements: 0, bothWrong: 0 },
    platform: 'cps',
    strategy: `mine${attack}`,
    firstSeen: 0,
    lastSeen: 0,
    title: `t${attack}`,
  };
  const text = replayText({
    finding,
    rows: [{ strategy: finding.strategy, stored: 'hang', now: 'hang', verdict: 'reproduced', detail: finding.title }],
    traceHash: { stored: `h${attack}`, now: 'h2' },
    signatureNow: `cps/other${attack}`,
    replay: `kexfuzz findings replay 1   # ${finding.signature}`,
  });
  assertPrintable(text);
});
