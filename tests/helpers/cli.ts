import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** Runs the CLI in-process with captured output, the way a user would run `kexfuzz ARGS < stdin`. */
export async function kexfuzz(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), readStdin: () => stdin };
  const code = await main(args, io);
  return { code, out, err };
}
