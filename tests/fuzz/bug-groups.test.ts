/**
 * The grouping key (oracle/group.ts) on the corpus: the cells corpus/mechanisms.json names as one bug each
 * land in groups of their own, and each bug in exactly one group, on every board and under every strategy
 * that shows it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { bugGroups, bugOf } from '../../src/fuzz/bug-groups.js';
import { type CorpusCell, corpusCells, corpusDir } from '../../src/fuzz/known.js';
import { groupKeyOf } from '../../src/oracle/group.js';
import { builtinStrategies } from '../../src/run/catalog.js';

const cells = corpusCells(builtinStrategies);
const named = cells.filter((c) => c.bug !== null);
const where = (c: CorpusCell): string => `${c.bug} (${c.file}, ${c.strategy}) in ${groupKeyOf(c.signature)}`;
const groupsOf = (bug: string): string[] => [
  ...new Set(named.filter((c) => c.bug === bug).map((c) => groupKeyOf(c.signature))),
];

describe('bug groups on the corpus', () => {
  test('every cell mechanisms.json names is a failure the corpus shows', () => {
    // A named cell that stopped failing would silently drop out of the checks below.
    const declared = JSON.parse(readFileSync(new URL('mechanisms.json', corpusDir), 'utf8')) as {
      cells: { file: string; bug: string; strategies: string[] }[];
    };
    const want = declared.cells.flatMap((m) => m.strategies.map((s) => `${m.bug} ${m.file} ${s}`)).sort();
    assert.deepEqual(named.map((c) => `${c.bug} ${c.file} ${c.strategy}`).sort(), want);
  });

  test('cells of different bugs never share a group', () => {
    for (const a of named) {
      for (const b of named) {
        if (a.bug !== b.bug)
          assert.notEqual(groupKeyOf(a.signature), groupKeyOf(b.signature), `${where(a)} and ${where(b)}`);
      }
    }
  });

  test('one bug on several boards and under several strategies is one group (S13 on cps, cmp and loongson3)', () => {
    assert.deepEqual(groupsOf('S13'), ['wild-exec/old_idle']);
    const s13 = named.filter((c) => c.bug === 'S13');
    assert.deepEqual([...new Set(s13.map((c) => c.file.slice(0, 3)))].sort(), ['s08', 's13', 's19']);
    assert.ok(new Set(s13.map((c) => c.strategy)).size >= 4);
    assert.deepEqual(groupsOf('S6'), ['cpu-lost/play_dead'], 'S6 on s06 and s16');
    assert.deepEqual(groupsOf('S18'), ['corruption/crash-note']);
    assert.deepEqual(groupsOf('S17'), ['stale-icache/new-kernel']);
  });

  test('a hang is grouped by what holds it up: a wedged CPU (S11) and a late responder (S12) are not S1', () => {
    assert.deepEqual(groupsOf('S1'), ['hang/smp_call_function_many<__flush_cache_all']);
    assert.deepEqual(groupsOf('S5'), ['hang/smp_call_function_many<crash_kexec']);
    assert.deepEqual(groupsOf('S11'), ['hang/blocked-by-wedged_cpu']);
    assert.deepEqual(groupsOf('S12'), ['hang/smp_call_function_many<__flush_cache_all+late-responder']);
  });

  test('where a strategy parks decides the site: S14 in octeon_kexec_smp_down and in the v4 play_dead loop', () => {
    assert.deepEqual(groupsOf('S14'), ['wild-exec/octeon_kexec_smp_down']);
    assert.deepEqual(groupsOf('S14-play-dead'), ['wild-exec/play_dead']);
  });
});

describe('bugGroups', () => {
  const row = (
    id: number,
    signature: string,
    count: number,
    divergences: number,
    regressions: number,
    bytes: number,
  ) => ({
    id,
    signature,
    strategy: signature.split('/')[1] ?? '',
    platform: signature.split('/')[0] ?? '',
    count,
    sightings: { divergences, regressions, improvements: 0, bothWrong: count - regressions },
    firstSeen: id * 10,
    lastSeen: id * 100,
    scenario: 'x'.repeat(bytes),
  });

  test('folds signatures by kind and site: sums, the label from every sighting, the smallest repro, ranked', () => {
    const groups = bugGroups([
      row(1, 'cps/legacy/wild-exec/old_idle', 5, 0, 0, 300),
      row(2, 'cmp/v4-play-dead/wild-exec/old_idle', 2, 2, 1, 200),
      row(3, 'cps/upstream/stale-icache/new-kernel', 40, 0, 0, 100),
      row(4, 'octeon/legacy/hang/smp_call_function_many<__flush_cache_all', 1, 1, 1, 500),
    ]);
    assert.deepEqual(
      groups.map((g) => g.key),
      // Regressions first, the larger count first among them; common-mode last whatever its count.
      ['wild-exec/old_idle', 'hang/smp_call_function_many<__flush_cache_all', 'stale-icache/new-kernel'],
    );
    const [oldIdle] = groups;
    assert.ok(oldIdle);
    assert.equal(oldIdle.count, 7);
    assert.deepEqual(oldIdle.strategies, ['legacy', 'v4-play-dead']);
    assert.deepEqual(oldIdle.platforms, ['cmp', 'cps']);
    assert.equal(oldIdle.kind, 'divergence');
    assert.equal(oldIdle.label, 'regression');
    assert.equal(oldIdle.best.id, 2, 'the smallest repro');
    assert.equal(oldIdle.firstSeen, 10);
    assert.equal(oldIdle.lastSeen, 200);
    assert.match(oldIdle.id, /^g-[0-9a-f]{6}$/);
    assert.equal(bugOf('x/y/wild-exec/old_idle').id, oldIdle.id, 'the id is the key hash, the same everywhere');
  });
});

test('without a corpus nothing is known, and that is not an error', () => {
  assert.deepEqual(corpusCells(builtinStrategies, new URL('file:///nonexistent-kexfuzz-corpus/')), []);
});
