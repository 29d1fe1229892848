/** `kexfuzz strategies` and `kexfuzz platforms`: what a run can choose from, with descriptions. */
import { Command } from 'commander';
import { platforms } from '../platforms/index.js';
import {
  type FeatureSpec,
  maxCpus,
  platformNames,
  type TopologyLimits,
  topologyLimits,
} from '../platforms/topology.js';
import { textTable } from '../report/text-table.js';
import { availableStrategies } from '../strategies/available.js';
import { builtinStrategies } from '../strategies/index.js';
import { strategyModuleOption } from './flags.js';
import type { Io } from './io.js';

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** "1", "2 or 4", "1, 2 or 4" */
function either(values: readonly number[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

/**
 * A feature's default, which may depend on the topology: its value at the platform's default topology, and
 * a rule for humans ("true", or "true with 2 or 4 threads per core, false with 1").
 */
export function featureDefault(spec: FeatureSpec, limits: TopologyLimits): { value: boolean; rule: string } {
  const value = spec.defaultFor({ cores: limits.defaultCores, threadsPerCore: limits.defaultThreadsPerCore });
  const cores = range(limits.minCores, limits.maxCores);
  const combos = cores.flatMap((c) =>
    limits.threadsPerCore.map((t) => ({ c, t, on: spec.defaultFor({ cores: c, threadsPerCore: t }) })),
  );
  if (combos.every((x) => x.on === value)) return { value, rule: String(value) };
  const split = (keyOf: (x: (typeof combos)[number]) => number, unit: string): string | undefined => {
    const keys = [...new Set(combos.map(keyOf))];
    const onFor = (k: number): boolean[] => [...new Set(combos.filter((x) => keyOf(x) === k).map((x) => x.on))];
    if (keys.some((k) => onFor(k).length > 1)) return undefined;
    const on = keys.filter((k) => onFor(k)[0] === true);
    const off = keys.filter((k) => onFor(k)[0] === false);
    return `true with ${either(on)} ${unit}, false with ${either(off)}`;
  };
  const rule =
    split((x) => x.t, 'threads per core') ??
    split((x) => x.c, 'cores') ??
    `depends on the topology (${value} at the default ${limits.defaultCores} × ${limits.defaultThreadsPerCore})`;
  return { value, rule };
}

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
          `threads per core ${either(p.threadsPerCore.allowed)}; default ${p.cores.default} × ${p.threadsPerCore.default}`,
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
      const all = await availableStrategies(options.strategyModule);
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
