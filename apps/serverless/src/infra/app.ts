/**
 * The CDK app of the AWS serverless deployment: bundles the Lambda handlers, synthesizes the stack
 * into a cloud assembly (`cdk deploy --app <assembly dir>` deploys it), and reads back what was
 * made: the template, its resources by type, and the AWS Solutions (cdk-nag) validation report.
 *
 * Synthesis is offline: the stack has no environment, so nothing is looked up in an account.
 */
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { HANDLER_MODULES, PalisadeStack } from './stack.ts';
import type { PalisadeStackProps } from './stack.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const HANDLERS_SOURCE_DIR = 'apps/serverless/src/handlers';

export const DEFAULT_STACK_NAME = 'Palisade';

/** App context keys → the stack's optional settings (`cdk synth -c palisade:organizationId=o-…` works too). */
export const CONTEXT_KEYS = {
  organizationId: 'palisade:organizationId',
  accountConcurrency: 'palisade:accountConcurrency',
  groupConcurrency: 'palisade:groupConcurrency',
  memberRoleName: 'palisade:memberRoleName',
  externalId: 'palisade:externalId',
} as const;

/**
 * Native addons the handlers never call: the store on Lambda is DynamoDB, so SQLite, PostgreSQL's
 * native binding and LevelDB stay out. Modules that import them statically still load: each is
 * replaced by a stub that throws when used.
 */
const UNAVAILABLE_MODULES = ['better-sqlite3', 'pg-native', 'classic-level'];

/**
 * Packages that cannot be bundled (a native addon found beside its own files) go beside the
 * bundles in node_modules, with the files they load on Lambda (arm64, glibc) only.
 */
const COPIED_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  // Password hashing of the API; node-gyp-build finds the prebuilt addon under prebuilds/.
  argon2: ['package.json', 'LICENSE', 'argon2.cjs', 'prebuilds/linux-arm64/argon2.armv8.glibc.node'],
  '@phc/format': ['package.json', 'license', 'index.js'],
  'node-gyp-build': ['package.json', 'LICENSE', 'index.js', 'node-gyp-build.js'],
};

