import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenarioPaths } from '../../src/contract/scenario.js';
import { maxCpus, platformNames, topologyLimits } from '../../src/contract/topology.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { defaultsFor, featureDefault, fillFeatures } from '../../src/scenario/defaults.js';

/** Every topology each platform allows within the emulator's CPU limit. */
function topologies(): { platform: (typeof platformNames)[number]; cores: number; threadsPerCore: number }[] {
  return platformNames.flatMap((platform) => {
    const t = topologyLimits[platform];
    const cores = Array.from({ length: t.maxCores - t.minCores + 1 }, (_, i) => t.minCores + i);
    return cores.flatMap((n) =>
      t.threadsPerCore
        .filter((k) => n * k <= maxCpus)
        .map((threadsPerCore) => ({ platform, cores: n, threadsPerCore })),
    );
  });
}

const overlaps = (a: { base: number; words: number }, b: { base: number; words: number }): boolean =>
  a.base < b.base + b.words && b.base < a.base + a.words;

test('for every platform, topology and path, a scenario giving only those is valid', () => {
  for (const topology of topologies()) {
    for (const path of scenarioPaths) {
      assert.doesNotThrow(
        () => validateScenario({ version: 1, ...topology, path }),
        JSON.stringify({ topology, path }),
      );
    }
  }
});

test('for every platform and topology, the default features pass the platform feature rule', () => {
  for (const { platform, ...topology } of topologies()) {
    const check = topologyLimits[platform].checkFeatures;
    assert.equal(check?.(topology, fillFeatures(platform, topology, undefined)), undefined, platform);
  }
});

test('for every platform and path, the default control page is clear of the default old kernel', () => {
  for (const platform of platformNames) {
    for (const path of scenarioPaths) {
      const { layout } = defaultsFor(platform, path);
      assert.ok(!overlaps(layout.controlPage, layout.oldKernel), `${platform} ${path}`);
    }
  }
});

test('for every platform, the default progress window fits in the default budget', () => {
  for (const platform of platformNames) {
    const { timing } = defaultsFor(platform, 'kexec');
    assert.ok(timing.progressWindow <= timing.budget, platform);
  }
});

test('a feature default that depends on the topology is described by what it depends on', () => {
  const cps = topologyLimits.cps;
  assert.deepEqual(featureDefault(cps.features['powerGating']!, cps), { value: true, fixed: true, rule: 'true' });
  const limits = { ...cps, minCores: 1, maxCores: 2, threadsPerCore: [1, 2] };
  const byCores = featureDefault({ description: '', defaultFor: (t) => t.cores > 1 }, limits);
  assert.deepEqual(byCores, { value: true, fixed: false, rule: 'true with 2 cores, false with 1' });
  const both = featureDefault({ description: '', defaultFor: (t) => t.cores * t.threadsPerCore === 2 }, limits);
  assert.deepEqual(both, { value: false, fixed: false, rule: 'depends on the topology (false at the default 2 × 2)' });
});
