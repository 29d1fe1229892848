/**
 * The campaign page as markup: stored text can only ever be text, the same input gives the same bytes, an
 * empty database still gets a page, and a long campaign's page stays small.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDUCTION } from '../../src/contract/exploration.js';
import { type CampaignPage, campaignHtml } from '../../src/report/campaign-html.js';
import type { PlotSample } from '../../src/report/campaign-plots.js';
import type { PageFinding } from '../../src/report/finding-sections-html.js';
import type { PageGroup } from '../../src/report/groups-html.js';
import { verdictMatrix } from '../../src/report/verdict-matrix.js';
import { factoryMethod } from '../helpers/factories.js';

const hostile = [
  '<script>window.__pwned=1</script>',
  '"><img src=x onerror="window.__pwned=2">',
  "'><svg onload='window.__pwned=3'>",
  '</script><script>window.__pwned=4</script>',
];
const t0 = Date.UTC(2026, 11, 7, 17, 30);

const finding = factoryMethod<PageFinding>(() => ({
  id: 1,
  signature: 'cps/legacy/hang/smp_call_function_many<crash_kexec',
  title: 'stuck: CPU0 in smp_call_function_many',
  status: 'new',
  notes: '',
  kind: 'divergence',
  label: 'regression',
  outcomeKind: 'hang',
  platform: 'cps',
  strategy: 'legacy',
  count: 3,
  sightings: { divergences: 3, regressions: 3, improvements: 0, bothWrong: 0 },
  firstSeen: t0 + 5_000,
  lastSeen: t0 + 50_000,
  campaignId: 1,
  switchesOriginal: 12,
  switchesMinimized: 3,
  outcomes: [
    { strategy: 'legacy', kind: 'hang', title: 'stuck: CPU0 in smp_call_function_many' },
    { strategy: 'upstream', kind: 'ok', title: 'the new kernel booted with every CPU: CPU0' },
  ],
  group: 'g-aaaaaa',
}));

const group = factoryMethod<PageGroup>(() => ({
  id: 'g-aaaaaa',
  key: 'hang/smp_call_function_many<crash_kexec',
  kind: 'divergence',
  label: 'regression',
  count: 3,
  strategies: ['legacy'],
  platforms: ['cps'],
  firstSeen: t0 + 5_000,
  lastSeen: t0 + 50_000,
  best: 1,
  known: ['S5'],
  members: [
    {
      id: 1,
      signature: 'cps/legacy/hang/smp_call_function_many<crash_kexec',
      strategy: 'legacy',
      platform: 'cps',
      status: 'new',
    },
  ],
}));

function samples(n: number, everyMs = 5_000): PlotSample[] {
  return Array.from({ length: n }, (_, i) => ({
    campaignId: 1,
    at: t0 + 2_000 + i * everyMs,
    runs: 40 * (i + 1),
    runsPerSecond: 8 + (i % 5),
    findings: i,
    coverage: 300 + 10 * i,
    corpus: 20 + i,
    sessionStarted: t0,
  }));
}

const page = factoryMethod<CampaignPage>(() => ({
  database: 'findings/kexfuzz.db',
  dbArg: '',
  generatedAt: t0 + 3_600_000,
  campaigns: [{ id: 1, seed: 4, shard: '1/1', runs: 400, startedAt: t0, updatedAt: t0 + 52_000, finished: true }],
  samples: samples(10),
  coverage: 390,
  corpus: 29,
  matrix: verdictMatrix(
    [
      { platform: 'cps', strategy: 'legacy', kind: 'hang', runs: 3 },
      { platform: 'cps', strategy: 'legacy', kind: 'ok', runs: 397 },
      { platform: 'cps', strategy: 'upstream', kind: 'ok', runs: 400 },
    ],
    { strategies: ['legacy', 'upstream'], platforms: ['cps'] },
    [{ platform: 'cps', strategy: 'legacy', id: 'g-aaaaaa', key: 'hang/smp_call_function_many<crash_kexec', runs: 3 }],
  ),
  strategies: [{ name: 'legacy', description: 'the old way' }],
  groups: [group()],
  findings: [finding()],
  pct: [
    { platform: 'cps', bugDepth: 1, runs: 40, logMiss: 40 * Math.log1p(-1 / 4) },
    { platform: 'cps', bugDepth: 2, runs: 8, logMiss: 8 * Math.log1p(-1 / 4000) },
  ],
  certificates: [
    {
      scenarioHash: 'abc123',
      summary: 'bmips43xx, 2 CPUs, kdump <crash on CPU0>',
      strategy: 'upstream',
      preemptions: 2,
      schedules: 4,
      classes: 3,
      outcomes: ['multi-entry'],
      reduction: REDUCTION,
    },
  ],
}));

/** The markup with the page's own script element (the only one allowed to run) taken out. */
function markupOf(text: string): string {
  return text.replace(/<script>var __name[\s\S]*?<\/script>/, '');
}

