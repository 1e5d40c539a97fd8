/**
 * apps/cli/bin/palisade.js runs the bundle while it matches the sources, and the TypeScript
 * sources through tsx otherwise. Tested on a copy of the bin in a scratch tree whose "bundle" and
 * "sources" each print their name.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { staleBundleReason } from '../bin/bundle.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let tree: string;
let dist: string;

beforeEach(() => {
  tree = mkdtempSync(join(tmpdir(), 'palisade-bin-'));
  dist = join(tree, 'apps/cli/dist');
  for (const dir of ['apps/cli/bin', 'apps/cli/dist', 'apps/cli/src', 'packages/core/src']) mkdirSync(join(tree, dir), { recursive: true });
  for (const file of ['palisade.js', 'bundle.js', '../package.json']) copyFileSync(join(root, 'apps/cli/bin', file), join(tree, 'apps/cli/bin', file));
  // tsx resolves from the scratch tree as it does from the repository.
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
  writeFileSync(join(dist, 'main.js'), "process.stdout.write('bundle');\n");
  writeFileSync(join(tree, 'apps/cli/src/main.ts'), "const from: string = 'sources';\nprocess.stdout.write(from);\n");
  writeFileSync(join(tree, 'packages/core/src/index.ts'), 'export {};\n');
});

/** Sets a file's modification time, in ms since the epoch. */
const touch = (path: string, ms: number) => utimesSync(path, ms / 1000, ms / 1000);

function writeBuildInfo(builtAt: number, sources: string[]): void {
  writeFileSync(join(dist, 'build-info.json'), JSON.stringify({ builtAt, sources }));
}

function runBin(env: NodeJS.ProcessEnv = {}): string {
  const { PALISADE_FROM_SOURCE: _ignored, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [join(tree, 'apps/cli/bin/palisade.js')], { encoding: 'utf8', env: { ...inherited, ...env } });
  expect(result.stderr).toBe('');
  return result.stdout;
}

describe('staleBundleReason', () => {
  it('is undefined while no source changed after the build started', () => {
    touch(join(tree, 'packages/core/src/index.ts'), 1_000_000);
    writeBuildInfo(2_000_000, ['packages/core/src/index.ts']);
    expect(staleBundleReason(dist, tree)).toBeUndefined();
  });

  it('names the first source changed after the build started', () => {
    touch(join(tree, 'packages/core/src/index.ts'), 3_000_000);
    writeBuildInfo(2_000_000, ['packages/core/src/index.ts']);
    expect(staleBundleReason(dist, tree)).toBe('packages/core/src/index.ts changed after the last build');
  });

  it('names a source removed since the build', () => {
    writeBuildInfo(Date.now(), ['packages/core/src/gone.ts']);
    expect(staleBundleReason(dist, tree)).toBe('packages/core/src/gone.ts was removed after the last build');
  });

  it('says so when the build did not finish (no build-info.json)', () => {
    expect(staleBundleReason(dist, tree)).toBe('there is no complete build');
  });
});

describe('palisade.js', () => {
  it('runs the bundle when it is current', () => {
    touch(join(tree, 'packages/core/src/index.ts'), 1_000_000);
    writeBuildInfo(2_000_000, ['packages/core/src/index.ts']);
    expect(runBin()).toBe('bundle');
  });

  it('runs the sources through tsx when a source is newer than the bundle', () => {
    touch(join(tree, 'packages/core/src/index.ts'), 3_000_000);
    writeBuildInfo(2_000_000, ['packages/core/src/index.ts']);
    expect(runBin()).toBe('sources');
  });

  it('runs the sources through tsx when there is no bundle', () => {
    rmSync(dist, { recursive: true });
    expect(runBin()).toBe('sources');
  });

  it('runs the sources with PALISADE_FROM_SOURCE=1 even when the bundle is current', () => {
    writeBuildInfo(Date.now() + 60_000, []);
    expect(runBin({ PALISADE_FROM_SOURCE: '1' })).toBe('sources');
  });
});
