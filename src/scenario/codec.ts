/**
 * Scenario JSON in and out. Validation collects every problem, each naming its field, the allowed values and
 * what was given, then throws one InputError; nothing runs on an invalid scenario (DESIGN.md, "Scenario").
 * Each section has its own validator (validate-*.ts); this file reads the top level and wires them together.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import type {
  CacheGeometryInput,
  FaultsInput,
  LayoutInput,
  Scenario,
  ScenarioHash,
  ScenarioInput,
  TimingInput,
} from '../contract/scenario.js';
import { scenarioPaths, scenarioVersion } from '../contract/scenario.js';
import { platformNames, topologyLimits } from '../contract/topology.js';
import { InputError } from '../errors.js';
import { canonicalJson, sameJson } from './canonical-json.js';
import { type Check, conflict, expected, isBad, newCheck, problem, type Resolved, reject, show } from './check.js';
import { compact } from './compact.js';
import {
  defaultsFor,
  defaultsTable,
  fillDefaults,
  fillFeatures,
  hotUnplugRefusal,
  scenarioLimits,
} from './defaults.js';
import { describeJsonError } from './json-position.js';
import { isObject, optional, own, readChoice, readCpu, readObject } from './readers.js';
import { readFaults } from './validate-faults.js';
import { readLayout } from './validate-layout.js';
import { readTiming } from './validate-timing.js';
import { checkFeatureRules, readFeatures, readTopology } from './validate-topology.js';

const heading = 'invalid scenario';

/**
 * Parses scenario JSON text and validates it. Throws InputError (never anything else) on bad input. `name` says
 * where the text came from (a file, standard input, a stored finding) for the one message that needs it.
 */
export function parseScenario(text: string, name = 'the scenario text'): Scenario {
  checkTextSize(text, name);
  // Editors on Windows like to start files with a byte-order mark; JSON.parse does not accept one.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const { field, text: why } = describeJsonError(source, error);
    const what = field === '' ? 'scenario' : `scenario field "${field}"`;
    throw new InputError(heading, [{ field, message: `${what} is not valid JSON: ${why}` }]);
  }
  return validateScenario(value);
}

/** Size is checked before anything is parsed: parsing is what would take the time and the memory. */
function checkTextSize(text: string, name: string): void {
  const max = scenarioLimits.textBytes.max;
  // Each UTF-16 unit is at most 3 UTF-8 bytes, so short text needs no count.
  if (text.length * 3 <= max || Buffer.byteLength(text, 'utf8') <= max) return;
  const message = `${name} is larger than ${max / 1024 / 1024} MiB (${max} bytes), the most a scenario may be.`;
  throw new InputError(heading, [{ field: '', message }]);
}

/** Checks any value against the scenario contract and fills every default. Throws one InputError listing all problems. */
export function validateScenario(input: unknown): Scenario {
  const c = newCheck();
  const read = readScenario(c, input);
  if (read === undefined || c.problems.length > 0) {
    throw new InputError(heading, c.problems, c.omitted);
  }
  return fillDefaults(read);
}

/** Canonical JSON: keys sorted, no whitespace, defaults filled. Equal scenarios give equal strings. */
export function serializeScenario(s: Scenario): string {
  return canonicalJson(s);
}

/** Short content hash of the canonical JSON (sha256, first 16 hex digits). */
export function scenarioHash(s: Scenario): ScenarioHash {
  return createHash('sha256').update(serializeScenario(s)).digest('hex').slice(0, 16) as ScenarioHash;
}

/** The scenario with every field equal to its default left out, for readable repros. Validates back to `s`. */
export function minimalScenarioInput(s: Scenario): ScenarioInput {
  const topology = topologyLimits[s.platform];
  const d = defaultsFor(s.platform, s.path);
  const cpus = s.cores * s.threadsPerCore;
  const featureDefaults = fillFeatures(s.platform, s, undefined);
  const features = Object.fromEntries(Object.entries(s.features).filter(([name, on]) => featureDefaults[name] !== on));
  const faults: FaultsInput = compact({
    offlineBefore: unlessDefault(s.faults.offlineBefore, d.faults.offlineBefore),
    wedged: unlessDefault(s.faults.wedged, d.faults.wedged),
    crossCallAfterPark: unlessDefault(s.faults.crossCallAfterPark, d.faults.crossCallAfterPark),
    controlPagePrimed: unlessDefault(s.faults.controlPagePrimed, d.faults.controlPagePrimed),
    strayInterrupts: unlessDefault(s.faults.strayInterrupts, d.faults.strayInterrupts),
  });
  const t = s.timing;
  const timing: TimingInput = compact({
    seed: unlessDefault(t.seed, d.timing.seed),
    policy: unlessDefault(t.policy, d.timing.policy),
    speeds: unlessDefault(t.speeds, new Array<number>(cpus).fill(d.timing.speed)),
    quantum: unlessDefault(t.quantum, d.timing.quantum),
    pctDepth: unlessDefault(t.pctDepth, d.timing.pctDepth),
    pctHorizon: unlessDefault(t.pctHorizon, d.timing.pctHorizon),
    ipiLatency: unlessDefault(t.ipiLatency, d.timing.ipiLatency),
    stalls: unlessDefault(t.stalls, d.timing.stalls),
    schedule: unlessDefault(t.schedule, d.timing.schedule),
    budget: unlessDefault(t.budget, d.timing.budget),
    progressWindow: unlessDefault(t.progressWindow, d.timing.progressWindow),
  });
  const l = s.layout;
  const cache: CacheGeometryInput = compact({
    lineWords: unlessDefault(l.cache.lineWords, d.layout.cache.lineWords),
    l1Sets: unlessDefault(l.cache.l1Sets, d.layout.cache.l1Sets),
    l1Ways: unlessDefault(l.cache.l1Ways, d.layout.cache.l1Ways),
    l2Sets: unlessDefault(l.cache.l2Sets, d.layout.cache.l2Sets),
    l2Ways: unlessDefault(l.cache.l2Ways, d.layout.cache.l2Ways),
  });
  const layout: LayoutInput = compact({
    memWords: unlessDefault(l.memWords, d.layout.memWords),
    cache: unlessEmpty(cache),
    oldKernel: unlessDefault(l.oldKernel, d.layout.oldKernel),
    controlPage: unlessDefault(l.controlPage, d.layout.controlPage),
    segments: unlessDefault(l.segments, d.layout.segments),
    crashRegion: unlessDefault(l.crashRegion, d.layout.crashRegion),
  });
  return {
    version: s.version,
    platform: s.platform,
    ...compact({
      cores: unlessDefault(s.cores, topology.defaultCores),
      threadsPerCore: unlessDefault(s.threadsPerCore, topology.defaultThreadsPerCore),
      features: unlessEmpty(features),
      path: unlessDefault(s.path, defaultsTable.path),
      crashCpu: unlessDefault(s.crashCpu, d.crashCpu),
      faults: unlessEmpty(faults),
      timing: unlessEmpty(timing),
      layout: unlessEmpty(layout),
    }),
  };
}

