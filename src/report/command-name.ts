/**
 * How the user runs kexfuzz, for the commands kexfuzz suggests (`npx kexfuzz findings show 3`): after
 * `npm ci` the bin is not on PATH, so a bare `kexfuzz …` would not run when pasted. The CLI's entry point
 * sets it once from how it was invoked; everything else (tests calling main()) gets the plain name.
 */
let invocation = 'kexfuzz';

export function setInvocation(prefix: string): void {
  invocation = prefix;
}

/** `kexfuzzCommand('findings list')` → `npx kexfuzz findings list`, as the user invoked the tool. */
export function kexfuzzCommand(rest: string): string {
  return `${invocation} ${rest}`;
}
