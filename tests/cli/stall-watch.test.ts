import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minStallMs, watchForStalls } from '../../src/cli/stall-watch.js';

// A module looping in a worker on a scenario the probe never tried froze the status line with no word.
test('a stall far longer than any epoch is named once, again when it doubles, and forgotten on progress', () => {
  let t = 0;
  const notes: string[] = [];
  const watch = watchForStalls(
    (n) => void notes.push(n),
    ['mine.ts'],
    () => t,
    2,
  );
  try {
    t = 10_000;
    watch.progressed(); // an epoch of 10 s
    t += minStallMs - 1;
    watch.check();
    assert.deepEqual(notes, []);
    t += 1;
    watch.check();
    assert.equal(notes.length, 1);
    assert.match(
      notes[0] ?? '',
      /^kexfuzz: no batch has finished for 2m00s \(a strategy module may be looping: mine\.ts\); Ctrl-C stops/,
    );
    t += minStallMs;
    watch.check();
    assert.equal(notes.length, 2, 'again at twice the stall');
    watch.progressed();
    t += 1000;
    watch.check();
    assert.equal(notes.length, 2);
  } finally {
    watch.stop();
  }
});

test('the threshold grows with the longest epoch seen', () => {
  let t = 0;
  const notes: string[] = [];
  const watch = watchForStalls(
    (n) => void notes.push(n),
    [],
    () => t,
    2,
  );
  try {
    t = 60_000;
    watch.progressed(); // a 60 s epoch: no word before 10 minutes
    t += 5 * 60_000;
    watch.check();
    assert.deepEqual(notes, []);
    t += 5 * 60_000;
    watch.check();
    assert.match(notes[0] ?? '', /no batch has finished for 10m00s; Ctrl-C/);
  } finally {
    watch.stop();
  }
});
