/**
 * Small findings databases for the triage CLI tests, built with the store API from real strategy runs
 * (no campaign): each finding is what the differential runner would report for a corpus scenario.
 */
import { readFileSync } from 'node:fs';
import { findFailures } from '../../src/fuzz/differential.js';
import { runStrategy } from '../../src/run/run-strategy.js';
import { minimalScenarioInput, parseScenario, serializeScenario } from '../../src/scenario/codec.js';
import { type NewFinding, openStore } from '../../src/store/index.js';
import { builtinStrategies } from '../../src/strategies/index.js';

/** 2023-11-14T22:13:20Z: every fixture time is this plus whole days. */
export const t0 = 1_700_000_000_000;
export const day = 86_400_000;

export function corpusText(name: string): string {
  return readFileSync(new URL(`../../corpus/${name}.json`, import.meta.url), 'utf8');
}

/**
 * The finding `strategy` gives on the scenario, as a batch would store it (reference `upstream`).
 * `original` is the full canonical scenario, so it differs from the minimal repro text.
 */
export function findingOn(scenarioText: string, strategy: string, overrides: Partial<NewFinding> = {}): NewFinding {
  const s = parseScenario(scenarioText);
  const runs = new Map(builtinStrategies.map((st) => [st.name, runStrategy(s, st)]));
  const failure = findFailures(
    s.platform,
    new Map([...runs].map(([name, run]) => [name, run.outcome])),
    'upstream',
  ).find((f) => f.strategy === strategy);
  const run = runs.get(strategy);
  if (failure === undefined || run === undefined) throw new Error(`${strategy} shows no finding on ${scenarioText}`);
  const outcomes = Object.fromEntries(
    [...runs].map(([name, r]) => [name, { kind: r.outcome.kind, title: r.outcome.title, routine: r.outcome.routine }]),
  );
  return {
    signature: failure.signature,
    kind: failure.kind,
    label: failure.label,
    platform: s.platform,
    strategy,
    outcomeKind: failure.outcome.kind,
    routine: failure.outcome.routine,
    title: failure.outcome.title,
    scenario: JSON.stringify(minimalScenarioInput(s)),
    original: serializeScenario(s),
    outcomes,
    traceHash: run.machine?.trace.hash() ?? '',
    switchesOriginal: run.machine?.scheduler.contextSwitches() ?? 0,
    switchesMinimized: run.machine?.scheduler.contextSwitches() ?? 0,
    ...overrides,
  };
}

/** Writes the batches into a new database at `file`, batch i at t0 + i days. */
export function writeFindingsDb(file: string, batches: readonly (readonly NewFinding[])[]): void {
  const store = openStore(file);
  try {
    const campaign = store.startCampaign({ seed: 42, shard: '1/1', config: '{"seed":42}', startedAt: t0 });
    batches.forEach((findings, i) => {
      store.commitBatch(campaign.id, {
        batchIndex: i,
        runs: 100,
        findings,
        corpus: [],
        coverage: [],
        now: t0 + i * day,
      });
    });
  } finally {
    store.close();
  }
}

/**
 * The standard fixture: 1 legacy hang on s01 (seen twice), 2 v4-offline hang on s01, 3 upstream
 * stale-icache on s17 (common-mode, both wrong).
 */
export function standardFindings(): NewFinding[][] {
  const s01 = corpusText('s01-cps-kdump-flush-hang');
  const legacy = findingOn(s01, 'legacy');
  return [[legacy, findingOn(s01, 'v4-offline'), findingOn(corpusText('s17-cps-small-image'), 'upstream')], [legacy]];
}
