/**
 * The campaign page's progress plots (afl-plot's set) from plain rows: the stats samples each session of
 * `kexfuzz fuzz` stored, and when each signature and each bug group was first seen. Every plot shares one
 * time axis and shows where each session started, resumed and stopped.
 */
import type { StatsSample } from '../contract/campaign.js';
import { outcomeKinds } from '../contract/outcome.js';
import { downsample, type Point } from './downsample.js';
import { colourOfKind, seriesColour } from './palette.js';
import type { Plot, PlotMark, PlotSeries } from './svg-plot.js';

/** One stats sample, as the store returns it. */
export type PlotSample = StatsSample;

/** A signature's or a bug group's first sighting: its outcome kind and when. */
export interface Sighting {
  readonly kind: string;
  readonly at: number;
}

export interface ProgressInput {
  readonly samples: readonly PlotSample[];
  readonly signatures: readonly Sighting[];
  readonly groups: readonly Sighting[];
  /** Points per series at most (default 600): what a plot can show, and what keeps a long campaign's page small. */
  readonly maxPoints?: number;
}

/** The points the page's script reads the value under the cursor from: plot id → its series, line by line. */
export type PlotData = Readonly<
  Record<
    string,
    readonly { readonly name: string; readonly step: boolean; readonly segments: readonly (readonly Point[])[] }[]
  >
>;

export interface Progress {
  readonly plots: readonly Plot[];
  readonly data: PlotData;
}

const defaultMaxPoints = 600;

/** The time axis: every sample, session start and sighting, widened around a single instant. */
function domainOf(input: ProgressInput): readonly [number, number] | null {
  const times = [
    ...input.samples.flatMap((s) => (s.sessionStarted === null ? [s.at] : [s.at, s.sessionStarted])),
    ...input.signatures.map((s) => s.at),
    ...input.groups.map((g) => g.at),
  ];
  if (times.length === 0) return null;
  // A loop, not Math.min(...times): a long campaign has more times than a call takes arguments.
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    from = Math.min(from, t);
    to = Math.max(to, t);
  }
  return to > from ? [from, to] : [from - 30_000, to + 30_000];
}

/** A campaign's samples in time order, cut where its session changes. */
function sessionRuns(samples: readonly PlotSample[]): PlotSample[][] {
  const runs: PlotSample[][] = [];
  for (const s of samples) {
    const current = runs.at(-1);
    const previous = current?.at(-1);
    if (current === undefined || previous === undefined || previous.sessionStarted !== s.sessionStarted) runs.push([s]);
    else current.push(s);
  }
  return runs;
}

function byCampaign(samples: readonly PlotSample[]): Map<number, PlotSample[]> {
  const campaigns = new Map<number, PlotSample[]>();
  for (const s of [...samples].sort((a, b) => a.campaignId - b.campaignId || a.at - b.at)) {
    const list = campaigns.get(s.campaignId);
    if (list === undefined) campaigns.set(s.campaignId, [s]);
    else list.push(s);
  }
  return campaigns;
}

/**
 * Scenarios per second between one sample and the one before it in its session: what the fuzzer did in those
 * seconds. A session's first sample has only the stored rate since the session began.
 */
function rateBetween(prev: PlotSample | undefined, s: PlotSample): number {
  if (prev === undefined || s.at <= prev.at) return s.runsPerSecond;
  return Math.round(((s.runs - prev.runs) * 1_000_000) / (s.at - prev.at)) / 1000;
}

/** A series per campaign, one line per session, each cut down to its share of `max` points. */
function campaignSeries(
  campaigns: ReadonlyMap<number, readonly PlotSample[]>,
  value: (s: PlotSample, prev: PlotSample | undefined) => number | null,
  max: number,
): PlotSeries[] {
  return [...campaigns].map(([id, samples], i) => {
    const segments = sessionRuns(samples)
      .map((run) =>
        run.flatMap((s, j): Point[] => {
          const v = value(s, run[j - 1]);
          return v === null ? [] : [[s.at, v]];
        }),
      )
      .filter((seg) => seg.length > 0);
    const total = segments.reduce((n, seg) => n + seg.length, 0);
    const cut = segments.map((seg) => downsample(seg, Math.max(2, Math.floor((max * seg.length) / total))));
    return { name: `campaign #${id}`, colour: seriesColour(i), segments: cut };
  });
}

