import { Command, Option } from 'commander';
import { scenarioPaths } from '../contract/scenario.js';
import { platformNames } from '../contract/topology.js';
import { scenarioSummary } from '../report/scenario-summary.js';
import { parseScenario, scenarioHash, serializeScenario, validateScenario } from '../scenario/codec.js';
import { scenarioLimits } from '../scenario/defaults.js';
import { scenarioJsonSchema } from '../scenario/json-schema.js';
import { type Io, inputName, readInput } from './io.js';

/** `kexfuzz scenario check|defaults|schema`: validate a scenario file, print a platform's defaults or the schema. */
export function scenarioCommand(io: Io): Command {
  const cmd = new Command('scenario').description('validate scenario files, show defaults, print the JSON Schema');
  cmd
    .command('check')
    .description('validate a scenario (file or - for stdin) and print its summary and hash')
    .argument('<file>', 'scenario JSON, or - to read standard input')
    .option('--canonical', 'print the canonical JSON with every default filled in')
    .action((file: string, options: { canonical?: boolean }) => {
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
