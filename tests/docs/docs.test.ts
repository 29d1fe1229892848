/**
 * The documentation stays true: it points only inside the repository, its scenario examples are valid, the
 * format page names every field of the schema, and the example strategy behaves as its page says.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateScenario } from '../../src/scenario/codec.js';
import { type JsonSchema, scenarioJsonSchema } from '../../src/scenario/json-schema.js';
import { kexfuzz } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/json-schema.js';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const docs = readdirSync(new URL('docs/', root))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);
const pages = ['README.md', 'corpus/README.md', 'findings/README.md', ...docs];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replaceAll(' ', '-');

function anchorsIn(path: string): Set<string> {
  const headings = read(path)
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line));
  return new Set(headings.map((h) => anchorOf(h.replace(/^#+ /, ''))));
}

describe('documentation', () => {
  for (const page of pages) {
    test(`${page} points at nothing outside the repository`, () => {
      assert.doesNotMatch(read(page), /\.\.\/shared|BRIEF\.md|DESIGN\.md|§/);
    });

    test(`every relative link in ${page} reaches a file and a heading that exist`, () => {
      const base = new URL(page, root);
      for (const [, target] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^[a-z]+:/.test(target)) continue;
        const [file = '', anchor] = target.split('#');
        const resolved = file === '' ? base : new URL(file, base);
        assert.ok(existsSync(resolved), `${page}: ${target} does not exist`);
        if (anchor !== undefined) {
          const path = fileURLToPath(resolved).slice(fileURLToPath(root).length);
          assert.ok(anchorsIn(path).has(anchor), `${page}: ${path} has no heading #${anchor}`);
        }
      }
    });
  }

  test('every scenario example in docs/scenario-format.md is valid, for the validator and the schema', () => {
    const examples = [...read('docs/scenario-format.md').matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    assert.ok(examples.length >= 5);
    const schema = scenarioJsonSchema();
    for (const text of examples) {
      const input: unknown = JSON.parse(text);
      assert.doesNotThrow(() => validateScenario(input), text);
      assert.deepEqual(schemaErrors(schema, input), [], text);
    }
  });

  test('docs/scenario-format.md names every field the schema has', () => {
    const page = read('docs/scenario-format.md');
    const fields = new Set<string>();
    const collect = (s: JsonSchema): void => {
      for (const [name, sub] of Object.entries(s.properties ?? {})) {
        fields.add(name);
        collect(sub);
      }
    };
    const schema = scenarioJsonSchema();
    collect(schema);
    for (const def of Object.values(schema.$defs ?? {})) collect(def);
    for (const name of fields) assert.ok(page.includes(`\`${name}\``), `docs/scenario-format.md does not name ${name}`);
  });

  test('the example strategy behaves as docs/writing-a-strategy.md shows', async () => {
    const both = [
      '--strategy-module',
      'docs/examples/flush-everything.ts',
      '--strategies',
      'upstream,flush-everything',
    ];
    const kinds = async (args: string[], stdin = ''): Promise<string[]> => {
      const r = await kexfuzz(['run', ...args, ...both, '--json'], stdin);
      assert.equal(r.code, 0, r.err);
      const outcomes = JSON.parse(r.out).outcomes as Record<string, { kind: string }>;
      return [outcomes['upstream']?.kind ?? '', outcomes['flush-everything']?.kind ?? ''];
    };
    assert.deepEqual(await kinds(['corpus/s14-octeon-late-secondary.json']), ['wild-exec', 'ok']);
    const later = {
      version: 1,
      platform: 'octeon',
      timing: { seed: 5, stalls: [{ cpu: 2, from: 600, steps: 20000 }] },
    };
    assert.deepEqual(await kinds(['-'], JSON.stringify(later)), ['wild-exec', 'wild-exec']);
  });
});
