/**
 * `kexfuzz report ID --html FILE`: one finding as a self-contained page. For the repro and the original,
 * every strategy's run on a shared time axis, one lane per CPU: run state, the routine it executed,
 * interrupt enable, its events, IPIs as arrows between lanes, the relocation copy over the code each CPU
 * executed, and the first anomaly marked with the oracle's cause. The finding's record, the replay command
 * and the scenarios are on the page too. Plain data in, a string out; drawing happens in the browser
 * (timeline-client.ts), from JSON, so only what is in view becomes SVG.
 */
import { type Html, html, htmlPage, scriptJson } from './html.js';
import { pageCss } from './page-style.js';
import { type TimelineData, timelineClient } from './timeline-client.js';
import { ipiStatuses, laneEventKinds, laneStates, type TimelineRun } from './timeline-data.js';

export interface TimelineVersion {
  /** `repro` or `original`: the page's ids use it. */
  readonly name: 'repro' | 'original';
  readonly heading: string;
  /** The scenario as indented JSON. */
  readonly scenario: string;
  readonly gaps: readonly number[];
  readonly gapWidth: number;
  readonly runs: readonly TimelineRun[];
}

export interface TimelinePageInput {
  readonly id: number;
  readonly signature: string;
  readonly strategy: string;
  readonly platform: string;
  readonly kind: string;
  readonly title: string;
  readonly status: string;
  /** One line per note. */
  readonly notes: string;
  readonly bug: { readonly id: string; readonly key: string };
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** The command that replays the finding, as the user would type it. */
  readonly replay: string;
  readonly versions: readonly TimelineVersion[];
  readonly strings: readonly string[];
}

function outcomeVector(v: TimelineVersion, failing: string): Html {
  return html`<table class="outcomes">
    <thead><tr><th>strategy</th><th>outcome</th><th>what happened</th></tr></thead>
    <tbody>${v.runs.map(
      (r) =>
        html`<tr data-strategy="${r.strategy}" class="${r.strategy === failing ? 'failing' : ''}"><td>${r.strategy}</td><td><span class="kind kind-${r.kind}">${r.kind}</span></td><td>${r.title}${
          r.cause.length > 0 ? html`<div class="cause">${r.cause.join(' ')}</div>` : ''
        }</td></tr>`,
    )}</tbody></table>`;
}

const legend = html`<div class="legend">
  <span><i class="sw state-running"></i>running</span><span><i class="sw state-waiting"></i>waiting</span>
  <span><i class="sw state-halted"></i>halted</span><span><i class="sw state-powered-down"></i>powered down</span>
  <span><i class="sw state-parked"></i>parked</span><span><i class="sw state-faulted"></i>faulted</span>
  <span><i class="sw burst"></i>executing (colour: routine)</span><span><i class="sw ie"></i>interrupts enabled</span>
  <span><i class="sw ipi-taken"></i>IPI taken</span><span><i class="sw ipi-dropped"></i>IPI dropped</span>
  <span><i class="sw ipi-pending"></i>IPI never taken</span><span><i class="sw anomaly"></i>first anomaly</span>
  <span><i class="sw copy"></i>relocation copy</span>
</div>`;

