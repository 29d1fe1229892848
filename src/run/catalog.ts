/**
 * What a run can choose from, for the layers above that never reach into platforms/ or strategies/
 * themselves: the platforms with their descriptions, the built-in strategies, and user modules loaded.
 */
export { platforms } from '../platforms/index.js';
export { availableStrategies } from '../strategies/available.js';
export { builtinStrategies } from '../strategies/index.js';
