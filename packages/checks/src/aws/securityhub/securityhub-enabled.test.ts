import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './securityhub-enabled.ts';

const REGION_UID = `arn:aws:securityhub:us-east-1:${TEST_ACCOUNT_ID}:securityhub/us-east-1`;

describe(check.id, () => {
  it.each([
    ['subscribed', ok({ hubArn: `arn:aws:securityhub:us-east-1:${TEST_ACCOUNT_ID}:hub/default`, subscribedAt: '2025-01-01T00:00:00.000Z' }), 'PASS'],
    ['not subscribed', ok(null), 'FAIL'],
    ['denied', denied('securityhub:DescribeHub'), 'ERROR'],
  ] as const)('%s → %s', (_name, hub, expected) => {
    const account = accountSnapshot({ regional: { 'us-east-1': { securityhub: { hub } } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, REGION_UID]]);
  });

  it('reports each scanned region', () => {
    const account = accountSnapshot({
      regions: ['us-east-1', 'eu-west-1'],
      regional: { 'us-east-1': { securityhub: { hub: ok({ hubArn: 'arn:aws:securityhub:us-east-1:123456789012:hub/default' }) } } },
    });
    expect(statuses(runCheck(check, account))).toEqual([
      ['PASS', REGION_UID],
      ['FAIL', `arn:aws:securityhub:eu-west-1:${TEST_ACCOUNT_ID}:securityhub/eu-west-1`],
    ]);
  });
});
