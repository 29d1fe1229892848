/**
 * How the user started kexfuzz, so the commands it suggests can be pasted: `npx kexfuzz …` after `npm ci`
 * (the bin is not on PATH), `npm run kexfuzz -- …` from the script, plain `kexfuzz …` when installed.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '' || dir.includes(`node_modules${path.sep}.bin`)) continue; // npm's own, gone after it exits
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

export function invocationOf(env: NodeJS.ProcessEnv = process.env): string {
  if (env['npm_lifecycle_event'] === 'kexfuzz') return 'npm run kexfuzz --';
  if (env['npm_command'] === 'exec') return 'npx kexfuzz';
  return onPath('kexfuzz', env) ? 'kexfuzz' : 'npx kexfuzz';
}
