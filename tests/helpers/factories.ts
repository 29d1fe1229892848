/**
 * Test-data factories in Stryker's `factoryMethod(defaults)(overrides)` shape: tests state only what matters,
 * e.g. `scenario({ platform: 'cps', crashCpu: 3, path: 'kdump' })`.
 */

import type { Signature } from '../../src/contract/finding.js';
import type { Outcome } from '../../src/contract/outcome.js';
import type { PlatformCode, PlatformContext } from '../../src/contract/platform.js';
import type { Scenario, ScenarioInput } from '../../src/contract/scenario.js';
import { cpumaskIdioms } from '../../src/kernel/macros.js';
import { platforms } from '../../src/platforms/index.js';

import { validateScenario } from '../../src/scenario/codec.js';

/** A factory that starts from fresh defaults each call and lets the caller override any top-level field. */
export function factoryMethod<T extends object>(defaults: () => T): (overrides?: Partial<T>) => T {
  return (overrides = {}) => ({ ...defaults(), ...overrides });
}

/** A scenario as written: the smallest valid input (a default cps board doing a normal kexec). */
export const scenarioInput = factoryMethod<ScenarioInput>(() => ({ version: 1, platform: 'cps' }));

/** A validated scenario with every default filled; throws InputError if the overrides make it invalid. */
export function scenario(overrides: Partial<ScenarioInput> = {}): Scenario {
  return validateScenario(scenarioInput(overrides));
}

/** An oracle outcome: by default a clean boot by CPU0. */
export const outcome = factoryMethod<Outcome>(() => ({
  kind: 'ok',
  cpu: 0,
  routine: null,
  label: null,
  step: 100,
  waits: [],
  site: '-',
  title: 'the new kernel booted with every CPU: CPU0',
}));

/** A platform context for kernel tests: two single-thread cores on the kexec path. */
export const platformContext = factoryMethod<PlatformContext>(() => ({
  cpus: 2,
  cores: 2,
  threadsPerCore: 1,
  features: {},
  path: 'kexec',
  lowMemory: 0x80,
  cpumask: cpumaskIdioms(2),
}));

/** Platform code for kernel tests: cmp's (generic r4k caches, a plain sync, no hooks, firmware start) unless overridden. */
export const platformCode = factoryMethod<PlatformCode>(() => platforms.cmp.code(platformContext()));

/** A signature as a test writes it: a literal, branded. */
export function sig(text: string): Signature {
  return text as Signature;
}
