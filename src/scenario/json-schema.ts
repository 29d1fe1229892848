/**
 * The scenario format as a JSON Schema (draft 2020-12), for editors and for tools that write scenarios;
 * `kexfuzz scenario schema` prints it. It is built from the tables the validator reads (platform names and
 * topology limits, `scenarioLimits`, paths, policies, defaults), so the two agree on every name and number.
 * The schema judges each field on its own and narrows topology and features per platform; the rules that
 * relate one field to another stay with the validator, and `crossFieldRules` lists them for the description.
 */

import type { CacheGeometryInput, FaultsInput, LayoutInput, ScenarioInput, TimingInput } from '../contract/scenario.js';
import { scenarioPaths, scenarioVersion, schedulePolicies } from '../contract/scenario.js';
import { maxCpus, platformNames, topologyLimits } from '../contract/topology.js';
import { sameJson } from './canonical-json.js';
import {
  defaultsFor,
  defaultsTable,
  featureDefault,
  scenarioLimits as limits,
  type ResolvedDefaults,
} from './defaults.js';

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

/** The part of JSON Schema 2020-12 this module emits: nothing else appears in the schema. */
export interface JsonSchema {
  readonly $schema?: string;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly type?: JsonType | readonly JsonType[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly items?: JsonSchema;
  readonly prefixItems?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly if?: JsonSchema;
  readonly then?: JsonSchema;
}

/** What only `kexfuzz scenario check` (the validator) judges: rules between fields, which a schema cannot state. */
export const crossFieldRules: readonly string[] = [
  `cores × threadsPerCore is at most ${maxCpus} CPUs, and the features are a combination the platform can have with that topology`,
  'every CPU number (crashCpu, faults, stalls, schedule slices) is below cores × threadsPerCore',
  'faults.offlineBefore does not list crashCpu, is empty on boards that cannot hot-unplug a CPU (CPS without power gating, smp-cmp), and faults.wedged names each CPU at most once',
  'timing.speeds has one entry per CPU',
  'timing.ipiLatency.min is at most timing.ipiLatency.max',
  'timing.progressWindow is at most timing.budget',
  'timing.schedule is non-empty when timing.policy is "replay", and empty otherwise',
  'every region ends within layout.memWords; segments do not overlap each other; the control page overlaps no segment and not the old kernel; the crash region does not overlap the old kernel',
  'with path "kdump", layout.crashRegion is not null, and the segments and the control page lie inside it',
];

type Range = { readonly min: number; readonly max: number };

const int = (range: Range, description: string, more: JsonSchema = {}): JsonSchema => ({
  type: 'integer',
  minimum: range.min,
  maximum: range.max,
  description,
  ...more,
});

const powersOfTwo = (log2: Range): number[] =>
  Array.from({ length: log2.max - log2.min + 1 }, (_, i) => 2 ** (log2.min + i));

/** An object with only these fields: the validator reports any other key. */
const object = (
  description: string,
  properties: Readonly<Record<string, JsonSchema>>,
  required: readonly string[] = [],
): JsonSchema => ({
  type: 'object',
  description,
  properties,
  ...(required.length === 0 ? {} : { required }),
  additionalProperties: false,
});

const array = (description: string, items: JsonSchema, more: JsonSchema = {}): JsonSchema => ({
  type: 'array',
  description,
  items,
  ...more,
});

const defs = {
  cpu: int(
    { min: 0, max: maxCpus - 1 },
    'A CPU, numbered core-major (CPU0 and CPU1 are core 0 when threadsPerCore is 2); below cores × threadsPerCore.',
  ),
  region: object(
    'A span of memory in 32-bit words.',
    {
      base: int(
        { min: limits.lowestBase, max: 2 ** limits.memWordsLog2.max - 1 },
        'First word; the words below the minimum hold the exception vectors.',
      ),
      words: int({ min: 1, max: 2 ** limits.memWordsLog2.max }, 'Length in words; the region ends within memory.'),
    },
    ['base', 'words'],
  ),
  wedge: object(
    'A CPU stuck with interrupts off, taking no IPI while wedged.',
    {
      cpu: { $ref: '#/$defs/cpu' },
      from: int(limits.steps, 'The step at which it wedges.'),
      steps: {
        type: ['integer', 'null'],
        minimum: 1,
        maximum: limits.steps.max,
        description: 'How many steps it stays wedged; null for forever.',
      },
    },
    ['cpu', 'from', 'steps'],
  ),
  strayInterrupt: object(
    'A software interrupt nobody sends; it arrives as an IPI would.',
    {
      cpu: { $ref: '#/$defs/cpu' },
      at: int(limits.steps, 'The step at which it arrives.'),
    },
    ['cpu', 'at'],
  ),
  stall: object(
    'A CPU that executes nothing for a while.',
    {
      cpu: { $ref: '#/$defs/cpu' },
      from: int(limits.steps, 'The step at which the stall begins.'),
      steps: int(limits.stallSteps, 'Length of the stall in steps.'),
    },
    ['cpu', 'from', 'steps'],
  ),
  slice: {
    type: 'array',
    description: 'One slice of a recorded schedule: [cpu, steps] runs that CPU for that many steps.',
    prefixItems: [{ $ref: '#/$defs/cpu' }, int({ min: 1, max: limits.steps.max }, 'Steps.')],
    minItems: 2,
    maxItems: 2,
  },
} satisfies Record<string, JsonSchema>;

const ref = (name: keyof typeof defs, description?: string): JsonSchema => ({
  $ref: `#/$defs/${name}`,
  ...(description === undefined ? {} : { description }),
});

/** `{default}` when every platform and path has the same default for the field, else nothing: it varies. */
function sharedDefault(pick: (d: ResolvedDefaults) => unknown): JsonSchema {
  const values = platformNames.flatMap((p) => scenarioPaths.map((path) => pick(defaultsFor(p, path))));
  const [first] = values;
  return values.every((v) => sameJson(v, first)) ? { default: first } : {};
}

/** An integer field of `timing` whose range is the `scenarioLimits` entry of the same name. */
const timingInt = (
  key: 'seed' | 'quantum' | 'pctDepth' | 'pctHorizon' | 'budget' | 'progressWindow',
  description: string,
): JsonSchema =>
  int(
    limits[key],
    description,
    sharedDefault((d) => d.timing[key]),
  );

/** An integer field of `layout.cache` whose range is the `scenarioLimits` entry of the same name. */
const cacheInt = (key: 'l1Ways' | 'l2Ways', description: string): JsonSchema =>
  int(
    limits[key],
    description,
    sharedDefault((d) => d.layout.cache[key]),
  );

const faults = {
  offlineBefore: array(
    'CPUs hot-unplugged before the kexec (parked in play_dead): never CPU 0 (hotplug refuses it), never crashCpu.',
    { ...ref('cpu'), minimum: 1 },
    { uniqueItems: true, maxItems: limits.perCpu.max, ...sharedDefault((d) => d.faults.offlineBefore) },
  ),
  wedged: array('CPUs stuck with interrupts off; at most one entry per CPU.', ref('wedge'), {
    maxItems: limits.perCpu.max,
    ...sharedDefault((d) => d.faults.wedged),
  }),
  crossCallAfterPark: {
    type: 'boolean',
    description: 'A later synchronous cross-call (e.g. from a panic notifier) after the other CPUs were parked.',
    ...sharedDefault((d) => d.faults.crossCallAfterPark),
  },
  controlPagePrimed: {
    type: 'boolean',
    description: 'The control page memory held code CPUs executed earlier, so their I-caches may hold stale lines.',
    ...sharedDefault((d) => d.faults.controlPagePrimed),
  },
  strayInterrupts: array(
    'Software interrupts nobody sends (a stray SW interrupt, an IPI from outside the model), in any order.',
    ref('strayInterrupt'),
    { maxItems: limits.strayInterrupts.max, ...sharedDefault((d) => d.faults.strayInterrupts) },
  ),
} satisfies { readonly [K in keyof Required<FaultsInput>]: JsonSchema };

const timing = {
  seed: timingInt('seed', 'Seed of the one PRNG behind scheduling, IPI latencies and stalls.'),
  policy: {
    enum: [...schedulePolicies],
    description:
      'How the scheduler picks the next CPU: "weighted" (random by speed, in bursts), "pct" (priorities with change points) or "replay" (the recorded schedule).',
    ...sharedDefault((d) => d.timing.policy),
  },
  speeds: array(
    'Relative speed of each CPU, one entry per CPU; by default every CPU has the same speed.',
    int(limits.speed, 'Relative speed.'),
    { maxItems: limits.perCpu.max },
  ),
  quantum: timingInt('quantum', 'Longest burst, in steps, the weighted policy gives one CPU.'),
  pctDepth: timingInt('pctDepth', 'PCT bug depth: the number of priority change points.'),
  pctHorizon: timingInt('pctHorizon', 'Steps over which PCT spreads its change points.'),
  ipiLatency: {
    ...object(
      'IPI delivery latency range in steps, min ≤ max.',
      { min: int(limits.ipiLatency, 'Shortest latency.'), max: int(limits.ipiLatency, 'Longest latency.') },
      ['min', 'max'],
    ),
    ...sharedDefault((d) => d.timing.ipiLatency),
  },
  stalls: array(`Stalls to inject, at most ${limits.stalls.max}.`, ref('stall'), {
    maxItems: limits.stalls.max,
    ...sharedDefault((d) => d.timing.stalls),
  }),
  schedule: array(
    `The recorded schedule: required with policy "replay", empty otherwise; at most ${limits.schedule.max} slices.`,
    ref('slice'),
    { maxItems: limits.schedule.max, ...sharedDefault((d) => d.timing.schedule) },
  ),
  budget: timingInt('budget', 'Hard limit on the steps of one run.'),
  progressWindow: timingInt(
    'progressWindow',
    'Steps without progress after which a run counts as stuck; at most timing.budget.',
  ),
} satisfies { readonly [K in keyof Required<TimingInput>]: JsonSchema };

const cache = {
  lineWords: {
    enum: [...limits.lineWords],
    description: 'Words per cache line.',
    ...sharedDefault((d) => d.layout.cache.lineWords),
  },
  l1Sets: {
    enum: powersOfTwo(limits.l1SetsLog2),
    description: 'Sets of each L1 cache (a power of two).',
    ...sharedDefault((d) => d.layout.cache.l1Sets),
  },
  l1Ways: cacheInt('l1Ways', 'Ways of each L1 cache.'),
  l2Sets: {
    enum: [0, ...powersOfTwo(limits.l2SetsLog2)],
    description: 'Sets of the secondary cache: 0 for none, else a power of two.',
    ...sharedDefault((d) => d.layout.cache.l2Sets),
  },
  l2Ways: cacheInt('l2Ways', 'Ways of the secondary cache.'),
} satisfies { readonly [K in keyof Required<CacheGeometryInput>]: JsonSchema };

/** Regions have no `default` here: theirs depend on the path (`kexfuzz scenario defaults PLATFORM --path P`). */
const layout = {
  memWords: {
    enum: powersOfTwo(limits.memWordsLog2),
    description: 'Memory size in words (a power of two).',
    ...sharedDefault((d) => d.layout.memWords),
  },
  cache: object('Cache geometry, sizes in words; missing fields take their defaults.', cache),
  oldKernel: ref('region', "The running (old) kernel's text and data."),
  controlPage: ref(
    'region',
    'The kexec control page: clear of every segment and of the old kernel; inside crashRegion for kdump.',
  ),
  segments: array(
    "Where the new image's segments land: regions that do not overlap; inside crashRegion for kdump.",
    ref('region'),
    { minItems: limits.segments.min, maxItems: limits.segments.max },
  ),
  crashRegion: {
    description: 'The crashkernel= reservation: required for kdump, null for none.',
    anyOf: [ref('region'), { type: 'null' }],
  },
} satisfies { readonly [K in keyof Required<LayoutInput>]: JsonSchema };

/** What `platform` decides: its core range, thread counts and features, each feature with its default. */
function platformRules(): JsonSchema[] {
  return platformNames.map((platform) => {
    const t = topologyLimits[platform];
    const features = Object.entries(t.features).map(([name, spec]) => {
      const d = featureDefault(spec, t);
      const schema: JsonSchema = {
        type: 'boolean',
        description: `${spec.description}. Default: ${d.rule}.`,
        ...(d.fixed ? { default: d.value } : {}),
      };
      return [name, schema] as const;
    });
    return {
      if: { properties: { platform: { const: platform } }, required: ['platform'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then; this object is data, never awaited.
      then: {
        properties: {
          cores: { minimum: t.minCores, maximum: t.maxCores, default: t.defaultCores },
          threadsPerCore: { enum: [...t.threadsPerCore], default: t.defaultThreadsPerCore },
          features: { properties: Object.fromEntries(features), additionalProperties: false },
        },
      },
    };
  });
}

/** The scenario format as a JSON Schema (draft 2020-12). */
export function scenarioJsonSchema(): JsonSchema {
  const properties = {
    $schema: { type: 'string', description: 'Where an editor finds this schema; kexfuzz ignores it.' },
    version: { const: scenarioVersion, description: 'The scenario format version.' },
    platform: { enum: [...platformNames], description: 'The platform; `kexfuzz platforms` describes each.' },
    cores: int({ min: 1, max: maxCpus }, "Cores, within the platform's limits."),
    threadsPerCore: int({ min: 1, max: maxCpus }, "Hardware threads per core, one of the platform's choices."),
    features: {
      type: 'object',
      description: "The platform's toggles; those left out take the platform's default for the topology.",
      additionalProperties: { type: 'boolean' },
    },
    path: {
      enum: [...scenarioPaths],
      description: '"kexec": a kexec -e reboot. "kdump": a panic that jumps into the crash kernel.',
      default: defaultsTable.path,
    },
    crashCpu: {
      ...ref('cpu', 'kdump: the CPU that panics; kexec: the CPU that reboots.'),
      ...sharedDefault((d) => d.crashCpu),
    },
    faults: object('Things that go wrong before or during the kexec.', faults),
    timing: object("Everything that decides how the CPUs' executions interleave.", timing),
    layout: object(
      'Where things sit in memory, in 32-bit words; regions left out take the defaults for the path.',
      layout,
    ),
  } satisfies { readonly [K in keyof Required<ScenarioInput>]: JsonSchema };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'kexfuzz scenario',
    description: [
      `A kexfuzz scenario, format version ${scenarioVersion}: only "version" and "platform" are required, every other field has a default.`,
      'This schema checks each field on its own. `kexfuzz scenario check` also checks the rules between fields:',
      ...crossFieldRules.map((rule) => `- ${rule}.`),
    ].join('\n'),
    type: 'object',
    properties,
    required: ['version', 'platform'],
    additionalProperties: false,
    allOf: platformRules(),
    $defs: defs,
  };
}
