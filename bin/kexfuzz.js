#!/usr/bin/env node
// Loads the TypeScript CLI through tsx's loader, so no build step is needed after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const { exitQuietlyOnClosedPipe } = await import('../src/cli/io.ts');
const { invocationOf } = await import('../src/cli/invocation.ts');
const { setInvocation } = await import('../src/report/command-name.ts');
exitQuietlyOnClosedPipe();
setInvocation(invocationOf());
process.exitCode = await main(process.argv.slice(2));
