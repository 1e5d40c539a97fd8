/**
 * The Azure demo estate (scripts/demo/azure-estate.ts, written by `npm run demo:generate:azure`):
 * the tenant and two subscriptions assembled from the families' demo data, written and read back
 * through the Azure snapshot format, and scanned with the registry's Azure checks — the well-kept
 * Production subscription fails far less than the neglected Development one, and nothing is an
 * ERROR (the demo holds no failed reads).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import type { AzureScopeSnapshot } from '@palisade/core/azure';
import { AZURE_SUBSCRIPTION_SERVICES } from '@palisade/core/azure';
import { ALL_CHECKS } from '@palisade/checks';
import { AZURE_PROVIDER, DEFAULT_SCAN_CONFIG, executeScan } from '@palisade/engine';
import { DEMO_AZURE_FAMILIES, DEMO_SUBSCRIPTIONS, DEMO_TENANT, buildDemoAzureEstate } from '../../scripts/demo/azure-estate.ts';
import type { DemoAzureFamilies } from '../../scripts/demo/azure-estate.ts';
import type { DemoSubscription } from '../../scripts/demo/azure/types.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'palisade-azure-demo-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function roundTrip(scopes: readonly AzureScopeSnapshot[], name: string): Promise<AzureScopeSnapshot[]> {
  const path = join(work, name);
  const writer = await AZURE_PROVIDER.openSnapshotWriter(path, 'test');
  for (const scope of scopes) await writer.add(scope);
  await writer.commit();
  const read: AzureScopeSnapshot[] = [];
  for await (const scope of AZURE_PROVIDER.readSnapshot(path)) read.push(scope);
  return read;
}

describe('the Azure demo estate', () => {
  it('assembles the tenant and the two subscriptions from the family modules', async () => {
    const calls: string[] = [];
    // Each family stand-in records the scope it was asked for and returns one fetched list.
    const stub = (service: string) => (subscription: DemoSubscription) => (calls.push(`${service} ${subscription.index}`), { items: { value: [{ location: subscription.locations[subscription.index] }] } });
    const families = {
      tenant: { entra: () => (calls.push('entra tenant'), { users: { value: [] } }) },
      subscription: Object.fromEntries(AZURE_SUBSCRIPTION_SERVICES.map((service) => [service, stub(service)])),
    } as unknown as DemoAzureFamilies;
    const scopes = buildDemoAzureEstate(families);
    expect(scopes.map((scope) => [scope.kind, scope.accountId, scope.displayName, scope.tenantId, scope.regions])).toEqual([
      ['tenant', DEMO_TENANT.tenantId, 'contoso-demo.onmicrosoft.com', DEMO_TENANT.tenantId, ['global']],
      ['subscription', DEMO_SUBSCRIPTIONS[0]!.subscriptionId, 'Production', DEMO_TENANT.tenantId, ['eastus', 'westeurope']],
      ['subscription', DEMO_SUBSCRIPTIONS[1]!.subscriptionId, 'Development', DEMO_TENANT.tenantId, ['eastus', 'westeurope']],
    ]);
    expect(Object.keys(scopes[0]!.services)).toEqual(['entra']);
    expect(Object.keys(scopes[1]!.services)).toEqual([...AZURE_SUBSCRIPTION_SERVICES]);
    expect(calls).toEqual(['entra tenant', ...AZURE_SUBSCRIPTION_SERVICES.map((service) => `${service} 0`), ...AZURE_SUBSCRIPTION_SERVICES.map((service) => `${service} 1`)]);
    expect(await roundTrip(scopes, 'stub.json.gz')).toEqual(scopes);
  });

  it('is deterministic, and every family’s data passes the snapshot validation', async () => {
    const scopes = buildDemoAzureEstate(DEMO_AZURE_FAMILIES);
    expect(JSON.stringify(buildDemoAzureEstate(DEMO_AZURE_FAMILIES))).toBe(JSON.stringify(scopes));
    expect(await roundTrip(scopes, 'demo.json.gz')).toEqual(JSON.parse(JSON.stringify(scopes)));
  });

  it('scans to far fewer failures in Production than in Development, and no ERROR', async () => {
    const findings: Finding[] = [];
    const checks = ALL_CHECKS.filter((check) => check.provider === 'azure');
    await executeScan({
      provider: 'azure',
      source: { kind: 'scopes', scopes: buildDemoAzureEstate(DEMO_AZURE_FAMILIES), origin: 'snapshot' },
      checks,
      config: DEFAULT_SCAN_CONFIG,
      sinks: [{ receives: 'all', write: async (batch) => void findings.push(...batch) }],
      productVersion: 'test',
    });
    const failures = (subscription: DemoSubscription) => findings.filter((finding) => finding.accountId === subscription.subscriptionId && finding.status === 'FAIL').length;
    expect(findings.filter((finding) => finding.status === 'ERROR').map((finding) => `${finding.check.id} ${finding.error?.code}`)).toEqual([]);
    expect(failures(DEMO_SUBSCRIPTIONS[0]!) * 3).toBeLessThan(failures(DEMO_SUBSCRIPTIONS[1]!));
    expect(findings.some((finding) => finding.accountId === DEMO_TENANT.tenantId)).toBe(true);
  });
});
