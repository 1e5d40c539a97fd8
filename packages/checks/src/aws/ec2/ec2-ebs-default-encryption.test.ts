import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './ec2-ebs-default-encryption.ts';

const US = 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1';
const EU = 'arn:aws:ec2:eu-west-1:123456789012:ec2/eu-west-1';

describe(check.id, () => {
  const KEY = 'arn:aws:kms:us-east-1:123456789012:key/abc';

  it.each([
    ['enabled', ok({ enabled: true }), 'PASS'],
    ['disabled', ok({ enabled: false }), 'FAIL'],
    ['denied', denied('ec2:GetEbsEncryptionByDefault'), 'ERROR'],
  ] as const)('%s → %s', (_name, ebsEncryptionByDefault, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { ebsEncryptionByDefault } } } }));
    expect(statuses(results)).toEqual([[expected, US]]);
  });

  it('names the default key when it was read', () => {
    const [result] = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { ebsEncryptionByDefault: ok({ enabled: true }), ebsDefaultKmsKeyId: ok(KEY) } } } }));
    expect([result?.status, result?.resource.uid, result?.message]).toEqual(['PASS', US, `EBS encryption by default is enabled in us-east-1 with key ${KEY}.`]);
  });

  // GetEbsDefaultKmsKeyId only decorates the message: its failure must not turn a FAIL or a PASS into ERROR.
  it.each([
    [false, 'FAIL'],
    [true, 'PASS'],
  ] as const)('decides from the setting alone when the default key could not be read (enabled %s → %s)', (enabled, expected) => {
    const keyFailed = { error: { api: 'ec2:GetEbsDefaultKmsKeyId', code: 'InvalidAction', message: 'The action GetEbsDefaultKmsKeyId is not valid for this web service.', httpStatus: 400 } };
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { ebsEncryptionByDefault: ok({ enabled }), ebsDefaultKmsKeyId: keyFailed } } } }));
    expect(statuses(results)).toEqual([[expected, US]]);
    expect(results[0]?.error).toBeUndefined();
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
