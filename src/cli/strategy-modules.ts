/** commander parser for a repeatable option: each occurrence adds one value. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

export const strategyModuleHelp = 'load a strategy from a .ts or .js module (repeatable)';
