/**
 * `npm run bench:explore [-- K]`: `kexfuzz explore --preemptions K` (default 2) on every corpus scenario,
 * every strategy, in this one thread, as one core runs it. Prints a Markdown table, one row per scenario as it
 * finishes (CPUs, schedules, classes, runs, time, and whether each failure corpus/README.md states for the
 * scenario was reached), then one JSON object with the same figures per strategy. A scenario is given at most
 * `EXPLORE_CAP_MS` (default 10 minutes) per strategy, so a slow one shows as unfinished rather than hanging.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type OutcomeKind, outcomeInfo } from '../src/contract/outcome.js';
import { exploreScenario } from '../src/fuzz/explore.js';
import { builtinStrategies } from '../src/run/catalog.js';
import { parseScenario } from '../src/scenario/codec.js';

const bound = Number(process.argv[2] ?? 2);
const cap = Number(process.env['EXPLORE_CAP_MS'] ?? 600_000);
const corpus = new URL('../corpus/', import.meta.url);

/** corpus/README.md's table: per file, per strategy, the outcome `kexfuzz run` prints. */
function expectedOutcomes(): Map<string, Map<string, string>> {
  const readme = readFileSync(new URL('README.md', corpus), 'utf8').split('\n');
  const header =
    readme
      .find((line) => line.startsWith('| file'))
      ?.split('|')
      .map((c) => c.trim()) ?? [];
  const strategies = header.slice(4, -1);
  const out = new Map<string, Map<string, string>>();
  for (const row of readme.filter((line) => line.startsWith('| `'))) {
    const cells = row.split('|').map((c) => c.trim());
    const kinds = cells.slice(4, -1);
    out.set((cells[1] ?? '').replaceAll('`', ''), new Map(strategies.map((s, i) => [s, kinds[i] ?? ''])));
  }
  return out;
}

const expected = expectedOutcomes();
const figures: Record<string, unknown> = {};
// Each row as its scenario finishes: a whole run takes the better part of an hour.
process.stdout.write(
  [
    `explore --preemptions ${bound}, every strategy, one thread:`,
    '',
    '| scenario | CPUs | schedules | classes | runs | time | corpus failures reached |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    '',
  ].join('\n'),
);
for (const file of readdirSync(corpus)
  .filter((f) => f.endsWith('.json') && f !== 'mechanisms.json')
  .sort()) {
  const s = parseScenario(readFileSync(new URL(file, corpus), 'utf8'), file);
  let schedules = 0;
  let classes = 0;
  let runs = 0;
  let ms = 0;
  let complete = true;
  const missed: string[] = [];
  let failures = 0;
  const perStrategy: Record<string, unknown> = {};
  for (const strategy of builtinStrategies) {
    const { state: _, ...e } = exploreScenario(s, strategy, bound, { deadline: performance.now() + cap });
    schedules += e.schedules;
    classes += e.classes;
    runs += e.runs;
    ms += e.ms;
    complete &&= e.complete;
    const kinds: readonly string[] = e.outcomes.map((o) => o.kind);
    const failure = expected.get(file)?.get(strategy.name);
    if (failure !== undefined && failure in outcomeInfo && outcomeInfo[failure as OutcomeKind].failure) {
      failures++;
      if (!kinds.includes(failure)) missed.push(`${strategy.name} ${failure}`);
    }
    perStrategy[strategy.name] = { ...e, outcomes: kinds };
  }
  const found =
    missed.length === 0 ? `all ${failures}` : `${failures - missed.length} of ${failures}: missed ${missed.join(', ')}`;
  process.stdout.write(
    `| ${file} | ${s.cores * s.threadsPerCore} | ${schedules} | ${classes} | ${runs} | ${(ms / 1000).toFixed(1)} s${complete ? '' : ' (unfinished)'} | ${found} |\n`,
  );
  figures[file] = { schedules, classes, runs, ms, complete, missed, strategies: perStrategy };
}
process.stdout.write(`\n${JSON.stringify({ bound, scenarios: figures })}\n`);
