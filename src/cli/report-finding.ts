/**
 * `kexfuzz report ID --html FILE`: a finding's per-CPU timeline page. Each strategy runs the repro (and the
 * original, when minimizing changed it) again with a recorder attached, which the run ignores, so the page
 * shows the very runs `findings replay` judges.
 */
import { Buffer } from 'node:buffer';
import type { Scenario } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { bugOf } from '../fuzz/bug-groups.js';
import { loadStrategies } from '../fuzz/module-probe.js';
import { isoTime } from '../report/findings-table.js';
import { printable } from '../report/printable.js';
import { IDLE_SHOWN, idleGaps, StringTable, timelineRun } from '../report/timeline-data.js';
import { type TimelineVersion, timelinePage } from '../report/timeline-html.js';
import { causeOf, runRecorded } from '../run/run-strategy.js';
import type { Store } from '../store/index.js';
import type { Io } from './io.js';
import { writeOutput } from './io.js';
import { findingOf, notLoaded, readableScenario, replayOf, storedScenario } from './stored-finding.js';
import { textOptions } from './trace-of.js';

function versionOf(
  name: TimelineVersion['name'],
  heading: string,
  scenario: Scenario,
  scenarioText: string,
  strategies: readonly Strategy[],
  strings: StringTable,
): TimelineVersion {
  const runs = strategies.map((strategy) => {
    const run = runRecorded(scenario, strategy);
    const recorder = run.recorder;
    const text = textOptions(run);
    const ran =
      run.machine === null || text === null
        ? null
        : { events: run.machine.trace.decode(), recorder, end: run.machine.step, text };
    return timelineRun({ strategy: strategy.name, outcome: run.outcome, cause: causeOf(run), ran }, strings);
  });
  return { name, heading, scenario: scenarioText, gaps: idleGaps(runs), gapWidth: IDLE_SHOWN / 2, runs };
}

export interface FindingPageOptions {
  readonly db: string;
  readonly strategyModule?: readonly string[];
}

/** Writes the page for finding `ref` to `file`; returns a line saying what it wrote. */
export async function writeFindingPage(
  store: Store,
  ref: string,
  file: string,
  o: FindingPageOptions,
  io: Io,
): Promise<void> {
  const f = findingOf(store, ref, o.db);
  const strategies = await loadStrategies(o.strategyModule);
  if (!strategies.some((s) => s.name === f.strategy)) {
    io.err(printable(`report: the page leaves out ${f.strategy}'s runs: ${notLoaded(f.strategy)}.`));
  }
  const strings = new StringTable();
  const repro = readableScenario(f.scenario);
  const original = readableScenario(f.original);
  const minimized = original !== repro;
  const heading = minimized ? 'the minimized repro' : 'the repro (the original: minimizing did not change it)';
  const versions = [versionOf('repro', heading, storedScenario(f), repro, strategies, strings)];
  if (minimized) {
    const scenario = storedScenario(f, 'original');
    versions.push(
      versionOf('original', 'the original, as the fuzzer found it', scenario, original, strategies, strings),
    );
  }
  const page = timelinePage({
    id: f.id,
    signature: f.signature,
    strategy: f.strategy,
    platform: f.platform,
    kind: f.outcomeKind,
    title: f.title,
    status: f.status,
    notes: f.notes,
    bug: bugOf(f.signature),
    count: f.count,
    firstSeen: isoTime(f.firstSeen),
    lastSeen: isoTime(f.lastSeen),
    replay: replayOf(f, o.db),
    versions,
    strings: strings.strings,
  });
  writeOutput(file, page, '--html');
  const events = versions.reduce(
    (n, v) => n + v.runs.reduce((m, r) => m + r.events.reduce((k, e) => k + e.length / 3, 0), 0),
    0,
  );
  io.err(
    `report: wrote ${printable(file)} (${Math.ceil(Buffer.byteLength(page) / 1024)} KB): finding ${f.id}, ${versions.length === 2 ? 'repro and original' : 'repro'}, ${strategies.length} strategies, ${events} events`,
  );
}
