/**
 * The `layout` section: memory size, cache geometry, and where the regions sit relative to each other. Regions
 * the input leaves out are judged at their defaults, and messages say so.
 */

import type { CacheGeometryInput, LayoutInput, Region, ScenarioPath } from '../contract/scenario.js';
import { type Check, conflict, expected, hex, isBad, item, type Resolved, span } from './check.js';
import { compact } from './compact.js';
import { scenarioLimits as limits, type ResolvedDefaults } from './defaults.js';
import {
  complete,
  isPowerOfTwoIn,
  optional,
  own,
  readArray,
  readChoice,
  readInt,
  readObject,
  readPowerOfTwo,
  readRegion,
} from './readers.js';

const layoutFields = ['memWords', 'cache', 'oldKernel', 'controlPage', 'segments', 'crashRegion'] as const;
const cacheFields = ['lineWords', 'l1Sets', 'l1Ways', 'l2Sets', 'l2Ways'] as const;

export function readLayout(c: Check, raw: unknown, r: Resolved): LayoutInput | undefined {
  const o = readObject(c, raw, 'layout', layoutFields);
  if (o === undefined) return undefined;
  const memWords = optional(own(o, 'memWords'), (x) =>
    readPowerOfTwo(c, x, 'layout.memWords', limits.memWordsLog2.min, limits.memWordsLog2.max),
  );
  const cache = optional(own(o, 'cache'), (x) => readCache(c, x));
  const oldKernel = optional(own(o, 'oldKernel'), (x) => readRegion(c, x, 'layout.oldKernel'));
  const controlPage = optional(own(o, 'controlPage'), (x) => readRegion(c, x, 'layout.controlPage'));
  const segments = optional(own(o, 'segments'), (x) =>
    readArray(
      c,
      x,
      'layout.segments',
      '{"base", "words"} regions',
      (v, field) => readRegion(c, v, field),
      limits.segments,
    ),
  );
  const rawCrash = own(o, 'crashRegion');
  const crashRegion = rawCrash === null ? null : optional(rawCrash, (x) => readRegion(c, x, 'layout.crashRegion'));
  if (r.defaults !== undefined && r.path !== undefined) {
    checkRegions(c, { memWords, oldKernel, controlPage, segments, crashRegion }, r.defaults, r.path);
  }
  return compact({
    memWords,
    cache,
    oldKernel,
    controlPage,
    segments: complete(segments),
    crashRegion,
  });
}

function readCache(c: Check, raw: unknown): CacheGeometryInput | undefined {
  const o = readObject(c, raw, 'layout.cache', cacheFields);
  if (o === undefined) return undefined;
  return compact({
    lineWords: optional(own(o, 'lineWords'), (x) => readChoice(c, x, 'layout.cache.lineWords', limits.lineWords)),
    l1Sets: optional(own(o, 'l1Sets'), (x) =>
      readPowerOfTwo(c, x, 'layout.cache.l1Sets', limits.l1SetsLog2.min, limits.l1SetsLog2.max),
    ),
    l1Ways: optional(own(o, 'l1Ways'), (x) =>
      readInt(c, x, 'layout.cache.l1Ways', limits.l1Ways.min, limits.l1Ways.max),
    ),
    l2Sets: optional(own(o, 'l2Sets'), (x) => readL2Sets(c, x)),
    l2Ways: optional(own(o, 'l2Ways'), (x) =>
      readInt(c, x, 'layout.cache.l2Ways', limits.l2Ways.min, limits.l2Ways.max),
    ),
  });
}

function readL2Sets(c: Check, raw: unknown): number | undefined {
  const { min, max } = limits.l2SetsLog2;
  if (raw === 0 || isPowerOfTwoIn(raw, min, max)) return raw + 0;
  const what = `0 (no secondary cache) or a power of two from ${2 ** min} (2^${min}) to ${2 ** max} (2^${max})`;
  return expected(c, 'layout.cache.l2Sets', what, raw);
}

interface GivenRegions {
  readonly memWords: number | undefined;
  readonly oldKernel: Region | undefined;
  readonly controlPage: Region | undefined;
  readonly segments: readonly (Region | undefined)[] | undefined;
  readonly crashRegion: Region | null | undefined;
}

/** A region as judged: given by the user or filled from the defaults (messages say which). */
interface Placed {
  readonly field: string;
  readonly region: Region;
  readonly note: string;
}

