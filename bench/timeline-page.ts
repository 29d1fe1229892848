/**
 * `npm run bench:pages`, the timeline half: how a finding page with a 100k-event trace behaves in headless
 * Chromium. Two pages: a real one (corpus s01 on 4 cores with the largest caches, where cache sweeps fill
 * the traces) and one synthetic run of exactly 100,000 events on 4 CPUs. Prints one JSON object: page
 * size, time to the load event, the slowest redraw over zooming, panning and fitting, and the most SVG
 * elements on screen at once.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Outcome } from '../src/contract/outcome.js';
import { Symbolizer } from '../src/machine/disasm.js';
import { RunRecorder } from '../src/machine/recorder.js';
import type { TraceEvent } from '../src/machine/trace.js';
import { IDLE_SHOWN, idleGaps, StringTable, type TimelineRun, timelineRun } from '../src/report/timeline-data.js';
import { timelinePage } from '../src/report/timeline-html.js';
import { causeOf, runRecorded } from '../src/run/run-strategy.js';
import { markNames, tagNames } from '../src/run/vocabulary.js';
import { parseScenario } from '../src/scenario/codec.js';
import { builtinStrategies } from '../src/strategies/index.js';
import { launchBrowser, openFile } from '../tests/helpers/browser.js';

function bigCacheScenario(): string {
  const s = JSON.parse(readFileSync(new URL('../corpus/s01-cps-kdump-flush-hang.json', import.meta.url), 'utf8'));
  s.cores = 4;
  s.layout = { ...(s.layout ?? {}), cache: { lineWords: 4, l1Sets: 1024, l1Ways: 8, l2Sets: 8192, l2Ways: 16 } };
  return JSON.stringify(s);
}

function realRuns(strings: StringTable): TimelineRun[] {
  const scenario = parseScenario(bigCacheScenario());
  return builtinStrategies.map((strategy) => {
    const run = runRecorded(scenario, strategy);
    const { machine, symbols } = run;
    const ran =
      machine === null || symbols === null
        ? null
        : {
            events: machine.trace.decode(),
            recorder: run.recorder,
            end: machine.step,
            text: { symbols, cpus: machine.cpus, markNames, tagNames, wordAt: (a: number) => machine.peek(a) },
          };
    return timelineRun({ strategy: strategy.name, outcome: run.outcome, cause: causeOf(run), ran }, strings);
  });
}

/** One run of exactly `count` events: marks, cache ops and IPIs spread over four CPUs and a million steps. */
function syntheticRun(count: number, strings: StringTable): TimelineRun {
  const cpus = 4;
  const end = 1_000_000;
  const events: TraceEvent[] = [];
  const recorder = new RunRecorder();
  recorder.begin([0, 0, 0, 0], [1, 1, 1, 1]);
  for (let i = 0; i < count; i++) {
    const step = Math.floor((i * end) / count);
    const cpu = i % cpus;
    if (i % 50 === 0) events.push({ kind: 'ipi-sent', step, cpu, target: (cpu + 1) % cpus, due: step + 40 });
    else if (i % 50 === 1) events.push({ kind: 'ipi-taken', step: step + 20, cpu: (cpu + 3) % cpus, epc: 0 });
    else if (i % 7 === 0) events.push({ kind: 'mark', step, cpu, mark: 1, arg: i });
    else events.push({ kind: 'cache-op', step, cpu, op: 1, address: i * 4 });
  }
  events.sort((a, b) => a.step - b.step);
  for (let step = 0; step < end; step += 200)
    recorder.burst((step / 200) % cpus, step, step + 200, 0, 8, 0, (1 << cpus) - 1);
  const outcome: Outcome = {
    kind: 'hang',
    cpu: 2,
    routine: null,
    label: null,
    step: end / 2,
    waits: [],
    site: '-',
    title: 'synthetic',
  };
  const text = { symbols: new Symbolizer([]), cpus, markNames: {} };
  return timelineRun({ strategy: 'synthetic', outcome, cause: [], ran: { events, recorder, end, text } }, strings);
}

function page(runs: TimelineRun[], strings: StringTable): string {
  return timelinePage({
    id: 1,
    signature: 'bench',
    strategy: runs[0]?.strategy ?? '',
    platform: 'cps',
    kind: 'hang',
    title: 'bench',
    status: 'new',
    notes: '',
    bug: { id: 'g-000000', key: 'bench' },
    count: 1,
    firstSeen: '-',
    lastSeen: '-',
    replay: '-',
    versions: [
      { name: 'repro', heading: 'bench', scenario: '{}', gaps: idleGaps(runs), gapWidth: IDLE_SHOWN / 2, runs },
    ],
    strings: strings.strings,
  });
}

async function measure(html: string, events: number) {
  const dir = mkdtempSync(join(tmpdir(), 'kexfuzz-bench-page-'));
  const file = join(dir, 'page.html');
  writeFileSync(file, html);
  const browser = await launchBrowser();
  try {
    const opened = await openFile(browser, file);
    const { page: p } = opened;
    const elements = async () => p.evaluate(() => document.querySelectorAll('svg *').length);
    let most = await elements();
    const click = async (action: string) => {
      await p.click(`#timeline-repro button[data-action="${action}"]`);
      most = Math.max(most, await elements());
    };
    for (let i = 0; i < 6; i++) await click('in');
    const box = await p.locator('#timeline-repro svg').boundingBox();
    if (box !== null) {
      await p.mouse.move(box.x + box.width / 2, box.y + 40);
      await p.mouse.down();
      await p.mouse.move(box.x + box.width / 4, box.y + 40, { steps: 10 });
      await p.mouse.up();
    }
    await click('fit');
    await click('anomaly');
    const renders = await p.evaluate(
      () => (window as unknown as { kexfuzzTimeline: { renders: number[] } }).kexfuzzTimeline.renders,
    );
    return {
      events,
      pageKB: Math.round(html.length / 1024),
      loadMs: Math.round(opened.loadMs),
      firstRenderMs: Math.round(renders[0] ?? 0),
      slowestRedrawMs: Math.round(Math.max(...renders.slice(1))),
      medianRedrawMs: Math.round(
        [...renders.slice(1)].sort((a, b) => a - b)[Math.floor((renders.length - 1) / 2)] ?? 0,
      ),
      redraws: renders.length - 1,
      mostSvgElements: most,
      errors: opened.errors.length,
    };
  } finally {
    await browser.close();
  }
}

const countEvents = (runs: TimelineRun[]): number =>
  runs.reduce((n, r) => n + r.events.reduce((m, e) => m + e.length / 3, 0) + r.ipis.length / 6, 0);

export async function timelinePageFigures() {
  const realStrings = new StringTable();
  const real = realRuns(realStrings);
  const syntheticStrings = new StringTable();
  const synthetic = [syntheticRun(100_000, syntheticStrings)];
  return {
    real: {
      longestTrace: Math.max(...real.map((r) => r.events.reduce((m, e) => m + e.length / 3, 0))),
      ...(await measure(page(real, realStrings), countEvents(real))),
    },
    synthetic100k: await measure(page(synthetic, syntheticStrings), countEvents(synthetic)),
  };
}

export { page as benchPage, syntheticRun };

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify({ timelinePage: await timelinePageFigures() }, null, 2));
}
