/**
 * An identity that can list its subscriptions and read nothing else: every ARM read answers 403
 * `AuthorizationFailed` and every Microsoft Graph read 403 `Authorization_RequestDenied`, through
 * the real clients, the real collectors and every registered Azure check. Not one PASS or FAIL may
 * come out of data that was never read: each check reports ERROR naming the operation and the
 * provider's code.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { DEFAULT_CHECK_CONFIG } from '@palisade/core';
import { DEFAULT_SCAN_CONFIG, executeScan } from '@palisade/engine';
import type { HttpRequest, HttpResponse } from '@palisade/providers/azure';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SUBSCRIPTION = '7948bcee-488c-47ce-941c-38e20ede803d';

const json = (status: number, body: unknown): HttpResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Discovery answers; everything else is denied the way ARM and Graph deny. */
async function deniedAzure(request: HttpRequest): Promise<HttpResponse> {
  const path = new URL(request.url).pathname;
  if (path === '/subscriptions') {
    return json(200, { value: [{ id: `/subscriptions/${SUBSCRIPTION}`, subscriptionId: SUBSCRIPTION, tenantId: TENANT, displayName: 'Production', state: 'Enabled' }] });
  }
  if (path === `/subscriptions/${SUBSCRIPTION}/locations`) {
    return json(200, { value: [{ id: `/subscriptions/${SUBSCRIPTION}/locations/eastus`, name: 'eastus', type: 'Region', displayName: 'East US', metadata: { regionType: 'Physical' } }] });
  }
  if (path.startsWith('/v1.0/')) {
    return json(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', innerError: { date: '2026-12-03T10:00:00', 'request-id': '00000000-0000-0000-0000-000000000000' } } });
  }
  return json(403, {
    error: { code: 'AuthorizationFailed', message: `The client 'scanner' with object id '00000000-0000-0000-0000-000000000001' does not have authorization to perform action over scope '${path}' or the scope is invalid.` },
  });
}

describe('an Azure scan where every read is denied', () => {
  it('reports every registered Azure check as ERROR with the provider\'s code, never PASS or FAIL', async () => {
    const checks = ALL_CHECKS.filter((check) => check.provider === 'azure');
    const findings: Finding[] = [];
    const result = await executeScan({
      provider: 'azure',
      checks,
      config: { ...DEFAULT_SCAN_CONFIG, checks: DEFAULT_CHECK_CONFIG },
      source: { kind: 'azure', connect: { cloud: 'AzureCloud', transport: { http: deniedAzure, tokens: async () => 'test-token' } } },
      sinks: [{ receives: 'all', write: async (batch) => void findings.push(...batch) }],
      productVersion: 'test',
      now: () => new Date('2026-12-03T12:00:00.000Z'),
    });
    expect(checks.length).toBeGreaterThanOrEqual(120);
    expect([...result.accountsScanned].sort()).toEqual([SUBSCRIPTION, TENANT].sort());
    const decided = findings.filter((finding) => finding.status !== 'ERROR');
    expect(decided.map((finding) => `${finding.check.id} ${finding.status} ${finding.resource.uid}: ${finding.message}`)).toEqual([]);
    // Every check said something, on the scope its service belongs to.
    expect(new Set(findings.map((finding) => finding.check.id))).toEqual(new Set(checks.map((check) => check.id)));
    for (const finding of findings) {
      expect(['AuthorizationFailed', 'Authorization_RequestDenied'], `${finding.check.id}: ${finding.error?.api} ${finding.error?.code}`).toContain(finding.error?.code);
      expect(finding.error?.api, finding.check.id).toMatch(/^(Microsoft\.[A-Za-z]+\/|graph:)/);
    }
  });
});
