/**
 * Scenario JSON text built to hurt: lists far past their limits, hundreds of thousands of bad entries or
 * unknown keys, megabyte keys full of terminal escapes, raw NaN, deep nesting, text past the size limit.
 * None of it is a valid scenario; each says what it is, for the failure message.
 */
import fc from 'fast-check';
import { scenarioLimits as limits } from '../../src/scenario/defaults.js';

export interface HostileText {
  readonly what: string;
  readonly text: string;
}

const base = { version: 1, platform: 'cps' };

/** Each list field with its limit, and where it sits. */
const lists = [
  { path: ['layout', 'segments'], max: limits.segments.max, entry: { base: 0x1000, words: 1 } },
  { path: ['timing', 'stalls'], max: limits.stalls.max, entry: { cpu: 0, from: 0, steps: 1 } },
  { path: ['timing', 'schedule'], max: limits.schedule.max, entry: [0, 1] },
  { path: ['timing', 'speeds'], max: limits.perCpu.max, entry: 1 },
  { path: ['faults', 'offlineBefore'], max: limits.perCpu.max, entry: 1 },
  { path: ['faults', 'wedged'], max: limits.perCpu.max, entry: { cpu: 1, from: 0, steps: null } },
  { path: ['faults', 'strayInterrupts'], max: limits.strayInterrupts.max, entry: { cpu: 0, at: 0 } },
] as const;

/** Entries that are valid, or wrong in a way each costs a message. */
const entryOf = (valid: unknown): fc.Arbitrary<unknown> => fc.constantFrom(valid, 'x', ['x', 'y'], { bogus: 1 }, null);

const inSection = (path: readonly string[], value: unknown): string => {
  const [section = '', field = ''] = path;
  const extra = section === 'timing' && field === 'schedule' ? { policy: 'replay' } : {};
  return JSON.stringify({ ...base, [section]: { ...extra, [field]: value } });
};

/** A list past its limit by 1 to 1000 entries, all alike. */
const overlongList: fc.Arbitrary<HostileText> = fc
  .constantFrom(...lists)
  .chain((l) => fc.tuple(fc.constant(l), fc.integer({ min: 1, max: 1000 }), entryOf(l.entry)))
  .map(([l, extra, entry]) => ({
    what: `${l.path.join('.')} with ${l.max + extra} entries`,
    text: inSection(l.path, new Array(l.max + extra).fill(entry)),
  }));

/** Up to the whole schedule limit of entries, every one of them wrong twice over. */
const manyBadEntries: fc.Arbitrary<HostileText> = fc.integer({ min: 1000, max: limits.schedule.max }).map((n) => ({
  what: `${n} bad schedule slices`,
  text: inSection(['timing', 'schedule'], new Array(n).fill(['x', 'y'])),
}));

/** Up to 100 000 unknown keys, at the top or in a section. */
const manyUnknownKeys: fc.Arbitrary<HostileText> = fc
  .tuple(fc.integer({ min: 1000, max: 100_000 }), fc.constantFrom('', 'timing', 'features', 'layout'))
  .map(([n, section]) => {
    const keys = Object.fromEntries(Array.from({ length: n }, (_, i) => [`unknown${i}`, i]));
    return {
      what: `${n} unknown keys in ${section || 'the top level'}`,
      text: JSON.stringify(section === '' ? { ...base, ...keys } : { ...base, [section]: keys }),
    };
  });

/** Characters a terminal would act on, and some that only look odd. */
const nasty = fc.constantFrom('k', '\n', '\r', '\u001b[2J', '\u0007', '"', '\\', '\u202e', '\u009b', 'é', '😀');

/** A key or a value of up to 3 MB, made of the characters above. */
const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.array(nasty, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1000, max: 3_000_000 }))
  .map(([parts, length]) => {
    const unit = parts.join('');
    return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  });

const hugeKey: fc.Arbitrary<HostileText> = fc
  .tuple(hugeText, fc.constantFrom('', 'timing', 'features', 'faults'))
  .map(([key, section]) => ({
    what: `a ${key.length}-character key in ${section || 'the top level'}`,
    text: JSON.stringify(section === '' ? { ...base, [key]: 1 } : { ...base, [section]: { [key]: 1 } }),
  }));

const hugeValue: fc.Arbitrary<HostileText> = fc
  .tuple(hugeText, fc.constantFrom('platform', 'path', 'version'))
  .map(([value, field]) => ({
    what: `a ${value.length}-character ${field}`,
    text: JSON.stringify({ ...base, [field]: value }),
  }));

/** Text past the size limit: one long string, or a long list of small numbers. */
const overSizeLimit: fc.Arbitrary<HostileText> = fc
  .tuple(fc.integer({ min: 1, max: 100_000 }), fc.boolean())
  .map(([extra, asList]) => {
    const size = limits.textBytes.max + extra;
    const text = asList
      ? `{"version":1,"platform":"cps","timing":{"speeds":[${'1,'.repeat(size / 2)}1]}}`
      : `{"version":1,"platform":"cps","$schema":"${'x'.repeat(size)}"}`;
    return { what: `${text.length} bytes of text`, text };
  });

/** Raw NaN or Infinity, which JSON does not have, as some field's value. */
const nonFinite: fc.Arbitrary<HostileText> = fc
  .tuple(
    fc.constantFrom('NaN', 'Infinity', '-Infinity'),
    fc.constantFrom(
      '"crashCpu": @',
      '"timing": {"seed": @}',
      '"timing": {"stalls": [{"cpu": 0, "from": @}]}',
      '"x": [[[@]]]',
    ),
  )
  .map(([word, field]) => ({
    what: `${word} in ${field}`,
    text: `{"version": 1, "platform": "cps",\n ${field.replace('@', word)}}`,
  }));

/** Arrays nested up to 500 000 deep, closed or not. */
const deepNesting: fc.Arbitrary<HostileText> = fc
  .tuple(fc.integer({ min: 1000, max: 500_000 }), fc.boolean())
  .map(([depth, closed]) => ({
    what: `arrays nested ${depth} deep${closed ? '' : ', never closed'}`,
    text: `{"version":1,"platform":"cps","timing":${'['.repeat(depth)}${closed ? ']'.repeat(depth) : ''}}`,
  }));

/** Any of the above; a counterexample prints as what it is, not as megabytes of text. */
export const hostileScenarioText: fc.Arbitrary<HostileText> = fc
  .oneof(overlongList, manyBadEntries, manyUnknownKeys, hugeKey, hugeValue, overSizeLimit, nonFinite, deepNesting)
  .map((h) => ({ ...h, [fc.toStringMethod]: () => `${h.what} (${h.text.length} characters)` }));
