/**
 * `kexfuzz report --html FILE`: the campaign page (report/campaign-html.ts) from the database `report` opened
 * read-only: its campaigns and their stats samples, the verdict matrix, the bug groups and every finding.
 */
import { Buffer } from 'node:buffer';
import { platformNames } from '../contract/topology.js';
import { type BugGroup, bugGroups } from '../fuzz/bug-groups.js';
import { type CampaignPage, campaignHtml } from '../report/campaign-html.js';
import { printable } from '../report/printable.js';
import { type VerdictMatrix, verdictMatrix } from '../report/verdict-matrix.js';
import { builtinStrategies } from '../run/catalog.js';
import type { Finding, Store } from '../store/index.js';
import { type Io, writeOutput } from './io.js';
import { defaultBaselineDir, knownSignatures } from './known.js';
import { dbArg } from './stored-finding.js';

/** The verdict matrix over every run the database counted, with the bug groups seen in each cell. */
export function verdictOf(store: Store, groups: readonly BugGroup<Finding>[]): VerdictMatrix {
  const sightings = groups.flatMap((g) =>
    g.members.map((f) => ({ platform: f.platform, strategy: f.strategy, id: g.id, key: g.key, runs: f.count })),
  );
  const order = { strategies: builtinStrategies.map((s) => s.name), platforms: platformNames };
  return verdictMatrix(store.outcomeTallies(), order, sightings);
}

/** Everything the page shows, read from `store` (the database the user named `db`). */
export function campaignPageOf(store: Store, db: string, generatedAt: number): CampaignPage {
  const findings = store.listFindings();
  const groups = bugGroups(findings, knownSignatures(defaultBaselineDir));
  const campaigns = store.listCampaigns();
  const summary = store.summary();
  return {
    database: db,
    dbArg: dbArg(db),
    generatedAt,
    campaigns,
    samples: campaigns.flatMap((c) => store.statsFor(c.id)),
    coverage: summary.coverage,
    corpus: summary.corpus,
    matrix: verdictOf(store, groups),
    pct: store.pctTallies(),
    certificates: store.listCertificates().map(({ scenario: _, ...c }) => c),
    strategies: builtinStrategies.map((s) => ({ name: s.name, description: s.description })),
    groups: groups.map((g) => ({ ...g, best: g.best.id })),
    findings: groups.flatMap((g) =>
      g.members.map((f) => ({
        ...f,
        outcomes: Object.entries(f.outcomes).map(([strategy, o]) => ({ strategy, kind: o.kind, title: o.title })),
        group: g.id,
      })),
    ),
  };
}

/** Writes the page of the open database `db` to `file`, and says on stderr what it holds. */
export function writeCampaignHtml(store: Store, db: string, file: string, io: Io, now: () => number = Date.now): void {
  const page = campaignPageOf(store, db, now());
  const text = campaignHtml(page);
  writeOutput(file, text, '--html');
  const kb = Math.ceil(Buffer.byteLength(text) / 1024);
  io.err(
    `report: wrote ${printable(file)} (${kb} KB): ${page.groups.length} bug groups, ${page.findings.length} findings`,
  );
}
