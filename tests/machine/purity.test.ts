import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const dir = new URL('../../src/machine/', import.meta.url);

test('the machine uses no clock, no Math.random, no process and no Node APIs, so it replays anywhere', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 8);
  for (const f of files) {
    const text = readFileSync(new URL(f, dir), 'utf8');
    for (const banned of [/Math\.random/, /Date\.now|new Date/, /performance\.now/, /\bprocess\./, /from 'node:/]) {
      assert.doesNotMatch(text, banned, `${f} uses ${banned}`);
    }
  }
});
