/**
 * corpus/README.md states, per file, the outcome of every strategy; `kexfuzz run --json` on each file must
 * print exactly that. Together the files reach every outcome kind.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { outcomeKinds } from '../../src/contract/outcome.js';
import { kexfuzz } from '../helpers/cli.js';

const readme = readFileSync(new URL('../../corpus/README.md', import.meta.url), 'utf8');
const rows = readme.split('\n').filter((line) => line.startsWith('| `'));
const header = readme.split('\n').find((line) => line.startsWith('| file'));
assert.ok(header, 'corpus/README.md has a table');
const strategies = header
  .split('|')
  .map((c) => c.trim())
  .slice(4, -1);

async function runJson(file: string): Promise<Record<string, { kind: string }>> {
  const r = await kexfuzz(['run', `corpus/${file}`, '--json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out).outcomes;
}

describe('corpus/', () => {
  const seen = new Set<string>();
  for (const row of rows) {
    const cells = row.split('|').map((c) => c.trim());
    const file = cells[1]!.replaceAll('`', '');
    const expected = cells.slice(4, -1);
    test(`kexfuzz run ${file} prints the outcomes corpus/README.md states (${cells[2]})`, async () => {
      const outcomes = await runJson(file);
      strategies.forEach((strategy, i) => {
        assert.equal(outcomes[strategy]?.kind, expected[i], `${strategy} on ${file}`);
        seen.add(expected[i]!);
      });
    });
  }
  test('the corpus reaches every outcome kind', () => {
    assert.deepEqual([...seen].sort(), [...outcomeKinds].sort());
  });
});
