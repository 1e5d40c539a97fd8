import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ebsVolume, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './ec2-ebs-volume-encryption.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:volume/vol-1';

describe(check.id, () => {
  it.each([
    ['encrypted', ebsVolume({ id: 'vol-1' }), 'PASS'],
    ['unencrypted', ebsVolume({ id: 'vol-1', encrypted: false }), 'FAIL'],
  ] as const)('%s → %s', (_name, volume, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { volumes: ok([volume]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('reports ERROR when volumes could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { volumes: denied('ec2:DescribeVolumes') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
