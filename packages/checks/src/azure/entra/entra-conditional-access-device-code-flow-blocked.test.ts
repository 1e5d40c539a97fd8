import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraConditionalAccessPolicy as policy, entraData, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-conditional-access-device-code-flow-blocked.ts';

const withPolicies = (...policies: ReturnType<typeof policy>[]) => entraData({ conditionalAccessPolicies: ok(policies) });
const block = { builtInControls: ['block'] };

describe(check.id, () => {
  it.each([
    ['device code blocked', withPolicies(policy({ id: 'dcf', conditions: { authenticationFlows: { transferMethods: 'deviceCodeFlow' } }, grantControls: block })), 'PASS'],
    ['device code and transfer blocked', withPolicies(policy({ id: 'dcf', conditions: { authenticationFlows: { transferMethods: 'deviceCodeFlow,authenticationTransfer' } }, grantControls: block })), 'PASS'],
    ['only authentication transfer blocked', withPolicies(policy({ id: 'dcf', conditions: { authenticationFlows: { transferMethods: 'authenticationTransfer' } }, grantControls: block })), 'FAIL'],
    ['device code blocked, report-only', withPolicies(policy({ id: 'dcf', state: 'enabledForReportingButNotEnforced', conditions: { authenticationFlows: { transferMethods: 'deviceCodeFlow' } }, grantControls: block })), 'FAIL'],
    ['security defaults on', entraData({ securityDefaults: ok({ id: 'sd', isEnabled: true }) }), 'FAIL'],
    ['policies denied', entraData({ conditionalAccessPolicies: denied('graph:identity.conditionalAccess.policies.list') }), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });
});
