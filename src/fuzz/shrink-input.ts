/**
 * Shrinking a stored repro towards the defaults. A stored finding keeps its scenario JSON, not the
 * fast-check value tree that produced it, so `findings minimize` cannot re-run fast-check's shrinker;
 * instead this removes what it can, one field, array element or section at a time (greedy, first
 * improvement, restarting after each accepted step), keeping only steps that keep the finding's verdict
 * (verdict.ts).
 * Capped by strategy runs, so it is deterministic; candidates that do not validate cost no run, and those
 * the kernel cannot lay out cost one and are not taken.
 */

import type { Scenario, ScenarioInput } from '../contract/scenario.js';
import { minimalScenarioInput } from '../scenario/codec.js';
import { candidateScenario, unlessUnbuildable } from './candidate.js';
import { checkCost, keepsVerdict, type Verdict } from './verdict.js';

export interface ShrunkInput {
  /** The smallest scenario found that still keeps the verdict (the input itself if none was smaller). */
  readonly scenario: Scenario;
  /** Strategy runs spent. */
  readonly runs: number;
  /** Accepted shrink steps. */
  readonly steps: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Size of a repro: its minimal JSON's length. A candidate must be strictly smaller to be tried. */
export function reproSize(s: Scenario): number {
  return JSON.stringify(minimalScenarioInput(s)).length;
}

/**
 * Size of a repro without its recorded schedule (the policy `replay` and the slices): what the schedule
 * pass adds to pin an interleaving is measured by context switches instead.
 */
export function inputSize(s: Scenario): number {
  const input = minimalScenarioInput(s);
  if (input.timing === undefined) return JSON.stringify(input).length;
  const { schedule: _, policy, ...timing } = input.timing;
  const kept = policy === 'replay' || policy === undefined ? timing : { ...timing, policy };
  const { timing: __, ...rest } = input;
  return JSON.stringify(Object.keys(kept).length === 0 ? rest : { ...rest, timing: kept }).length;
}

/** A copy of `root` with the value at `path` replaced by `f(value)`; `undefined` from `f` deletes it. */
function edit(root: Json, path: readonly (string | number)[], f: (v: Json) => Json | undefined): Json {
  if (path.length === 0) return f(root) ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(root) && typeof head === 'number') {
    const child = root[head];
    if (child === undefined) return root;
    const next = rest.length === 0 ? f(child) : edit(child, rest, f);
    return next === undefined ? root.filter((_, i) => i !== head) : root.map((v, i) => (i === head ? next : v));
  }
  if (isObject(root) && typeof head === 'string') {
    const child = root[head];
    if (child === undefined) return root;
    const next = rest.length === 0 ? f(child) : edit(child, rest, f);
    const { [head]: _, ...others } = root;
    return next === undefined ? others : { ...others, [head]: next };
  }
  return root;
}

const remove = (): undefined => undefined;

/**
 * Every candidate one step smaller than `input`, biggest steps first: whole sections, then single
 * fields, then array elements, then fewer cores. A `replay` schedule is left to the schedule pass,
 * except that dropping policy and schedule together (back to the default scheduler) is one candidate.
 */
function candidates(input: JsonObject): Json[] {
  const out: Json[] = [];
  const sections = ['faults', 'timing', 'layout', 'features'] as const;
  for (const key of sections) if (key in input) out.push(edit(input, [key], remove));
  for (const key of ['path', 'crashCpu', 'threadsPerCore', 'cores'])
    if (key in input) out.push(edit(input, [key], remove));
  for (const section of sections) {
    const o = input[section];
    if (!isObject(o)) continue;
    if (section === 'timing' && 'policy' in o && 'schedule' in o) {
      out.push(edit(edit(input, [section, 'policy'], remove), [section, 'schedule'], remove));
    }
    for (const key of Object.keys(o)) {
      if (section === 'timing' && key === 'schedule') continue;
      out.push(edit(input, [section, key], remove));
      const value = o[key];
      if (isObject(value)) for (const inner of Object.keys(value)) out.push(edit(input, [section, key, inner], remove));
      if (Array.isArray(value) && value.length > 1) {
        for (let i = value.length - 1; i >= 0; i--) out.push(edit(input, [section, key, i], remove));
      }
    }
  }
  const cores = input['cores'];
  if (typeof cores === 'number' && cores > 1) out.push(edit(input, ['cores'], () => cores - 1));
  return out;
}

/**
 * Greedy removal towards the defaults while the scenario keeps `verdict`. Spends at most `maxRuns` strategy
 * runs (a check of a divergence runs the strategies that booted too).
 */
export function shrinkInput(s: Scenario, verdict: Verdict, maxRuns: number): ShrunkInput {
  let best = s;
  let size = reproSize(s);
  let runs = 0;
  let steps = 0;
  let progress = true;
  while (progress && runs < maxRuns) {
    progress = false;
    const input = minimalScenarioInput(best) as unknown as JsonObject;
    for (const candidate of candidates(input)) {
      if (runs >= maxRuns) break;
      const built = candidateScenario(candidate);
      if (built.kind === 'unbuildable') continue;
      const { scenario } = built;
      const candidateSize = reproSize(scenario);
      if (candidateSize >= size) continue;
      runs += checkCost(verdict);
      const kept = unlessUnbuildable(() => keepsVerdict(verdict, scenario));
      if (kept === null || 'kind' in kept) continue; // unbuildable, or the verdict is lost
      best = scenario;
      size = candidateSize;
      steps++;
      progress = true;
      break;
    }
  }
  return { scenario: best, runs, steps };
}

/** The scenario as a `ScenarioInput` JSON text in its minimal form (defaults left out). */
export function minimalJson(s: Scenario, indent?: number): string {
  const input: ScenarioInput = minimalScenarioInput(s);
  return JSON.stringify(input, null, indent);
}
