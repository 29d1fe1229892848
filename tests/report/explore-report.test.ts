/**
 * What `kexfuzz report` says of stored certificates: one line each, and a certificate of an older reduction,
 * which could miss outcomes, marked to be explored again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDUCTION } from '../../src/contract/exploration.js';
import { type CertificateLine, certificatesText, olderReduction } from '../../src/report/explore-report.js';

const line = (reduction: number | null): CertificateLine => ({
  scenarioHash: 'abc',
  summary: 'cps, 2 CPUs',
  strategy: 'upstream',
  preemptions: 2,
  schedules: 41,
  classes: 17,
  outcomes: ['ok'],
  reduction,
});

test('a certificate of this reduction reads as one line; one stored before reductions were kept says to explore it again', () => {
  const [current = '', older = ''] = certificatesText([line(REDUCTION), line(null)])
    .split('\n')
    .slice(1);
  assert.equal(
    current,
    '  upstream on cps, 2 CPUs: all 41 schedules (17 classes) with ≤ 2 preemptions boot (scenario abc)',
  );
  assert.ok(!current.includes(olderReduction), current);
  assert.ok(older.endsWith(`— ${olderReduction}`), older);
});
