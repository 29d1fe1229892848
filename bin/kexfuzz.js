#!/usr/bin/env node
// Loads the TypeScript CLI through tsx's loader, so no build step is needed after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const { exitQuietlyOnClosedPipe } = await import('../src/cli/io.ts');
exitQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));