const unavailableModules: Plugin = {
  name: 'unavailable-modules',
  setup(build) {
    const filter = new RegExp(`^(${UNAVAILABLE_MODULES.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'unavailable' }));
    build.onLoad({ filter: /.*/, namespace: 'unavailable' }, (args) => ({
      loader: 'js',
      contents: `module.exports = function unavailable() { throw new Error(${JSON.stringify(`${args.path} is not part of the Lambda bundle (the serverless platform stores its data in DynamoDB)`)}); };`,
    }));
  },
};

/**
 * Bundles every handler (`api.mjs`, `orchestrator.mjs`, …) with shared chunks into `outDir`;
 * returns the entry files. `sourceDir` holds the entry points (`api.ts`, …).
 */
export async function bundleHandlers(outDir: string, sourceDir: string = join(REPO_ROOT, HANDLERS_SOURCE_DIR)): Promise<string[]> {
  const modules = Object.values(HANDLER_MODULES);
  const entryPoints: Record<string, string> = {};
  for (const module of modules) {
    const source = join(sourceDir, `${module}.ts`);
    if (!existsSync(source)) throw new Error(`handler entry point ${relative(REPO_ROOT, source)} is missing`);
    entryPoints[module] = source;
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    chunkNames: 'chunks/[name]-[hash]',
    // Bundled CommonJS code still calls require() for Node's built-in modules.
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [unavailableModules],
    external: Object.keys(COPIED_PACKAGES),
  });
  for (const [name, files] of Object.entries(COPIED_PACKAGES)) {
    const from = join(REPO_ROOT, 'node_modules', name);
    for (const file of files) {
      if (!existsSync(join(from, file))) throw new Error(`${name}: ${file} is missing from node_modules (run npm ci)`);
      cpSync(join(from, file), join(outDir, 'node_modules', name, file), { recursive: true });
    }
  }
  // Runtime assets read beside the code (the HTML report's script), as the CLI bundle has them.
  const reportTemplate = join(REPO_ROOT, 'packages/outputs/src/html/report-template.js');
  if (existsSync(reportTemplate)) {
    for (const dir of [outDir, join(outDir, 'chunks')]) {
      mkdirSync(join(dir, 'html'), { recursive: true });
      cpSync(reportTemplate, join(dir, 'html/report-template.js'));
    }
  }
  return modules.map((module) => join(outDir, `${module}.mjs`));
}

export interface BuildOptions {
  readonly handlersDir: string;
  readonly outdir?: string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly stackName?: string;
}

/** The app with the stack and the AWS Solutions checks, not yet synthesized. */
export function buildApp(options: BuildOptions): { app: App; stack: PalisadeStack } {
  // Log deliveries to the access-log bucket are granted by its bucket policy, not by an ACL (S3
  // disables ACLs on new buckets).
  const context = { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true, ...(options.context ?? {}) };
  const app = new App({ ...(options.outdir ? { outdir: options.outdir } : {}), context });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  const stack = new PalisadeStack(app, options.stackName ?? DEFAULT_STACK_NAME, {
    description: 'Palisade: cloud security posture scanning (API, scans on Step Functions, store on DynamoDB)',
    handlersDir: options.handlersDir,
    ...stackSettingsOf(context),
  });
  return { app, stack };
}

type StackSettings = Omit<PalisadeStackProps, 'handlersDir'>;

/** The stack's settings from app context, each checked. */
export function stackSettingsOf(context: Readonly<Record<string, unknown>>): StackSettings {
  const text = (key: string): string | undefined => {
    const value = context[key];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`context ${key}: expected a string`);
    return value;
  };
  const count = (key: string): number | undefined => {
    const value = context[key];
    if (value === undefined || value === '') return undefined;
    const number = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(number) || number < 1 || number > 1000) throw new Error(`context ${key}: expected a whole number from 1 to 1000, got ${String(value)}`);
    return number;
  };
  const organizationId = text(CONTEXT_KEYS.organizationId);
  if (organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(organizationId)) throw new Error(`context ${CONTEXT_KEYS.organizationId}: ${organizationId} is not an organization id (o-…)`);
  const memberRoleName = text(CONTEXT_KEYS.memberRoleName);
  if (memberRoleName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(memberRoleName)) throw new Error(`context ${CONTEXT_KEYS.memberRoleName}: ${memberRoleName} is not an IAM role name`);
  const settings: { -readonly [K in keyof StackSettings]: StackSettings[K] } = {};
  if (organizationId !== undefined) settings.organizationId = organizationId;
  if (memberRoleName !== undefined) settings.memberRoleName = memberRoleName;
  const externalId = text(CONTEXT_KEYS.externalId);
  if (externalId !== undefined) settings.externalId = externalId;
  const accountConcurrency = count(CONTEXT_KEYS.accountConcurrency);
  if (accountConcurrency !== undefined) settings.accountConcurrency = accountConcurrency;
  const groupConcurrency = count(CONTEXT_KEYS.groupConcurrency);
  if (groupConcurrency !== undefined) settings.groupConcurrency = groupConcurrency;
  return settings;
}

export interface SynthesisOptions {
  /** The cloud assembly's directory (replaced). */
  readonly outdir: string;
  /** Bundled handlers to deploy; default: `bundleHandlers` into a temporary directory. */
  readonly handlersDir?: string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly stackName?: string;
}

/** One AWS Solutions finding left standing (not acknowledged). */
export interface ValidationFinding {
  readonly rule: string;
  readonly severity: string;
  readonly description: string;
  readonly resources: readonly string[];
}

/** A finding acknowledged in the stack: where, which, and why. */
export interface Acknowledgment {
  /** The construct's path (`Palisade/PlanRole`). */
  readonly path: string;
  /** The rule and finding (`AwsSolutions-IAM5[Resource::*]`). */
  readonly id: string;
  readonly reason: string;
}

export interface Synthesis {
  readonly assemblyDir: string;
  readonly stackName: string;
  readonly templatePath: string;
  /** Resource type → count, in type order. */
  readonly resourceCounts: Readonly<Record<string, number>>;
  readonly resourceTotal: number;
  readonly validation: {
    readonly reportPath: string | undefined;
    /** Findings left standing (warnings; an error finding fails synthesis). */
    readonly findings: readonly ValidationFinding[];
    readonly acknowledgments: readonly Acknowledgment[];
  };
}

/** Thrown when the app does not synthesize (a validation error finding, a bad setting); the message says why. */
export class SynthesisError extends Error {
  override readonly name = 'SynthesisError';
  constructor(
    message: string,
    readonly findings: readonly ValidationFinding[] = [],
  ) {
    super(message);
  }
}

/** Synthesizes the app into `outdir` and returns the cloud assembly's directory. */
export async function synthesize(options: SynthesisOptions): Promise<string> {
  return (await synthesizeStack(options)).assemblyDir;
}

/** Synthesizes the app into `outdir` and reports what it made. */
export async function synthesizeStack(options: SynthesisOptions): Promise<Synthesis> {
  const bundledHere = options.handlersDir === undefined ? mkdtempSync(join(tmpdir(), 'palisade-handlers-')) : undefined;
  try {
    const handlersDir = options.handlersDir ?? bundledHere!;
    if (bundledHere) await bundleHandlers(bundledHere);
    rmSync(options.outdir, { recursive: true, force: true });
    let app: App;
    let stack: PalisadeStack;
    try {
      ({ app, stack } = buildApp({ handlersDir, outdir: options.outdir, ...(options.context ? { context: options.context } : {}), ...(options.stackName ? { stackName: options.stackName } : {}) }));
    } catch (error) {
      throw new SynthesisError(`the stack could not be built: ${(error as Error).message}`);
    }
    let assembly: ReturnType<App['synth']>;
    try {
      assembly = app.synth();
    } catch (error) {
      const report = readValidationReport(options.outdir);
      throw new SynthesisError(`synthesis failed: ${firstLine((error as Error).message)}`, report?.findings ?? []);
    }
    const assemblyDir = assembly.directory;
    const artifact = assembly.getStackByName(stack.stackName);
    const template = JSON.parse(readFileSync(join(assemblyDir, artifact.templateFile), 'utf8')) as { Resources?: Record<string, { Type: string }> };
    const counts: Record<string, number> = {};
    for (const resource of Object.values(template.Resources ?? {})) counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
    const resourceCounts = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const report = readValidationReport(assemblyDir);
    return {
      assemblyDir,
      stackName: stack.stackName,
      templatePath: join(assemblyDir, artifact.templateFile),
      resourceCounts,
      resourceTotal: Object.values(counts).reduce((sum, count) => sum + count, 0),
      validation: { reportPath: report?.path, findings: report?.findings ?? [], acknowledgments: acknowledgmentsOf(stack) },
    };
  } finally {
    if (bundledHere) rmSync(bundledHere, { recursive: true, force: true });
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text;
}

/** Every acknowledgment recorded in the scope and below it, in tree order. */
export function acknowledgmentsOf(scope: IConstruct): Acknowledgment[] {
  const found: Acknowledgment[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        // Recorded with the plugin's namespace (`AwsSolutions::AwsSolutions-S1`).
        found.push({ path: construct.node.path, id: id.replace(/^[^:[]+::/, ''), reason });
      }
    }
  }
  return found;
}

interface ValidationReportFile {
  readonly pluginReports?: readonly {
    readonly pluginName?: string;
    readonly violations?: readonly {
      readonly ruleName?: string;
      readonly severity?: string;
      readonly description?: string;
      readonly violatingConstructs?: readonly { readonly constructPath?: string; readonly cloudFormationResource?: { readonly logicalId?: string } }[];
    }[];
  }[];
}

/** The AWS Solutions findings of the validation report CDK writes into the assembly, if it wrote one. */
export function readValidationReport(assemblyDir: string): { path: string; findings: ValidationFinding[] } | undefined {
  const candidates = existsSync(assemblyDir) ? readdirSync(assemblyDir).filter((file) => file.endsWith('validation-report.json')) : [];
  const file = candidates[0];
  if (!file) return undefined;
  const path = join(assemblyDir, file);
  const report = JSON.parse(readFileSync(path, 'utf8')) as ValidationReportFile;
  const findings: ValidationFinding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    for (const violation of plugin.violations ?? []) {
      const rule = violation.ruleName ?? 'unknown';
      if (!rule.startsWith('AwsSolutions-')) continue;
      findings.push({
        rule,
        severity: violation.severity ?? 'error',
        description: firstLine(violation.description ?? ''),
        resources: (violation.violatingConstructs ?? []).map((construct) => construct.constructPath || construct.cloudFormationResource?.logicalId || 'unknown'),
      });
    }
  }
  return { path, findings };
}
