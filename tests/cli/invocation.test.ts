import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { invocationOf } from '../../src/cli/invocation.js';

// Suggested commands said `kexfuzz …`, which is not on PATH after `npm ci` (issue 10).
test('suggested commands start as the user invoked kexfuzz: npx, npm run, or the installed command', () => {
  const bin = mkdtempSync(path.join(tmpdir(), 'kexfuzz-bin-'));
  const installed = path.join(bin, 'kexfuzz');
  writeFileSync(installed, '#!/bin/sh\n');
  chmodSync(installed, 0o755);
  const npmBin = path.join('/repo', 'node_modules', '.bin');
  assert.equal(invocationOf({ npm_command: 'exec', PATH: npmBin }), 'npx kexfuzz');
  assert.equal(invocationOf({ npm_lifecycle_event: 'kexfuzz', npm_command: 'run-script' }), 'npm run kexfuzz --');
  assert.equal(invocationOf({ PATH: `${npmBin}${path.delimiter}/usr/bin` }), 'npx kexfuzz');
  assert.equal(invocationOf({ PATH: `/usr/bin${path.delimiter}${bin}` }), 'kexfuzz');
  assert.equal(invocationOf({}), 'npx kexfuzz');
});
