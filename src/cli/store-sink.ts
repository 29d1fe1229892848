/**
 * The campaign session's sink over the findings database, for `kexfuzz fuzz` and `kexfuzz smoke`: each
 * batch in one transaction, minimized repros as they arrive. The session (fuzz/session.ts) decides what
 * and when; this only translates its messages into the store's rows.
 */
import type { Sightings } from '../contract/finding.js';
import type { FindingMsg, MinimizedRepro, ScenarioFinding } from '../fuzz/messages.js';
import type { SessionSink } from '../fuzz/session.js';
import type { Campaign, Lease, NewFinding, Store } from '../store/index.js';

/** A finding as the store takes it: first seen `count` times, its repro still the scenario as found. */
export function newFinding(f: ScenarioFinding, count: number, sightings?: Sightings): NewFinding {
  return {
    signature: f.signature,
    kind: f.kind,
    label: f.label,
    platform: f.platform,
    strategy: f.strategy,
    outcomeKind: f.outcomeKind,
    routine: f.routine,
    title: f.title,
    scenario: f.scenario,
    original: f.scenario,
    outcomes: f.outcomes,
    traceHash: f.traceHash,
    switchesOriginal: f.switches,
    switchesMinimized: f.switches,
    count,
    sightings,
  };
}

/**
 * `fromDatabase`: the campaign builds on the database's corpus and coverage (fuzz), or on nothing (smoke,
 * so only its flags decide what it finds).
 */
export interface SinkOptions {
  /** The campaign minimizes its new findings: queue each in the database until its repro is stored. */
  readonly minimize?: boolean;
  /** The campaign's lease, renewed with every commit. */
  readonly lease?: () => Lease;
}

export function storeSink(
  store: Store,
  campaign: Campaign,
  fromDatabase: boolean,
  options: SinkOptions = {},
): SessionSink {
  return {
    start: () => {
      const entries = fromDatabase ? store.corpusEntries() : [];
      return {
        nextBatch: campaign.nextBatch,
        runs: campaign.runs,
        known: store.listFindings().map((f) => f.signature),
        corpus: entries.map((e) => e.scenario),
        corpusBefore: (batch) =>
          entries
            .filter((e) => e.campaignId !== campaign.id || e.batch === null || e.batch < batch)
            .map((e) => e.scenario),
        coverage: fromDatabase ? [...store.coverageKeys()] : [],
        queued: store.queuedMinimizations(campaign.id).map((q) => ({
          signature: q.signature,
          strategy: q.strategy,
          origin: JSON.parse(q.origin) as FindingMsg['origin'],
        })),
      };
    },
    commitBatch: (b) =>
      store.commitBatch(campaign.id, {
        batchIndex: b.batchIndex,
        runs: b.runs,
        findings: b.findings.map(({ first, count, sightings }) => newFinding(first, count, sightings)),
        tallies: b.tallies,
        pct: b.pct,
        corpus: b.corpus.map((c) => ({ scenario: c.scenario, coverageGain: c.gain })),
        coverage: b.coverage,
        stats: b.stats,
        now: b.at,
        minimize: options.minimize
          ? new Map(b.findings.map(({ first }) => [first.signature, JSON.stringify(first.origin)]))
          : undefined,
        lease: options.lease?.(),
      }),
    applyRepro(m: MinimizedRepro) {
      const finding = store.findingBySignature(m.signature);
      if (finding === null) throw new Error(`a minimized repro arrived for ${m.signature}, which is not stored`);
      const title = m.outcomes[finding.strategy]?.title;
      store.updateRepro(finding.id, {
        scenario: m.scenario,
        traceHash: m.traceHash,
        switchesOriginal: m.switchesOriginal,
        switchesMinimized: m.switchesMinimized,
        outcomes: m.outcomes,
        ...(title === undefined ? {} : { title }),
      });
    },
    coverageSize: () => store.coverageSize(),
    corpusSize: () => store.corpusSize(),
  };
}
