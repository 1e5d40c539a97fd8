/**
 * `palisade deploy aws --dry-run` end to end through the `palisade` command (bundle or sources, as
 * the bin chooses): the handlers bundled, the app synthesized, the assembly written. The handler
 * bundling's treatment of native addons, on scratch entry points. And the member-account template
 * against CloudFormation's resource schemas.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHandlers } from '../src/infra/app.ts';
import { definitionOf } from '../src/infra/asl.ts';
import type { CloudFormationTemplate } from '../src/infra/asl.ts';
import { HANDLER_MODULES } from '../src/infra/stack.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'palisade-deploy-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function palisade(args: readonly string[]) {
  const { PALISADE_FROM_SOURCE: _ignored, ...env } = process.env;
  return spawnSync(process.execPath, [join(root, 'apps/cli/bin/palisade.js'), ...args], { cwd: scratch, encoding: 'utf8', env, timeout: 300_000 });
}

describe('palisade deploy aws --dry-run', () => {
  it('bundles the handlers, synthesizes the stack with the flags\' settings, and prints where the templates are', () => {
    const output = join(scratch, 'assembly');
    const result = palisade(['deploy', 'aws', '--dry-run', '--output', output, '--organization-id', 'o-abcdef1234', '--account-concurrency', '25']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Synthesized stack Palisade \(\d+ resources\) into assembly in [\d.]+ s$/m);
    expect(result.stdout).toContain('  template:        assembly/Palisade.template.json');
    expect(result.stdout).toContain('  member accounts: assembly/member-account.yaml');
    expect(result.stdout).toMatch(/^ +7 {2}AWS::Lambda::Function$/m);
    expect(result.stdout).toMatch(/^ {2}cdk-nag AwsSolutions: no findings, \d+ acknowledged with a reason/m);
    expect(result.stdout).toContain('Dry run: nothing deployed.');

    const template = JSON.parse(readFileSync(join(output, 'Palisade.template.json'), 'utf8')) as CloudFormationTemplate & { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    expect(definitionOf(template).States.Accounts!.MaxConcurrency).toBe(25);
    const busPolicy = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Events::EventBusPolicy')!;
    expect(busPolicy.Properties.Statement).toMatchObject({ Principal: { AWS: '*' }, Action: 'events:PutEvents', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } } });
    expect(readFileSync(join(output, 'member-account.yaml'), 'utf8')).toBe(readFileSync(join(root, 'apps/serverless/templates/member-account.yaml'), 'utf8'));

    // The functions' code: one asset holding every handler.
    const assets = readdirSync(output).filter((entry) => entry.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const files = readdirSync(join(output, assets[0]!));
    expect(files).toEqual(expect.arrayContaining(Object.values(HANDLER_MODULES).map((module) => `${module}.mjs`)));
  }, 300_000);

  it('refuses an organization id that is not one, before synthesizing', () => {
    const result = palisade(['deploy', 'aws', '--dry-run', '--output', join(scratch, 'refused'), '--organization-id', 'my-org']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--organization-id: "my-org" is not an AWS Organizations id');
    expect(existsSync(join(scratch, 'refused'))).toBe(false);
  }, 60_000);
});

describe('bundleHandlers', () => {
  it('stubs the native addons the handlers do not use and ships argon2 with its arm64 addon beside the bundles', async () => {
    const sources = join(scratch, 'handler-sources');
    mkdirSync(sources);
    for (const module of Object.values(HANDLER_MODULES)) {
      const body =
        module === 'api'
          ? "import argon2 from 'argon2';\nexport const handler = async () => typeof argon2.hash;\n"
          : "import Database from 'better-sqlite3';\nexport const handler = async () => { try { new Database(':memory:'); return 'opened'; } catch (error) { return (error as Error).message; } };\n";
      writeFileSync(join(sources, `${module}.ts`), body);
    }
    const out = join(scratch, 'bundled');
    const entries = await bundleHandlers(out, sources);
    expect(entries).toEqual(Object.values(HANDLER_MODULES).map((module) => join(out, `${module}.mjs`)));

    const { handler } = (await import(join(out, 'plan.mjs'))) as { handler: () => Promise<string> };
    expect(await handler()).toBe('better-sqlite3 is not part of the Lambda bundle (the serverless platform stores its data in DynamoDB)');

    expect(readFileSync(join(out, 'api.mjs'), 'utf8')).toMatch(/from ["']argon2["']/);
    const argon2 = join(out, 'node_modules/argon2');
    expect(readdirSync(join(argon2, 'prebuilds'))).toEqual(['linux-arm64']);
    expect(existsSync(join(argon2, 'build'))).toBe(false);
    for (const file of ['node_modules/argon2/argon2.cjs', 'node_modules/@phc/format/index.js', 'node_modules/node-gyp-build/index.js']) expect(existsSync(join(out, file)), file).toBe(true);
  }, 120_000);
});

describe('member-account template', () => {
  it('passes CloudFormation\'s resource schema validation', () => {
    const outdir = join(scratch, 'member');
    const app = new App({ outdir });
    new CfnInclude(new Stack(app, 'Member'), 'Template', { templateFile: join(root, 'apps/serverless/templates/member-account.yaml') });
    const template = app.synth().getStackByName('Member').template as { Resources: Record<string, { Type: string }> };
    expect(Object.entries(template.Resources).map(([id, resource]) => `${id} ${resource.Type}`)).toEqual(['ScanRole AWS::IAM::Role', 'ForwardRole AWS::IAM::Role', 'ForwardChangeEventsRule AWS::Events::Rule']);
    // The validation report lists every finding of the schema checks (warnings included).
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
    expect(report.pluginReports).toEqual([]);
  });
});
