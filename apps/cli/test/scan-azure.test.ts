/**
 * `palisade scan azure` flags as a scan request, and `palisade list … --provider`. The selection
 * is given where the registry's Azure checks are needed, so the request is built from the flags
 * alone; the shared path (outputs, summary, exit codes) is `scan aws`'s.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { DEFAULT_SCAN_CONFIG } from '@palisade/engine';
import { listCommand } from '../src/list-command.ts';
import { resolveAzureLocations } from '../src/options.ts';
import { azureRequestFromFlags, resolveFormats, selectionFromFlags } from '../src/scan-command.ts';
import type { FlagSelection, ScanAzureFlags } from '../src/scan-command.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const PROD = '7948bcee-488c-47ce-941c-38e20ede803d';
const defaults: ScanAzureFlags = { outputDir: 'output' };
const selection: FlagSelection = { frameworks: ['cis-azure-3.0'], checks: ['azure/storage-secure-transfer-required'], formats: ['json-ocsf', 'csv', 'html'] };
const inputs = { scanId: '00000000-0000-4000-8000-000000000001', config: DEFAULT_SCAN_CONFIG, selection };
const AZURE_CHECKS = ALL_CHECKS.filter((check) => check.provider === 'azure');

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('USAGE');
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('azureRequestFromFlags', () => {
  it('names the cloud, the tenant and the subscriptions, never a credential', () => {
    const request = azureRequestFromFlags({ ...defaults, azureTenantId: TENANT.toUpperCase(), subscriptionIds: [PROD.toUpperCase(), PROD], azureCloud: 'azureusgovernment', maxAccountsInFlight: 4, scanTimeout: 600 }, inputs);
    expect(request).toEqual({
      version: 1,
      provider: 'azure',
      scanId: inputs.scanId,
      source: { kind: 'azure', cloud: 'AzureUSGovernment', tenantId: TENANT, subscriptionIds: [PROD] },
      scope: { checks: selection.checks, frameworks: ['cis-azure-3.0'] },
      config: DEFAULT_SCAN_CONFIG,
      limits: { maxAccountsInFlight: 4, timeoutSeconds: 600 },
      output: {},
      execution: { workers: 1 },
    });
  });

  it('reads a snapshot offline, and saves one from a live scan', () => {
    expect(azureRequestFromFlags({ ...defaults, fromSnapshot: 'examples/demo-azure.json.gz' }, inputs).source).toEqual({ kind: 'snapshot', path: 'examples/demo-azure.json.gz' });
    const live = azureRequestFromFlags({ ...defaults, snapshotOut: 'inventory.json.gz' }, inputs);
    expect(live.source).toEqual({ kind: 'azure', cloud: 'AzureCloud' });
    expect(live.output).toEqual({ snapshotOut: 'inventory.json.gz' });
  });

  it.each([
    ['a tenant that is not a GUID', { azureTenantId: 'contoso.onmicrosoft.com' }, '--azure-tenant-id: "contoso.onmicrosoft.com" is not a tenant id (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47)'],
    ['a subscription that is not a GUID', { subscriptionIds: ['Production'] }, '--subscription-ids: "Production" is not a subscription id (a GUID)'],
    ['an unknown cloud', { azureCloud: 'AzureChina' }, '--azure-cloud: unknown cloud "AzureChina" — did you mean "AzureChinaCloud"?; valid: AzureCloud, AzureChinaCloud, AzureUSGovernment'],
    ['a snapshot with live settings', { fromSnapshot: 'x.json.gz', subscriptionIds: [PROD] }, '--from-snapshot scans offline; it cannot be combined with --azure-tenant-id, --subscription-ids or --azure-cloud'],
    ['a snapshot saved from a snapshot', { fromSnapshot: 'x.json.gz', snapshotOut: 'y.json.gz' }, '--from-snapshot and --snapshot-out cannot be combined'],
  ])('rejects %s naming the flag', (_name, extra, message) => {
    expect(usageError(() => azureRequestFromFlags({ ...defaults, ...extra }, inputs))).toBe(message);
  });
});

describe('the shared flags, resolved for Azure', () => {
  it('takes ARM location names for --region, forgiving case and spaces', () => {
    expect(resolveAzureLocations(['East US', 'westeurope', 'eastus'])).toEqual(['eastus', 'westeurope']);
    expect(usageError(() => resolveAzureLocations(['us-east-1']))).toBe('--region: "us-east-1" is not an Azure location name (lower-case letters and digits, e.g. eastus, westeurope)');
    // Locations are resolved before checks: a wrong one is named whatever else is wrong.
    expect(usageError(() => selectionFromFlags({ ...defaults, region: ['eu-west-1'] }, 'azure'))).toMatch(/^--region: "eu-west-1" is not an Azure location name/);
  });

  it('refuses ASFF for an Azure scan: it is AWS Security Hub’s format', () => {
    expect(resolveFormats(['csv', 'asff'], 'aws')).toEqual(['csv', 'asff']);
    expect(usageError(() => resolveFormats(['csv', 'asff'], 'azure'))).toBe(
      "--output-formats: asff is AWS Security Hub's format and holds AWS findings only; an azure scan writes json-ocsf, csv, html, sarif",
    );
  });

  it('refuses an AWS framework, and takes ARM resource ids for --resource-id', () => {
    expect(usageError(() => selectionFromFlags({ ...defaults, compliance: ['cis-aws-3.0'] }, 'azure'))).toMatch(/^--compliance: unknown framework "cis-aws-3\.0"/);
  });

  it.runIf(AZURE_CHECKS.length > 0)('selects Azure checks only, with bare names completed as azure/…', () => {
    const resolved = selectionFromFlags({ ...defaults, resourceId: [`/subscriptions/${PROD}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs`] }, 'azure');
    expect(resolved.checks.every((id) => id.startsWith('azure/'))).toBe(true);
    expect(resolved.frameworks).toEqual(['cis-azure-3.0']);
    expect(resolved.resources).toEqual({ arns: [`/subscriptions/${PROD}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs`] });
    const bare = AZURE_CHECKS[0]!.id.slice('azure/'.length);
    expect(selectionFromFlags({ ...defaults, checks: [bare] }, 'azure').checks).toEqual([AZURE_CHECKS[0]!.id]);
    expect(usageError(() => selectionFromFlags({ ...defaults, resourceId: ['arn:aws:s3:::logs'] }, 'azure'))).toMatch(/^--resource-id: "arn:aws:s3:::logs" is not an Azure resource id/);
  });
});

describe('list --provider', () => {
  function run(kind: string, options: { json?: boolean; provider?: string; service?: string }): string {
    let text = '';
    const out = new Writable({ write: (chunk, _encoding, done) => ((text += String(chunk)), done()) });
    listCommand(kind, options, out);
    return text;
  }

  it('lists one provider’s checks, services and frameworks', () => {
    const checks = JSON.parse(run('checks', { json: true, provider: 'aws' })) as { id: string; provider: string }[];
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((check) => check.provider === 'aws')).toBe(true);
    const azureChecks = JSON.parse(run('checks', { json: true, provider: 'azure' })) as { provider: string }[];
    expect(azureChecks).toHaveLength(AZURE_CHECKS.length);
    expect(JSON.parse(run('compliance', { json: true, provider: 'azure' })).map((row: { id: string }) => row.id)).toEqual(['cis-azure-3.0']);
    expect(Object.keys(JSON.parse(run('services', { json: true, provider: 'aws' })) as object)).toContain('s3');
  });

  it('names an unknown provider', () => {
    expect(usageError(() => run('checks', { provider: 'gcp' }))).toBe('--provider: unknown provider "gcp"; valid: aws, azure');
  });
});
