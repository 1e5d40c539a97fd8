import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ebsSnapshot, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './ec2-ebs-snapshots-encrypted.ts';

const ARN = 'arn:aws:ec2:us-east-1::snapshot/snap-1';

describe(check.id, () => {
  it.each([
    ['encrypted', ebsSnapshot({ id: 'snap-1' }), 'PASS'],
    ['unencrypted', ebsSnapshot({ id: 'snap-1', encrypted: false }), 'FAIL'],
  ] as const)('%s → %s', (_name, snapshot, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { snapshots: ok([snapshot]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('reports ERROR when snapshots could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { snapshots: denied('ec2:DescribeSnapshots') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