/** Failure kinds in the order the outcome table lists them, then any this kexfuzz does not know. */
function kindOrder(kinds: Iterable<string>): string[] {
  const known = outcomeKinds as readonly string[];
  const present = [...new Set(kinds)];
  return [...known.filter((k) => present.includes(k)), ...present.filter((k) => !known.includes(k)).sort()];
}

/** How many of each kind had been seen at each sighting, from 0 at the axis' start to the end, as steps. */
function cumulativeByKind(sightings: readonly Sighting[], domain: readonly [number, number], max: number) {
  return kindOrder(sightings.map((s) => s.kind)).map((kind): PlotSeries => {
    const times = sightings
      .filter((s) => s.kind === kind)
      .map((s) => s.at)
      .sort((a, b) => a - b);
    const points: Point[] = [[domain[0], 0]];
    times.forEach((at, i) => {
      // Sightings at the same instant are one step.
      if (times[i + 1] !== at) points.push([at, i + 1]);
    });
    points.push([domain[1], times.length]);
    return { name: kind, colour: colourOfKind(kind), segments: [downsample(points, max)], step: true };
  });
}

/** Where each session began (the campaign's first one starts it, later ones resume it) and its last sample. */
function sessionMarks(campaigns: ReadonlyMap<number, readonly PlotSample[]>): PlotMark[] {
  const marks: PlotMark[] = [];
  for (const [id, samples] of campaigns) {
    const sessions = sessionRuns(samples).filter((run) => run[0]?.sessionStarted !== null);
    // A campaign with samples from before store version 6 began before its first recorded session.
    const olderSamples = samples.some((s) => s.sessionStarted === null);
    sessions.forEach((run, i) => {
      const started = run[0]?.sessionStarted ?? null;
      const last = run.at(-1);
      if (started === null || last === undefined) return;
      const n = `session ${i + 1}`;
      const kind = i === 0 && !olderSamples ? 'start' : 'resume';
      marks.push({ kind, at: started, text: `campaign #${id} ${kind === 'start' ? 'started' : 'resumed'} (${n})` });
      marks.push({ kind: 'stop', at: last.at, text: `campaign #${id} stopped (${n}, its last sample)` });
    });
  }
  return marks.sort((a, b) => a.at - b.at);
}

export function progressPlots(input: ProgressInput): Progress {
  const domain = domainOf(input);
  if (domain === null) return { plots: [], data: {} };
  const max = input.maxPoints ?? defaultMaxPoints;
  const campaigns = byCampaign(input.samples);
  const marks = sessionMarks(campaigns);
  const plot = (id: string, title: string, series: readonly PlotSeries[], empty: string): Plot => ({
    id,
    title,
    domain,
    series,
    marks,
    empty,
  });
  const noSamples = 'no progress samples: a campaign stores one every few seconds while it runs';
  const plots = [
    plot(
      'runs-per-second',
      'scenarios per second',
      campaignSeries(campaigns, (s, prev) => rateBetween(prev, s), max),
      noSamples,
    ),
    plot(
      'runs',
      'scenarios run',
      campaignSeries(campaigns, (s) => s.runs, max),
      noSamples,
    ),
    plot(
      'coverage',
      'coverage keys',
      campaignSeries(campaigns, (s) => s.coverage, max),
      noSamples,
    ),
    plot(
      'corpus',
      'corpus size',
      campaignSeries(campaigns, (s) => s.corpus, max),
      'no corpus sizes: samples record them since store version 6',
    ),
    plot(
      'signatures',
      'signatures by outcome kind',
      cumulativeByKind(input.signatures, domain, max),
      'no findings yet',
    ),
    plot('groups', 'bug groups by outcome kind', cumulativeByKind(input.groups, domain, max), 'no findings yet'),
  ];
  const data: Record<string, PlotData[string]> = {};
  for (const p of plots) {
    data[p.id] = p.series.map((s) => ({ name: s.name, step: s.step === true, segments: s.segments }));
  }
  return { plots, data };
}
