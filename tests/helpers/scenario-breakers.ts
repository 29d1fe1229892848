/**
 * Scenario inputs with exactly one field broken in a known way, and the field the validation error must name:
 * each breaker takes a valid scenario (from `scenario-arbitraries.ts`) and returns the ways to break one field.
 */
import fc from 'fast-check';
import type { Region, Scenario } from '../../src/contract/scenario.js';
import { topologyLimits } from '../../src/contract/topology.js';
import { cpuIn, featureProblem, intIn, type Range } from '../../src/scenario/arbitraries.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { scenarioLimits as limits } from '../../src/scenario/defaults.js';
import { validScenarioInput } from './scenario-arbitraries.js';

/** An input with one field broken, and the dotted path of the field the validation error must name. */
export interface MalformedScenario {
  readonly input: unknown;
  readonly field: string;
}

/** A valid input with exactly one field broken, and the field the error must name. */
export function malformedScenarioInput(): fc.Arbitrary<MalformedScenario> {
  return validScenarioInput().chain((input) => {
    const s = validateScenario(input);
    const ways = breakers.map((b) => b(s)).filter((a): a is fc.Arbitrary<Breakage> => a !== undefined);
    return fc.oneof(...ways).map((b) => ({ input: withField(input, b.path, b.value), field: b.field }));
  });
}

/** Every assignment of the platform's toggles that its own rule rejects (a platform has few, so try them all). */
function impossibleFeatures(s: Scenario): Record<string, boolean>[] {
  let assignments: Record<string, boolean>[] = [{}];
  for (const name of Object.keys(topologyLimits[s.platform].features)) {
    assignments = assignments.flatMap((a) => [
      { ...a, [name]: false },
      { ...a, [name]: true },
    ]);
  }
  return assignments.filter((a) => featureProblem(s.platform, s, a) !== undefined);
}

interface Breakage {
  /** Where to write in the input; `remove` deletes the key instead. */
  readonly path: readonly (string | number)[];
  readonly value: unknown;
  readonly field: string;
}

const remove: unique symbol = Symbol('remove');

const at = (field: string, value: unknown, path = field.split('.')): Breakage => ({ path, value, field });
const setTo = (field: string, values: readonly unknown[]): fc.Arbitrary<Breakage> =>
  fc.constantFrom(...values).map((v) => at(field, v));

