/**
 * What a run reached, as 32-bit keys: (platform, strategy, event kind, routine) for every trace event,
 * and interleaving pairs (event of one CPU followed by an event of another). A scenario that adds keys
 * goes into the corpus. Keys are hashes, so they are compact and order-free.
 */
import type { Symbolizer } from '../machine/disasm.js';
import type { Machine } from '../machine/machine.js';
import { EVENT_INTS, ev } from '../machine/trace.js';

function fnv(h: number, text: string): number {
  let x = h;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 0x01000193);
  return x;
}

function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x01000193);
}

/** The event field that holds an address worth naming, per event kind (-1: none). */
const addressField: Readonly<Record<number, number>> = {
  [ev.IPI_TAKEN]: 2,
  [ev.FAULT]: 3,
  [ev.STATE]: 4,
  [ev.EXEC_TAG]: 2,
  [ev.STALE_FETCH]: 2,
};

export function coverageKeys(
  platform: string,
  strategy: string,
  machine: Machine,
  symbols: Symbolizer,
  into: Set<number>,
): void {
  const base = fnv(fnv(0x811c9dc5, platform), strategy);
  const routineHash = new Map<number, number>();
  const routineOf = (address: number): number => {
    let h = routineHash.get(address);
    if (h === undefined) {
      h = fnv(0x9e3779b9, symbols.locate(address)?.routine ?? '?');
      routineHash.set(address, h);
    }
    return h;
  };
  const d = machine.trace.data;
  let lastCpu = -1;
  let lastKey = 0;
  for (let e = 0; e < machine.trace.length; e++) {
    const i = e * EVENT_INTS;
    // Every index is below trace.length * EVENT_INTS, inside the array.
    const word = d[i + 1] ?? 0;
    const kind = word & 0xff;
    const cpu = word >> 8;
    const field = addressField[kind];
    const where = field === undefined ? (kind === ev.MARK ? (d[i + 2] ?? 0) : 0) : routineOf(d[i + field] ?? 0);
    const key = mix(mix(base, kind), where);
    into.add(key);
    if (lastCpu >= 0 && cpu !== lastCpu) into.add(mix(mix(key, 0x51ed27), lastKey));
    lastCpu = cpu;
    lastKey = key;
  }
}
