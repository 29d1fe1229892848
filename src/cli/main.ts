/**
 * The kexfuzz command line: parse, run a command, map errors to exit codes in one place.
 * `main` returns the exit code so tests can call it without a process.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { InputError, StrategyModuleError, UsageError } from '../errors.js';
import { setInvocation } from '../report/command-name.js';
import { clippedLines, printableLines } from '../report/printable.js';
import { CommandExit } from './command-exit.js';
import { type ExitCode, exitCodes } from './exit-codes.js';
import { exploreCommand } from './explore.js';
import { findingsCommand } from './findings.js';
import { fuzzCommand } from './fuzz.js';
import { invocationOf } from './invocation.js';
import { exitQuietlyOnClosedPipe, type Io, processIo } from './io.js';
import { platformsCommand, strategiesCommand } from './list.js';
import { mergeCommand } from './merge.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { scenarioCommand } from './scenario.js';
import { smokeCommand } from './smoke.js';
import { statsCommand } from './stats.js';

/** commander's output; its errors quote the arguments given, so they are escaped and clipped. */
function output(io: Io) {
  return {
    writeOut: io.out,
    writeErr: io.err,
    outputError: (text: string, write: (text: string) => void) => write(clippedLines(printableLines(text))),
  };
}

function program(io: Io): Command {
  const root = new Command('kexfuzz')
    .description('differential fuzzing of how MIPS SMP kexec/kdump stops non-boot CPUs')
    .version('0.1.0')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput(output(io));
  const add = (cmd: Command): void => {
    cmd.exitOverride().configureOutput(output(io));
    for (const sub of cmd.commands) sub.exitOverride().configureOutput(output(io));
    root.addCommand(cmd);
  };
  add(runCommand(io));
  add(strategiesCommand(io));
  add(platformsCommand(io));
  add(scenarioCommand(io));
  add(findingsCommand(io));
  add(mergeCommand(io));
  add(reportCommand(io));
  add(statsCommand(io));
  add(fuzzCommand(io));
  add(smokeCommand(io));
  add(exploreCommand(io));
  return root;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<ExitCode> {
  try {
    await program(io).parseAsync([...argv], { from: 'user' });
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof CommandExit) return error.code; // the command printed its answer
    if (error instanceof CommanderError) {
      // commander already printed the message. Asked-for help and version exit 0; help shown because no
      // command was given (commander's exit code 1) is a usage error, so a script's typo does not pass.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    // Messages quote what was given: argv, files, and stored names such as a finding's strategy.
    if (error instanceof InputError || error instanceof UsageError || error instanceof StrategyModuleError) {
      io.err(`kexfuzz: ${clippedLines(printableLines(error.message))}`);
      return exitCodes.usage;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.err(`kexfuzz: internal error (a bug in kexfuzz, not in your input):\n${printableLines(detail)}`);
    return exitCodes.internal;
  }
}

// Run only as the entry point (`npm run kexfuzz`), not when bin/kexfuzz.js or a test imports main().
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  exitQuietlyOnClosedPipe();
  setInvocation(invocationOf());
  process.exitCode = await main(process.argv.slice(2));
}
