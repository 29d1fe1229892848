/** `kexfuzz strategies` and `kexfuzz platforms`: what a run can choose from, with descriptions. */
import { Command } from 'commander';
import { maxCpus, platformNames, topologyLimits } from '../contract/topology.js';
import { oneOf } from '../errors.js';
import { loadStrategies } from '../fuzz/module-probe.js';
import { textTable } from '../report/text-table.js';
import { builtinStrategies, platforms } from '../run/catalog.js';
import { featureDefault } from '../scenario/defaults.js';
import { strategyModuleOption } from './flags.js';
import type { Io } from './io.js';

function platformJson() {
  return platformNames.map((name) => {
    const limits = topologyLimits[name];
    return {
      name,
      description: platforms[name].description,
      cores: { min: limits.minCores, max: limits.maxCores, default: limits.defaultCores },
      threadsPerCore: { allowed: [...limits.threadsPerCore], default: limits.defaultThreadsPerCore },
      maxCpus,
      features: Object.entries(limits.features).map(([feature, spec]) => {
        const d = featureDefault(spec, limits);
        return { name: feature, description: spec.description, default: d.value, defaultRule: d.rule };
      }),
    };
  });
}

function platformText(): string {
  return platformJson()
    .map((p) => {
      const lines = [
        `${p.name}: ${p.description}`,
        `  cores ${p.cores.min === p.cores.max ? p.cores.min : `${p.cores.min}–${p.cores.max}`}, ` +
          `threads per core ${oneOf(p.threadsPerCore.allowed)}; default ${p.cores.default} × ${p.threadsPerCore.default}`,
      ];
      if (p.features.length === 0) lines.push('  features: none');
      else {
        lines.push('  features:');
        const rows = p.features.map((f) => [f.name, `${f.description}; default ${f.defaultRule}`]);
        lines.push(textTable(['name', 'description'], rows, { indent: '    ' }));
      }
      return lines.join('\n');
    })
    .join('\n\n');
}

export function strategiesCommand(io: Io): Command {
  return new Command('strategies')
    .description('list the strategies (builtins, and any loaded with --strategy-module)')
    .addOption(strategyModuleOption())
    .option('--json', 'print a JSON array of {name, description, builtin, options}')
    .action(async (options: { strategyModule?: readonly string[]; json?: boolean }) => {
      const all = await loadStrategies(options.strategyModule);
      const builtin = (name: string): boolean => builtinStrategies.some((s) => s.name === name);
      if (options.json) {
        const list = all.map((s) => ({
          name: s.name,
          description: s.description,
          builtin: builtin(s.name),
          options: s.options,
        }));
        io.out(JSON.stringify(list, null, 2));
      } else {
        const rows = all.map((s) => [s.name, builtin(s.name) ? s.description : `${s.description} (module)`]);
        io.out(textTable(['name', 'description'], rows));
      }
    });
}

export function platformsCommand(io: Io): Command {
  return new Command('platforms')
    .description('list the platforms: topology limits, features and their defaults')
    .option('--json', 'print a JSON array of {name, description, cores, threadsPerCore, maxCpus, features}')
    .action((options: { json?: boolean }) => {
      io.out(options.json ? JSON.stringify(platformJson(), null, 2) : platformText());
    });
}
