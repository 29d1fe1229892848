/**
 * `kexfuzz report`: the verdict matrix counts every strategy run of a real campaign. Each failing run is a
 * sighting of some finding, so a cell's failures equal the counts of its platform's and strategy's findings,
 * and the bug groups behind a cell account for all of them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { VerdictMatrix } from '../../src/report/verdict-matrix.js';
import { openStore } from '../../src/store/index.js';
import { kexfuzz } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kexfuzz-report-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('kexfuzz report', () => {
  test('the matrix counts every run of a campaign, and its failures equal the findings sighted', async () => {
    const db = path.join(dir, 'r.db');
    const fuzz = await kexfuzz(['fuzz', '--db', db, '--runs', '24', '--seed', '4', '--no-minimize', '--workers', '1']);
    assert.equal(fuzz.code, 0, fuzz.err);
    const r = await kexfuzz(['report', '--db', db, '--json']);
    assert.equal(r.code, 0, r.err);
    const m = JSON.parse(r.out) as VerdictMatrix;
    const store = openStore(db, { readonly: true });
    try {
      const campaign = store.latestCampaign();
      const findings = store.listFindings();
      const runsCounted = m.cells.reduce((n, c) => n + c.runs + c.refused, 0);
      const scenariosRun = campaign?.runs ?? 0;
      // Every scenario the kernel could lay out ran once per strategy.
      assert.equal(runsCounted % m.strategies.length, 0);
      assert.ok(runsCounted / m.strategies.length <= scenariosRun && runsCounted > 0);
      for (const c of m.cells) {
        const sighted = findings
          .filter((f) => f.platform === c.platform && f.strategy === c.strategy)
          .reduce((n, f) => n + f.count, 0);
        assert.equal(c.failures, sighted, `${c.strategy} on ${c.platform}`);
        // The bugs behind a cell account for every one of its failing runs, each a group its findings are in.
        assert.equal(
          c.bugs.reduce((n, b) => n + b.runs, 0),
          c.failures,
          `${c.strategy} on ${c.platform}: bugs`,
        );
        for (const b of c.bugs) assert.match(b.id, /^g-[0-9a-f]{6}$/);
      }
    } finally {
      store.close();
    }
    const text = await kexfuzz(['report', '--db', db]);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^failed runs per strategy and platform/);
    assert.match(text.out, /\nlegacy +/);
    assert.match(text.out, /\nthe bugs behind each failing cell, by share of its failed runs/);
    assert.match(text.out, /\n {2}legacy +cps +\S+ \(g-[0-9a-f]{6}\) \d+%/);
  });

  test('a database with no runs counted says so', async () => {
    const db = path.join(dir, 'empty.db');
    openStore(db).close();
    const r = await kexfuzz(['report', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /no strategy runs counted yet/);
  });
});
