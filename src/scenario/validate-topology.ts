/**
 * The `cores`, `threadsPerCore` and `features` fields: each within the platform's limits (platforms/topology.ts),
 * then the combinations the platform's `checkFeatures` rules out.
 */

import { maxCpus, type PlatformName, topologyLimits } from '../contract/topology.js';
import { oneOf } from '../errors.js';
import { type Check, childKey, conflict, count, expected, full, isBad, reject } from './check.js';
import { fillFeatures } from './defaults.js';
import { isObject, type JsonObject, optional, own, readBoolean, readChoice, readInt } from './readers.js';

/** The topology as resolved (given or default), and what the input itself gave. */
export interface Topology {
  readonly cores: number;
  readonly threadsPerCore: number;
  readonly given: { readonly cores: number | undefined; readonly threadsPerCore: number | undefined };
}

/** Cores and threads within the platform's limits; undefined when the CPU count cannot be known. */
export function readTopology(c: Check, o: JsonObject, platform: PlatformName | undefined): Topology | undefined {
  const rawCores = own(o, 'cores');
  const rawThreads = own(o, 'threadsPerCore');
  if (platform === undefined) {
    // Without a platform only the emulator's hard limit can be checked.
    optional(rawCores, (raw) => readInt(c, raw, 'cores', 1, maxCpus));
    optional(rawThreads, (raw) => readInt(c, raw, 'threadsPerCore', 1, maxCpus));
    return undefined;
  }
  const t = topologyLimits[platform];
  const on = ` for platform "${platform}"`;
  const cores = optional(rawCores, (raw) => readInt(c, raw, 'cores', t.minCores, t.maxCores, on));
  const threadsPerCore = optional(rawThreads, (raw) => readChoice(c, raw, 'threadsPerCore', t.threadsPerCore, on));
  if (isBad(c, 'cores') || isBad(c, 'threadsPerCore')) return undefined;
  const resolved = { cores: cores ?? t.defaultCores, threadsPerCore: threadsPerCore ?? t.defaultThreadsPerCore };
  if (resolved.cores * resolved.threadsPerCore > maxCpus) {
    reject(
      c,
      'cores',
      `× threadsPerCore must be at most ${maxCpus} CPUs, but was ${resolved.cores} × ${resolved.threadsPerCore}.`,
    );
    return undefined;
  }
  return { ...resolved, given: { cores, threadsPerCore } };
}

/** The toggles given, each a feature of the platform with a boolean value. */
export function readFeatures(
  c: Check,
  raw: unknown,
  platform: PlatformName | undefined,
): Readonly<Record<string, boolean>> | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) return expected(c, 'features', 'an object of platform toggles (name: true or false)', raw);
  const specs = platform === undefined ? undefined : topologyLimits[platform].features;
  const names = specs === undefined ? [] : Object.keys(specs);
  const entries: [string, boolean][] = [];
  for (const name of Object.keys(raw)) {
    const known = specs === undefined || Object.hasOwn(specs, name);
    const on = raw[name];
    if (known && typeof on === 'boolean') {
      entries.push([name, on]);
    } else if (full(c)) {
      // Past the kept problems only the count matters: a million bad toggles need no names or messages.
      count(c, 'features');
    } else if (!known) {
      const has = names.length === 0 ? 'which has none' : `which has ${oneOf(names)}`;
      reject(c, childKey('features', name), `is not a feature of platform "${platform}", ${has}.`);
    } else {
      readBoolean(c, on, childKey('features', name));
    }
  }
  // fromEntries defines own properties, so even a "__proto__" key stays plain data.
  return Object.fromEntries(entries);
}

/**
 * The platform's own rule on topology and toggles together. The problem is reported on "threadsPerCore": it
 * says which machine the topology would be with these toggles, and the sentence names the toggles involved.
 */
export function checkFeatureRules(
  c: Check,
  platform: PlatformName,
  topology: Topology,
  given: Readonly<Record<string, boolean>> | undefined,
): void {
  const rule = topologyLimits[platform].checkFeatures;
  if (rule === undefined || isBad(c, 'features')) return;
  const problem = rule(topology, fillFeatures(platform, topology, given));
  if (problem !== undefined) {
    conflict(
      c,
      'threadsPerCore',
      `is ${topology.threadsPerCore}, a topology platform "${platform}" cannot have with these features: ${problem}.`,
    );
  }
}
