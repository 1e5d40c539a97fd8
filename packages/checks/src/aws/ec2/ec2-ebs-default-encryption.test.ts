import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './ec2-ebs-default-encryption.ts';

const US = 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1';
const EU = 'arn:aws:ec2:eu-west-1:123456789012:ec2/eu-west-1';

describe(check.id, () => {
  it.each([
    ['enabled', ok({ enabled: true }), 'PASS'],
    ['enabled with a CMK', ok({ enabled: true, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc' }), 'PASS'],
    ['disabled', ok({ enabled: false }), 'FAIL'],
    ['denied', denied('ec2:GetEbsEncryptionByDefault'), 'ERROR'],
  ] as const)('%s → %s', (_name, ebsEncryptionByDefault, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { ebsEncryptionByDefault } } } }));
    expect(statuses(results)).toEqual([[expected, US]]);
  });

  it('reports each region separately', () => {
    const results = runCheck(
      check,
      accountSnapshot({
        regions: ['us-east-1', 'eu-west-1'],
        regional: { 'us-east-1': { ec2: { ebsEncryptionByDefault: ok({ enabled: true }) } }, 'eu-west-1': { ec2: { ebsEncryptionByDefault: ok({ enabled: false }) } } },
      }),
    );
    expect(statuses(results)).toEqual([
      ['PASS', US],
      ['FAIL', EU],
    ]);
    expect(results[1]?.resource.region).toBe('eu-west-1');
  });
});
