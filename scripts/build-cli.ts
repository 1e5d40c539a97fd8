/**
 * `npm run build`: bundles the CLI and the workspace packages it imports into apps/cli/dist, so
 * `palisade` starts from plain JavaScript instead of transpiling TypeScript on every start. The root
 * `prepare` script runs it, so `npm ci` and `npm install` build the bundle.
 *
 * Code splitting keeps the cloud SDK out of the start-up path: every `import()` in the sources (the
 * live half of @palisade/providers, each collector) becomes a chunk of its own that is loaded only
 * when a live scan needs it. `--version`, `list` and snapshot scans load no SDK code.
 *
 * The worker threads of a scan (`--workers`) start from worker-entry.js, an entry point of its own
 * beside the chunks, and load the sinks' encoders from entry points of their own (WORKER_MODULES).
 *
 * Beside the bundle, build-info.json records when the build started and the source files it read;
 * apps/cli/bin/palisade.js runs the TypeScript sources instead while any of them is newer.
 */
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DEFAULT_OUTDIR = join(REPO_ROOT, 'apps/cli/dist');

/**
 * Files the bundle reads at run time, beside its chunks (the paths are relative to the chunk that
 * reads them, and every chunk is written at the top of the output directory).
 */
const RUNTIME_ASSETS: readonly { readonly source: string; readonly target: string }[] = [
  // packages/outputs/src/html.ts reads it with `new URL('./html/report-template.js', import.meta.url)`.
  { source: 'packages/outputs/src/html/report-template.js', target: 'html/report-template.js' },
];

export interface BuildInfo {
  /** When the build started, in ms since the epoch: a source modified after it may be missing from the bundle. */
  readonly builtAt: number;
  /** Workspace files the bundle was built from, relative to the repository root. */
  readonly sources: readonly string[];
}

export interface CliBuild {
  readonly outdir: string;
  readonly metafile: Metafile;
  readonly info: BuildInfo;
}

export async function buildCli(outdir: string = DEFAULT_OUTDIR): Promise<CliBuild> {
  const builtAt = Date.now();
  // The worker-thread executor starts each worker from worker-entry.js beside its own chunk.
  const metafile = await bundleNodeProgram({ main: 'apps/cli/src/main.ts', ...WORKER_MODULES }, outdir);
  const sources = [...Object.keys(metafile.inputs).filter((input) => !input.includes('node_modules/')), ...RUNTIME_ASSETS.map((asset) => asset.source)].sort();
  const info: BuildInfo = { builtAt, sources };
  // Written last: its presence means the bundle is complete.
  writeFileSync(join(outdir, 'build-info.json'), `${JSON.stringify(info, null, 1)}\n`);
  return { outdir, metafile, info };
}

/** The worker-thread executor's worker script: an entry point of every bundle that may scan on worker threads. */
export const WORKER_ENTRY = 'packages/engine/src/worker-entry.ts';

/**
 * Every module a worker thread loads by URL, each an entry point of its own beside the chunks: the
 * worker script, and the sinks' worker encoders (named by the sinks relative to their own module).
 */
export const WORKER_MODULES: Readonly<Record<string, string>> = {
  'worker-entry': WORKER_ENTRY,
  'file-sink-encoders': 'packages/outputs/src/file-sink-encoders.ts',
  'progress-encoder': 'apps/cli/src/progress-encoder.ts',
};

/** Packages `palisade serve` loads from node_modules rather than from the bundle. */
export const SERVER_EXTERNALS = ['better-sqlite3', 'argon2', 'pg', 'pg-native', 'kysely', 'fastify', '@fastify/*', 'jose', 'croner', 'typebox', '@apidevtools/*'];

/**
 * Bundles workspace programs (entry name → source, relative to the repository root) into `outdir`
 * as the CLI is bundled, runtime assets included; the benchmark bundles its scenario runner so.
 */
export async function bundleNodeProgram(entryPoints: Readonly<Record<string, string>>, outdir: string): Promise<Metafile> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { ...entryPoints },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // ES module builds of the SDK split and tree-shake; the CommonJS builds are single blocks.
    mainFields: ['module', 'main'],
    // Chunks that came from one `import()` are named after their source file (s3-<hash>.js).
    chunkNames: '[name]-[hash]',
    // Bundled CommonJS code still calls require() for Node's built-in modules.
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    // The server's stack stays in node_modules: native addons (SQLite, argon2), the PostgreSQL
    // client's optional native binding, and plugins that serve files from their own package.
    external: SERVER_EXTERNALS,
  });
  for (const asset of RUNTIME_ASSETS) {
    const target = join(outdir, asset.target);
    mkdirSync(join(target, '..'), { recursive: true });
    copyFileSync(join(REPO_ROOT, asset.source), target);
  }
  return result.metafile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const { outdir, metafile, info } = await buildCli(process.argv[2] ?? DEFAULT_OUTDIR);
  const chunks = Object.keys(metafile.outputs).filter((path) => path.endsWith('.js')).length;
  console.log(`built ${outdir}: ${chunks} chunks from ${info.sources.length} workspace files in ${Math.round(performance.now() - started)} ms`);
}
