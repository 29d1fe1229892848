import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { batchFor, keysPerBatch } from './fixtures/crash-batches.js';
import { scratchDir } from './fixtures/rows.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const commitLoop = fileURLToPath(new URL('./fixtures/commit-loop.ts', import.meta.url));

/** Runs commit-loop.ts on `file` until it has reported `atLeast` more commits, then SIGKILLs it; returns the last index it reported. */
function commitUntilKilled(file: string, atLeast: number, jitterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', commitLoop, file], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let reported: number[] = [];
    let pending = '';
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      reported = reported.concat(lines.map(Number));
      if (!killing && reported.length >= atLeast) {
        killing = true;
        // Land somewhere inside a later batch's transaction, not right after a reported commit.
        setTimeout(() => child.kill('SIGKILL'), jitterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`commit loop exited by itself (code ${code}, signal ${signal}):\n${stderr}`));
        return;
      }
      resolve(reported.length === 0 ? -1 : Math.max(...reported));
    });
  });
}

function assertIntact(file: string, lastReported: number): number {
  const raw = new Database(file, { readonly: true });
  try {
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    raw.close();
  }
  const store = openStore(file);
  try {
    const campaign = store.latestCampaign();
    assert.ok(campaign);
    const n = campaign.nextBatch;
    // Every reported commit is there; at most one more (committed, killed before it printed).
    assert.ok(n === lastReported + 1 || n === lastReported + 2, `nextBatch ${n}, last reported ${lastReported}`);
    // …and every stored batch is whole: exactly batches 0..n-1, nothing of batch n.
    assert.equal(campaign.runs, 10 * n);
    const keys = store.coverageKeys();
    assert.equal(keys.length, keysPerBatch * n);
    assert.ok(keys.every((k, i) => k === i));
    assert.equal(store.corpusSize(), n);
    assert.deepEqual(
      store.statsFor(campaign.id).map((s) => s.at),
      Array.from({ length: n }, (_, i) => i),
    );
    const findings = store.listFindings();
    assert.equal(
      findings.reduce((sum, f) => sum + f.count, 0),
      2 * n,
    );
    assert.equal(findings.filter((f) => f.signature.startsWith('only-')).length, n);
    assert.equal(store.findingBySignature(`only-${n - 1}`)?.lastSeen, batchFor(n - 1).now);
    return n;
  } finally {
    store.close();
  }
}

test('a writer SIGKILLed in a loop of commitBatch leaves every committed batch whole and the database usable', async (t) => {
  const file = join(scratchDir(t), 'campaign', 'kexfuzz.db');
  let stored = 0;
  // Each round resumes the same campaign where the last one was killed; the jitter moves the kill
  // around inside a ~2 ms batch.
  for (const [commits, jitterMs] of [
    [15, 3],
    [10, 7],
    [10, 1],
  ] as const) {
    const last = await commitUntilKilled(file, commits, jitterMs);
    assert.ok(last >= stored + commits - 1, 'the resumed campaign continued from nextBatch');
    const n = assertIntact(file, last);
    assert.ok(n > stored);
    stored = n;
  }
});
