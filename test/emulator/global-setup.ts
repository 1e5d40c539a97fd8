/**
 * Global setup of the AWS emulator suite: finds an AWS-compatible emulator for the live-path tests.
 *
 * 1. `PALISADE_AWS_EMULATOR_URL` names a running one (CI starts it in `.ci/run`). It must answer:
 *    whoever set the variable expects the suite to run, so an unreachable URL fails the run.
 * 2. Otherwise, when the shared emulator kit sits beside the repository
 *    (`../shared/emulators/aws/start.sh`), one is started on a free port and stopped afterwards.
 * 3. Otherwise the suite is skipped, and says why on the console and in its title.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

export type AwsEmulator = { readonly url: string } | { readonly skipped: string };

declare module 'vitest' {
  export interface ProvidedContext {
    awsEmulator: AwsEmulator;
  }
}

const run = promisify(execFile);
const kit = fileURLToPath(new URL('../../../shared/emulators/aws/', import.meta.url));

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env['PALISADE_AWS_EMULATOR_URL'];
  if (given) {
    if (!(await answers(given))) throw new Error(`PALISADE_AWS_EMULATOR_URL=${given} does not answer at ${given}/moto-api/`);
    project.provide('awsEmulator', { url: given.replace(/\/+$/, '') });
    return undefined;
  }
  const start = `${kit}start.sh`;
  if (!existsSync(start)) return skip(project, `no PALISADE_AWS_EMULATOR_URL and no emulator kit at ${start}`);

  const env = { ...process.env, PORT: String(await freePort()) };
  try {
    // start.sh may install its Debian packages first.
    const { stdout } = await run(start, { env, timeout: 600_000 });
    const url = stdout.trim().split('\n').pop() ?? '';
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`start.sh printed no URL: ${stdout}`);
    project.provide('awsEmulator', { url });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    return skip(project, `${start} failed: ${stderr || (error as Error).message}`);
  }
  return async () => {
    await run(`${kit}stop.sh`, { env });
  };
}

function skip(project: TestProject, reason: string): undefined {
  console.warn(`\n[aws-emulator] SKIPPING the live AWS emulator suite: ${reason}\n`);
  project.provide('awsEmulator', { skipped: reason });
  return undefined;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/moto-api/', url), { signal: AbortSignal.timeout(5_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** A port nothing listens on now; the emulator binds it a moment later. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
