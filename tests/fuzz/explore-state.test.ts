/**
 * The `explore --state` file: what it keeps reads back the same, and a file that is not a state of this
 * exploration (another scenario or bound, a newer kexfuzz, damage) is an input error naming what is wrong.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { startingState } from '../../src/fuzz/explore.js';
import { parseExploreStates, serializeExploreStates } from '../../src/fuzz/explore-state.js';

const header = { scenarioHash: 'ff6ea2699220b612', preemptions: 2 };

function sample() {
  const st = startingState();
  st.pending.push({
    prefix: [
      [0, 94],
      [1, 78],
    ],
    cpu: 0,
    from: 172,
  });
  st.asked.add('0123456789abcdef');
  st.seen.add('fedcba9876543210');
  st.classes.add('00000000ffffffff');
  st.outcomes.set('hang', {
    outcome: 'hang',
    schedule: [
      [0, 10],
      [1, 5],
    ],
    preemptions: 1,
  });
  st.runs = 7;
  st.ms = 1234;
  return st;
}

describe('explore state file', () => {
  test('reads back what was written, the deviation point of each request from its prefix', () => {
    const text = serializeExploreStates(header, new Map([['legacy', sample()]]));
    const back = parseExploreStates(text, 'st.json', header).get('legacy');
    assert.deepEqual(back, sample());
  });

  const refused: [string, (text: string) => string, RegExp][] = [
    ['not JSON', () => '{"format":', /st\.json is not a state[\s\S]*not JSON/],
    ['another file', () => '{"format":"kexfuzz-repro","version":1}', /format: expected "kexfuzz-explore-state"/],
    ['a newer kexfuzz', (t) => t.replace('"version":1', '"version":2'), /version 2 was written by a newer kexfuzz/],
    [
      'another scenario',
      (t) => t.replace(header.scenarioHash, '0000000000000000'),
      /of scenario 0000000000000000, not this one/,
    ],
    ['another bound', (t) => t.replace('"preemptions":2', '"preemptions":1'), /of --preemptions 1, not 2/],
    [
      'a damaged request',
      (t) => t.replace('"cpu":0}', '"cpu":"x"}'),
      /strategies\.legacy\.pending\[0\]: not a request/,
    ],
    ['a damaged count', (t) => t.replace('"runs":7', '"runs":-1'), /strategies\.legacy\.runs: not a count/],
    ['damaged keys', (t) => t.replace('["0123456789abcdef"]', '[1]'), /strategies\.legacy\.asked: not a list of keys/],
  ];
  for (const [what, damage, message] of refused) {
    test(`a file of ${what} is an input error saying so`, () => {
      const text = damage(serializeExploreStates(header, new Map([['legacy', sample()]])));
      assert.throws(
        () => parseExploreStates(text, 'st.json', header),
        (e: unknown) => e instanceof InputError && message.test(e.message),
      );
    });
  }
});
