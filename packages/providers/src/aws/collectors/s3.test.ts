import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { UNKNOWN_REGION } from '@palisade/core';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, sdkError, testCollectorContext } from '../testing.ts';
import { s3Collector } from './s3.ts';

const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);
afterEach(() => {
  s3.reset();
  control.reset();
});

const OWNER = { DisplayName: 'security-team', ID: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' };
const LOGS = 'app-logs-123456789012';
const SITE = 'public-site-assets';
const LOGS_ARN = `arn:aws:s3:::${LOGS}`;
const SITE_ARN = `arn:aws:s3:::${SITE}`;

const LOGS_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [LOGS_ARN, `${LOGS_ARN}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
};

/** ListBuckets in two pages (MaxBuckets set, so the response carries BucketRegion and a token). */
function listBuckets() {
  s3.on(ListBucketsCommand, { ContinuationToken: undefined })
    .resolves({ Buckets: [{ Name: LOGS, CreationDate: new Date('2023-03-14T09:26:53Z'), BucketRegion: 'us-east-1' }], Owner: OWNER, ContinuationToken: 'token-2' })
    .on(ListBucketsCommand, { ContinuationToken: 'token-2' })
    .resolves({ Buckets: [{ Name: SITE, CreationDate: new Date('2024-11-02T17:00:00Z'), BucketRegion: 'eu-west-1' }], Owner: OWNER });
}

/** The app-logs bucket: locked down, encrypted with KMS, versioned. */
function logsBucket() {
  const Bucket = LOGS;
  s3.on(GetBucketLocationCommand, { Bucket }).resolves({}); // us-east-1 answers an empty LocationConstraint
  s3.on(GetBucketTaggingCommand, { Bucket }).resolves({ TagSet: [{ Key: 'team', Value: 'platform' }, { Key: 'env', Value: 'prod' }] });
  s3.on(GetPublicAccessBlockCommand, { Bucket }).resolves({
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  });
  s3.on(GetBucketAclCommand, { Bucket }).resolves({
    Owner: OWNER,
    Grants: [{ Grantee: { Type: 'CanonicalUser', ID: OWNER.ID, DisplayName: OWNER.DisplayName }, Permission: 'FULL_CONTROL' }],
  });
  s3.on(GetBucketPolicyCommand, { Bucket }).resolves({ Policy: JSON.stringify(LOGS_POLICY) });
  s3.on(GetBucketPolicyStatusCommand, { Bucket }).resolves({ PolicyStatus: { IsPublic: false } });
  s3.on(GetBucketEncryptionCommand, { Bucket }).resolves({
    ServerSideEncryptionConfiguration: {
      Rules: [
        {
          ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
          BucketKeyEnabled: true,
        },
      ],
    },
  });
  s3.on(GetBucketVersioningCommand, { Bucket }).resolves({ Status: 'Enabled', MFADelete: 'Disabled' });
  s3.on(GetBucketLoggingCommand, { Bucket }).resolves({});
  s3.on(GetBucketOwnershipControlsCommand, { Bucket }).resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
}

/** The public site bucket in eu-west-1 (legacy `EU` location): public ACL, access logging on. */
function siteBucket(overrides: { policy?: () => void } = {}) {
  const Bucket = SITE;
  s3.on(GetBucketLocationCommand, { Bucket }).resolves({ LocationConstraint: 'EU' });
  s3.on(GetBucketTaggingCommand, { Bucket }).rejects(sdkError('NoSuchTagSet', 'The TagSet does not exist', 404));
  s3.on(GetPublicAccessBlockCommand, { Bucket }).rejects(sdkError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404));
  s3.on(GetBucketAclCommand, { Bucket }).resolves({
    Owner: OWNER,
    Grants: [
      { Grantee: { Type: 'CanonicalUser', ID: OWNER.ID, DisplayName: OWNER.DisplayName }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
    ],
  });
  if (overrides.policy) overrides.policy();
  else s3.on(GetBucketPolicyCommand, { Bucket }).rejects(sdkError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404));
  s3.on(GetBucketPolicyStatusCommand, { Bucket }).rejects(sdkError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404));
  s3.on(GetBucketEncryptionCommand, { Bucket }).resolves({
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
  });
  s3.on(GetBucketVersioningCommand, { Bucket }).resolves({});
  s3.on(GetBucketLoggingCommand, { Bucket }).resolves({ LoggingEnabled: { TargetBucket: LOGS, TargetPrefix: 'access/public-site/' } });
  s3.on(GetBucketOwnershipControlsCommand, { Bucket }).resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } });
}

function accountBlock() {
  control.on(GetAccountPublicAccessBlockCommand, { AccountId: TEST_ACCOUNT }).resolves({
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
  });
}

async function regionOf(command: Parameters<typeof s3.commandCalls>[0], bucket: string): Promise<string | undefined> {
  const call = s3.commandCalls(command, { Bucket: bucket } as never)[0];
  return (call?.thisValue as S3Client | undefined)?.config.region();
}

describe('s3 collector', () => {
  it('collects the account block and both buckets across ListBuckets pages', async () => {
    accountBlock();
    listBuckets();
    logsBucket();
    siteBucket();
    const data = await s3Collector.collect(testCollectorContext());
    expect(data.accountPublicAccessBlock).toEqual({
      value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
    });
    expect(data.buckets.value).toEqual([
      {
        name: LOGS,
        arn: LOGS_ARN,
        region: 'us-east-1',
        creationDate: '2023-03-14T09:26:53.000Z',
        tags: { value: { team: 'platform', env: 'prod' } },
        publicAccessBlock: { value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } },
        acl: { value: { ownerId: OWNER.ID, grants: [{ grantee: { type: 'CanonicalUser', id: OWNER.ID, displayName: 'security-team' }, permission: 'FULL_CONTROL' }] } },
        policy: {
          value: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: ['s3:*'],
                Resource: [LOGS_ARN, `${LOGS_ARN}/*`],
                Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
              },
            ],
          },
        },
        policyStatus: { value: { isPublic: false } },
        encryption: {
          value: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', bucketKeyEnabled: true }],
        },
        versioning: { value: { status: 'Enabled', mfaDelete: 'Disabled' } },
        logging: { value: null },
        ownership: { value: 'BucketOwnerEnforced' },
      },
      {
        name: SITE,
        arn: SITE_ARN,
        region: 'eu-west-1',
        creationDate: '2024-11-02T17:00:00.000Z',
        tags: { value: {} },
        publicAccessBlock: { value: null },
        acl: {
          value: {
            ownerId: OWNER.ID,
            grants: [
              { grantee: { type: 'CanonicalUser', id: OWNER.ID, displayName: 'security-team' }, permission: 'FULL_CONTROL' },
              { grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' },
            ],
          },
        },
        policy: { value: null },
        policyStatus: { value: null },
        encryption: { value: [{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }] },
        versioning: { value: { status: 'Disabled', mfaDelete: 'Disabled' } },
        logging: { value: { targetBucket: LOGS, targetPrefix: 'access/public-site/' } },
        ownership: { value: 'ObjectWriter' },
      },
    ]);
  });

  it("sends each bucket's detail calls to its own region", async () => {
    accountBlock();
    listBuckets();
    logsBucket();
    siteBucket();
    await s3Collector.collect(testCollectorContext('ap-southeast-2'));
    expect(await regionOf(GetBucketAclCommand, SITE)).toBe('eu-west-1');
    expect(await regionOf(GetBucketPolicyCommand, LOGS)).toBe('us-east-1');
    expect(await regionOf(GetBucketLocationCommand, SITE)).toBe('eu-west-1');
    const list = s3.commandCalls(ListBucketsCommand);
    expect(list.map((call) => call.args[0].input)).toEqual([
      { MaxBuckets: 1000, ContinuationToken: undefined },
      { MaxBuckets: 1000, ContinuationToken: 'token-2' },
    ]);
  });

  it('treats every "not configured" error code as null (or {} for tags)', async () => {
    const Bucket = 'bare-bucket';
    control.on(GetAccountPublicAccessBlockCommand).rejects(sdkError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404));
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: Bucket, CreationDate: new Date('2025-01-01T00:00:00Z') }], Owner: OWNER });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'ap-south-1' });
    s3.on(GetBucketTaggingCommand).rejects(sdkError('NoSuchTagSet', 'The TagSet does not exist', 404));
    s3.on(GetPublicAccessBlockCommand).rejects(sdkError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404));
    s3.on(GetBucketAclCommand).resolves({ Owner: OWNER, Grants: [] });
    s3.on(GetBucketPolicyCommand).rejects(sdkError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404));
    s3.on(GetBucketPolicyStatusCommand).rejects(sdkError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404));
    s3.on(GetBucketEncryptionCommand).rejects(sdkError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404));
    s3.on(GetBucketVersioningCommand).resolves({});
    s3.on(GetBucketLoggingCommand).resolves({});
    s3.on(GetBucketOwnershipControlsCommand).rejects(sdkError('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', 404));
    const context = testCollectorContext();
    const data = await s3Collector.collect(context);
    expect(data.accountPublicAccessBlock).toEqual({ value: null });
    expect(data.buckets.value).toEqual([
      {
        name: Bucket,
        arn: 'arn:aws:s3:::bare-bucket',
        region: 'ap-south-1',
        creationDate: '2025-01-01T00:00:00.000Z',
        tags: { value: {} },
        publicAccessBlock: { value: null },
        acl: { value: { ownerId: OWNER.ID, grants: [] } },
        policy: { value: null },
        policyStatus: { value: null },
        encryption: { value: null },
        versioning: { value: { status: 'Disabled', mfaDelete: 'Disabled' } },
        logging: { value: null },
        ownership: { value: null },
      },
    ]);
    expect(context.rawGateway.snapshotCounters()['s3']).toMatchObject({ errors: 0 });
  });

  it("keeps an AccessDenied on one bucket's policy on that field, with the bucket ARN", async () => {
    accountBlock();
    listBuckets();
    logsBucket();
    siteBucket({
      policy: () => s3.on(GetBucketPolicyCommand, { Bucket: SITE }).rejects(sdkError('AccessDenied', 'Access Denied', 403)),
    });
    const data = await s3Collector.collect(testCollectorContext());
    const [logs, site] = data.buckets.value ?? [];
    expect(site?.policy).toEqual({
      error: { api: 's3:GetBucketPolicy', code: 'AccessDenied', message: 'Access Denied', region: 'eu-west-1', httpStatus: 403, resourceUid: SITE_ARN },
    });
    expect(site?.acl.value?.grants).toHaveLength(2);
    expect(logs?.policy.value?.Statement[0]?.Sid).toBe('DenyInsecureTransport');
  });

  it('reports a policy that cannot be normalized as an error, not as "no policy"', async () => {
    accountBlock();
    listBuckets();
    logsBucket();
    siteBucket({
      policy: () => s3.on(GetBucketPolicyCommand, { Bucket: SITE }).resolves({ Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}' }),
    });
    const data = await s3Collector.collect(testCollectorContext());
    expect(data.buckets.value?.[1]?.policy.error).toMatchObject({ api: 's3:GetBucketPolicy', code: 'InvalidPolicyDocument', resourceUid: SITE_ARN, region: 'eu-west-1' });
  });

  it('reports a policy status answer without PolicyStatus.IsPublic as an error, not as "not public"', async () => {
    accountBlock();
    listBuckets();
    logsBucket();
    siteBucket();
    // An endpoint that does not implement GetBucketPolicyStatus may answer another document.
    s3.on(GetBucketPolicyStatusCommand, { Bucket: LOGS }).resolves({});
    s3.on(GetBucketPolicyStatusCommand, { Bucket: SITE }).resolves({ PolicyStatus: {} });
    const data = await s3Collector.collect(testCollectorContext());
    const [logs, site] = data.buckets.value ?? [];
    expect(logs?.policyStatus).toEqual({
      error: {
        api: 's3:GetBucketPolicyStatus',
        code: 'IncompleteResponse',
        message: 'the answer held no PolicyStatus.IsPublic, so whether the bucket policy is public is unknown',
        region: 'us-east-1',
        resourceUid: LOGS_ARN,
      },
    });
    expect(site?.policyStatus.error).toMatchObject({ api: 's3:GetBucketPolicyStatus', code: 'IncompleteResponse', region: 'eu-west-1', resourceUid: SITE_ARN });
  });

  it('keeps IsPublic true from the policy status answer', async () => {
    accountBlock();
    listBuckets();
    logsBucket();
    siteBucket();
    s3.on(GetBucketPolicyStatusCommand, { Bucket: SITE }).resolves({ PolicyStatus: { IsPublic: true } });
    const data = await s3Collector.collect(testCollectorContext());
    expect(data.buckets.value?.[1]).toMatchObject({ arn: SITE_ARN, policyStatus: { value: { isPublic: true } } });
  });

  it('fails the bucket list when ListBuckets fails, and still reports the account block', async () => {
    accountBlock();
    s3.on(ListBucketsCommand).rejects(sdkError('AccessDenied', 'Access Denied', 403));
    const data = await s3Collector.collect(testCollectorContext('eu-central-1'));
    expect(data.buckets.error).toEqual({ api: 's3:ListAllMyBuckets', code: 'AccessDenied', message: 'Access Denied', region: 'eu-central-1', httpStatus: 403 });
    expect(data.accountPublicAccessBlock.value).toMatchObject({ blockPublicAcls: true });
    expect(s3.commandCalls(GetBucketLocationCommand)).toHaveLength(0);
  });

  it('carries an account block failure as an error', async () => {
    control.on(GetAccountPublicAccessBlockCommand).rejects(sdkError('AccessDenied', 'Access Denied', 403));
    s3.on(ListBucketsCommand).resolves({ Buckets: [], Owner: OWNER });
    const data = await s3Collector.collect(testCollectorContext());
    expect(data.accountPublicAccessBlock.error).toMatchObject({ api: 's3:GetAccountPublicAccessBlock', code: 'AccessDenied', region: 'us-east-1' });
    expect(data.buckets).toEqual({ value: [] });
  });

  it('marks every field of a bucket whose location cannot be read, without further calls', async () => {
    accountBlock();
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'foreign-owned', CreationDate: new Date('2022-05-05T05:05:05Z') }], Owner: OWNER });
    s3.on(GetBucketLocationCommand).rejects(sdkError('AccessDenied', 'Access Denied', 403));
    const data = await s3Collector.collect(testCollectorContext());
    const bucket = data.buckets.value?.[0];
    const expected = { error: { api: 's3:GetBucketLocation', code: 'AccessDenied', message: 'Access Denied', region: 'us-east-1', httpStatus: 403, resourceUid: 'arn:aws:s3:::foreign-owned' } };
    // Its region is unknown, not the home region, so a region filter keeps its ERRORs.
    expect(bucket).toMatchObject({ name: 'foreign-owned', region: UNKNOWN_REGION, tags: expected, acl: expected, policy: expected, encryption: expected, ownership: expected });
    expect(s3.commandCalls(GetBucketAclCommand)).toHaveLength(0);
  });

  it('falls back to the ListBuckets region when GetBucketLocation fails', async () => {
    accountBlock();
    listBuckets();
    logsBucket();
    siteBucket();
    s3.on(GetBucketLocationCommand, { Bucket: SITE }).rejects(sdkError('AccessDenied', 'Access Denied', 403));
    const data = await s3Collector.collect(testCollectorContext());
    expect(data.buckets.value?.[1]).toMatchObject({ name: SITE, region: 'eu-west-1', logging: { value: { targetBucket: LOGS } } });
  });

  it('uses the partition in bucket ARNs', async () => {
    control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'cn-data', CreationDate: new Date('2025-02-02T00:00:00Z') }], Owner: OWNER });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'cn-northwest-1' });
    s3.on(GetBucketAclCommand).resolves({ Owner: OWNER, Grants: [] });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended', MFADelete: 'Enabled' });
    s3.on(GetBucketLoggingCommand).resolves({});
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [] });
    s3.on(GetPublicAccessBlockCommand).rejects(sdkError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404));
    s3.on(GetBucketPolicyCommand).rejects(sdkError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404));
    s3.on(GetBucketPolicyStatusCommand).rejects(sdkError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404));
    s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
    s3.on(GetBucketOwnershipControlsCommand).resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } });
    const context = { ...testCollectorContext('cn-north-1'), partition: 'aws-cn' as const };
    const data = await s3Collector.collect(context);
    expect(data.buckets.value?.[0]).toMatchObject({
      arn: 'arn:aws-cn:s3:::cn-data',
      region: 'cn-northwest-1',
      tags: { value: {} },
      encryption: { value: [{ sseAlgorithm: 'AES256' }] },
      versioning: { value: { status: 'Suspended', mfaDelete: 'Enabled' } },
      ownership: { value: 'BucketOwnerPreferred' },
    });
    expect(await regionOf(GetBucketLocationCommand, 'cn-data')).toBe('cn-north-1');
  });
});

describe('s3 collector detail cap', () => {
  it('lists the buckets past limits.s3Buckets with DetailCapReached on every configuration field', async () => {
    accountBlock();
    listBuckets();
    logsBucket();
    siteBucket();
    const data = await s3Collector.collect({ ...testCollectorContext(), limits: { s3Buckets: 1 } });
    const [logs, site] = data.buckets.value ?? [];
    expect(logs).toMatchObject({ arn: LOGS_ARN, acl: { value: { ownerId: OWNER.ID } }, versioning: { value: { status: 'Enabled' } } });
    expect(site).toMatchObject({ name: SITE, arn: SITE_ARN, region: 'eu-west-1', creationDate: '2024-11-02T17:00:00.000Z' });
    expect(site?.acl.error).toEqual({
      api: 's3:GetBucketAcl',
      code: 'DetailCapReached',
      message: 'detail calls capped at 1 S3 buckets per account (limits.s3Buckets); 1 of 2 listed without details; raise the limit to evaluate this bucket',
      region: 'eu-west-1',
      resourceUid: SITE_ARN,
    });
    for (const field of ['tags', 'publicAccessBlock', 'policy', 'policyStatus', 'encryption', 'versioning', 'logging', 'ownership'] as const) {
      expect(site?.[field].error).toMatchObject({ code: 'DetailCapReached', resourceUid: SITE_ARN });
    }
    // Not one detail call for the capped bucket, including its location.
    expect(s3.commandCalls(GetBucketLocationCommand, { Bucket: SITE } as never)).toHaveLength(0);
    expect(s3.commandCalls(GetBucketAclCommand, { Bucket: SITE } as never)).toHaveLength(0);
  });

  it('gives a capped bucket that ListBuckets names no region an unknown region', async () => {
    accountBlock();
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: LOGS, CreationDate: new Date('2024-01-01T00:00:00Z') }, { Name: 'no-region', CreationDate: new Date('2024-01-02T00:00:00Z') }], Owner: OWNER });
    logsBucket();
    const data = await s3Collector.collect({ ...testCollectorContext(), limits: { s3Buckets: 1 } });
    const capped = data.buckets.value?.[1];
    expect(capped).toMatchObject({ arn: 'arn:aws:s3:::no-region', region: UNKNOWN_REGION });
    expect(capped?.acl.error).toMatchObject({ code: 'DetailCapReached', region: 'us-east-1', resourceUid: 'arn:aws:s3:::no-region' });
  });

  describe('a targeted re-scan', () => {
    it('reads only the named buckets, without listing the account', async () => {
      accountBlock();
      listBuckets();
      logsBucket();
      siteBucket();
      const data = await s3Collector.collect({ ...testCollectorContext(), targets: new Set([SITE_ARN, 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1', `${LOGS_ARN}/some/object`]) });
      expect(s3.commandCalls(ListBucketsCommand)).toHaveLength(0);
      expect(data.buckets.value?.map((bucket) => [bucket.arn, bucket.region])).toEqual([[SITE_ARN, 'eu-west-1']]);
      expect(data.buckets.value?.[0]?.acl.value?.grants).toHaveLength(2);
      expect(s3.commandCalls(GetBucketAclCommand).map((call) => call.args[0].input.Bucket)).toEqual([SITE]);
      // The account block decides whether any bucket is public: it is read as always.
      expect(data.accountPublicAccessBlock.value?.blockPublicAcls).toBe(true);
    });

    it('leaves out a bucket that no longer exists, and keeps any other location failure as ERROR data', async () => {
      accountBlock();
      s3.on(GetBucketLocationCommand, { Bucket: 'deleted-bucket' }).rejects(sdkError('NoSuchBucket', 'The specified bucket does not exist', 404));
      s3.on(GetBucketLocationCommand, { Bucket: 'denied-bucket' }).rejects(sdkError('AccessDenied', 'Access Denied', 403));
      const data = await s3Collector.collect({ ...testCollectorContext(), targets: new Set(['arn:aws:s3:::deleted-bucket', 'arn:aws:s3:::denied-bucket']) });
      expect(data.buckets.value?.map((bucket) => bucket.name)).toEqual(['denied-bucket']);
      expect(data.buckets.value?.[0]?.policy.error).toMatchObject({ api: 's3:GetBucketLocation', code: 'AccessDenied' });
    });

    it('reads no bucket when no target is a bucket', async () => {
      accountBlock();
      listBuckets();
      const data = await s3Collector.collect({ ...testCollectorContext(), targets: new Set(['arn:aws:kms:us-east-1:123456789012:key/1']) });
      expect(data.buckets).toEqual({ value: [] });
      expect(s3.commandCalls(ListBucketsCommand)).toHaveLength(0);
    });
  });
});

