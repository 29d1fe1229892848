/**
 * `kexfuzz report`: the verdict matrix counts every strategy run of a real campaign. Each failing run is a
 * sighting of some finding, so a cell's failures equal the counts of its platform's and strategy's findings,
 * and the bug groups behind a cell account for all of them.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { VerdictMatrix } from '../../src/report/verdict-matrix.js';
import { openStore } from '../../src/store/index.js';
import { kexfuzz } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kexfuzz-report-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('kexfuzz report', () => {
  const db = path.join(dir, 'r.db');
  before(async () => {
    const fuzz = await kexfuzz(['fuzz', '--db', db, '--runs', '24', '--seed', '4', '--no-minimize', '--workers', '1']);
    assert.equal(fuzz.code, 0, fuzz.err);
  });

  test('it says what the PCT runs rule out: as many runs per platform as the campaign ran under PCT', async () => {
    const r = await kexfuzz(['report', '--db', db, '--json']);
    const { notFound } = JSON.parse(r.out) as {
      notFound: { bounds: { platform: string; runs: number; depths: { missed: number }[] }[]; scope: string };
    };
    const store = openStore(db, { readonly: true });
    try {
      // every PCT scenario counts for depth 1; the stored tallies are what the batches counted
      const tallies = store.pctTallies().filter((t) => t.bugDepth === 1);
      assert.deepEqual(
        notFound.bounds.map((b) => [b.platform, b.runs]),
        tallies.map((t) => [t.platform, t.runs]),
      );
    } finally {
      store.close();
    }
    for (const b of notFound.bounds) {
      for (const d of b.depths) assert.ok(d.missed > 0 && d.missed <= 1);
    }
    assert.match(notFound.scope, /every PCT scenario the campaign ran on the platform can show/);
    const text = await kexfuzz(['report', '--db', db]);
    assert.match(
      text.out,
      /\nwhat the PCT runs rule out: the probability of having missed a bug of depth d, per platform\n/,
    );
  });

  test('the matrix counts every run of a campaign, and its failures equal the findings sighted', async () => {
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

  test('--html writes the campaign page: a section per finding and a row per bug group, and says so on stderr', async () => {
    const file = path.join(dir, 'pages', 'campaign.html');
    const r = await kexfuzz(['report', '--db', db, '--html', file]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    const store = openStore(db, { readonly: true });
    const findings = store.listFindings();
    store.close();
    const page = readFileSync(file, 'utf8');
    const groups = page.match(/<tr id="group-g-[0-9a-f]{6}"/g)?.length ?? 0;
    assert.match(
      r.err,
      new RegExp(`^report: wrote ${file} \\(\\d+ KB\\): ${groups} bug groups, ${findings.length} findings\n$`),
    );
    for (const f of findings)
      assert.ok(page.includes(`<section class="finding" id="finding-${f.id}"`), `finding ${f.id}`);
    assert.ok(groups > 0);
    assert.match(page, /^<!doctype html>/);
    assert.match(page, /data-plot="coverage"/);
  });

  test('--html with --json is a usage error naming both, and writes nothing', async () => {
    const file = path.join(dir, 'both.html');
    const r = await kexfuzz(['report', '--db', db, '--html', file, '--json']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--html.*--json/);
    assert.equal(existsSync(file), false);
  });

  test('--html on an empty database writes a page that says there is nothing yet', async () => {
    const empty = path.join(dir, 'empty-page.db');
    openStore(empty).close();
    const file = path.join(dir, 'empty.html');
    const r = await kexfuzz(['report', '--db', empty, '--html', file]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /0 bug groups, 0 findings/);
    assert.match(readFileSync(file, 'utf8'), /Nothing yet/);
  });

  test('--html to a place it cannot write is an input error naming the flag', async () => {
    const r = await kexfuzz(['report', '--db', db, '--html', dir]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--html/);
  });

  test('a database with no runs counted says so', async () => {
    const db = path.join(dir, 'empty.db');
    openStore(db).close();
    const r = await kexfuzz(['report', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /no strategy runs counted yet/);
  });
});
