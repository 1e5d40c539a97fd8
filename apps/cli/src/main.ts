/**
 * Entry point: runs the CLI, maps errors to exit codes, and turns Ctrl-C into a clean stop. The
 * first Ctrl-C stops the scan and keeps the summary; the second skips the rest of the work and the
 * summary but still completes the files; a third quits at once and names the files left incomplete.
 * SIGTERM (`docker stop`, a cancelled CI job) and SIGHUP (a closed terminal) count as Ctrl-C does,
 * so the files are completed there too; the exit code then names the signal that came first
 * (128 + its number, as shells report it: 130, 143, 129).
 */
import { PalisadeError } from '@palisade/core';
import { EXIT, exitCodeForError } from './exit-codes.ts';
import { runCli } from './program.ts';

// A reader that goes away (`palisade list checks --json | head`) is not an error: what it read is
// complete, and nothing more needs saying. The command carries on (a scan still completes its files).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // EIO: the terminal itself went away (SIGHUP).
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED' || error.code === 'EIO') return;
    throw error;
  });
}

const interrupt = new AbortController();
const stopNow = new AbortController();
const openFiles = new Set<string>();
const EXIT_ON_SIGNAL = { SIGINT: EXIT.INTERRUPTED, SIGTERM: EXIT.TERMINATED, SIGHUP: EXIT.HANGUP } as const;
type StopSignal = keyof typeof EXIT_ON_SIGNAL;
/** The first stop signal received: it decides the exit code. */
let stoppedBy: StopSignal | undefined;
let interrupts = 0;
function onStopSignal(signal: StopSignal): void {
  stoppedBy ??= signal;
  interrupts += 1;
  const what = signal === 'SIGINT' ? 'Interrupted' : `Stopped by ${signal}`;
  if (interrupts === 1) {
    process.stderr.write(`\n${what}: finishing the files already started (Ctrl-C again to skip the summary)…\n`);
    interrupt.abort();
  } else if (interrupts === 2) {
    process.stderr.write(`\n${what} again: completing the files and skipping the summary (Ctrl-C once more to quit at once, leaving them incomplete)…\n`);
    stopNow.abort();
  } else {
    const incomplete = [...openFiles];
    process.stderr.write(
      incomplete.length ? `\nQuit at once; these files are incomplete:\n${incomplete.map((path) => `  ${path}\n`).join('')}` : '\nQuit at once.\n',
    );
    process.exit(EXIT_ON_SIGNAL[stoppedBy]);
  }
}
for (const signal of Object.keys(EXIT_ON_SIGNAL) as StopSignal[]) process.on(signal, () => onStopSignal(signal));

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
// The CLI reports any stop as Ctrl-C's code; a stop by SIGTERM or SIGHUP says so instead.
if (stoppedBy && process.exitCode === EXIT.INTERRUPTED) process.exitCode = EXIT_ON_SIGNAL[stoppedBy];
// After a second Ctrl-C the abandoned scan may still hold the event loop; its files are complete.
if (stopNow.signal.aborted) process.exit();
