#!/usr/bin/env node
/**
 * The `palisade` command. Runs the bundle in apps/cli/dist (`npm run build`, which `npm ci` and
 * `npm install` run through the root `prepare` script): plain JavaScript that starts in a fraction
 * of the time the TypeScript sources need. While the bundle is missing or older than a source it
 * was built from, or with PALISADE_FROM_SOURCE=1, the sources run through tsx instead, so an edit
 * takes effect without a build.
 */
import { fileURLToPath } from 'node:url';
import { staleBundleReason } from './bundle.js';

const forced = process.env.PALISADE_FROM_SOURCE === '1';
const stale = forced ? 'PALISADE_FROM_SOURCE=1' : staleBundleReason(fileURLToPath(new URL('../dist/', import.meta.url)), fileURLToPath(new URL('../../../', import.meta.url)));
if (stale === undefined) {
  await import('../dist/main.js');
} else {
  // Told only to a person at a terminal: scripts and tests read stderr for the command's own messages.
  if (process.stderr.isTTY && !forced) process.stderr.write(`palisade: running the TypeScript sources, slower to start (${stale}); \`npm run build\` makes the bundle\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
