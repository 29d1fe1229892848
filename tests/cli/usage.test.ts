import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kexfuzz } from '../helpers/cli.js';

// `kexfuzz` alone printed the help and exited 0, so a script that lost its command passed.
const cases: readonly (readonly [readonly string[], number])[] = [
  [[], 2],
  [['findings'], 2],
  [['nosuch'], 2],
  [['--help'], 0],
  [['help'], 0],
  [['help', 'fuzz'], 0],
  [['findings', '--help'], 0],
  [['--version'], 0],
];

for (const [args, code] of cases) {
  test(`kexfuzz ${args.join(' ') || '(no command)'} exits ${code}`, async () => {
    const r = await kexfuzz([...args]);
    assert.equal(r.code, code, r.err);
    if (code === 2) assert.match(r.err, /Usage: kexfuzz|error: unknown command/);
  });
}
