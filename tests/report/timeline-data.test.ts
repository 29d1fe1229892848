/**
 * The timeline page's data, from hand-made traces: run-state and parked spans, IE spans, IPIs matched to
 * what became of them, idle stretches found across runs, and the page escaping every stored string.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Outcome } from '../../src/contract/outcome.js';
import { Symbolizer } from '../../src/machine/disasm.js';
import { RunRecorder } from '../../src/machine/recorder.js';
import type { TraceEvent } from '../../src/machine/trace.js';
import {
  IDLE_GAP,
  IDLE_SHOWN,
  idleGaps,
  ipiStatuses,
  laneStates,
  StringTable,
  type TimelineRunInput,
  timelineRun,
} from '../../src/report/timeline-data.js';
import { timelinePage } from '../../src/report/timeline-html.js';

const outcome: Outcome = {
  kind: 'hang',
  cpu: 1,
  routine: 'x',
  label: null,
  step: 90,
  waits: [],
  site: 'x',
  title: 'stuck',
};

function input(events: TraceEvent[], recorder: RunRecorder, end = 100): TimelineRunInput {
  return {
    strategy: 'legacy',
    outcome,
    cause: ['because'],
    ran: { events, recorder, end, text: { symbols: new Symbolizer([]), cpus: 3, markNames: {} } },
  };
}

function recorder(): RunRecorder {
  const r = new RunRecorder();
  r.begin([0, 2, 1], [1, 0, 0]);
  return r;
}

describe('timelineRun', () => {
  test('run states start from the recorded initial state and change at each state event', () => {
    const events: TraceEvent[] = [
      { kind: 'state', step: 10, cpu: 1, state: 'running', by: 0, pc: 0 },
      { kind: 'state', step: 40, cpu: 1, state: 'waiting', by: 1, pc: 0 },
    ];
    const run = timelineRun(input(events, recorder()), new StringTable());
    const s = (name: string) => laneStates.indexOf(name as (typeof laneStates)[number]);
    assert.deepEqual(run.states[0], [0, 100, s('running')]);
    assert.deepEqual(run.states[1], [0, 10, s('halted'), 10, 40, s('running'), 40, 100, s('waiting')]);
    assert.deepEqual(run.states[2], [0, 100, s('waiting')]);
    assert.deepEqual(run.anomaly, { cpu: 1, step: 90 });
  });

  test('a burst that ends parked leaves the CPU parked until its next burst', () => {
    const r = recorder();
    r.burst(0, 0, 10, 0, 4, 1, 3);
    r.burst(1, 10, 20, 0, 0, 0, 3);
    r.burst(0, 50, 60, 4, 8, 1, 3);
    const run = timelineRun(input([], r), new StringTable());
    assert.deepEqual(run.parked[0], [10, 50, 60, 100]);
    assert.deepEqual(run.parked[1], []);
    assert.deepEqual(
      run.bursts[0]?.filter((_, i) => i % 5 < 2),
      [0, 10, 50, 60],
    );
  });

  test('IE spans follow the changes the recorder kept, from the initial IE', () => {
    const r = recorder();
    r.interruptEnable(20, 0, 0);
    r.interruptEnable(30, 0, 1);
    r.interruptEnable(35, 2, 1);
    r.interruptEnable(36, 2, 1);
    const run = timelineRun(input([], r), new StringTable());
    assert.deepEqual(run.ie[0], [0, 20, 30, 100]);
    assert.deepEqual(run.ie[1], []);
    assert.deepEqual(run.ie[2], [35, 100]);
  });

  test('each IPI is matched with what became of it on its target: taken, dropped, or never', () => {
    const events: TraceEvent[] = [
      { kind: 'ipi-sent', step: 5, cpu: 0, target: 1, due: 8 },
      { kind: 'ipi-sent', step: 6, cpu: 0, target: 2, due: 9 },
      { kind: 'ipi-sent', step: 30, cpu: 0, target: 1, due: 35 },
      { kind: 'ipi-taken', step: 12, cpu: 1, epc: 0 },
      { kind: 'ipi-dropped', step: 9, cpu: 2, state: 'halted' },
    ];
    const run = timelineRun(input(events, recorder()), new StringTable());
    const rows = [];
    for (let i = 0; i < run.ipis.length; i += 6) {
      rows.push([...run.ipis.slice(i, i + 4), ipiStatuses[run.ipis[i + 4] ?? 0]]);
    }
    assert.deepEqual(rows, [
      [5, 0, 1, 12, 'taken'],
      [6, 0, 2, 9, 'dropped'],
      [30, 0, 1, 35, 'pending'],
    ]);
  });

  test('a strategy that refused draws no lanes', () => {
    const run = timelineRun(
      { strategy: 'x', outcome: { ...outcome, kind: 'refused', cpu: null, step: null }, cause: [], ran: null },
      new StringTable(),
    );
    assert.equal(run.cpus, 0);
    assert.equal(run.anomaly, null);
  });
});

describe('idleGaps', () => {
  test('a stretch with nothing happening in any run longer than IDLE_GAP is shortened; shorter ones are not', () => {
    const r = recorder();
    r.burst(0, 0, 100, 0, 0, 0, 1);
    const a = timelineRun(
      input([{ kind: 'mark', step: 200, cpu: 0, mark: 1, arg: 0 }], r, 1_000_000),
      new StringTable(),
    );
    const gaps = idleGaps([a]);
    // after the mark at 200 nothing happens until the end: one stretch, kept a little at either side
    assert.deepEqual(gaps, [200 + IDLE_SHOWN / 2, 1_000_000 - IDLE_SHOWN / 2]);
    const short = timelineRun(input([], recorder(), IDLE_GAP - 1), new StringTable());
    assert.deepEqual(idleGaps([short]), []);
  });
});

describe('timelinePage', () => {
  test('stored strings are escaped in the markup and cannot close the data script', () => {
    const hostile = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const strings = new StringTable();
    const run = timelineRun({ ...input([], recorder()), strategy: hostile }, strings);
    const page = timelinePage({
      id: 1,
      signature: hostile,
      strategy: hostile,
      platform: 'cps',
      kind: 'hang',
      title: hostile,
      status: 'new',
      notes: `2026-01-01T00:00:00Z ${hostile}`,
      bug: { id: 'g-000000', key: hostile },
      count: 1,
      firstSeen: 'x',
      lastSeen: 'y',
      replay: `kexfuzz findings replay 1 # ${hostile}`,
      versions: [{ name: 'repro', heading: 'h', scenario: hostile, gaps: [], gapWidth: 256, runs: [run] }],
      strings: strings.strings,
    });
    assert.equal(page.match(/<script/g)?.length, 2, 'the data and the code, nothing else');
    assert.equal(page.match(/<img/g), null);
    assert.equal(page.match(/<\/script>/g)?.length, 2);
    assert.ok(page.includes('&lt;/script&gt;&lt;script&gt;alert(1)'));
  });
});
