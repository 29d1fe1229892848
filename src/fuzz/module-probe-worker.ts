/**
 * The module probe's work, in its own thread: load each strategy module, then call each module's functions
 * on every platform's default scenario, kexec and kdump, announcing each step first. A step that loops or
 * ends the thread is then named by the main thread, which alone can stop it.
 */
import { platformNames } from '../contract/topology.js';
import { InputError, StrategyModuleError } from '../errors.js';
import { availableStrategies, builtinStrategies, platforms } from '../run/catalog.js';
import { platformContext } from '../run/run-strategy.js';
import { validateScenario } from '../scenario/codec.js';
import type { ProbeMsg } from './messages.js';

export async function probeModules(files: readonly string[], post: (msg: ProbeMsg) => void): Promise<void> {
  try {
    const all = await availableStrategies(files, (module) => post({ kind: 'probe-step', module, call: null }));
    for (const [i, strategy] of all.slice(builtinStrategies.length).entries()) {
      const module = files[i] ?? strategy.name;
      for (const platform of platformNames) {
        for (const path of ['kexec', 'kdump'] as const) {
          const code = platforms[platform].code(platformContext(validateScenario({ version: 1, platform, path })));
          post({ kind: 'probe-step', module, call: `refuses("${platform}", …)` });
          strategy.refuses(platform, code);
        }
      }
    }
  } catch (error) {
    // The module's fault, said as loading would say it; anything else is a bug and fails the thread.
    if (!(error instanceof InputError || error instanceof StrategyModuleError)) throw error;
    post({ kind: 'probe-failed', message: error.message });
    return;
  }
  post({ kind: 'probe-done' });
}
