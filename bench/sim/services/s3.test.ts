import { GetBucketCorsCommand, GetBucketPolicyCommand, GetBucketLocationCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { GLOBAL_COLLECTORS } from '@palisade/providers';
import { describe, expect, it } from 'vitest';
import { MANAGEMENT_ACCOUNT_ID, clientsFor, collectorContext, protocolTestEstate, simulatorFor } from './protocol-test-estate.ts';

const estate = protocolTestEstate();
const [management, prod, dev] = estate.accounts;

/** What the SDK threw, reduced to what a test can assert. */
async function rejection(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (thrown) {
    const error = thrown as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
  }
  throw new Error('the call succeeded');
}

describe('s3 simulator: the S3 collector reads back the estate', () => {
  it.each([
    ['acme-management (edge cases)', management!],
    ['acme-prod', prod!],
    ['acme-dev', dev!],
  ])('%s: the collected S3 data equals the estate', async (_name, account) => {
    const sim = simulatorFor(estate);
    const collected = await GLOBAL_COLLECTORS.s3.collect(collectorContext(sim, account.accountId, 'us-east-1'));
    expect(collected).toEqual(account.snapshot.global.s3);
    // Every bucket read reached an implemented operation in the bucket's own region.
    expect(sim.stats.unknownOperations).toEqual({});
    expect(sim.stats.served).toBe(2 + 10 * (account.snapshot.global.s3?.buckets.value?.length ?? 0));
  });

  it('answers "not configured" as the 404 codes the collector maps to null, and recorded failures as errors', async () => {
    const sim = simulatorFor(estate);
    const collected = await GLOBAL_COLLECTORS.s3.collect(collectorContext(sim, MANAGEMENT_ACCOUNT_ID, 'us-east-1'));
    const bare = collected.buckets.value?.find((bucket) => bucket.name === 'mgmt-bare-bucket');
    expect(bare).toMatchObject({ region: 'eu-west-1', tags: { value: {} }, publicAccessBlock: { value: null }, policy: { value: null }, policyStatus: { value: null }, encryption: { value: null }, logging: { value: null }, ownership: { value: null } });
    expect(bare?.versioning).toEqual({ value: { status: 'Disabled', mfaDelete: 'Disabled' } });
    const locked = collected.buckets.value?.find((bucket) => bucket.name === 'mgmt-locked-bucket');
    expect(locked?.policy.error).toEqual({ api: 's3:GetBucketPolicy', code: 'AccessDenied', message: 'Access Denied', region: 'us-east-1', httpStatus: 403, resourceUid: 'arn:aws:s3:::mgmt-locked-bucket' });
  });

  it('carries a denied call through the gateway as AccessDenied 403 on that bucket only', async () => {
    const sim = simulatorFor(estate, { faults: { serverErrorRate: 0, timeoutRate: 0, deny: (accountId, operation) => accountId === prod!.accountId && operation === 's3:GetBucketLogging' } });
    const collected = await GLOBAL_COLLECTORS.s3.collect(collectorContext(sim, prod!.accountId, 'us-east-1'));
    const buckets = collected.buckets.value ?? [];
    expect(buckets.length).toBeGreaterThan(0);
    for (const bucket of buckets) {
      expect(bucket.logging.error).toMatchObject({ api: 's3:GetBucketLogging', code: 'AccessDenied', httpStatus: 403, resourceUid: bucket.arn, region: bucket.region });
      expect(bucket.versioning.value).toBeDefined();
    }
    expect(sim.stats.denied).toBe(buckets.length);
  });

  it('fails the bucket list as a whole when ListBuckets is throttled (SlowDown 503)', async () => {
    const sim = simulatorFor(estate, { rateLimits: [{ pattern: 's3:ListAllMyBuckets', capacity: 0, refillPerSecond: 0.001, source: 'test' }, { pattern: '*', capacity: 1e6, refillPerSecond: 1e6, source: 'test' }] });
    const collected = await GLOBAL_COLLECTORS.s3.collect(collectorContext(sim, prod!.accountId, 'us-east-1'));
    expect(collected.buckets.error).toMatchObject({ api: 's3:ListAllMyBuckets', code: 'SlowDown', httpStatus: 503 });
    expect(collected.accountPublicAccessBlock).toEqual(prod!.snapshot.global.s3?.accountPublicAccessBlock);
  });
});

describe('s3 simulator: wire behaviour', () => {
  const sim = simulatorFor(estate);
  const s3 = (accountId: string, region: string) => clientsFor(sim, accountId).get(S3Client, region);

  it('pages ListBuckets with max-buckets and continuation-token, naming each bucket region', async () => {
    const client = s3(prod!.accountId, 'eu-west-1');
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListBucketsCommand({ MaxBuckets: 5, ContinuationToken: token }));
      expect(page.Buckets!.length).toBeLessThanOrEqual(5);
      names.push(...page.Buckets!.map((bucket) => `${bucket.Name}@${bucket.BucketRegion}`));
      token = page.ContinuationToken;
      pages += 1;
    } while (token);
    const expected = prod!.snapshot.global.s3!.buckets.value!.map((bucket) => `${bucket.name}@${bucket.region}`);
    expect(names).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 5));
  });

  it('filters ListBuckets by prefix and bucket region', async () => {
    const page = await s3(dev!.accountId, 'us-east-1').send(new ListBucketsCommand({ Prefix: 'acme-dev-app-data', BucketRegion: 'eu-west-1' }));
    expect(page.Buckets?.map((bucket) => bucket.Name)).toEqual(['acme-dev-app-data-eu-west-1']);
    expect(page.Prefix).toBe('acme-dev-app-data');
  });

  it('rejects a continuation token it did not issue', async () => {
    expect(await rejection(s3(prod!.accountId, 'us-east-1').send(new ListBucketsCommand({ ContinuationToken: 'bm90LWEtdG9rZW4' })))).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });

  it('serves the raw JSON policy of a dotted bucket over path-style addressing', async () => {
    const output = await s3(MANAGEMENT_ACCOUNT_ID, 'ap-southeast-2').send(new GetBucketPolicyCommand({ Bucket: 'mgmt.reports.example.com' }));
    const bucket = management!.snapshot.global.s3!.buckets.value!.find((candidate) => candidate.name === 'mgmt.reports.example.com')!;
    expect(JSON.parse(output.Policy!)).toEqual(bucket.policy.value);
  });

  it('answers GetBucketLocation from any region: empty for us-east-1, the region otherwise', async () => {
    const client = s3(MANAGEMENT_ACCOUNT_ID, 'us-east-1');
    expect((await client.send(new GetBucketLocationCommand({ Bucket: 'mgmt-locked-bucket' }))).LocationConstraint).toBeUndefined();
    expect((await client.send(new GetBucketLocationCommand({ Bucket: 'mgmt-bare-bucket' }))).LocationConstraint).toBe('eu-west-1');
  });

  it('redirects a bucket read sent to another region (301 PermanentRedirect)', async () => {
    expect(await rejection(s3(MANAGEMENT_ACCOUNT_ID, 'us-east-1').send(new GetBucketPolicyCommand({ Bucket: 'mgmt.reports.example.com' })))).toMatchObject({ name: 'PermanentRedirect', status: 301 });
  });

  it("denies another account's bucket and answers NoSuchBucket for an unknown one", async () => {
    const client = s3(dev!.accountId, 'us-east-1');
    expect(await rejection(client.send(new GetBucketPolicyCommand({ Bucket: 'mgmt-locked-bucket' })))).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(await rejection(client.send(new GetBucketPolicyCommand({ Bucket: 'no-such-bucket-anywhere' })))).toMatchObject({ name: 'NoSuchBucket', status: 404 });
  });

  it('serves the account public access block only to its own account (S3 Control)', async () => {
    const control = clientsFor(sim, prod!.accountId).get(S3ControlClient, 'us-east-1');
    const own = await control.send(new GetPublicAccessBlockCommand({ AccountId: prod!.accountId }));
    expect(own.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    expect(await rejection(control.send(new GetPublicAccessBlockCommand({ AccountId: dev!.accountId })))).toMatchObject({ name: 'AccessDenied', status: 403 });
    const devControl = clientsFor(sim, dev!.accountId).get(S3ControlClient, 'us-east-1');
    expect(await rejection(devControl.send(new GetPublicAccessBlockCommand({ AccountId: dev!.accountId })))).toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration', status: 404, message: 'The public access block configuration was not found' });
  });

  it('counts an operation it does not implement and answers it as an error', async () => {
    const before = Object.values(sim.stats.unknownOperations).reduce((sum, count) => sum + count, 0);
    const failed = await rejection(s3(prod!.accountId, 'us-east-1').send(new GetBucketCorsCommand({ Bucket: 'acme-prod-app-data-us-east-1' })));
    expect(failed.status).toBe(400);
    expect(Object.values(sim.stats.unknownOperations).reduce((sum, count) => sum + count, 0)).toBe(before + 1);
  });
});
