/**
 * Entry point: runs the CLI, maps errors to exit codes, and turns Ctrl-C into a clean stop. The
 * first Ctrl-C stops the scan and keeps the summary; the second skips the rest of the work and the
 * summary but still completes the files; a third quits at once and names the files left incomplete.
 */
import { PalisadeError } from '@palisade/core';
import { EXIT, exitCodeForError } from './exit-codes.ts';
import { runCli } from './program.ts';

// A reader that goes away (`palisade list checks --json | head`) is not an error: what it read is
// complete, and nothing more needs saying. The command carries on (a scan still completes its files).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

const interrupt = new AbortController();
const stopNow = new AbortController();
const openFiles = new Set<string>();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts === 1) {
    process.stderr.write('\nInterrupted: finishing the files already started (Ctrl-C again to skip the summary)…\n');
    interrupt.abort();
  } else if (interrupts === 2) {
    process.stderr.write('\nInterrupted again: completing the files and skipping the summary (Ctrl-C once more to quit at once, leaving them incomplete)…\n');
    stopNow.abort();
  } else {
    const incomplete = [...openFiles];
    process.stderr.write(
      incomplete.length ? `\nQuit at once; these files are incomplete:\n${incomplete.map((path) => `  ${path}\n`).join('')}` : '\nQuit at once.\n',
    );
    process.exit(EXIT.INTERRUPTED);
  }
});

try {
  process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal, stopNow: stopNow.signal, openFiles });
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
// After a second Ctrl-C the abandoned scan may still hold the event loop; its files are complete.
if (stopNow.signal.aborted) process.exit();
