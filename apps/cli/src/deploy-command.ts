/**
 * `palisade deploy aws`: the platform on AWS serverless services (apps/serverless). Bundles the
 * Lambda handlers, synthesizes the CDK app into a cloud assembly (`cdk.out/` or `--output`),
 * prints the template, stack name, resource counts and the AWS Solutions (cdk-nag) result, and
 * unless `--dry-run` deploys the assembly with the AWS CDK CLI, passing on its exit code.
 *
 * The CDK app is not part of the CLI bundle: the construct library alone is larger than the whole
 * CLI, and only this command needs it. The command loads apps/serverless/src/infra/app.ts from the
 * repository at run time through tsx (`tsImport`), both from the bundle (apps/cli/dist) and from
 * the sources (apps/cli/src), which sit at the same depth. `--dry-run` needs no credentials.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@palisade/core';
import type { CommandIo } from './scan-command.ts';
import type * as Infra from '@palisade/serverless/infra';

export interface DeployAwsFlags {
  dryRun?: boolean;
  output?: string;
  organizationId?: string;
  accountConcurrency?: number;
  groupConcurrency?: number;
  memberRoleName?: string;
  externalId?: string;
}

/** apps/serverless/src/infra/app.ts, loaded at run time (a type-only import: nothing of it enters the bundle). */
type InfraModule = typeof Infra;

/** The repository root: this module runs from apps/cli/src or from a chunk in apps/cli/dist. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const INFRA_MODULE = join(REPO_ROOT, 'apps/serverless/src/infra/app.ts');
const MEMBER_TEMPLATE = join(REPO_ROOT, 'apps/serverless/templates/member-account.yaml');
const CDK_CLI = join(REPO_ROOT, 'node_modules/aws-cdk/bin/cdk');

export async function deployAws(flags: DeployAwsFlags, io: Pick<CommandIo, 'stdout' | 'stderr'>): Promise<number> {
  if (flags.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(flags.organizationId)) {
    throw new InputError('USAGE', `--organization-id: "${flags.organizationId}" is not an AWS Organizations id (o- and 10 to 32 lower-case letters or digits)`);
  }
  const outdir = resolve(flags.output ?? 'cdk.out');
  if (!existsSync(INFRA_MODULE)) {
    io.stderr.write(`palisade: deploy aws needs the repository's apps/serverless (looked for ${INFRA_MODULE})\n`);
    return 1;
  }
  // The construct library warns about its own deprecated properties that the checks read.
  process.env.JSII_DEPRECATED ??= 'quiet';
  const started = performance.now();
  let synthesis: Awaited<ReturnType<InfraModule['synthesizeStack']>>;
  try {
    const infra = await loadInfra();
    const settings: Record<string, unknown> = {
      [infra.CONTEXT_KEYS.organizationId]: flags.organizationId,
      [infra.CONTEXT_KEYS.accountConcurrency]: flags.accountConcurrency,
      [infra.CONTEXT_KEYS.groupConcurrency]: flags.groupConcurrency,
      [infra.CONTEXT_KEYS.memberRoleName]: flags.memberRoleName,
      [infra.CONTEXT_KEYS.externalId]: flags.externalId,
    };
    const context = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
    synthesis = await infra.synthesizeStack({ outdir, context });
  } catch (error) {
    io.stderr.write(`palisade: deploy aws: ${(error as Error).message}\n`);
    for (const finding of (error as { findings?: InfraFinding[] }).findings ?? []) io.stderr.write(formatFinding(finding));
    return 1;
  }
  const memberTemplate = join(synthesis.assemblyDir, 'member-account.yaml');
  copyFileSync(MEMBER_TEMPLATE, memberTemplate);

  const shown = (path: string) => relative(process.cwd(), path) || '.';
  const { findings, acknowledgments, reportPath } = synthesis.validation;
  const lines = [
    `Synthesized stack ${synthesis.stackName} (${synthesis.resourceTotal} resources) into ${shown(synthesis.assemblyDir)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    `  template:        ${shown(synthesis.templatePath)}`,
    `  member accounts: ${shown(memberTemplate)} (deploy as a service-managed StackSet; see apps/serverless/README.md)`,
    '  resources:',
    ...Object.entries(synthesis.resourceCounts).map(([type, count]) => `    ${String(count).padStart(3)}  ${type}`),
    `  cdk-nag AwsSolutions: ${findings.length === 0 ? 'no findings' : `${findings.length} warning${findings.length === 1 ? '' : 's'}`}, ${acknowledgments.length} acknowledged with a reason${reportPath ? ` (report: ${shown(reportPath)})` : ''}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  for (const finding of findings) io.stdout.write(formatFinding(finding));
  if (flags.dryRun) {
    io.stdout.write(`Dry run: nothing deployed. Without --dry-run, \`cdk deploy --app ${shown(synthesis.assemblyDir)} --require-approval never\` deploys this assembly.\n`);
    return 0;
  }
  if (!existsSync(CDK_CLI)) {
    io.stderr.write(`palisade: deploy aws: the AWS CDK CLI is missing (${CDK_CLI}); run npm ci\n`);
    return 1;
  }
  io.stdout.write(`Deploying ${synthesis.stackName} with the AWS CDK CLI (credentials from the standard chain)…\n`);
  return runCdk(['deploy', '--app', synthesis.assemblyDir, '--require-approval', 'never']);
}

type InfraFinding = Awaited<ReturnType<InfraModule['synthesizeStack']>>['validation']['findings'][number];

function formatFinding(finding: InfraFinding): string {
  return `    ${finding.severity} ${finding.rule}: ${finding.description}${finding.resources.length ? ` (${finding.resources.join(', ')})` : ''}\n`;
}

async function loadInfra(): Promise<InfraModule> {
  // A computed specifier: the bundler leaves it to Node at run time instead of bundling tsx.
  const tsxApi = 'tsx/esm/api';
  const { tsImport } = (await import(tsxApi)) as { tsImport: (specifier: string, parent: string) => Promise<unknown> };
  return (await tsImport(INFRA_MODULE, import.meta.url)) as InfraModule;
}

function runCdk(args: readonly string[]): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [CDK_CLI, ...args], { stdio: 'inherit' });
    child.on('error', () => resolvePromise(1));
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}