const unlessDefault = <T>(value: T, fallback: T): T | undefined => (sameJson(value, fallback) ? undefined : value);
const unlessEmpty = <T extends object>(o: T): T | undefined => (Object.keys(o).length === 0 ? undefined : o);

const scenarioFields = [
  '$schema',
  'version',
  'platform',
  'cores',
  'threadsPerCore',
  'features',
  'path',
  'crashCpu',
  'faults',
  'timing',
  'layout',
] as const;

/**
 * The top level, then each section. A section sees what the earlier ones resolved and judges relations only
 * between values it knows, so one bad field does not make every field that depends on it wrong too.
 */
function readScenario(c: Check, input: unknown): ScenarioInput | undefined {
  // A newer file may use fields this kexfuzz does not know: complaining about those would only mislead.
  const version = isObject(input) ? own(input, 'version') : undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version > scenarioVersion) {
    problem(c, 'version', `scenario version ${version} is newer than this kexfuzz understands (${scenarioVersion}).`);
    return undefined;
  }
  const o = readObject(c, input, '', scenarioFields);
  if (o === undefined) return undefined;
  const schema = own(o, '$schema');
  if (schema !== undefined && typeof schema !== 'string') {
    expected(c, '$schema', 'a string: where editors find the scenario JSON Schema (kexfuzz ignores it)', schema);
  }
  if (version === undefined) reject(c, 'version', `is required; this kexfuzz reads version ${scenarioVersion}.`);
  else if (version !== scenarioVersion) reject(c, 'version', `must be ${scenarioVersion}, but was ${show(version)}.`);

  const platform = readChoice(c, own(o, 'platform'), 'platform', platformNames);
  const topology = readTopology(c, o, platform);
  const features = readFeatures(c, own(o, 'features'), platform);
  if (platform !== undefined && topology !== undefined) checkFeatureRules(c, platform, topology, features);
  const cpus = topology === undefined ? undefined : topology.cores * topology.threadsPerCore;

  const rawPath = own(o, 'path');
  const path = rawPath === undefined ? undefined : readChoice(c, rawPath, 'path', scenarioPaths);
  const rawCrashCpu = own(o, 'crashCpu');
  const crashCpu = rawCrashCpu === undefined ? undefined : readCpu(c, rawCrashCpu, 'crashCpu', cpus);
  const resolvedPath = isBad(c, 'path') ? undefined : (path ?? defaultsTable.path);
  const defaults =
    platform !== undefined && resolvedPath !== undefined ? defaultsFor(platform, resolvedPath) : undefined;
  const r: Resolved = {
    platform,
    cpus,
    path: resolvedPath,
    crashCpu: isBad(c, 'crashCpu') ? undefined : (crashCpu ?? defaults?.crashCpu ?? defaultsTable.common.crashCpu),
    defaults,
  };

  const faults = optional(own(o, 'faults'), (raw) => readFaults(c, raw, r));
  if (platform !== undefined && topology !== undefined && (faults?.offlineBefore?.length ?? 0) > 0) {
    const refusal = hotUnplugRefusal(platform, topology, features);
    if (refusal !== undefined && !isBad(c, 'features')) {
      conflict(c, 'faults.offlineBefore', `must be empty on this board: ${refusal}.`);
    }
  }
  const timing = optional(own(o, 'timing'), (raw) => readTiming(c, raw, r));
  const layout = optional(own(o, 'layout'), (raw) => readLayout(c, raw, r));
  if (platform === undefined || c.problems.length > 0) return undefined;
  return {
    version: scenarioVersion,
    platform,
    ...compact({
      cores: topology?.given.cores,
      threadsPerCore: topology?.given.threadsPerCore,
      features,
      path,
      crashCpu,
      faults,
      timing,
      layout,
    }),
  };
}
