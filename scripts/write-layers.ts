/** `npm run layers`: rewrites biome.json's import rules from scripts/layers.ts, leaving its other settings alone. */
import { readFileSync, writeFileSync } from 'node:fs';
import { biomeOverride, layerNames } from './layers.js';

const file = new URL('../biome.json', import.meta.url);
const config = JSON.parse(readFileSync(file, 'utf8')) as { overrides: { linter?: unknown }[] };
const isImportRule = (o: unknown): boolean => JSON.stringify(o).includes('noRestrictedImports');
config.overrides = [...config.overrides.filter((o) => !isImportRule(o)), ...layerNames.map(biomeOverride)];
writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