/**
 * Where regions may sit relative to each other (kexec_core.c): the control page is allocated from free memory,
 * so clear of every destination segment and of the running kernel's text; a crash image's segments and control
 * page lie inside crashk_res; the reservation itself is never part of the running kernel. Regions whose own
 * value was bad are left out.
 */
function checkRegions(c: Check, given: GivenRegions, d: ResolvedDefaults, path: ScenarioPath): void {
  const note = `(the default for path "${path}") `;
  const place = (field: string, region: Region | undefined, fallback: Region | undefined): Placed | undefined => {
    if (isBad(c, field)) return undefined;
    if (region !== undefined) return { field, region, note: '' };
    return fallback === undefined ? undefined : { field, region: fallback, note };
  };
  const oldKernel = place('layout.oldKernel', given.oldKernel, d.layout.oldKernel);
  const controlPage = place('layout.controlPage', given.controlPage, d.layout.controlPage);
  const segments: Placed[] = [];
  const givenSegments = given.segments ?? d.layout.segments;
  givenSegments.forEach((region, i) => {
    if (region !== undefined) {
      segments.push({ field: item('layout.segments', i), region, note: given.segments === undefined ? note : '' });
    }
  });
  const crashGiven = given.crashRegion;
  const crashNull = crashGiven === null || (crashGiven === undefined && d.layout.crashRegion === null);
  const crashRegion =
    crashNull || isBad(c, 'layout.crashRegion')
      ? undefined
      : place('layout.crashRegion', crashGiven ?? undefined, d.layout.crashRegion ?? undefined);
  /** How a message shows another region: its span, and whether it is a default. */
  const other = (p: Placed): string => `"${p.field}" (${span(p.region)}${p.note === '' ? '' : ', the default'})`;

  if (!isBad(c, 'layout.memWords')) {
    const memWords = given.memWords ?? d.layout.memWords;
    const by = given.memWords === undefined ? ', the default' : '';
    for (const p of [oldKernel, controlPage, ...segments, crashRegion]) {
      if (p !== undefined && p.region.base + p.region.words > memWords) {
        conflict(
          c,
          p.field,
          `${p.note}must end within memory ("layout.memWords" is ${hex(memWords)}${by}), but spans ${span(p.region)}.`,
        );
      }
    }
  }
  segments.forEach((s, j) => {
    const earlier = segments.slice(0, j).find((t) => overlaps(s.region, t.region));
    if (earlier !== undefined) {
      conflict(
        c,
        s.field,
        `${s.note}must not overlap "${earlier.field}" (${span(earlier.region)}), but spans ${span(s.region)}.`,
      );
    }
  });
  if (controlPage !== undefined) {
    const hit = segments.find((s) => overlaps(controlPage.region, s.region));
    if (hit !== undefined) {
      conflict(
        c,
        controlPage.field,
        `${controlPage.note}must not overlap "${hit.field}" (${span(hit.region)}): kexec allocates the control page clear of every segment, but it spans ${span(controlPage.region)}.`,
      );
    }
    if (oldKernel !== undefined && overlaps(controlPage.region, oldKernel.region)) {
      conflict(
        c,
        controlPage.field,
        `${controlPage.note}must not overlap ${other(oldKernel)}: kexec_core allocates the control page from free memory, never from kernel text, but it spans ${span(controlPage.region)}.`,
      );
    }
  }
  if (crashRegion !== undefined && oldKernel !== undefined && overlaps(crashRegion.region, oldKernel.region)) {
    conflict(
      c,
      crashRegion.field,
      `${crashRegion.note}must not overlap "layout.oldKernel" (${span(oldKernel.region)}): the reservation is not part of the running kernel, but it spans ${span(crashRegion.region)}.`,
    );
  }
  if (path !== 'kdump') return;
  if (crashNull && !isBad(c, 'layout.crashRegion')) {
    conflict(c, 'layout.crashRegion', 'is required for path "kdump" (the crashkernel= reservation), but was null.');
    return;
  }
  if (crashRegion === undefined) return;
  for (const p of [controlPage, ...segments]) {
    if (p !== undefined && !inside(p.region, crashRegion.region)) {
      conflict(
        c,
        p.field,
        `${p.note}must lie inside ${other(crashRegion)} for path "kdump", but spans ${span(p.region)}.`,
      );
    }
  }
}

const overlaps = (a: Region, b: Region): boolean => a.base < b.base + b.words && b.base < a.base + a.words;
const inside = (a: Region, outer: Region): boolean =>
  a.base >= outer.base && a.base + a.words <= outer.base + outer.words;
