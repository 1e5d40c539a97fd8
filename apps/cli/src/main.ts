/**
 * Entry point: runs the CLI, maps errors to exit codes, and turns Ctrl-C into a clean stop
 * (a second Ctrl-C exits at once).
 */
import { PalisadeError } from '@palisade/core';
import { EXIT, exitCodeForError } from './exit-codes.ts';
import { runCli } from './program.ts';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(EXIT.INTERRUPTED);
  process.stderr.write('\nInterrupted: finishing the files already started (Ctrl-C again to quit at once)…\n');
  controller.abort();
});

try {
  process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
} catch (error) {
  const code = exitCodeForError(error);
  if (error instanceof PalisadeError) {
    process.stderr.write(`palisade: ${error.message}\n`);
    if (code === EXIT.USAGE && error.code === 'USAGE') process.stderr.write('Run `palisade scan aws --help` for the options.\n');
  } else {
    // Not one of ours: show the stack, since this is a bug to report.
    process.stderr.write(`palisade: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exitCode = code;
}
