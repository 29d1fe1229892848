// The module probe's thread (module-probe.ts): registers tsx's ESM loader, as worker-entry.mjs does, then
// loads and probes the strategy modules named in workerData, reporting each step to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { probeModules } = await import('./module-probe-worker.ts');
await probeModules(workerData, (msg) => parentPort?.postMessage(msg));
