/**
 * OCSF's `cloud` and `resources[].provider` come from the finding's provider: AWS findings keep
 * their AWS account type and partition, other providers get their own name and scope type, and a
 * finding without a partition writes none. Every variant stays valid OCSF 1.8.0.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import { toOcsfDetectionFinding } from '../src/ocsf.ts';
import { IAM_CHECK, SCAN, finding } from './fixtures.ts';
import { loadOcsfSchema, validateOcsfEvent } from './ocsf-validator.ts';
import type { OcsfSchema } from './ocsf-validator.ts';

let schema: OcsfSchema;
beforeAll(() => {
  schema = loadOcsfSchema(fileURLToPath(new URL('./ocsf-schema-1.8.0', import.meta.url)));
});

/** A finding of `provider` in scope `accountId`, without the AWS partition of the fixtures. */
function ofProvider(provider: string, accountId: string): Finding {
  const { partition: _partition, ...rest } = finding({ check: { ...IAM_CHECK, provider, id: `${provider}/user-mfa` }, status: 'FAIL', resource: { uid: `${provider}://${accountId}/user/bob`, type: 'User', name: 'bob', region: 'westeurope' } });
  return { ...rest, provider, accountId, region: 'westeurope' };
}

describe('OCSF cloud provider and scope type', () => {
  it('writes AWS findings as AWS accounts with their partition', () => {
    const event = toOcsfDetectionFinding(finding({ check: IAM_CHECK, status: 'FAIL', resource: { uid: 'arn:aws:iam::123456789012:user/bob', type: 'AwsIamUser', name: 'bob', region: 'global' } }), SCAN);
    expect(event.cloud).toMatchObject({ provider: 'AWS', cloud_partition: 'aws', account: { uid: '123456789012', type_id: 10, type: 'AWS Account' } });
    expect(event.resources[0]).toMatchObject({ provider: 'AWS', cloud_partition: 'aws' });
    expect(validateOcsfEvent(schema, event).errors).toEqual([]);
  });

  it.each([
    ['azure', '00000000-0000-0000-0000-000000000001', 'Azure', 13, 'Azure Subscription'],
    ['gcp', 'my-project-1', 'GCP', 11, 'GCP Project'],
    ['stubcloud', 'stub-alpha', 'stubcloud', 99, 'Other'],
  ])('writes %s findings with the provider name %s and scope type %i (%s), and no partition', (provider, accountId, name, typeId, type) => {
    const event = toOcsfDetectionFinding(ofProvider(provider, accountId), SCAN);
    expect(event.cloud).toEqual({ provider: name, region: 'westeurope', account: { uid: accountId, type_id: typeId, type, name: 'production' } });
    expect(event.resources[0]).toEqual({ uid: `${provider}://${accountId}/user/bob`, name: 'bob', type: 'User', role: 'Target', role_id: 1, provider: name, region: 'westeurope' });
    expect(validateOcsfEvent(schema, event).errors).toEqual([]);
  });

  it('writes an Azure finding about the Microsoft Entra tenant as an Azure AD account, and the tenant as the organization', () => {
    const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const subscription: Finding = { ...ofProvider('azure', '7948bcee-488c-47ce-941c-38e20ede803d'), scopeKind: 'subscription', organization: { organizationId: tenantId } };
    const tenant: Finding = { ...ofProvider('azure', tenantId), scopeKind: 'tenant', accountName: 'contoso.onmicrosoft.com', region: 'global', organization: { organizationId: tenantId } };
    const subscriptionEvent = toOcsfDetectionFinding(subscription, SCAN);
    const tenantEvent = toOcsfDetectionFinding(tenant, SCAN);
    expect(subscriptionEvent.cloud).toMatchObject({ provider: 'Azure', account: { type_id: 13, type: 'Azure Subscription' }, org: { uid: tenantId } });
    expect(tenantEvent.cloud).toEqual({ provider: 'Azure', account: { uid: tenantId, type_id: 6, type: 'Azure AD Account', name: 'contoso.onmicrosoft.com' }, org: { uid: tenantId } });
    for (const event of [subscriptionEvent, tenantEvent]) expect(validateOcsfEvent(schema, event).errors).toEqual([]);
    // A scope kind the provider does not name keeps the provider's own type.
    expect(toOcsfDetectionFinding({ ...subscription, scopeKind: 'toString' }, SCAN).cloud.account.type_id).toBe(13);
  });

  it('does not read a provider id from the object prototype', () => {
    const event = toOcsfDetectionFinding(ofProvider('constructor', 'scope-1'), SCAN);
    expect(event.cloud).toMatchObject({ provider: 'constructor', account: { type_id: 99, type: 'Other' } });
  });
});
