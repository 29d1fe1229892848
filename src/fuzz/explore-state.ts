/**
 * `kexfuzz explore --state FILE`: where an exploration of one scenario at one bound stands, per strategy, as
 * JSON. A strategy that did not finish goes on from its pending requests and what it has seen; a finished one
 * is not run again. The file names the scenario's hash and the bound, so it is never applied to another
 * exploration.
 */

import { InputError } from '../errors.js';
import type { ScheduleSlice } from '../machine/scheduler.js';
import type { ExploreState, Found, Request } from './explore.js';

const FORMAT = 'kexfuzz-explore-state';
const VERSION = 1;

/** The exploration a state file belongs to. */
export interface StateHeader {
  readonly scenarioHash: string;
  readonly preemptions: number;
}

interface StrategyJson {
  readonly ms: number;
  readonly runs: number;
  readonly pending: readonly { readonly prefix: readonly ScheduleSlice[]; readonly cpu: number }[];
  readonly asked: readonly string[];
  readonly seen: readonly string[];
  readonly classes: readonly string[];
  readonly outcomes: readonly Found[];
}

export function serializeExploreStates(header: StateHeader, states: ReadonlyMap<string, ExploreState>): string {
  const strategies: Record<string, StrategyJson> = {};
  for (const [name, st] of states) {
    strategies[name] = {
      ms: st.ms,
      runs: st.runs,
      // `from` follows from the prefix.
      pending: st.pending.map((r) => ({ prefix: r.prefix, cpu: r.cpu })),
      asked: [...st.asked],
      seen: [...st.seen],
      classes: [...st.classes],
      outcomes: [...st.outcomes.values()],
    };
  }
  return `${JSON.stringify({ format: FORMAT, version: VERSION, ...header, strategies })}\n`;
}

/**
 * The per-strategy states in `text`, for the exploration `header` names; an InputError naming the file and
 * what is wrong when it is not a state file, is of another scenario or bound, or is damaged.
 */
export function parseExploreStates(text: string, file: string, header: StateHeader): Map<string, ExploreState> {
  const fail = (field: string, message: string): never => {
    const where = field === '' ? message : `${field}: ${message}`;
    throw new InputError(`${file} is not a state this exploration can go on from`, [{ field, message: where }]);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail('', `not JSON: ${(error as Error).message}`);
  }
  const top = record(json) ?? fail('', 'not a JSON object');
  if (top['format'] !== FORMAT) fail('format', `expected "${FORMAT}"`);
  const version = top['version'];
  if (typeof version !== 'number' || version > VERSION) {
    fail('version', `version ${String(version)} was written by a newer kexfuzz (this one reads ${VERSION})`);
  }
  if (top['scenarioHash'] !== header.scenarioHash) {
    fail(
      'scenarioHash',
      `the state is of scenario ${String(top['scenarioHash'])}, not this one (${header.scenarioHash})`,
    );
  }
  if (top['preemptions'] !== header.preemptions) {
    fail('preemptions', `the state is of --preemptions ${String(top['preemptions'])}, not ${header.preemptions}`);
  }
  const out = new Map<string, ExploreState>();
  const strategies = record(top['strategies']) ?? fail('strategies', 'not an object');
  for (const [name, value] of Object.entries(strategies)) {
    const at = `strategies.${name}`;
    const st = record(value) ?? fail(at, 'not an object');
    const count = (key: string): number => {
      const n = st[key];
      return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : fail(`${at}.${key}`, 'not a count');
    };
    const strings = (key: string): Set<string> => {
      const list = st[key];
      if (!Array.isArray(list) || !list.every((k) => typeof k === 'string')) fail(`${at}.${key}`, 'not a list of keys');
      return new Set(list as string[]);
    };
    const pendingJson = st['pending'];
    if (!Array.isArray(pendingJson)) return fail(`${at}.pending`, 'not a list');
    const pending: Request[] = pendingJson.map((r, i) => {
      const request = record(r);
      const prefix = schedule(request?.['prefix']);
      const cpu = request?.['cpu'];
      if (prefix === null || typeof cpu !== 'number' || !Number.isInteger(cpu) || cpu < 0) {
        return fail(`${at}.pending[${i}]`, 'not a request ({ prefix: [[cpu, steps], …], cpu })');
      }
      return { prefix, cpu, from: prefix.reduce((n, [, steps]) => n + steps, 0) };
    });
    const outcomesJson = st['outcomes'];
    if (!Array.isArray(outcomesJson)) return fail(`${at}.outcomes`, 'not a list');
    const outcomes = new Map<string, Found>();
    outcomesJson.forEach((o, i) => {
      const found = record(o);
      const run = schedule(found?.['schedule']);
      const outcome = found?.['outcome'];
      const preemptions = found?.['preemptions'];
      if (run === null || typeof outcome !== 'string' || typeof preemptions !== 'number') {
        fail(`${at}.outcomes[${i}]`, 'not an outcome ({ outcome, schedule, preemptions })');
      }
      outcomes.set(outcome as string, {
        outcome: outcome as string,
        schedule: run ?? [],
        preemptions: preemptions as number,
      });
    });
    out.set(name, {
      pending,
      asked: strings('asked'),
      seen: strings('seen'),
      classes: strings('classes'),
      outcomes,
      runs: count('runs'),
      ms: count('ms'),
    });
  }
  return out;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A list of [cpu, steps] pairs of whole numbers, or null. */
function schedule(value: unknown): ScheduleSlice[] | null {
  if (!Array.isArray(value)) return null;
  const out: ScheduleSlice[] = [];
  for (const slice of value) {
    if (!Array.isArray(slice) || slice.length !== 2) return null;
    const [cpu, steps] = slice as unknown[];
    if (!Number.isInteger(cpu) || !Number.isInteger(steps) || (cpu as number) < 0 || (steps as number) < 0) return null;
    out.push([cpu as number, steps as number]);
  }
  return out;
}
