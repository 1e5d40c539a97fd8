import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ec2Instance, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './ec2-instance-profile-attached.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:instance/i-1';

describe(check.id, () => {
  it.each([
    ['running with a profile', ec2Instance({ id: 'i-1' }), 'PASS'],
    ['running without a profile', ec2Instance({ id: 'i-1', iamInstanceProfileArn: undefined }), 'FAIL'],
    ['stopped without a profile', ec2Instance({ id: 'i-1', state: 'stopped', iamInstanceProfileArn: undefined }), 'FAIL'],
  ] as const)('%s → %s', (_name, instance, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { instances: ok([instance]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('skips terminated instances', () => {
    const instance = ec2Instance({ id: 'i-1', state: 'terminated', iamInstanceProfileArn: undefined });
    expect(runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { instances: ok([instance]) } } } }))).toEqual([]);
  });

  it('reports ERROR per region when instances could not be listed', () => {
    const results = runCheck(
      check,
      accountSnapshot({ regions: ['us-east-1', 'eu-west-1'], regional: { 'eu-west-1': { ec2: { instances: denied('ec2:DescribeInstances') } } } }),
    );
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:eu-west-1:123456789012:ec2/eu-west-1']]);
    expect(results[0]?.message).toContain('ec2:DescribeInstances failed with AccessDenied');
  });
});
