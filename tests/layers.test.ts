import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, test } from 'node:test';
import { biomeOverride, type Layer, layerNames, layerRules } from '../scripts/layers.js';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');

/** Every relative or node: import of a source file, static or dynamic, with `import type` included. */
function importsOf(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) specs.push(m[1] ?? '');
  return specs;
}

/** What `file` (under src/) may not import, as sentences; empty when it keeps to the table. */
function violations(file: string, text: string): string[] {
  const from = relative(src, file).split('/');
  const layer = from.length > 1 ? (from[0] as Layer) : null;
  const out: string[] = [];
  for (const spec of importsOf(text)) {
    if (spec.startsWith('node:')) {
      if (layer !== null && !layerRules[layer].node) out.push(`${relative(root, file)} imports ${spec}`);
      continue;
    }
    if (!spec.startsWith('.')) continue; // a package from package.json
    const target = relative(src, normalize(join(dirname(file), spec))).split('/');
    if (target[0] === '..') {
      out.push(`${relative(root, file)} imports ${spec}, outside src/`);
      continue;
    }
    const to = target.length > 1 ? (target[0] ?? null) : null;
    if (to === null) {
      if (target[0] !== 'errors.js') out.push(`${relative(root, file)} imports the root module ${spec}`);
      continue;
    }
    if (layer === null) {
      out.push(`${relative(root, file)} (a root module) imports ${spec}`);
      continue;
    }
    if (to !== layer && !(layerRules[layer].imports as readonly string[]).includes(to)) {
      out.push(`${relative(root, file)} (${layer}/) imports ${spec} (${to}/)`);
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|mjs|js)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('the layer table (scripts/layers.ts)', () => {
  test('names every folder of src/, and every layer is flat', () => {
    const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory());
    assert.deepEqual(folders.map((e) => e.name).sort(), [...layerNames].sort());
    for (const f of folders) {
      const nested = readdirSync(join(src, f.name), { withFileTypes: true }).filter((e) => e.isDirectory());
      assert.deepEqual(nested, [], `src/${f.name}/ has sub-folders; the import rules rely on flat layers`);
    }
  });

  test('biome.json holds exactly the import rules the table generates (npm run layers rewrites them)', () => {
    const biome = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as { overrides: unknown[] };
    const importRules = biome.overrides.filter((o) => JSON.stringify(o).includes('noRestrictedImports'));
    assert.deepEqual(importRules, layerNames.map(biomeOverride));
  });

  test('every import in src/ follows the table', () => {
    const problems = sourceFiles(src).flatMap((file) => violations(file, readFileSync(file, 'utf8')));
    assert.deepEqual(problems, []);
  });

  test('the check flags an arrow against the table, such as kernel/ to platforms/ or fuzz/ to kernel/', () => {
    assert.deepEqual(violations(join(src, 'kernel', 'x.ts'), "import type { P } from '../platforms/cps.js';"), [
      'src/kernel/x.ts (kernel/) imports ../platforms/cps.js (platforms/)',
    ]);
    assert.equal(violations(join(src, 'fuzz', 'x.ts'), "import { w } from '../kernel/world.js';").length, 1);
    assert.equal(violations(join(src, 'machine', 'x.ts'), "import { readFileSync } from 'node:fs';").length, 1);
    assert.deepEqual(violations(join(src, 'cli', 'x.ts'), "import { runStrategy } from '../run/run-strategy.js';"), []);
  });
});
