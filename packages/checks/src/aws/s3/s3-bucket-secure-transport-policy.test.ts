import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement } from '@palisade/core/aws';
import { accountSnapshot, denied, ok, runCheck, s3Bucket, statuses } from '../../testing/aws/index.ts';
import check from './s3-bucket-secure-transport-policy.ts';

const ARN = 'arn:aws:s3:::logs';
const tlsDeny = (overrides: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: ['s3:*'],
  Resource: [ARN, `${ARN}/*`],
  Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
  ...overrides,
});
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });

describe(check.id, () => {
  it.each([
    ['canonical TLS deny', ok(doc(tlsDeny())), 'PASS'],
    ['principal {AWS: [*]}, action *, resource *', ok(doc(tlsDeny({ Principal: { AWS: ['*'] }, Action: ['*'], Resource: ['*'] }))), 'PASS'],
    ['key and value in other case', ok(doc(tlsDeny({ Condition: { Bool: { 'aws:securetransport': ['FALSE'] } } }))), 'PASS'],
    ['no policy', ok(null), 'FAIL'],
    ['policy without the deny', ok(doc({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::123456789012:root'] }, Action: ['s3:GetObject'], Resource: [`${ARN}/*`] })), 'FAIL'],
    ['Allow instead of Deny', ok(doc(tlsDeny({ Effect: 'Allow' }))), 'FAIL'],
    ['only GetObject denied', ok(doc(tlsDeny({ Action: ['s3:GetObject'] }))), 'FAIL'],
    ['objects not covered', ok(doc(tlsDeny({ Resource: [ARN] }))), 'FAIL'],
    ['a single principal', ok(doc(tlsDeny({ Principal: { AWS: ['arn:aws:iam::123456789012:role/app'] } }))), 'FAIL'],
    ['condition on true', ok(doc(tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': ['true'] } } }))), 'FAIL'],
    ['TLS version condition only', ok(doc(tlsDeny({ Condition: { NumericLessThan: { 's3:TlsVersion': ['1.2'] } } }))), 'FAIL'],
    ['denied', denied('s3:GetBucketPolicy'), 'ERROR'],
  ] as const)('%s → %s', (_name, policy, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { s3: { buckets: ok([s3Bucket({ name: 'logs', policy })]) } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('carries the bucket region and tags', () => {
    const bucket = s3Bucket({ name: 'logs', region: 'eu-west-1', tags: ok({ team: 'sec' }), policy: ok(doc(tlsDeny())) });
    const [result] = runCheck(check, accountSnapshot({ global: { s3: { buckets: ok([bucket]) } } }));
    expect(result?.resource).toMatchObject({ uid: ARN, region: 'eu-west-1', tags: { team: 'sec' }, type: 'AwsS3Bucket' });
  });

  it('reports ERROR on the account when buckets could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ global: { s3: { buckets: denied('s3:ListAllMyBuckets') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });
});