function versionSection(v: TimelineVersion, failing: string): Html {
  const truncated = v.runs.some((r) => r.truncated);
  return html`<section class="version" id="version-${v.name}">
    <h2>${v.heading}</h2>
    ${outcomeVector(v, failing)}
    <div class="timeline" id="timeline-${v.name}">
      <div class="toolbar">
        <button data-action="out" title="zoom out">−</button><button data-action="in" title="zoom in">+</button>
        <button data-action="fit">whole run</button><button data-action="anomaly">first anomaly</button>
        <span class="readout"></span>
        <span class="hint">wheel: zoom · drag: pan · hover: details</span>
      </div>
      ${truncated ? html`<p class="warning">A run hit the trace's size cap: its latest events are missing.</p>` : ''}
      <svg class="lanes-svg" width="100%" role="img" aria-label="per-CPU timeline of every strategy"></svg>
    </div>
    <details><summary>scenario</summary><pre>${v.scenario}</pre></details>
  </section>`;
}

export function timelinePage(p: TimelinePageInput): string {
  const data: TimelineData = {
    strings: p.strings,
    laneStates,
    laneEventKinds,
    ipiStatuses,
    versions: p.versions.map((v) => ({
      name: v.name,
      gaps: v.gaps,
      gapWidth: v.gapWidth,
      focus: p.strategy,
      runs: v.runs,
    })),
  };
  const notes = p.notes === '' ? [] : p.notes.split('\n');
  const body = html`<header>
    <h1>finding ${p.id}: <span class="kind kind-${p.kind}">${p.kind}</span> ${p.title}</h1>
    <dl class="facts">
      <dt>signature</dt><dd><code>${p.signature}</code></dd>
      <dt>bug</dt><dd><code>${p.bug.id}</code> ${p.bug.key}</dd>
      <dt>strategy · platform</dt><dd>${p.strategy} · ${p.platform}</dd>
      <dt>status</dt><dd>${p.status}</dd>
      <dt>seen</dt><dd>${p.count} times, first ${p.firstSeen}, last ${p.lastSeen}</dd>
      <dt>replay</dt><dd><code class="replay">${p.replay}</code></dd>
      <dt>notes</dt><dd class="notes">${notes.length === 0 ? 'none' : notes.map((n) => html`<div class="note">${n}</div>`)}</dd>
    </dl>
    ${legend}
  </header>
  <main>${p.versions.map((v) => versionSection(v, p.strategy))}</main>
  <div id="tooltip" hidden></div>
  ${scriptJson('timeline-data', data)}`;
  return htmlPage({
    title: `kexfuzz finding ${p.id}: ${p.signature}`,
    css: `${pageCss}\n${timelineCss}`,
    body,
    scripts: [timelineClient],
  });
}

const timelineCss = `
.timeline { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; background: #fff; }
.toolbar { display: flex; gap: 6px; align-items: center; padding: 6px 8px; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: #fafbfc; z-index: 1; }
.toolbar button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
.toolbar .readout { margin-left: 12px; font-variant-numeric: tabular-nums; }
.toolbar .hint { margin-left: auto; color: var(--muted); font-size: 12px; }
svg.lanes-svg { display: block; user-select: none; cursor: grab; }
.tick { font-size: 10px; fill: var(--muted); }
.grid { stroke: #eef0f3; }
.gap-label { font-size: 9px; fill: #8a7a3c; }
.gap { fill: #f3f0e6; stroke: #d9cfa8; stroke-dasharray: 3 3; }
.run-head { fill: #f6f8fa; }
.run-head.kind-ok { fill: #eef7ee; }
.run-name { font-weight: 600; font-size: 12px; }
.run-title { font-size: 12px; fill: #333; }
.lane-name { font-size: 11px; fill: #444; }
.state { stroke: none; }
.state-running, .sw.state-running { fill: #dfe7f1; background: #dfe7f1; }
.state-waiting, .sw.state-waiting { fill: #c9e4f6; background: #c9e4f6; }
.state-halted, .sw.state-halted { fill: #b8b8b8; background: #b8b8b8; }
.state-powered-down, .sw.state-powered-down { fill: #6b6b6b; background: #6b6b6b; }
.state-faulted, .sw.state-faulted { fill: #d7301f; background: #d7301f; }
.state-parked, .sw.state-parked { fill: #f2e3b3; background: #f2e3b3; }
.burst { opacity: 0.9; }
.sw.burst { background: hsl(210 55% 48%); }
.burst-name { font-size: 9px; fill: #fff; pointer-events: none; }
.ie, .sw.ie { fill: #1a9850; background: #1a9850; }
.ev { stroke: #222; stroke-width: 0.6; fill: #fff; }
.ev-mark { fill: #6a3d9a; }
.ev-cache-op { fill: #80cdc1; }
.ev-fault, .ev-stale-fetch { fill: #d7301f; }
.ev-exec-tag { fill: #fdae61; }
.ev-overwrite-exec { fill: #a6611a; }
.ev-ipi-taken { fill: #2166ac; }
.ev-ipi-dropped { fill: #b2182b; }
.ev-exit { fill: #1a9850; }
line.ipi { stroke-width: 1.4; }
.ipi-taken { stroke: #2166ac; fill: #2166ac; }
.ipi-dropped { stroke: #b2182b; fill: #b2182b; stroke-dasharray: 4 2; }
.ipi-pending { stroke: #e08214; fill: #e08214; stroke-dasharray: 1 3; }
.sw.ipi-taken { background: #2166ac; } .sw.ipi-dropped { background: #b2182b; } .sw.ipi-pending { background: #e08214; }
.anomaly, .sw.anomaly { fill: rgba(215, 48, 31, 0.18); stroke: #d7301f; stroke-width: 1.5; background: rgba(215, 48, 31, 0.35); }
.anomaly-line { stroke: #d7301f; stroke-width: 1.5; stroke-dasharray: 5 3; }
.memory-frame { fill: #fbfbfb; stroke: var(--line); }
.memory-tick { font-size: 9px; fill: var(--muted); text-anchor: end; }
.copy, .sw.copy { fill: #a6611a; background: #a6611a; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin-top: 8px; }
.legend .sw { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: middle; border: 1px solid #0002; }
#tooltip { position: fixed; max-width: 420px; white-space: pre-wrap; background: #1f2328; color: #fff; font: 12px/1.4 ui-monospace, monospace; padding: 6px 8px; border-radius: 4px; pointer-events: none; z-index: 10; }
.outcomes tr.failing td { font-weight: 600; }
.cause { color: var(--muted); font-size: 12px; }
.warning { color: #9a3412; padding: 0 8px; }
`;
