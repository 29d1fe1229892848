/**
 * The campaign page of a real small campaign, driven in headless Chromium: every plot drawn, a heat-map cell
 * per strategy and platform whose click filters the bug groups, the filters hide rows, a group's links land
 * on its findings, and a hostile note is text that runs nothing. Screenshots go to test-artifacts/screenshots.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { VerdictMatrix } from '../../src/report/verdict-matrix.js';
import { openStore } from '../../src/store/index.js';
import { launchBrowser, type OpenedPage, openFile } from '../helpers/browser.js';
import { kexfuzz } from '../helpers/cli.js';

const hostileNote = '<script>window.__pwned=1</script> "><img src=x onerror="window.__pwned=2">';
const plots = ['runs-per-second', 'runs', 'coverage', 'corpus', 'signatures', 'groups'];

/** The ids of the group rows the filters leave shown. */
async function shownGroups(page: Page): Promise<string[]> {
  return page.$$eval('tr[data-group]', (rows) =>
    rows.filter((r) => !(r as HTMLElement).hidden).map((r) => (r as HTMLElement).dataset['group'] ?? ''),
  );
}

async function shownText(page: Page): Promise<string> {
  return (await page.locator('output[data-shown]').textContent()) ?? '';
}

describe('the campaign page in Chromium', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kexfuzz-campaign-page-'));
  const db = path.join(dir, 'campaign.db');
  const file = path.join(dir, 'campaign.html');
  let browser: Browser;
  let opened: OpenedPage;
  let matrix: VerdictMatrix;
  let noted = 0;
  let confirmed = 0;

  before(async () => {
    const fuzz = await kexfuzz(['fuzz', '--db', db, '--runs', '24', '--seed', '4', '--no-minimize', '--workers', '1']);
    assert.equal(fuzz.code, 0, fuzz.err);
    const store = openStore(db, { readonly: true });
    const findings = store.listFindings();
    store.close();
    noted = findings[0]?.id ?? 0;
    confirmed = findings.at(-1)?.id ?? 0;
    const note = await kexfuzz(['findings', 'triage', String(noted), '--db', db, '--note', hostileNote]);
    assert.equal(note.code, 0, note.err);
    const status = await kexfuzz(['findings', 'triage', String(confirmed), '--db', db, '--status', 'confirmed']);
    assert.equal(status.code, 0, status.err);
    matrix = JSON.parse((await kexfuzz(['report', '--db', db, '--json'])).out) as VerdictMatrix;
    const report = await kexfuzz(['report', '--db', db, '--html', file]);
    assert.equal(report.code, 0, report.err);
    browser = await launchBrowser();
    opened = await openFile(browser, file);
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('it loads with no console error, in well under the two seconds the issue allows', async () => {
    assert.deepEqual(opened.errors, []);
    // Generous: a loaded 2-core machine; the measured figure is in the report of issue 11.
    assert.ok(opened.loadMs < 10_000, `${opened.loadMs} ms`);
    await opened.screenshot('campaign-report');
  });

  test('every plot is drawn with a line of points, and the session shows its start and stop', async () => {
    const { page } = opened;
    for (const id of plots) {
      const points = await page.$$eval(`svg[data-plot="${id}"] polyline`, (lines) =>
        lines.map((l) => (l.getAttribute('points') ?? '').trim().split(/\s+/).length),
      );
      assert.ok(points.length > 0 && points.every((n) => n >= 2), `${id}: ${points}`);
    }
    assert.equal(await page.locator('svg[data-plot="runs"] [data-mark="start"]').count(), 1);
    assert.equal(await page.locator('svg[data-plot="runs"] [data-mark="stop"]').count(), 1);
    // Hover over a sample of the line: the plot's time axis may run on past the last sample (the page is
    // made after minimizing ends), and the tip names only lines with a sample near the pointer.
    const coverage = page.locator('svg[data-plot="coverage"]');
    const at = await coverage.evaluate((svg) => {
      const points = (svg.querySelector('polyline')?.getAttribute('points') ?? '').trim().split(/\s+/);
      const [vx = '0', vy = '0'] = (points[Math.floor(points.length / 2)] ?? '').split(',');
      const box = svg.getBoundingClientRect();
      const view = (svg as SVGSVGElement).viewBox.baseVal;
      return { x: (Number(vx) / view.width) * box.width, y: (Number(vy) / view.height) * box.height };
    });
    await coverage.hover({ position: at });
    const tip = page.locator('.tip');
    assert.ok(await tip.isVisible());
    assert.match((await tip.textContent()) ?? '', /UTC.*campaign #1: \d/);
  });

  test('the heat map has a cell per strategy and platform; clicking one shows exactly its bug groups', async () => {
    const { page } = opened;
    const cells = page.locator('table[data-heatmap] td[data-strategy][data-platform]');
    assert.equal(await cells.count(), matrix.strategies.length * matrix.platforms.length);
    const total = await page.locator('tr[data-group]').count();
    const cell = [...matrix.cells].sort((a, b) => a.bugs.length - b.bugs.length).find((c) => c.bugs.length > 0);
    assert.ok(cell !== undefined, 'a cell with bug groups');
    await page.locator(`a.cell-link[data-strategy="${cell.strategy}"][data-platform="${cell.platform}"]`).click();
    assert.deepEqual((await shownGroups(page)).sort(), cell.bugs.map((b) => b.id).sort());
    assert.equal(await shownText(page), `${cell.bugs.length} of ${total} groups`);
    assert.equal(new URL(page.url()).hash, '#groups');
    await opened.screenshot('campaign-report-cell-filtered');
    await page.locator('form[data-filters] button[type="reset"]').click();
    await page.waitForFunction(
      (n) => document.querySelector('output[data-shown]')?.textContent === `${n} of ${n} groups`,
      total,
    );
  });

  test('the filters hide the groups that do not match, and say how many are shown', async () => {
    const { page } = opened;
    const total = await page.locator('tr[data-group]').count();
    const kinds = await page.$$eval('select[data-filter="kind"] option', (o) =>
      o.map((x) => (x as HTMLOptionElement).value).filter((v) => v !== ''),
    );
    const kind = kinds[0] ?? '';
    await page.selectOption('select[data-filter="kind"]', kind);
    const ofKind = await shownGroups(page);
    assert.ok(ofKind.length > 0 && ofKind.length < total, `${ofKind.length} of ${total}`);
    for (const id of ofKind) {
      assert.match((await page.locator(`#group-${id} td.key`).textContent()) ?? '', new RegExp(`^${kind}/`));
    }
    assert.equal(await shownText(page), `${ofKind.length} of ${total} groups`);
    await page.selectOption('select[data-filter="kind"]', '');

    await page.selectOption('select[data-filter="status"]', 'confirmed');
    const withConfirmed = await shownGroups(page);
    assert.equal(withConfirmed.length, 1);
    assert.equal(await page.locator(`#group-${withConfirmed[0]} a[href="#finding-${confirmed}"]`).count(), 1);
    await page.selectOption('select[data-filter="status"]', '');

    await page.fill('input[data-filter="text"]', withConfirmed[0] ?? '');
    assert.deepEqual(await shownGroups(page), withConfirmed);
    await page.fill('input[data-filter="text"]', 'no-such-bug-anywhere');
    assert.deepEqual(await shownGroups(page), []);
    assert.ok(await page.locator('[data-no-match]').isVisible());
    await page.fill('input[data-filter="text"]', '');
    assert.equal((await shownGroups(page)).length, total);
  });

  test("a group's finding link lands on that finding's section", async () => {
    const { page } = opened;
    const link = page.locator('tr[data-group] td.members a').first();
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, /^#finding-\d+$/);
    await link.click();
    assert.equal(new URL(page.url()).hash, href);
    const section = page.locator(`section${href}`);
    assert.equal(await section.count(), 1);
    const box = await section.boundingBox();
    const viewport = page.viewportSize();
    assert.ok(box !== null && viewport !== null && box.y >= 0 && box.y < viewport.height, `at ${box?.y}`);
    assert.match((await section.locator('pre.cmd').textContent()) ?? '', /findings replay \d+ --db /);
  });

  test('a hostile note is shown as text and runs nothing', async () => {
    const { page } = opened;
    const notes = page.locator(`#finding-${noted} pre.notes`);
    assert.ok(((await notes.textContent()) ?? '').includes(hostileNote));
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('img').count(), 0);
    await notes.scrollIntoViewIfNeeded();
    await opened.screenshot('campaign-report-hostile-note');
    assert.deepEqual(opened.errors, []);
  });
});
