/**
 * Bugs, not signatures: which signatures are one mechanism. A signature is platform × strategy × kind ×
 * site; the site (classify.ts) already names the mechanism — the routine a CPU was running, the frames a
 * hang waits in and the CPU blocking it, where a lost CPU ended, which record was damaged. The same
 * mechanism shows on every platform whose code reaches it and under every strategy that runs that code,
 * so a bug is a kind and a site, and the group lists the strategies and platforms it hit
 * (docs/findings.md says why).
 */
import { signatureParts } from './signature.js';

/** `kind/site`, e.g. `hang/smp_call_function_many<__flush_cache_all`. */
export type GroupKey = string & { readonly __brand: 'GroupKey' };

export function groupKeyOf(signature: string): GroupKey {
  const { kind, site } = signatureParts(signature);
  return `${kind}/${site}` as GroupKey;
}
