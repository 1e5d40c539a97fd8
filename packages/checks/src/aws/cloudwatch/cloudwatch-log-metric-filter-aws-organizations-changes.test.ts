import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, monitoringChainSnapshot, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './cloudwatch-log-metric-filter-aws-organizations-changes.ts';

const ROOT = `arn:aws:iam::${TEST_ACCOUNT_ID}:root`;
/** As printed in CIS AWS Foundations v3.0 4.15. */
const CIS_PATTERN =
  '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }';

describe(check.id, () => {
  it.each([
    ['the CIS pattern', CIS_PATTERN, 'PASS'],
    ['a reordered, reformatted equivalent', '{ ($.eventName = UpdateOrganizationalUnit) || ($.eventName = UpdatePolicy) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = MoveAccount) || ($.eventName = LeaveOrganization) || ($.eventName = InviteAccountToOrganization) || ($.eventName = EnablePolicyType) || ($.eventName = DisablePolicyType) || ($.eventName = DetachPolicy) || ($.eventName = DeletePolicy) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeleteOrganization) || ($.eventName = DeclineHandshake) || ($.eventName = CreatePolicy) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreateAccount) || ($.eventName = AttachPolicy) || ($.eventName = AcceptHandshake) }', 'PASS'],
    ['a pattern missing $.eventName = "AcceptHandshake"', '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }', 'FAIL'],
  ] as const)('metric filter with %s → %s', (_name, pattern, expected) => {
    expect(statuses(runCheck(check, monitoringChainSnapshot({ pattern })))).toEqual([[expected, ROOT]]);
  });

  it('names the missing clause', () => {
    const [result] = runCheck(check, monitoringChainSnapshot({ pattern: '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }' }));
    expect(result?.message).toContain('$.eventName = "AcceptHandshake"');
  });

  it('fails when no alarm watches the metric', () => {
    const [result] = runCheck(check, monitoringChainSnapshot({ pattern: CIS_PATTERN, alarm: null }));
    expect([result?.status, result?.message]).toEqual(['FAIL', expect.stringContaining('no CloudWatch alarm watches')]);
  });

  it('fails when the alarm topic has no confirmed subscription', () => {
    const results = runCheck(check, monitoringChainSnapshot({ pattern: CIS_PATTERN, subscription: { subscriptionArn: 'PendingConfirmation' } }));
    expect(statuses(results)).toEqual([['FAIL', ROOT]]);
  });

  it('reports ERROR when trails cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: denied('cloudtrail:DescribeTrails') } } } });
    const results = runCheck(check, account);
    expect(statuses(results)).toEqual([['ERROR', ROOT]]);
    expect(results[0]?.message).toContain('cloudtrail:DescribeTrails failed with AccessDenied');
  });
});
