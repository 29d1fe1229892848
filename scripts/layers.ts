/**
 * The one table of which layer of src/ may import which (docs/architecture.md). `npm run layers` writes
 * biome.json's import rules from it; tests/layers.test.ts checks that biome.json is up to date and that
 * every import in src/ follows it, so the arrows are checked twice: by the linter as you type, by a test in CI.
 */

export const layerNames = [
  'machine',
  'contract',
  'kernel',
  'platforms',
  'strategies',
  'scenario',
  'oracle',
  'store',
  'report',
  'run',
  'fuzz',
  'cli',
] as const;
export type Layer = (typeof layerNames)[number];

export interface LayerRule {
  /** The other layers it may import (itself and `src/errors.ts` always). */
  readonly imports: readonly Layer[];
  /** Whether it may use Node's built-in modules (`node:*`). */
  readonly node: boolean;
  /** The lint message when it imports something else: why the arrow points the way it does. */
  readonly why: string;
}

export const layerRules: Readonly<Record<Layer, LayerRule>> = {
  machine: {
    imports: [],
    node: false,
    why: 'machine/ is the emulator: it imports only itself, no Node APIs, so it replays bit for bit in any worker.',
  },
  contract: {
    imports: ['machine'],
    node: false,
    why: 'contract/ is shared vocabulary (types and small tables): it imports only machine/ types.',
  },
  kernel: {
    imports: ['contract', 'machine'],
    node: false,
    why: 'kernel/ writes routines with machine/; it sees a platform only through contract/, never platforms/.',
  },
  platforms: {
    imports: ['contract', 'machine'],
    node: false,
    why: 'platforms/ describe hardware facts and code through contract/; never kernel/ or anything above.',
  },
  strategies: {
    imports: ['contract'],
    node: true,
    why: 'strategies/ are data over contract/ (KernelOptions, the platform code they may refuse).',
  },
  scenario: {
    imports: ['contract'],
    node: true,
    why: 'scenario/ is the fuzz input: codec, defaults and arbitraries over contract/ only.',
  },
  oracle: {
    imports: ['contract', 'machine'],
    node: false,
    why: 'oracle/ judges a finished machine with the vocabulary it is given; it never imports what ran.',
  },
  store: {
    imports: ['contract'],
    node: true,
    why: 'store/ is the only SQL: better-sqlite3 and contract/ rows, nothing that runs or prints.',
  },
  report: {
    imports: ['contract', 'machine'],
    node: false,
    why: 'report/ turns plain data into strings (machine/ only to disassemble and decode traces).',
  },
  run: {
    imports: ['kernel', 'platforms', 'strategies', 'oracle', 'machine', 'contract'],
    node: false,
    why: 'run/ is where a scenario meets a strategy, a platform, the kernel, the machine and the oracle.',
  },
  fuzz: {
    imports: ['run', 'scenario', 'oracle', 'contract', 'machine'],
    node: true,
    why: 'fuzz/ runs scenarios only through run/ (never kernel/, platforms/ or strategies/) and reports through hooks, never store/, report/ or cli/.',
  },
  cli: {
    imports: ['fuzz', 'store', 'report', 'run', 'scenario', 'contract'],
    node: true,
    why: 'cli/ wires fuzz/, store/ and report/ to the terminal; it reaches the engine only through run/.',
  },
};

/** The biome `noRestrictedImports` patterns for one layer: everything up a level, but what it may import. */
export function restrictedPatterns(layer: Layer): string[] {
  const rule = layerRules[layer];
  const allowed = ['!../errors.js', ...rule.imports.map((l) => `!../${l}/**`)];
  return ['../**', ...allowed, ...(rule.node ? [] : ['node:*'])];
}

/** biome.json's `overrides` entry for one layer's imports. */
export function biomeOverride(layer: Layer) {
  return {
    includes: [`src/${layer}/**`],
    linter: {
      rules: {
        style: {
          noRestrictedImports: {
            level: 'error',
            options: { patterns: [{ group: restrictedPatterns(layer), message: layerRules[layer].why }] },
          },
        },
      },
    },
  };
}
