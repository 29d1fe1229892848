import { Command, Option } from 'commander';
import { type Scenario, scenarioPaths } from '../contract/scenario.js';
import { platformNames } from '../contract/topology.js';
import { InputError } from '../errors.js';
import { scenarioSummary } from '../report/scenario-summary.js';
import { parseScenario, scenarioHash, serializeScenario, validateScenario } from '../scenario/codec.js';
import { scenarioLimits } from '../scenario/defaults.js';
import { scenarioJsonSchema } from '../scenario/json-schema.js';
import { CommandExit } from './command-exit.js';
import { exitCodes } from './exit-codes.js';
import { type Io, inputName, readInput } from './io.js';

/** `kexfuzz scenario check|defaults|schema`: validate a scenario file, print a platform's defaults or the schema. */
export function scenarioCommand(io: Io): Command {
  const cmd = new Command('scenario').description('validate scenario files, show defaults, print the JSON Schema');
  cmd
    .command('check')
    .description('validate a scenario (file or - for stdin) and print its summary and hash')
    .argument('<file>', 'scenario JSON, or - to read standard input')
    .option('--canonical', 'print the canonical JSON with every default filled in')
    .addOption(
      new Option(
        '--json',
        'print {"ok", "problems": [{"field", "message"}], "omitted"}, and when valid "summary", "hash" and "scenario", as JSON',
      ).conflicts('canonical'),
    )
    .action((file: string, options: { canonical?: boolean; json?: boolean }) => {
      if (options.json) return checkAsJson(file, io);
      const s = parseScenario(readInput(file, io, scenarioLimits.textBytes.max), inputName(file));
      if (options.canonical) io.out(JSON.stringify(JSON.parse(serializeScenario(s)), null, 2));
      else io.out(`valid: ${scenarioSummary(s)}; hash ${scenarioHash(s)}`);
    });
  cmd
    .command('defaults')
    .description("print a platform's default scenario, every field filled in")
    .addArgument(new Command().createArgument('<platform>', 'platform name').choices(platformNames))
    .addOption(new Option('--path <path>', 'kexec or kdump').choices(scenarioPaths).default('kexec'))
    .action((platform: string, options: { path: string }) => {
      const s = validateScenario({ version: 1, platform, path: options.path });
      io.out(JSON.stringify(JSON.parse(serializeScenario(s)), null, 2));
    });
  cmd
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of the scenario format, for editors and other tools')
    .action(() => {
      io.out(JSON.stringify(scenarioJsonSchema(), null, 2));
    });
  return cmd;
}

/**
 * `scenario check --json`: the verdict as data on standard output, for editors and scripts, and nothing on
 * standard error. An invalid or unreadable scenario still exits 2, with its problems in the object.
 */
function checkAsJson(file: string, io: Io): void {
  let s: Scenario;
  try {
    s = parseScenario(readInput(file, io, scenarioLimits.textBytes.max), inputName(file));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const problems = error.problems.map(({ field, message }) => ({ field, message }));
    io.out(JSON.stringify({ ok: false, problems, omitted: error.omitted }, null, 2));
    throw new CommandExit(exitCodes.usage, 'the scenario is not valid');
  }
  const scenario: unknown = JSON.parse(serializeScenario(s));
  io.out(
    JSON.stringify(
      { ok: true, problems: [], omitted: 0, summary: scenarioSummary(s), hash: scenarioHash(s), scenario },
      null,
      2,
    ),
  );
}
