/**
 * What `kexfuzz smoke` prints and writes. Deterministic: nothing here depends on time, the worker count
 * or where temporary files live, so the same flags give byte-identical output (CI can diff it).
 */
import { type JunitCase, junitXml } from './junit.js';
import { plural } from './plural.js';
import { printable } from './printable.js';
import { byKindText } from './status-line.js';

export interface SmokeSignature {
  readonly signature: string;
  readonly platform: string;
  readonly outcomeKind: string;
  readonly title: string;
  /** How many times this run saw it. */
  readonly count: number;
  /** Not in the baseline. */
  readonly isNew: boolean;
  /** A copy-pasteable line that replays it. */
  readonly replay: string;
}

export interface SmokeReport {
  readonly seed: number;
  readonly runs: number;
  readonly invalid: number;
  readonly platforms: readonly string[];
  readonly strategies: readonly string[];
  readonly reference: string | null;
  /** Outcome kind → strategy runs that ended so. */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly coverage: number;
  readonly corpus: number;
  readonly baseline: {
    readonly file: string;
    readonly present: boolean;
    readonly signatures: readonly { readonly signature: string; readonly title: string }[];
  };
  /** Sorted by signature. */
  readonly found: readonly SmokeSignature[];
}

/** The baseline's signatures this run did not reach (sorted). */
export function unreached(r: SmokeReport): { signature: string; title: string }[] {
  const found = new Set(r.found.map((s) => s.signature));
  return r.baseline.signatures
    .filter((s) => !found.has(s.signature))
    .sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
}

/** The one-line verdict `smoke` ends with. */
export function smokeVerdict(r: SmokeReport): string {
  const fresh = r.found.filter((s) => s.isNew).length;
  return `smoke: ${plural(r.runs, 'run')}, ${plural(r.found.length, 'signature')}, ${fresh} new`;
}

export function smokeText(r: SmokeReport): string {
  const strategyRuns = Object.values(r.outcomes).reduce((a, b) => a + b, 0);
  const reference = r.reference === null ? 'no reference' : `reference ${r.reference}`;
  const missing = unreached(r).length;
  const lines = [
    `kexfuzz smoke: seed ${r.seed}, ${plural(r.runs, 'run')}`,
    `covered: ${plural(r.platforms.length, 'platform')} × ${plural(r.strategies.length, 'strategy', 'strategies')}, ${reference}`,
    `  platforms:  ${r.platforms.join(', ')}`,
    `  strategies: ${r.strategies.join(', ')}`,
    `runs: ${plural(r.runs, 'scenario')}${r.invalid > 0 ? ` (${r.invalid} could not be laid out)` : ''}, ${plural(strategyRuns, 'strategy run')}`,
    `outcomes: ${byKindText(r.outcomes) || 'none'}`,
    `coverage: ${plural(r.coverage, 'key')}; corpus: ${plural(r.corpus, 'scenario')}`,
    r.baseline.present
      ? `baseline: ${r.baseline.file}, ${plural(r.baseline.signatures.length, 'signature')}` +
        (missing > 0 ? ` (${missing} not reached by this run)` : '')
      : `baseline: ${r.baseline.file} does not exist, so every signature is new (accept them with --update-baseline)`,
  ];
  if (r.found.length > 0) {
    lines.push('', 'signatures found (known: in the baseline; NEW: not):');
    for (const s of r.found) {
      lines.push(`  ${s.isNew ? 'NEW  ' : 'known'}  ${s.signature} ×${s.count} — ${s.title}`);
      if (s.isNew) lines.push(`         ${s.replay}`);
    }
  }
  // Every line is one line; titles and the baseline's signatures are read from files.
  return lines.map(printable).join('\n');
}

/**
 * One test case per signature found: a pass when the baseline has it, a failure (title, replay line)
 * when it is new. Each baseline signature this run did not reach is a skipped case, so the CI report
 * shows what the budget no longer covers without failing the build for it.
 */
export function smokeJunit(r: SmokeReport, acceptHint: string): string {
  const cases: JunitCase[] = r.found.map((s) => ({
    name: s.signature,
    classname: `kexfuzz.smoke.${s.platform}`,
    ...(s.isNew
      ? {
          failure: {
            message: s.title,
            type: s.outcomeKind,
            text: [
              `NEW signature ${s.signature}, not in ${r.baseline.file}; seen ${s.count}× in ${plural(r.runs, 'run')} (seed ${r.seed}).`,
              `replay: ${s.replay}`,
              `accept it: ${acceptHint}`,
            ].join('\n'),
          },
        }
      : {}),
  }));
  for (const s of unreached(r)) {
    cases.push({
      name: s.signature,
      classname: `kexfuzz.smoke.${s.signature.split('/')[0] ?? ''}`,
      skipped: `in the baseline, not reached by this run (seed ${r.seed}, ${plural(r.runs, 'run')})`,
    });
  }
  return junitXml({
    name: 'kexfuzz smoke',
    cases,
    properties: [
      ['seed', String(r.seed)],
      ['runs', String(r.runs)],
      ['baseline', r.baseline.file],
    ],
  });
}
