import { describe, expect, it } from 'vitest';
import { denied, entraConditionalAccessPolicy, entraData, entraUid, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-device-registration-requires-mfa.ts';

const POLICY = entraUid('policies', 'deviceRegistrationPolicy');
const device = (multiFactorAuthConfiguration: string) => ok({ id: 'deviceRegistrationPolicy', multiFactorAuthConfiguration, userDeviceQuota: 20, localAdminPasswordEnabled: null });
const registerDevices = entraConditionalAccessPolicy({ id: 'reg', conditions: { applications: { includeApplications: [], excludeApplications: [], includeUserActions: ['urn:user:registerdevice'] } } });

describe(check.id, () => {
  it.each([
    ['device setting requires MFA', entraData({ deviceRegistrationPolicy: device('required') }), 'PASS'],
    ['Conditional Access on the user action', entraData({ deviceRegistrationPolicy: device('notRequired'), conditionalAccessPolicies: ok([registerDevices]) }), 'PASS'],
    ['neither', entraData({ deviceRegistrationPolicy: device('notRequired'), conditionalAccessPolicies: ok([entraConditionalAccessPolicy({ id: 'mfa' })]) }), 'FAIL'],
    ['Conditional Access on the user action, disabled', entraData({ deviceRegistrationPolicy: device('notRequired'), conditionalAccessPolicies: ok([{ ...registerDevices, state: 'disabled' }]) }), 'FAIL'],
    ['device policy denied', entraData({ deviceRegistrationPolicy: denied('graph:policies.deviceRegistrationPolicy.get') }), 'ERROR'],
    ['not required, policies denied', entraData({ deviceRegistrationPolicy: device('notRequired'), conditionalAccessPolicies: denied('graph:identity.conditionalAccess.policies.list') }), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([[expected, POLICY]]);
  });
});
