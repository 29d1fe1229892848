// The piscina worker's entry. Loading worker.ts itself makes piscina require() it, so tsx compiles the
// whole tree to CommonJS, where every imported constant is a getter: 4.5x slower emulation. Registering
// tsx's ESM loader here and importing keeps the worker on ES modules, as fast as the main thread.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');
export default worker.default;
