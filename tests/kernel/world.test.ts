/**
 * What buildWorld tells the oracle about the new image (src/kernel/world.ts facts): every segment as it
 * was built, the new kernel's own data, and on kdump the crash region, checked against what it loads.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ScenarioInput } from '../../src/contract/scenario.js';
import { InputError } from '../../src/errors.js';
import { buildWorld, type World } from '../../src/kernel/world.js';
import { symbolAddress } from '../../src/machine/asm.js';
import { platforms } from '../../src/platforms/index.js';
import { platformContext } from '../../src/run/run-strategy.js';
import { validateScenario } from '../../src/scenario/codec.js';
import upstream from '../../src/strategies/upstream.js';

function world(input: Omit<ScenarioInput, 'version'>): World {
  const s = validateScenario({ version: 1, ...input });
  const ctx = platformContext(s);
  const platform = platforms[s.platform];
  return buildWorld(s, {
    options: upstream.options,
    platform: platform.code(ctx),
    ctx,
    icFillsFromDc: platform.coherence(ctx).icFillsFromDc,
  });
}

const twoSegments = [
  { base: 0x8000, words: 0x3000 },
  { base: 0xc000, words: 0x800 },
];

describe('world facts for the oracle', () => {
  test('on kdump every segment is in the facts with exactly the words loaded at its base', () => {
    const w = world({ platform: 'cps', path: 'kdump', crashCpu: 0, layout: { segments: twoSegments } });
    assert.deepEqual(
      w.facts.segments.map((s) => [s.base, s.words.length]),
      twoSegments.map((s) => [s.base, s.words]),
    );
    for (const s of w.facts.segments) {
      const load = w.loads.find((l) => l.base === s.base);
      assert.deepEqual(load?.words, s.words);
    }
  });

  test('the first segment starts with the new kernel as assembled; its data (cpu_up to new_stack_top) ends the program', () => {
    const w = world({ platform: 'octeon', path: 'kexec', crashCpu: 0 });
    const newKernel = w.programs[1];
    assert.ok(newKernel);
    const first = w.facts.segments[0];
    assert.deepEqual(first?.words.subarray(0, newKernel.words.length), newKernel.words);
    assert.deepEqual(w.facts.newKernelData, {
      base: symbolAddress(newKernel, 'cpu_up'),
      words: symbolAddress(newKernel, 'new_stack_top') + 1 - symbolAddress(newKernel, 'cpu_up'),
    });
    assert.equal(newKernel.base + newKernel.words.length, w.facts.newKernelData.base + w.facts.newKernelData.words);
  });

  test('the crash region is a fact on kdump only: a normal kexec reserves nothing', () => {
    const kdump = world({ platform: 'cps', path: 'kdump', crashCpu: 0 });
    const kexec = world({ platform: 'cps', path: 'kexec', crashCpu: 0 });
    assert.deepEqual(kdump.facts.crashRegion, { base: 0x8000, words: 0x6000 });
    assert.equal(kexec.facts.crashRegion, null);
  });
});

describe('layouts the kernel cannot place', () => {
  test('a first segment shorter than the new kernel is refused, naming the field and the size it needs: loading it would cut the kernel off', () => {
    assert.throws(
      () => world({ platform: 'cps', layout: { segments: [{ base: 0x1000, words: 64 }] } }),
      (e: InputError) =>
        e instanceof InputError &&
        e.problems.some(
          (p) => p.field === 'layout.segments[0]' && /must hold the new kernel's \d+ words, but has 64/.test(p.message),
        ),
    );
  });

  test('an old kernel region too small for the old kernel is refused likewise', () => {
    assert.throws(
      () => world({ platform: 'cps', layout: { oldKernel: { base: 0x100, words: 64 } } }),
      (e: InputError) => e instanceof InputError && e.problems.some((p) => p.field === 'layout.oldKernel'),
    );
  });
});
