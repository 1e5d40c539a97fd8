import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import { parseMutelist } from './mutelist.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const finding = (overrides: { account?: string; check?: string; region?: string; uid?: string; name?: string; tags?: Record<string, string> } = {}) => ({
  accountId: overrides.account ?? '111111111111',
  region: overrides.region ?? 'us-east-1',
  check: { id: overrides.check ?? 'aws/s3-bucket-versioning-enabled' },
  resource: {
    uid: overrides.uid ?? 'arn:aws:s3:::logs-bucket',
    name: overrides.name ?? 'logs-bucket',
    type: 'AwsS3Bucket',
    region: overrides.region ?? 'us-east-1',
    tags: overrides.tags ?? {},
  },
});

describe('mutelist', () => {
  it('matches the widely used layout with underscore check names, regex resources and tags', () => {
    const list = parseMutelist(
      `Mutelist:
  Accounts:
    "111111111111":
      Checks:
        s3_bucket_versioning_enabled:
          Regions: ["*"]
          Resources: ["logs-.*"]
          Tags: ["env=dev|env=test"]
          Reason: Log buckets are write-once
`,
      'mutelist.yaml',
      NOW,
    );
    expect(list.match(finding({ tags: { env: 'dev' } }))).toEqual({ reason: 'Log buckets are write-once', rule: '111111111111/s3_bucket_versioning_enabled' });
    expect(list.match(finding({ tags: { env: 'prod' } }))).toBeUndefined();
    expect(list.match(finding({ tags: { env: 'dev' }, account: '222222222222' }))).toBeUndefined();
    expect(list.match(finding({ tags: { env: 'dev' }, uid: 'arn:aws:s3:::data', name: 'data' }))).toBeUndefined();
  });

  it('supports "*" accounts and checks, our ids and regex check keys, and exceptions', () => {
    const list = parseMutelist(
      `Mutelist:
  Accounts:
    "*":
      Checks:
        "aws/ec2-instance-public-ip":
          Regions: ["eu-west-1"]
          Resources: ["*"]
          Reason: Bastions
        "ec2-ebs-.*":
          Regions: ["*"]
          Resources: ["*"]
          Exceptions:
            Accounts: ["222222222222"]
          Description: Sandbox volumes
`,
      'm.yaml',
      NOW,
    );
    expect(list.match(finding({ check: 'aws/ec2-instance-public-ip', region: 'eu-west-1' }))?.reason).toBe('Bastions');
    expect(list.match(finding({ check: 'aws/ec2-instance-public-ip', region: 'us-east-1' }))).toBeUndefined();
    expect(list.match(finding({ check: 'aws/ec2-ebs-volume-encryption' }))?.reason).toBe('Sandbox volumes');
    expect(list.match(finding({ check: 'aws/ec2-ebs-volume-encryption', account: '222222222222' }))).toBeUndefined();
  });

  it('does not apply expired rules and lists them', () => {
    const list = parseMutelist(
      `Mutelist:
  Accounts:
    "*":
      Checks:
        "*":
          Regions: ["*"]
          Resources: ["*"]
          Reason: temporary
          Expires: 2026-01-01
`,
      'm.yaml',
      NOW,
    );
    expect(list.match(finding())).toBeUndefined();
    expect(list.expired.map((rule) => rule.check)).toEqual(['*']);
  });

  it.each([
    ['invalid YAML', 'Mutelist:\n  Accounts: [\n', /m\.yaml:\d+: invalid YAML/],
    ['missing Reason', 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["*"]\n', /m\.yaml:5 \(Mutelist\.Accounts\.\*\.Checks\.x\): every rule needs a "Reason"/],
    ['bad regex', 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["(unclosed"]\n          Reason: r\n', /m\.yaml:7 \(Mutelist\.Accounts\.\*\.Checks\.x\.Resources\.0\): invalid pattern/],
    ['bad account', 'Mutelist:\n  Accounts:\n    "12345":\n      Checks: {}\n', /account key "12345" must be a 12-digit account id/],
    ['unknown field', 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: r\n          Region: ["oops"]\n', /m\.yaml:9 \(Mutelist\.Accounts\.\*\.Checks\.x\.Region\): unknown field "Region"/],
    ['bad expiry', 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: r\n          Expires: soon\n', /Expires\): must be a date/],
  ])('rejects %s with file, line and field', (_name, text, message) => {
    let thrown: unknown;
    try {
      parseMutelist(text, 'm.yaml', NOW);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).code).toBe('MUTELIST_INVALID');
    expect((thrown as Error).message).toMatch(message);
  });
});
