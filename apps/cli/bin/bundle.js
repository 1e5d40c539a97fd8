/**
 * Whether the bundle in apps/cli/dist still matches the sources. scripts/build-cli.ts writes
 * build-info.json beside the bundle, last: when the build started and the workspace files it read.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why the bundle in `distDir` must not be run, or undefined when it is current: it is missing or
 * unfinished, or a source it was built from (a path relative to `rootDir`) changed or was removed
 * after the build started.
 * @param {string} distDir
 * @param {string} rootDir
 * @returns {string | undefined}
 */
export function staleBundleReason(distDir, rootDir) {
  let info;
  try {
    info = JSON.parse(readFileSync(join(distDir, 'build-info.json'), 'utf8'));
  } catch {
    return 'there is no complete build';
  }
  for (const source of info.sources) {
    const stat = statSync(join(rootDir, source), { throwIfNoEntry: false });
    if (!stat) return `${source} was removed after the last build`;
    if (stat.mtimeMs > info.builtAt) return `${source} changed after the last build`;
  }
  return undefined;
}
