/** The `faults` section: which CPUs are offline or wedged before the kexec, the late cross-call, stray interrupts. */

import type { FaultsInput, StrayInterrupt, Wedge } from '../contract/scenario.js';
import { type Check, child, conflict, expected, item, type Resolved, reject } from './check.js';
import { compact } from './compact.js';
import { scenarioLimits as limits } from './defaults.js';
import { complete, optional, own, readArray, readBoolean, readCpu, readInt, readObject } from './readers.js';

export function readFaults(c: Check, raw: unknown, r: Resolved): FaultsInput | undefined {
  const o = readObject(c, raw, 'faults', [
    'offlineBefore',
    'wedged',
    'crossCallAfterPark',
    'controlPagePrimed',
    'strayInterrupts',
  ]);
  if (o === undefined) return undefined;

  const offline = optional(own(o, 'offlineBefore'), (raw) =>
    readArray(c, raw, 'faults.offlineBefore', 'CPU numbers', (x, field) => readCpu(c, x, field, r.cpus), limits.perCpu),
  );
  offline?.forEach((cpu, i) => {
    const field = item('faults.offlineBefore', i);
    if (cpu === undefined) return;
    if (cpu === 0) reject(c, field, 'must not be CPU 0: CPU hotplug refuses to take CPU0 offline, but was 0.');
    else if (cpu === r.crashCpu) conflict(c, field, `must not be crashCpu (${cpu}): that CPU runs the kexec.`);
    else if (offline.indexOf(cpu) < i) conflict(c, field, `repeats CPU ${cpu}; list each offline CPU once.`);
  });

  const wedged = optional(own(o, 'wedged'), (raw) =>
    readArray(
      c,
      raw,
      'faults.wedged',
      '{"cpu", "from", "steps"} objects',
      (x, field) => readWedge(c, x, field, r),
      limits.perCpu,
    ),
  );
  wedged?.forEach((w, i) => {
    const earlier = w === undefined ? -1 : wedged.findIndex((v) => v?.cpu === w.cpu);
    if (w !== undefined && earlier < i) {
      conflict(c, `faults.wedged[${i}].cpu`, `repeats CPU ${w.cpu}, already wedged by "faults.wedged[${earlier}]".`);
    }
  });

  const crossCallAfterPark = optional(own(o, 'crossCallAfterPark'), (raw) =>
    readBoolean(c, raw, 'faults.crossCallAfterPark'),
  );
  const controlPagePrimed = optional(own(o, 'controlPagePrimed'), (raw) =>
    readBoolean(c, raw, 'faults.controlPagePrimed'),
  );
  const strays = optional(own(o, 'strayInterrupts'), (raw) => readStrays(c, raw, r));
  return compact({
    offlineBefore: complete(offline),
    wedged: complete(wedged),
    crossCallAfterPark,
    controlPagePrimed,
    strayInterrupts: complete(strays),
  });
}

function readWedge(c: Check, raw: unknown, field: string, r: Resolved): Wedge | undefined {
  const o = readObject(c, raw, field, ['cpu', 'from', 'steps']);
  if (o === undefined) return undefined;
  const cpu = readCpu(c, own(o, 'cpu'), child(field, 'cpu'), r.cpus);
  const from = readInt(c, own(o, 'from'), child(field, 'from'), limits.steps.min, limits.steps.max);
  const rawSteps = own(o, 'steps');
  const { min, max } = limits.stepCount;
  const steps =
    rawSteps === null
      ? null
      : typeof rawSteps === 'number' && Number.isInteger(rawSteps) && rawSteps >= min && rawSteps <= max
        ? rawSteps
        : expected(c, child(field, 'steps'), `an integer from ${min} to ${max}, or null for forever`, rawSteps);
  return cpu === undefined || from === undefined || steps === undefined ? undefined : { cpu, from, steps };
}

/** At most `limits.strayInterrupts.max` entries, the count checked before any entry is read. */
function readStrays(c: Check, raw: unknown, r: Resolved): (StrayInterrupt | undefined)[] | undefined {
  const field = 'faults.strayInterrupts';
  const { max } = limits.strayInterrupts;
  if (Array.isArray(raw) && raw.length > max) {
    reject(c, field, `must list at most ${max} interrupts, but listed ${raw.length}.`);
    return undefined;
  }
  return readArray(c, raw, field, '{"cpu", "at"} objects', (x, f) => {
    const o = readObject(c, x, f, ['cpu', 'at']);
    if (o === undefined) return undefined;
    const cpu = readCpu(c, own(o, 'cpu'), child(f, 'cpu'), r.cpus);
    const at = readInt(c, own(o, 'at'), child(f, 'at'), limits.steps.min, limits.steps.max);
    return cpu === undefined || at === undefined ? undefined : { cpu, at };
  });
}
