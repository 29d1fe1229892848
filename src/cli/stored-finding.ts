/**
 * A stored finding as the `findings` subcommands read it: named by id or signature, its repro validated
 * by today's codec, its outcomes per strategy, and the replay line every message about it ends with.
 */
import { Command, type Option } from 'commander';
import type { Scenario } from '../contract/scenario.js';
import type { Strategy } from '../contract/strategy.js';
import { InputError, UsageError } from '../errors.js';
import { bugGroups } from '../fuzz/bug-groups.js';
import { loadStrategies } from '../fuzz/module-probe.js';
import { kexfuzzCommand } from '../report/command-name.js';
import { compactJson } from '../report/compact-json.js';
import { replayLine, type StoredOutcome, shellWord } from '../report/finding-detail.js';
import { runStrategy } from '../run/run-strategy.js';
import { minimalScenarioInput, parseScenario } from '../scenario/codec.js';
import type { Finding, FindingId, Store } from '../store/index.js';
import { dbOption, defaultDbPath, strategyModuleOption } from './flags.js';

/** `--strategy-module FILE` on the subcommands that run a stored finding's strategy. */
export const moduleOption = (): Option => strategyModuleOption(', for findings of your own strategies');

/** A `findings` subcommand about one stored finding: `<id>` and `--db`. */
export function findingCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .argument('<id>', "the finding id, its signature, or a bug's group id (g-…) for that bug's smallest repro")
    .addOption(dbOption());
}

/** A bug's group id, as `findings list` prints it. */
export const isGroupId = (ref: string): boolean => /^g-[0-9a-f]{6}$/.test(ref);

/**
 * A finding by id (`17`), by signature (`cps/legacy/hang/smp_call_function`), or by a bug's group id
 * (`g-1a2b3c`: its finding with the smallest repro); unknown is a usage error.
 */
export function findingOf(store: Store, ref: string, db: string): Finding {
  const found = isGroupId(ref)
    ? (bugGroups(store.listFindings()).find((g) => g.id === ref)?.best ?? null)
    : /^\d+$/.test(ref)
      ? store.getFinding(Number(ref) as FindingId)
      : (store.findingBySignature(ref) ?? null);
  if (found === null) {
    const what = isGroupId(ref)
      ? `no bug ${ref}`
      : /^\d+$/.test(ref)
        ? `no finding ${ref}`
        : `no finding with signature "${ref}"`;
    throw new UsageError(`there is ${what} in ${db}; ${kexfuzzCommand(`findings list${dbArg(db)}`)} shows the ids.`);
  }
  return found;
}

/** ` --db FILE` when it is not the default, for lines the user copies. */
export function dbArg(db: string): string {
  return db === defaultDbPath ? '' : ` --db ${shellWord(db)}`;
}

/** The stored repro, validated by today's codec. */
export function storedScenario(f: Finding, which: 'repro' | 'original' = 'repro'): Scenario {
  try {
    return parseScenario(which === 'repro' ? f.scenario : f.original, `the stored ${which} of finding ${f.id}`);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      `the stored ${which} of finding ${f.id} is not a valid scenario for this kexfuzz`,
      error.problems,
      error.omitted,
    );
  }
}

/** The outcome per strategy stored with the finding, in stored order, as rows for the reports. */
export function storedOutcomes(f: Finding): StoredOutcome[] {
  return Object.entries(f.outcomes).map(([strategy, o]) => ({ strategy, kind: o.kind, title: o.title }));
}

/** The replay line every finding message ends with. */
export function replayOf(f: Finding, db: string): string {
  let seed: number | null = null;
  try {
    seed = parseScenario(f.scenario).timing.seed;
  } catch {
    // an unreadable repro still gets its replay line; replay itself will say what is wrong
  }
  return replayLine({
    id: f.id,
    db: db === defaultDbPath ? null : db,
    signature: f.signature,
    seed,
    switches: f.switchesMinimized,
  });
}

/** A stored scenario in its minimal form (defaults left out), or as stored if it no longer validates. */
export function readableScenario(text: string): string {
  try {
    return compactJson(minimalScenarioInput(parseScenario(text)));
  } catch {
    try {
      return compactJson(JSON.parse(text));
    } catch {
      return text;
    }
  }
}

/**
 * A repro as `readableScenario` shows it, but a pinned replay schedule left out of the JSON and said in one
 * line instead (`findings export` has it whole): thousands of slices are not something to read.
 */
export function readableRepro(text: string): { readonly json: string; readonly schedule: string | null } {
  let input: ReturnType<typeof minimalScenarioInput>;
  try {
    input = minimalScenarioInput(parseScenario(text));
  } catch (error) {
    // A repro this kexfuzz no longer reads is shown as stored; anything else is a bug.
    if (!(error instanceof InputError)) throw error;
    return { json: readableScenario(text), schedule: null };
  }
  const schedule = input.timing?.schedule;
  if (schedule === undefined || schedule.length === 0) return { json: compactJson(input), schedule: null };
  const { schedule: _, ...timing } = input.timing ?? {};
  const cpus = [...new Set(schedule.map(([cpu]) => cpu))].sort((a, b) => a - b);
  const steps = schedule.reduce((n, [, s]) => n + s, 0);
  const line = `replays ${schedule.length} slice${schedule.length === 1 ? '' : 's'} (${steps} steps on CPUs ${cpus.join(', ')}); findings export has them`;
  return { json: compactJson({ ...input, timing }), schedule: line };
}

/** Each strategy's outcome on `s`, as rows for the reports. */
export function outcomesOn(s: Scenario, strategies: readonly Strategy[]): StoredOutcome[] {
  return strategies.map((st) => {
    const o = runStrategy(s, st).outcome;
    return { strategy: st.name, kind: o.kind, title: o.title };
  });
}

export async function strategyNamed(
  name: string,
  modules: readonly string[] | undefined,
): Promise<Strategy | undefined> {
  return (await loadStrategies(modules)).find((s) => s.name === name);
}

export const notLoaded = (name: string): string =>
  `"${name}" is not a builtin strategy; load it with --strategy-module FILE to run it`;
