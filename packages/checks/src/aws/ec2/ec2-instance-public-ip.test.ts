import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ec2Instance, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './ec2-instance-public-ip.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:instance/i-1';

describe(check.id, () => {
  it.each([
    ['private only', ec2Instance({ id: 'i-1' }), 'PASS'],
    ['public address', ec2Instance({ id: 'i-1', publicIpAddress: '203.0.113.10' }), 'FAIL'],
  ] as const)('%s → %s', (_name, instance, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { instances: ok([instance]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('names the address in the message', () => {
    const [result] = runCheck(
      check,
      accountSnapshot({ regional: { 'us-east-1': { ec2: { instances: ok([ec2Instance({ id: 'i-1', publicIpAddress: '203.0.113.10' })]) } } } }),
    );
    expect(result?.message).toContain('203.0.113.10');
  });

  it('reports ERROR when instances could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { instances: denied('ec2:DescribeInstances') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