/** Each returns the ways to break one field of `s`, or undefined when that field cannot be broken here. */
const breakers: readonly ((s: Scenario) => fc.Arbitrary<Breakage> | undefined)[] = [
  () => setTo('version', [2, 0, '1', remove, null]),
  () => setTo('platform', ['mips', 'CPS', 42, remove]),
  () => setTo('bogus', [1]),
  (s) => setTo('cores', [topologyLimits[s.platform].maxCores + 1, 0, 1.5, '2']),
  () => setTo('threadsPerCore', [3, 0, 'two']),
  () => setTo('features', ['mt', [true]]),
  () => setTo('features.bogus', [true]),
  (s) => {
    const [name] = Object.keys(s.features);
    return name === undefined ? undefined : setTo(`features.${name}`, ['yes', 1, null]);
  },
  (s) => {
    const impossible = impossibleFeatures(s);
    return impossible.length === 0
      ? undefined
      : setTo('threadsPerCore', impossible).map((b) => ({ ...b, path: ['features'] }));
  },
  () => setTo('path', ['panic', 'KDUMP', 0]),
  (s) => setTo('crashCpu', [cpusOf(s), -1, '0', 0.5]),
  () => setTo('faults', [[], 'none']),
  () => setTo('faults.bogus', [1]),
  () => setTo('faults.crossCallAfterPark', ['yes', 1]),
  () => setTo('faults.controlPagePrimed', ['no', 0]),
  () => setTo('faults.offlineBefore', [7, '1,2']),
  (s) => {
    const list = s.faults.offlineBefore;
    const field = `faults.offlineBefore[${list.length}]`;
    const bad = [0, cpusOf(s), -1, 'one'];
    if (s.crashCpu !== 0) bad.push(s.crashCpu);
    if (list[0] !== undefined) bad.push(list[0]);
    return fc.constantFrom(...bad).map((cpu) => at(field, [...list, cpu], ['faults', 'offlineBefore']));
  },
  (s) => {
    const list = s.faults.wedged;
    const i = list.length;
    const cpu = cpusOf(s);
    const wedged = (w: unknown): unknown[] => [...list, w];
    const ways = [
      at(`faults.wedged[${i}].cpu`, wedged({ cpu, from: 0, steps: null })),
      ...outside(limits.steps).map((from) => at(`faults.wedged[${i}].from`, wedged({ cpu: 0, from, steps: null }))),
      ...outside(limits.stepCount).map((steps) => at(`faults.wedged[${i}].steps`, wedged({ cpu: 0, from: 0, steps }))),
      at(`faults.wedged[${i}].steps`, wedged({ cpu: 0, from: 0 })),
      at(`faults.wedged[${i}]`, wedged(3)),
    ];
    const first = list[0];
    if (first !== undefined) ways.push(at(`faults.wedged[${i}].cpu`, wedged({ ...first })));
    return fc.constantFrom(...ways.map((b) => ({ ...b, path: ['faults', 'wedged'] })));
  },
  () => setTo('timing', [7, [1]]),
  () => setTo('timing.bogus', [1]),
  () => setTo('timing.seed', [...outside(limits.seed), 1.5, '1', 1e308]),
  () => setTo('timing.policy', ['random', 'PCT', null]),
  () => setTo('timing.quantum', outside(limits.quantum)),
  () => setTo('timing.pctDepth', outside(limits.pctDepth)),
  () => setTo('timing.pctHorizon', outside(limits.pctHorizon)),
  () => setTo('timing.budget', [...outside(limits.budget), '2000000']),
  () => setTo('timing.progressWindow', outside(limits.progressWindow)),
  (s) =>
    fc
      .integer({ min: limits.budget.min, max: limits.progressWindow.max - 1 })
      .map((budget) => at('timing.progressWindow', { ...s.timing, budget, progressWindow: budget + 1 }, ['timing'])),
  (s) => fc.constant(at('timing.speeds', [...s.timing.speeds, 4])),
  (s) =>
    fc.tuple(cpuIn(cpusOf(s)), fc.constantFrom(...outside(limits.speed), 'fast', 2.5)).map(([i, v]) =>
      at(
        `timing.speeds[${i}]`,
        s.timing.speeds.map((x, j) => (j === i ? v : x)),
        ['timing', 'speeds'],
      ),
    ),
  (s) => fc.constantFrom(...outside(limits.ipiLatency), 'x').map((v) => ipi('min', { ...s.timing.ipiLatency, min: v })),
  (s) =>
    fc.constantFrom(...outside(limits.ipiLatency), null).map((v) => ipi('max', { ...s.timing.ipiLatency, max: v })),
  () => intIn(limits.ipiLatency, { min: limits.ipiLatency.min + 1 }).map((v) => ipi('max', { min: v, max: v - 1 })),
  (s) => {
    const i = s.timing.stalls.length;
    const stalls = (st: unknown): unknown[] => [...s.timing.stalls, st];
    return fc.constantFrom(
      at(`timing.stalls[${i}].cpu`, stalls({ cpu: cpusOf(s), from: 0, steps: 1 }), ['timing', 'stalls']),
      ...outside(limits.steps).map((from) =>
        at(`timing.stalls[${i}].from`, stalls({ cpu: 0, from, steps: 1 }), ['timing', 'stalls']),
      ),
      ...outside(limits.stallSteps).map((steps) =>
        at(`timing.stalls[${i}].steps`, stalls({ cpu: 0, from: 0, steps }), ['timing', 'stalls']),
      ),
      at(`timing.stalls[${i}].bogus`, stalls({ cpu: 0, from: 0, steps: 1, bogus: 1 }), ['timing', 'stalls']),
    );
  },
  (s) => {
    const schedule = s.timing.schedule;
    if (s.timing.policy !== 'replay') {
      return fc.constant(at('timing.schedule', [[0, 1]]));
    }
    const i = schedule.length;
    const slices = (x: unknown): unknown[] => [...schedule, x];
    return fc.constantFrom(
      at('timing.schedule', []),
      at(`timing.schedule[${i}][0]`, slices([cpusOf(s), 1]), ['timing', 'schedule']),
      ...outside(limits.stepCount).map((steps) =>
        at(`timing.schedule[${i}][1]`, slices([0, steps]), ['timing', 'schedule']),
      ),
      at(`timing.schedule[${i}]`, slices([0]), ['timing', 'schedule']),
      at(`timing.schedule[${i}]`, slices({ cpu: 0, steps: 1 }), ['timing', 'schedule']),
    );
  },
  () => setTo('layout', ['big', [1]]),
  () => setTo('layout.bogus', [1]),
  () => setTo('layout.memWords', [3000, ...outsidePowers(limits.memWordsLog2), 65536.5]),
  () => setTo('layout.cache', [8]),
  () => setTo('layout.cache.lineWords', [5, 32, '8']),
  () => {
    const [below, above] = outsidePowers(limits.l1SetsLog2);
    return setTo('layout.cache.l1Sets', [below, 12, above]);
  },
  () => setTo('layout.cache.l1Ways', outside(limits.l1Ways)),
  () => {
    const [below, above] = outsidePowers(limits.l2SetsLog2);
    return setTo('layout.cache.l2Sets', [below, 12, above, -16]);
  },
  () => setTo('layout.cache.l2Ways', outside(limits.l2Ways)),
  (s) => fc.constantFrom(...regionFields(s)).chain((r) => brokenRegion(s, r.field, r.path, r.region)),
  (s) => {
    const list = s.layout.segments;
    const first = list[0];
    if (first === undefined || list.length >= limits.segments.max) return undefined;
    return fc.constant(at(`layout.segments[${list.length}]`, [...list, { ...first }], ['layout', 'segments']));
  },
  (s) =>
    setTo('layout.segments', [[], Array.from({ length: limits.segments.max + 1 }, () => ({ ...s.layout.oldKernel }))]),
  (s) => {
    const first = s.layout.segments[0];
    return first === undefined ? undefined : fc.constant(at('layout.controlPage', { ...first }));
  },
  (s) => fc.constant(at('layout.crashRegion', { ...s.layout.oldKernel })),
  (s) => fc.constant(at('layout.controlPage', { ...s.layout.oldKernel })),
  (s) => {
    if (s.path !== 'kdump') return undefined;
    const outside = s.layout.segments.map((seg, i) => (i === 0 ? { ...s.layout.oldKernel } : seg));
    return fc.constantFrom(
      at('layout.crashRegion', null),
      at('layout.segments[0]', outside, ['layout', 'segments']),
      at('layout.controlPage', { ...s.layout.oldKernel }),
    );
  },
];