describe('campaign page markup', () => {
  test('hostile notes, titles, signatures, names and paths are escaped wherever they appear', () => {
    const [a = '', b = '', c = '', d = ''] = hostile;
    const text = campaignHtml(
      page({
        database: `/tmp/${b}.db`,
        dbArg: ` --db '/tmp/${b}.db'`,
        groups: [
          group({
            key: `hang/${a}`,
            strategies: [c],
            members: [{ ...group().members[0], id: 1, signature: d, strategy: c, platform: 'cps', status: 'new' }],
          }),
        ],
        findings: [
          finding({
            signature: d,
            title: a,
            notes: `2026-12-07T17:40:00.000Z ${a}\n2026-12-07T17:41:00.000Z ${b}`,
            strategy: c,
            outcomes: [{ strategy: c, kind: 'hang', title: b }],
          }),
        ],
      }),
    );
    const markup = markupOf(text);
    assert.doesNotMatch(markup, /<script>window|<img|<svg onload|onerror="window/);
    assert.equal(markup.match(/<script/g)?.length, 2, 'the two JSON data blocks, nothing else');
    assert.match(markup, /&lt;script&gt;window\.__pwned=1&lt;\/script&gt;/);
    assert.match(markup, /&quot;&gt;&lt;img src=x onerror=&quot;window\.__pwned=2&quot;&gt;/);
    // In the data for the page's script, no string can end its element.
    for (const json of markup.match(/<script type="application\/json"[^>]*>[\s\S]*?<\/script>/g) ?? []) {
      assert.doesNotMatch(json.slice(json.indexOf('>') + 1, -'</script>'.length), /[<>]/);
    }
  });

  test('control and bidi characters in stored text are shown escaped, as on the terminal', () => {
    const text = campaignHtml(page({ findings: [finding({ title: 'evil\u202etxt.exe \u001b[2J' })] }));
    assert.match(text, /evil\\u202etxt\.exe \\x1b\[2J/);
    assert.ok(!text.includes('\u202e') && !text.includes('\u001b'), 'no raw control characters');
  });

  test('the same input gives the same page, byte for byte; the generation time is what it says', () => {
    assert.equal(campaignHtml(page()), campaignHtml(page()));
    const later = campaignHtml(page({ generatedAt: t0 + 7_200_000 }));
    assert.match(later, /generated 2026-12-07T19:30:00Z/);
    assert.notEqual(later, campaignHtml(page()));
  });

  test('the page has every plot, a heat-map cell per strategy and platform, the groups and the finding sections', () => {
    const text = campaignHtml(page());
    for (const id of ['runs-per-second', 'runs', 'coverage', 'corpus', 'signatures', 'groups']) {
      assert.match(
        text,
        new RegExp(`<svg class="chart" data-plot="${id}"[^]*?<polyline fill="none" points="[\\d.,]+ [\\d., ]+"`),
      );
    }
    assert.equal(text.match(/<td [^>]*data-strategy="[^"]+" data-platform="[^"]+"/g)?.length, 2);
    assert.match(text, /<tr id="group-g-aaaaaa" data-group="g-aaaaaa">/);
    assert.match(text, /<a href="#finding-1" class="best"/);
    assert.match(text, /<section class="finding" id="finding-1"/);
    assert.match(text, /kexfuzz findings replay 1\n/);
    assert.match(text, /kexfuzz report 1 --html finding-1\.html/);
    assert.match(text, /data-mark="start"/);
    assert.match(text, /data-mark="stop"/);
  });

  test('an empty database gets a page that says there is nothing yet', () => {
    const text = campaignHtml(
      page({
        campaigns: [],
        samples: [],
        coverage: 0,
        corpus: 0,
        matrix: verdictMatrix([], { strategies: [], platforms: [] }),
        groups: [],
        findings: [],
      }),
    );
    assert.match(text, /data-empty>Nothing yet/);
    assert.match(text, /No progress yet/);
    assert.match(text, /No strategy runs counted yet/);
    assert.match(text, /No findings yet/);
    assert.doesNotMatch(text, /<svg/);
  });

  test('an hour of samples and thousands of findings stay small: at most 600 points a line', () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      finding({
        id: i + 1,
        outcomeKind: ['hang', 'wild-exec', 'cpu-lost'][i % 3] ?? 'hang',
        firstSeen: t0 + i * 1_000,
      }),
    );
    const text = campaignHtml(page({ samples: samples(720), findings: many }));
    for (const points of text.match(/<polyline fill="none" points="[^"]*"/g) ?? []) {
      // A step line draws two points per sample it keeps.
      assert.ok(points.split(' ').length <= 2 * 600 + 2, `${points.split(' ').length} points`);
    }
    const plots = text.slice(text.indexOf('<section id="progress">'), text.indexOf('<section id="matrix">'));
    assert.ok(plots.length < 400_000, `the plots take ${plots.length} bytes`);
  });
});

test('the campaign page says what the PCT runs rule out, per platform and bug depth, and which scenarios that covers', () => {
  const text = campaignHtml(page());
  assert.match(text, /What the campaign did not find/);
  assert.match(
    text,
    /<tr data-platform="cps"><td>cps<\/td><td class="num">40<\/td><td data-depth="1" title="40 runs count">≤ 1\.0e-5<\/td><td data-depth="2" title="8 runs count">1 \(nothing ruled out\)<\/td><td data-depth="3" title="0 runs count">1 \(nothing ruled out\)<\/td>/,
  );
  assert.match(text, /every PCT scenario the campaign ran on the platform can show/);
  assert.match(campaignHtml(page({ pct: [] })), /No PCT runs counted yet, so nothing is ruled out/);
});

test('the campaign page lists the certificates of exploration, escaped', () => {
  const text = campaignHtml(page());
  assert.match(text, /What exploration ruled out/);
  assert.match(
    text,
    /<tr data-scenario="abc123"><td>upstream<\/td><td title="scenario abc123">bmips43xx, 2 CPUs, kdump &lt;crash on CPU0&gt;<\/td><td class="num">2<\/td><td class="num">4<\/td><td class="num">3<\/td><td>multi-entry<\/td><\/tr>/,
  );
  assert.match(campaignHtml(page({ certificates: [] })), /None yet: <code>kexfuzz explore SCENARIO --db FILE<\/code>/);
});
