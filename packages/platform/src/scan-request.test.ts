import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { runScan } from '@palisade/engine';
import type { MuteRule, Provider } from '@palisade/store';
import { DEFAULT_MEMBER_ROLE, muteRuleSpec, scanRequestFor } from './scan-request.ts';

const demo = fileURLToPath(new URL('../../../examples/demo-aws.json.gz', import.meta.url));
const demoAzure = fileURLToPath(new URL('../../../examples/demo-azure.json.gz', import.meta.url));
const AZURE_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const AZURE_SUBSCRIPTION = '7948bcee-488c-47ce-941c-38e20ede803d';
const at = '2026-12-03T10:00:00.000Z';

function provider(type: string, config: Record<string, unknown>, secretId?: string): Provider {
  return { id: 'prov-1', tenantId: 'tenant-a', type, alias: 'demo', config, ...(secretId ? { secretId } : {}), createdAt: at, updatedAt: at };
}

function mute(fields: Partial<MuteRule>): MuteRule {
  return { id: 'mute-1', tenantId: 'tenant-a', reason: 'accepted risk', createdBy: 'user-1', createdAt: at, ...fields };
}

const base = { scanId: 'scan-1', tenantId: 'tenant-a', externalId: 'ext-tenant-a', mutes: [] };

describe('scanRequestFor', () => {
  it('scans a snapshot provider\'s file with every AWS check and framework', () => {
    const request = scanRequestFor({ ...base, provider: provider('snapshot', { path: demo }) });
    expect(request.source).toEqual({ kind: 'snapshot', path: demo });
    // Every AWS check: the registry's checks of other providers are not an AWS provider's.
    expect(request.scope.checks).toEqual(ALL_CHECKS.filter((check) => check.provider === 'aws').map((check) => check.id));
    expect(request.scope.frameworks).toEqual(['cis-aws-3.0']);
    expect(request).toMatchObject({ scanId: 'scan-1', tenantId: 'tenant-a', execution: { workers: 1 } });
    expect(request.mutelist).toBeUndefined();
  });

  it('names stored credentials by reference only, and assumes the provider\'s role with the tenant\'s external id', () => {
    const request = scanRequestFor({ ...base, provider: provider('aws', { roleArn: 'arn:aws:iam::123456789012:role/Audit', regions: ['eu-west-1'], endpointUrl: 'http://127.0.0.1:5000' }, 'secret-9') });
    expect(request.source).toEqual({
      kind: 'live',
      credentials: { secretRef: 'secret-9', endpointUrl: 'http://127.0.0.1:5000', assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/Audit', externalId: 'ext-tenant-a' } },
    });
    expect(request.scope.regions).toEqual(['eu-west-1']);
  });

  it('scans an organization through each member\'s role, narrowed as the provider says', () => {
    const request = scanRequestFor({ ...base, provider: provider('aws', { organization: { excludedAccounts: ['210987654321'] } }) });
    expect(request.source).toEqual({
      kind: 'live',
      credentials: {},
      targets: { organization: { excludedAccounts: ['210987654321'] }, roleName: DEFAULT_MEMBER_ROLE, externalId: 'ext-tenant-a' },
    });
    const named = scanRequestFor({ ...base, provider: provider('aws', { organization: { roleName: 'PalisadeAudit', accounts: ['123456789012'] } }) });
    expect(named.source).toMatchObject({ targets: { organization: { accounts: ['123456789012'] }, roleName: 'PalisadeAudit' } });
  });

  it('narrows checks to the requested services, checks and frameworks', () => {
    const s3 = scanRequestFor({ ...base, provider: provider('snapshot', { path: demo }), scope: { services: ['s3'], regions: ['us-east-1'] } });
    expect(s3.scope.checks.length).toBeGreaterThan(3);
    expect(s3.scope.checks.every((id) => ALL_CHECKS.find((check) => check.id === id)!.service === 's3')).toBe(true);
    expect(s3.scope.regions).toEqual(['us-east-1']);
    const cis = scanRequestFor({ ...base, provider: provider('snapshot', { path: demo }), scope: { compliance: ['cis-aws-3.0'] } });
    expect(cis.scope.frameworks).toEqual(['cis-aws-3.0']);
    expect(cis.scope.checks.length).toBeLessThan(ALL_CHECKS.length);
  });

  it('refuses what cannot be scanned, naming the field', () => {
    expect(() => scanRequestFor({ ...base, provider: provider('snapshot', {}) })).toThrow(/^config\.path: a snapshot provider needs the path/);
    expect(() => scanRequestFor({ ...base, provider: provider('gcp', {}) })).toThrow(/^type: providers of type "gcp" cannot be scanned/);
    expect(() => scanRequestFor({ ...base, provider: provider('azure', {}) })).toThrow(/^config\.tenantId: an Azure provider needs its tenant id$/);
    expect(() => scanRequestFor({ ...base, provider: provider('azure', { tenantId: AZURE_TENANT, cloud: 'AzureMars' }) })).toThrow(/^config\.cloud: must be one of AzureCloud/);
    expect(() => scanRequestFor({ ...base, provider: provider('snapshot', { path: demo, provider: 'gcp' }) })).toThrow(/^config\.provider: must be one of aws, azure$/);
    expect(() => scanRequestFor({ ...base, provider: provider('azure', { tenantId: AZURE_TENANT }), scope: { compliance: ['cis-aws-3.0'] } })).toThrow(/^scope\.compliance\[0\]: framework "cis-aws-3\.0" is not a framework of azure$/);
    expect(() => scanRequestFor({ ...base, provider: provider('aws', { regions: 'eu-west-1' }) })).toThrow(/^config\.regions: must be a list of strings$/);
    expect(() => scanRequestFor({ ...base, provider: provider('snapshot', { path: demo }), scope: { compliance: ['cis-aws-9'] } })).toThrow(/^scope\.compliance\[0\]: unknown framework "cis-aws-9"$/);
    expect(() => scanRequestFor({ ...base, provider: provider('aws', { regions: ['mars-1'] }) })).toThrow(/unknown AWS region "mars-1"/);
  });
});

describe('scanRequestFor an Azure provider', () => {
  const azureChecks = ALL_CHECKS.filter((check) => check.provider === 'azure').map((check) => check.id);

  it('signs in to the provider\'s tenant as its stored service principal, by reference, with the Azure checks and frameworks only', () => {
    const request = scanRequestFor({ ...base, provider: provider('azure', { tenantId: AZURE_TENANT, subscriptionIds: [AZURE_SUBSCRIPTION], cloud: 'AzureUSGovernment' }, 'secret-7') });
    expect(request.provider).toBe('azure');
    expect(request.source).toEqual({ kind: 'azure', cloud: 'AzureUSGovernment', tenantId: AZURE_TENANT, subscriptionIds: [AZURE_SUBSCRIPTION], credentials: { secretRef: 'secret-7' } });
    expect(request.scope.checks).toEqual(azureChecks);
    expect(request.scope.checks.length).toBeGreaterThan(100);
    expect(request.scope.frameworks).toEqual(['cis-azure-3.0']);
  });

  it('uses the public cloud and every subscription by default, and the server\'s own identity without stored credentials', () => {
    const request = scanRequestFor({ ...base, provider: provider('azure', { tenantId: AZURE_TENANT }), scope: { services: ['storage'], regions: ['eastus'] } });
    expect(request.source).toEqual({ kind: 'azure', cloud: 'AzureCloud', tenantId: AZURE_TENANT });
    expect(request.scope.regions).toEqual(['eastus']);
    expect(request.scope.checks.length).toBeGreaterThan(3);
    expect(request.scope.checks.every((id) => id.startsWith('azure/') && ALL_CHECKS.find((check) => check.id === id)!.service === 'storage')).toBe(true);
  });

  it('scans an Azure snapshot provider\'s file with the Azure checks and frameworks', async () => {
    const request = scanRequestFor({ ...base, provider: provider('snapshot', { path: demoAzure, provider: 'azure' }) });
    expect(request).toMatchObject({ provider: 'azure', source: { kind: 'snapshot', path: demoAzure }, scope: { checks: azureChecks, frameworks: ['cis-azure-3.0'] } });
    const findings: Finding[] = [];
    await runScan(request, [{ receives: 'all', write: async (batch) => void findings.push(...batch) }]);
    expect(findings.length).toBeGreaterThan(100);
    expect(new Set(findings.map((finding) => finding.provider))).toEqual(new Set(['azure']));
    expect(findings.some((finding) => finding.status === 'FAIL')).toBe(true);
  });
});

describe('tenant mute rules as the scan\'s mutelist', () => {
  async function scanWith(mutes: readonly MuteRule[]): Promise<Finding[]> {
    const findings: Finding[] = [];
    await runScan(scanRequestFor({ ...base, provider: provider('snapshot', { path: demo }), mutes }), [{ receives: 'all', write: async (batch) => void findings.push(...batch) }]);
    return findings;
  }

  it('mutes exactly the one finding a rule names (account, check, region, resource), and only for its provider', async () => {
    const plain = await scanWith([]);
    const target = plain.find((finding) => finding.status === 'FAIL' && finding.region !== 'global' && finding.check.service === 'ec2')!;
    expect(target).toBeDefined();
    const rule = mute({ providerId: 'prov-1', findingUid: target.uid, account: target.accountId, checkId: target.check.id, region: target.region, resource: target.resource.uid });
    const muted = await scanWith([rule, mute({ id: 'mute-2', providerId: 'other-provider', checkId: '*' })]);
    expect(muted.filter((finding) => finding.muted).map((finding) => finding.uid)).toEqual([target.uid]);
    expect(muted.find((finding) => finding.uid === target.uid)!.muted).toMatchObject({ reason: 'accepted risk' });
  });

  it('treats regex characters in a resource literally and `*` as anything', () => {
    expect(muteRuleSpec(mute({ account: '111111111111', checkId: 'aws/s3-bucket-versioning-enabled', resource: 'arn:aws:s3:::logs.example+1' }))).toMatchObject({
      account: '111111111111',
      check: 'aws/s3-bucket-versioning-enabled',
      regions: ['*'],
      resources: ['arn:aws:s3:::logs\\.example\\+1'],
    });
  });
});