const cpusOf = (s: Scenario): number => s.cores * s.threadsPerCore;

/** The nearest integers on either side of a range. */
const outside = (r: Range): number[] => [r.min - 1, r.max + 1];

/** The nearest powers of two on either side of the range of exponents `log2`. */
const outsidePowers = (log2: Range): [number, number] => [2 ** (log2.min - 1), 2 ** (log2.max + 1)];
const ipi = (which: 'min' | 'max', value: unknown): Breakage =>
  at(`timing.ipiLatency.${which}`, value, ['timing', 'ipiLatency']);

interface RegionField {
  readonly field: string;
  readonly path: readonly (string | number)[];
  readonly region: Region;
}

function regionFields(s: Scenario): RegionField[] {
  const l = s.layout;
  const fields: RegionField[] = [
    { field: 'layout.oldKernel', path: ['layout', 'oldKernel'], region: l.oldKernel },
    { field: 'layout.controlPage', path: ['layout', 'controlPage'], region: l.controlPage },
    ...l.segments.map((region, i) => ({ field: `layout.segments[${i}]`, path: ['layout', 'segments', i], region })),
  ];
  if (l.crashRegion !== null)
    fields.push({ field: 'layout.crashRegion', path: ['layout', 'crashRegion'], region: l.crashRegion });
  return fields;
}

/** A region with a bad base or size, an unknown key, or running off the end of memory. */
function brokenRegion(
  s: Scenario,
  field: string,
  path: readonly (string | number)[],
  r: Region,
): fc.Arbitrary<Breakage> {
  // Write the whole layout, so a region that was defaulted before is explicit now and `path` exists.
  const write = (part: string, value: unknown): Breakage => ({
    path: ['layout'],
    value: withField(s.layout, path.slice(1), value),
    field: part === '' ? field : `${field}.${part}`,
  });
  return fc.constantFrom(
    write('base', { ...r, base: limits.lowestBase - 1 }),
    write('base', { ...r, base: -1 }),
    write('base', { ...r, base: '0x1000' }),
    write('words', { ...r, words: 0 }),
    write('words', { base: r.base }),
    write('size', { ...r, size: 1 }),
    write('', { base: s.layout.memWords - 1, words: 2 }),
    write('', [r.base, r.words]),
  );
}

/** A copy of plain JSON data with one value replaced (or removed), creating objects along the way. */
function withField(data: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (Array.isArray(data) && typeof key === 'number') {
    return data.map((x, i) => (i === key ? withField(x, rest, value) : x));
  }
  const o: Record<string, unknown> =
    typeof data === 'object' && data !== null ? { ...(data as Record<string, unknown>) } : {};
  const k = String(key);
  if (rest.length === 0 && value === remove) delete o[k];
  else o[k] = withField(o[k], rest, value);
  return o;
}
