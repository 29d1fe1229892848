/**
 * `kexfuzz report ID --html` in headless Chromium, for a hang, a stale-icache and a wild-exec finding built
 * from corpus scenarios: lanes, arrows and the highlighted anomaly sit at the CPUs and steps the runs
 * themselves say (read from the DOM, never from pixels), hovering names the instruction, zooming draws a
 * bounded number of shapes, a hostile note is text, and nothing is logged as an error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { TraceEvent } from '../../src/machine/trace.js';
import { runStrategy } from '../../src/run/run-strategy.js';
import { parseScenario } from '../../src/scenario/codec.js';
import { builtinStrategies } from '../../src/strategies/index.js';
import { launchBrowser, type OpenedPage, openFile } from '../helpers/browser.js';
import { kexfuzz } from '../helpers/cli.js';
import { corpusText, findingOn, writeFindingsDb } from '../helpers/findings-db.js';

const hostileNote = '<script>window.__pwned = 1</script> "><img src=x onerror="window.__pwned = 2">';

const cases = [
  { id: 1, kind: 'hang', corpus: 's01-cps-kdump-flush-hang', strategy: 'legacy' },
  { id: 2, kind: 'stale-icache', corpus: 's17-cps-small-image', strategy: 'upstream' },
  { id: 3, kind: 'wild-exec', corpus: 's09-cps-no-power-gating', strategy: 'legacy' },
] as const;

/** The failing strategy's run on the stored repro, as the test computes it itself. */
function runOf(c: (typeof cases)[number]) {
  const scenario = parseScenario(JSON.stringify(JSON.parse(findingOn(corpusText(c.corpus), c.strategy).scenario)));
  const strategy = builtinStrategies.find((s) => s.name === c.strategy);
  assert.ok(strategy);
  const run = runStrategy(scenario, strategy);
  assert.ok(run.machine);
  return { outcome: run.outcome, events: run.machine.trace.decode(), cpus: run.machine.cpus };
}

const inRun = (strategy: string, selector: string): string =>
  `#timeline-repro g.run[data-strategy="${strategy}"] ${selector}`;

async function data(page: Page, selector: string, key: string): Promise<string[]> {
  return page.$$eval(selector, (els, k) => els.map((e) => (e as SVGElement).dataset[k] ?? ''), key);
}

