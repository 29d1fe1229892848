import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

/** Compares with tests/cli/golden/<command line>.txt; UPDATE_GOLDEN=1 rewrites it. */
export function assertGolden(commandLine: string, actual: string): void {
  const file = new URL(`../cli/golden/${commandLine}.txt`, import.meta.url);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
  assert.equal(
    actual,
    readFileSync(file, 'utf8'),
    `differs from tests/cli/golden/${commandLine}.txt (UPDATE_GOLDEN=1 to accept)`,
  );
}
