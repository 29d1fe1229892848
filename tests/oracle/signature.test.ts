import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { outcomeInfo, outcomeKinds } from '../../src/contract/outcome.js';
import { signatureOf, signatureParts } from '../../src/oracle/signature.js';
import { outcome } from '../helpers/factories.js';
import { oracleCase } from '../helpers/oracle-case.js';

test('a signature is platform/strategy/kind/site', () => {
  const o = outcome({ kind: 'wild-exec', routine: 'play_dead', label: 'loop', site: 'play_dead' });
  assert.equal(signatureOf('octeon', 'v4-play-dead', o), 'octeon/v4-play-dead/wild-exec/play_dead');
});

test('signatureParts takes a signature apart again, a site with slashes whole', () => {
  assert.deepEqual(signatureParts('cps/legacy/hang/smp_call_function_many<__flush_cache_all'), {
    platform: 'cps',
    strategy: 'legacy',
    kind: 'hang',
    site: 'smp_call_function_many<__flush_cache_all',
  });
  assert.equal(signatureParts('a/b/c/d/e').site, 'd/e');
});

test('a hang where nobody jumps, as the oracle reports it, signs as waits-nobody-jumps', () => {
  assert.equal(signatureOf('cmp', 'upstream', oracleCase().classify()), 'cmp/upstream/hang/waits-nobody-jumps');
});

test('for any CPU, step, routine, label and title, outcomes of one kind and site share a signature (no addresses, no CPU numbers)', () => {
  const routine = fc.option(fc.constantFrom('old_idle', 'relocate_new_kernel'), { nil: null });
  fc.assert(
    fc.property(
      fc.constantFrom(...outcomeKinds),
      routine,
      fc.tuple(fc.option(fc.nat(31), { nil: null }), fc.nat(), fc.option(fc.string(), { nil: null }), fc.string()),
      fc.tuple(fc.option(fc.nat(31), { nil: null }), fc.nat(), fc.option(fc.string(), { nil: null }), fc.string()),
      (kind, r, [cpuA, stepA, labelA, titleA], [cpuB, stepB, labelB, titleB]) => {
        const a = outcome({ kind, routine: r, cpu: cpuA, step: stepA, label: labelA, title: titleA, site: 'x' });
        const b = outcome({ kind, routine: null, cpu: cpuB, step: stepB, label: labelB, title: titleB, site: 'x' });
        assert.equal(signatureOf('p', 's', a), signatureOf('p', 's', b));
      },
    ),
  );
});

test('only ok and refused are answers; every other outcome kind is a failure', () => {
  assert.deepEqual(
    outcomeKinds.filter((k) => !outcomeInfo[k].failure),
    ['ok', 'refused'],
  );
});