describe('the finding timeline page in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'kexfuzz-timeline-'));
  const db = join(dir, 'findings.db');
  const pages = new Map<number, OpenedPage>();

  before(async () => {
    writeFindingsDb(db, [cases.map((c) => findingOn(corpusText(c.corpus), c.strategy))]);
    const triage = await kexfuzz(['findings', 'triage', '2', '--note', hostileNote, '--db', db]);
    assert.equal(triage.code, 0, triage.err);
    browser = await launchBrowser();
    for (const c of cases) {
      const file = join(dir, `finding-${c.id}.html`);
      const r = await kexfuzz(['report', String(c.id), '--html', file, '--db', db]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, new RegExp(`wrote .*finding-${c.id}\\.html`));
      pages.set(c.id, await openFile(browser, file));
    }
  });
  after(async () => {
    await browser?.close();
  });

  for (const c of cases) {
    test(`${c.kind} (${c.strategy} on ${c.corpus}): one lane per CPU per strategy, the anomaly where the oracle put it`, async () => {
      const opened = pages.get(c.id);
      assert.ok(opened);
      const { page } = opened;
      const { outcome, cpus } = runOf(c);
      assert.equal(outcome.kind, c.kind);
      const strategies = await page.$$eval('#timeline-repro g.run', (els) =>
        els.map((e) => (e as SVGElement).dataset['strategy']),
      );
      assert.deepEqual(
        strategies,
        builtinStrategies.map((s) => s.name),
      );
      const lanes = await data(page, inRun(c.strategy, 'g.lane'), 'cpu');
      assert.deepEqual(
        lanes,
        Array.from({ length: cpus }, (_, i) => String(i)),
      );
      const anomaly = page.locator(inRun(c.strategy, 'rect.anomaly'));
      assert.equal(await anomaly.count(), 1);
      assert.equal(await anomaly.getAttribute('data-cpu'), outcome.cpu === null ? '' : String(outcome.cpu));
      assert.equal(await anomaly.getAttribute('data-step'), String(outcome.step));
      // the outcome row of the failing strategy is marked, with the oracle's title
      const row = page.locator(`#version-repro tr.failing[data-strategy="${c.strategy}"]`);
      assert.match((await row.textContent()) ?? '', new RegExp(c.kind));
      assert.deepEqual(opened.errors, []);
      await opened.screenshot(`timeline-${c.kind}`);
    });
  }

  test('the hang: the IPI its stuck CPU waits for is drawn from that CPU, and never taken', async () => {
    const { page } = pages.get(1) ?? assert.fail();
    const { outcome, events } = runOf(cases[0]);
    const sent = events.filter((e): e is Extract<TraceEvent, { kind: 'ipi-sent' }> => e.kind === 'ipi-sent');
    const untaken = sent.filter(
      (s) => !events.some((e) => e.kind === 'ipi-taken' && e.cpu === s.target && e.step >= s.due),
    );
    assert.ok(untaken.length > 0, 'the corpus hang has an IPI nobody took');
    for (const s of untaken) {
      const arrow = page.locator(
        inRun('legacy', `line.ipi[data-from="${s.cpu}"][data-to="${s.target}"][data-sent="${s.step}"]`),
      );
      assert.equal(await arrow.count(), 1, `IPI CPU${s.cpu} → CPU${s.target} at ${s.step}`);
      assert.notEqual(await arrow.getAttribute('data-status'), 'taken');
      assert.equal(s.cpu, outcome.cpu, 'sent by the CPU the oracle says is stuck');
    }
    const taken = await data(page, inRun('legacy', 'line.ipi[data-status="taken"]'), 'to');
    assert.equal(taken.length, sent.length - untaken.length);
  });

  test('the stale-icache finding: the stale fetch is on the anomaly CPU at the anomaly step', async () => {
    const { page } = pages.get(2) ?? assert.fail();
    const { outcome, events } = runOf(cases[1]);
    const stale = events.find((e) => e.kind === 'stale-fetch');
    assert.ok(stale);
    assert.equal(stale.cpu, outcome.cpu);
    const view = `window.kexfuzzTimeline.views.repro.zoomToSteps(${stale.step - 50}, ${stale.step + 50})`;
    await page.evaluate(view);
    const steps = await data(page, inRun('upstream', `g.lane[data-cpu="${stale.cpu}"] path.ev-stale-fetch`), 'step');
    assert.ok(steps.includes(String(stale.step)), `stale fetches drawn at ${steps.join(', ')}`);
  });

  test('the wild-exec finding: the relocation copy is drawn over memory, the anomaly CPU executes where it wrote', async () => {
    const { page } = pages.get(3) ?? assert.fail();
    const { outcome, events } = runOf(cases[2]);
    const copies = events.filter((e) => e.kind === 'overwrite-exec');
    assert.ok(copies.length > 0);
    await page.click('#timeline-repro button[data-action="fit"]');
    assert.ok((await page.locator(inRun('legacy', 'g.memory rect.copy')).count()) > 0);
    const execTag = events.find((e) => e.kind === 'exec-tag' && e.cpu === outcome.cpu);
    assert.ok(execTag, 'the wild CPU starts executing code of another provenance');
  });

  test('hovering a burst shows where the CPU was, symbolized, and the instruction there', async () => {
    const { page } = pages.get(1) ?? assert.fail();
    await page.click('#timeline-repro button[data-action="fit"]');
    // the widest burst, hovered at its right end, away from the IPI arrows at the start of the run
    const bursts = page.locator(inRun('legacy', 'g.lane[data-cpu="3"] rect.burst'));
    const widths = await bursts.evaluateAll((els) => els.map((e) => Number(e.getAttribute('width'))));
    const widest = bursts.nth(widths.indexOf(Math.max(...widths)));
    const size = await widest.boundingBox();
    assert.ok(size);
    await widest.hover({ position: { x: size.width - 2, y: size.height / 2 } });
    const tip = (await page.locator('#tooltip').textContent()) ?? '';
    assert.match(tip, /CPU3 executing /);
    assert.match(tip, /from [\w.:]+(\+\d+)?: \w+/, tip);
    assert.equal(await page.locator('#tooltip').isVisible(), true);
  });

  test('zoom and pan change the range shown; "first anomaly" goes to the failing strategy', async () => {
    const { page } = pages.get(1) ?? assert.fail();
    const readout = page.locator('#timeline-repro .readout');
    await page.click('#timeline-repro button[data-action="fit"]');
    const whole = await readout.textContent();
    await page.click('#timeline-repro button[data-action="in"]');
    const zoomed = await readout.textContent();
    assert.notEqual(zoomed, whole);
    const box = await page.locator('#timeline-repro svg').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + 60);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 200, box.y + 60, { steps: 4 });
    await page.mouse.up();
    assert.notEqual(await readout.textContent(), zoomed, 'dragging pans');
    await page.click('#timeline-repro button[data-action="anomaly"]');
    const { outcome } = runOf(cases[0]);
    const [from, to] =
      ((await readout.textContent()) ?? '').match(/[\d,]+/g)?.map((n) => Number(n.replaceAll(',', ''))) ?? [];
    assert.ok(from !== undefined && to !== undefined && outcome.step !== null);
    assert.ok(from <= outcome.step && outcome.step <= to, `${from}–${to} shows step ${outcome.step}`);
  });

  test('a hostile note renders as text and runs nothing', async () => {
    const { page, errors } = pages.get(2) ?? assert.fail();
    const note = (await page.locator('.notes .note').first().textContent()) ?? '';
    assert.ok(note.endsWith(hostileNote), note);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('header img, header script').count(), 0);
    assert.deepEqual(errors, []);
  });
});
