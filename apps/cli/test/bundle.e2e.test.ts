/**
 * End-to-end: the bundled CLI (scripts/build-cli.ts), built afresh from the current sources. It
 * runs, and commands that need no cloud access load no SDK code: each SDK client lives in the
 * chunk of the collector (or connection code) that uses it, loaded by `import()` only then.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../../scripts/build-cli.ts';
import { PRODUCT_VERSION } from '../src/version.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const demo = join(root, 'examples/demo-aws.json.gz');
const recorder = fileURLToPath(new URL('./fixtures/record-loaded-modules.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'palisade-bundle-'));
const outdir = join(work, 'dist');

/** Packages whose code is a cloud SDK (AWS's, and Azure's sign-in library). */
const SDK_PACKAGE = /^@(aws-sdk|smithy|azure)\//;

let chunks: Map<string, Metafile['outputs'][string]>;

beforeAll(async () => {
  const { metafile } = await buildCli(outdir);
  // Metafile paths are relative to the repository root; the test works with absolute ones.
  chunks = new Map(Object.entries(metafile.outputs).filter(([path]) => path.endsWith('.js')).map(([path, output]) => [resolve(root, path), output]));
}, 180_000);

/** The node_modules packages bundled into a chunk (`@aws-sdk/client-s3`, `zod`, …). */
function packagesIn(chunk: string): Set<string> {
  const packages = new Set<string>();
  for (const input of Object.keys(chunks.get(chunk)!.inputs)) {
    const inside = input.split('node_modules/').at(-1)!;
    if (inside === input) continue;
    const [scope, name] = inside.split('/');
    packages.add(scope!.startsWith('@') ? `${scope}/${name}` : scope!);
  }
  return packages;
}

/** The chunk and every chunk it imports statically: what loading it evaluates. */
function staticClosure(chunk: string): Set<string> {
  const seen = new Set<string>();
  const pending = [chunk];
  while (pending.length) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const imported of chunks.get(next)!.imports) if (imported.kind === 'import-statement' && !imported.external) pending.push(resolve(root, imported.path));
  }
  return seen;
}

const sdkPackagesIn = (chunkSet: Iterable<string>) => [...chunkSet].flatMap((chunk) => [...packagesIn(chunk)].filter((name) => SDK_PACKAGE.test(name)));

/** The chunk holding a workspace source file. */
const chunkOf = (source: string) => [...chunks].find(([, output]) => source in output.inputs)?.[0];

/** Runs the bundle with a hook that records every module loaded; returns the bundle's chunks among them. */
function runBundle(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string; loaded: string[] }> {
  const record = join(work, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  // No AWS settings of the machine reach the command: credentials and endpoints come from `env` only.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', recorder, join(outdir, 'main.js'), ...args], {
      cwd: work,
      env: { ...inherited, NO_COLOR: '1', PALISADE_RECORD_MODULES: record, PALISADE_WORKERS: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      const urls = existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : [];
      const loaded = urls.filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url)).filter((path) => chunks.has(path));
      done({ code, stdout, stderr, loaded });
    });
  });
}

describe('the bundled CLI', () => {
  it('scans the demo snapshot, writes every output and loads no SDK code', async () => {
    const out = join(work, 'demo');
    const result = await runBundle(['scan', 'aws', '--from-snapshot', demo, '-o', out, '-F', 'demo', '-q']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3);
    // The HTML writer reads its script from beside the chunks: the build copies it there.
    expect(readdirSync(out).sort()).toEqual(['compliance', 'demo.csv', 'demo.html', 'demo.ocsf.json']);
    expect(readFileSync(join(out, 'demo.html'), 'utf8')).toContain(readFileSync(join(root, 'packages/outputs/src/html/report-template.js'), 'utf8').trim().split('\n')[0]);
    expect(result.loaded).toContain(join(outdir, 'main.js'));
    expect(sdkPackagesIn(result.loaded)).toEqual([]);
  });

  it('scans an Azure snapshot and loads no SDK code', async () => {
    const snapshot = join(work, 'azure.json.gz');
    const subscription = { kind: 'subscription', accountId: '7948bcee-488c-47ce-941c-38e20ede803d', displayName: 'Production', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', cloud: 'AzureCloud', regions: ['eastus'], collectedAt: '2026-06-01T10:00:00.000Z', services: {}, errors: [] };
    const header = { format: 'palisade-snapshot', version: 1, provider: 'azure', createdAt: '2026-06-01T10:00:00.000Z', producer: 'test' };
    writeFileSync(snapshot, gzipSync(`${JSON.stringify(header)}\n${JSON.stringify({ account: subscription })}\n`));
    const out = join(work, 'azure');
    const result = await runBundle(['scan', 'azure', '--from-snapshot', snapshot, '-o', out, '-F', 'azure', '-q']);
    expect(result.stderr).toBe('');
    expect(readdirSync(out).sort()).toEqual(['azure.csv', 'azure.html', 'azure.ocsf.json', 'compliance']);
    expect(sdkPackagesIn(result.loaded)).toEqual([]);
  });

  it('prints the version and loads no SDK code', async () => {
    const result = await runBundle(['--version']);
    expect([result.code, result.stdout, result.stderr]).toEqual([0, `${PRODUCT_VERSION}\n`, '']);
    expect(result.loaded.length).toBeGreaterThan(0);
    expect(sdkPackagesIn(result.loaded)).toEqual([]);
  });

  it('loads the SDK for a live scan (the recording sees it)', async () => {
    // Connecting fails at once: the endpoint is a closed local port, and no instance metadata is asked.
    const result = await runBundle(['scan', 'aws', '--services', 's3', '-q', '-o', join(work, 'live')], {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.code).not.toBe(0);
    const loaded = new Set(sdkPackagesIn(result.loaded));
    expect(loaded.has('@aws-sdk/client-sts')).toBe(true);
    // The scan stopped before collecting, so no collector's client was loaded.
    expect(loaded.has('@aws-sdk/client-s3')).toBe(false);
  });

  it('keeps each SDK client in the chunk of the collector that uses it, loaded only by import()', () => {
    const main = join(outdir, 'main.js');
    expect(sdkPackagesIn(staticClosure(main))).toEqual([]);

    const s3 = chunkOf('packages/providers/src/aws/collectors/s3.ts')!;
    const ec2 = chunkOf('packages/providers/src/aws/collectors/ec2.ts')!;
    expect(staticClosure(main).has(s3)).toBe(false);
    const loadedWithS3 = new Set(sdkPackagesIn(staticClosure(s3)));
    expect(loadedWithS3.has('@aws-sdk/client-s3')).toBe(true);
    expect(loadedWithS3.has('@aws-sdk/client-ec2')).toBe(false);
    expect(new Set(sdkPackagesIn(staticClosure(ec2))).has('@aws-sdk/client-s3')).toBe(false);

    // Connecting (credentials, STS, region discovery) is a chunk of its own too.
    const session = chunkOf('packages/providers/src/aws/session.ts')!;
    expect(staticClosure(main).has(session)).toBe(false);
    expect(new Set(sdkPackagesIn(staticClosure(session))).has('@aws-sdk/client-sts')).toBe(true);
  });
});
