import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { REGIONAL_COLLECTORS } from '@palisade/providers';
import { describe, expect, it } from 'vitest';
import { MANAGEMENT_ACCOUNT_ID, clientsFor, collectorContext, protocolTestEstate, simulatorFor } from './protocol-test-estate.ts';

const estate = protocolTestEstate();
const [management, prod, dev] = estate.accounts;
const EDGE_KEY = '00000000-0000-4000-8000-000000000000';

async function rejection(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (thrown) {
    const error = thrown as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
  }
  throw new Error('the call succeeded');
}

/** Every account with every region its snapshot holds. */
const cases = estate.accounts.flatMap((account) => account.snapshot.regions.map((region) => [`${account.name} ${region}`, account, region] as const));

describe('json simulators: the regional collectors read back the estate', () => {
  it.each(cases)('%s: KMS', async (_name, account, region) => {
    const sim = simulatorFor(estate);
    const collected = await REGIONAL_COLLECTORS.kms.collect(collectorContext(sim, account.accountId, region));
    expect(collected).toEqual(account.snapshot.regional[region]?.kms);
    expect(sim.stats.unknownOperations).toEqual({});
  });

  it.each(cases)('%s: CloudTrail', async (_name, account, region) => {
    const sim = simulatorFor(estate);
    const collected = await REGIONAL_COLLECTORS.cloudtrail.collect(collectorContext(sim, account.accountId, region));
    expect(collected).toEqual(account.snapshot.regional[region]?.cloudtrail);
  });

  it.each(cases)('%s: CloudWatch Logs', async (_name, account, region) => {
    const sim = simulatorFor(estate);
    const collected = await REGIONAL_COLLECTORS.logs.collect(collectorContext(sim, account.accountId, region));
    expect(collected).toEqual(account.snapshot.regional[region]?.logs);
  });

  it('pages KMS keys, aliases and tags, and log groups and metric filters, past the first page', async () => {
    const sim = simulatorFor(estate);
    const context = collectorContext(sim, MANAGEMENT_ACCOUNT_ID, 'eu-west-1');
    const [keys, logs] = await Promise.all([REGIONAL_COLLECTORS.kms.collect(context), REGIONAL_COLLECTORS.logs.collect(context)]);
    expect(keys.keys.value).toHaveLength(120);
    expect(Object.keys(keys.keys.value!.find((key) => key.id === EDGE_KEY)!.tags.value!)).toHaveLength(57);
    expect(keys.keys.value!.find((key) => key.id === EDGE_KEY)!.aliases).toEqual(['alias/data', 'alias/data-legacy']);
    expect(logs.logGroups.value).toHaveLength(60);
    expect(logs.metricFilters.value).toHaveLength(55);
    // ListKeys 2 pages, ListAliases 3, the 57-tag key's ListResourceTags 2: all followed to the end.
    expect(sim.stats.served).toBeGreaterThan(120 * 4);
  });

  it('carries a denied GetKeyPolicy as that key’s AccessDeniedException, the rest of the key intact', async () => {
    const sim = simulatorFor(estate, { faults: { serverErrorRate: 0, timeoutRate: 0, deny: (_account, operation) => operation === 'kms:GetKeyPolicy' } });
    const region = 'us-east-1';
    const collected = await REGIONAL_COLLECTORS.kms.collect(collectorContext(sim, dev!.accountId, region));
    const expected = dev!.snapshot.regional[region]!.kms!.keys.value!;
    expect(collected.keys.value).toHaveLength(expected.length);
    for (const key of collected.keys.value!) {
      expect(key.policy.error).toMatchObject({ api: 'kms:GetKeyPolicy', code: 'AccessDeniedException', httpStatus: 400, region, resourceUid: key.arn });
      expect(key.rotationEnabled).toEqual(expected.find((candidate) => candidate.arn === key.arn)!.rotationEnabled);
    }
  });

  it('keeps a key whose DescribeKey is denied, every detail carrying the failure', async () => {
    const sim = simulatorFor(estate, { faults: { serverErrorRate: 0, timeoutRate: 0, deny: (_account, operation) => operation === 'kms:DescribeKey' } });
    const collected = await REGIONAL_COLLECTORS.kms.collect(collectorContext(sim, prod!.accountId, 'us-east-1'));
    const expected = prod!.snapshot.regional['us-east-1']!.kms!.keys.value!;
    expect(collected.keys.value?.map((key) => [key.arn, key.manager, key.aliases])).toEqual(expected.map((key) => [key.arn, key.manager, key.aliases]));
    for (const key of collected.keys.value!) {
      expect(key.policy.error).toMatchObject({ api: 'kms:DescribeKey', code: 'AccessDeniedException', resourceUid: key.arn });
      expect(key.state).toBe('Unknown');
    }
  });

  it('fails the whole key list when ListKeys is throttled (ThrottlingException)', async () => {
    const sim = simulatorFor(estate, { rateLimits: [{ pattern: 'kms:ListKeys', capacity: 0, refillPerSecond: 0.001, source: 'test' }, { pattern: '*', capacity: 1e6, refillPerSecond: 1e6, source: 'test' }] });
    const collected = await REGIONAL_COLLECTORS.kms.collect(collectorContext(sim, prod!.accountId, 'eu-west-1'));
    expect(collected.keys.error).toMatchObject({ api: 'kms:ListKeys', code: 'ThrottlingException', httpStatus: 400 });
    expect(sim.stats.throttled).toBe(1);
  });

  it('fails the log groups but keeps the metric filters when only DescribeLogGroups is denied', async () => {
    const sim = simulatorFor(estate, { faults: { serverErrorRate: 0, timeoutRate: 0, deny: (_account, operation) => operation === 'logs:DescribeLogGroups' } });
    const collected = await REGIONAL_COLLECTORS.logs.collect(collectorContext(sim, prod!.accountId, 'us-east-1'));
    expect(collected.logGroups.error).toMatchObject({ api: 'logs:DescribeLogGroups', code: 'AccessDeniedException', httpStatus: 400 });
    expect(collected.metricFilters).toEqual(prod!.snapshot.regional['us-east-1']!.logs!.metricFilters);
  });

  it('answers a trail status recorded as failed in the estate with that failure', async () => {
    const sim = simulatorFor(estate);
    const collected = await REGIONAL_COLLECTORS.cloudtrail.collect(collectorContext(sim, MANAGEMENT_ACCOUNT_ID, 'eu-west-1'));
    const euOnly = collected.trails.value!.find((trail) => trail.name === 'eu-only')!;
    expect(euOnly.status.error).toMatchObject({ code: 'AccessDeniedException', resourceUid: euOnly.arn });
    expect(euOnly.eventSelectors.value?.advanced[0]?.fieldSelectors[1]).toMatchObject({ field: 'resources.ARN', notEndsWith: ['.tmp', '.log'] });
  });
});

describe('json simulators: wire behaviour', () => {
  const sim = simulatorFor(estate);

  it('resolves a KMS key by id, ARN, alias name and alias ARN', async () => {
    const kms = clientsFor(sim, MANAGEMENT_ACCOUNT_ID).get(KMSClient, 'eu-west-1');
    const arn = `arn:aws:kms:eu-west-1:${MANAGEMENT_ACCOUNT_ID}:key/${EDGE_KEY}`;
    for (const KeyId of [EDGE_KEY, arn, 'alias/data-legacy', `arn:aws:kms:eu-west-1:${MANAGEMENT_ACCOUNT_ID}:alias/data`]) {
      const described = await kms.send(new DescribeKeyCommand({ KeyId }));
      expect(described.KeyMetadata).toMatchObject({ KeyId: EDGE_KEY, Arn: arn, Description: 'Customer data & <backups>', MultiRegion: true, KeyManager: 'CUSTOMER', Enabled: true });
    }
    expect(await rejection(kms.send(new DescribeKeyCommand({ KeyId: 'alias/missing' })))).toMatchObject({ name: 'NotFoundException', status: 400 });
  });

  it('pages ListKeys with Limit/Marker and lists predefined AWS aliases without a target', async () => {
    const kms = clientsFor(sim, MANAGEMENT_ACCOUNT_ID).get(KMSClient, 'eu-west-1');
    const first = await kms.send(new ListKeysCommand({ Limit: 7 }));
    expect(first).toMatchObject({ Truncated: true });
    expect(first.Keys).toHaveLength(7);
    const second = await kms.send(new ListKeysCommand({ Limit: 7, Marker: first.NextMarker }));
    // Six edge-case keys come first, then the bulk keys numbered from 100.
    expect(second.Keys?.[0]?.KeyId).toBe('00000000-0000-4000-8000-000000000101');
    expect(await rejection(kms.send(new ListKeysCommand({ Marker: 'garbage' })))).toMatchObject({ name: 'InvalidMarkerException', status: 400 });
    const aliases = await kms.send(new ListAliasesCommand({ Limit: 100, Marker: (await kms.send(new ListAliasesCommand({ Limit: 100 }))).NextMarker }));
    expect(aliases.Truncated).toBe(false);
    expect(aliases.Aliases?.find((alias) => alias.AliasName === 'alias/aws/s3')).toEqual({ AliasName: 'alias/aws/s3', AliasArn: `arn:aws:kms:eu-west-1:${MANAGEMENT_ACCOUNT_ID}:alias/aws/s3` });
  });

  it('refuses rotation status where AWS does: asymmetric and HMAC keys, keys pending deletion', async () => {
    const kms = clientsFor(sim, MANAGEMENT_ACCOUNT_ID).get(KMSClient, 'eu-west-1');
    expect(await rejection(kms.send(new GetKeyRotationStatusCommand({ KeyId: '00000000-0000-4000-8000-000000000002' })))).toMatchObject({ name: 'UnsupportedOperationException', status: 400 });
    expect(await rejection(kms.send(new GetKeyRotationStatusCommand({ KeyId: 'alias/retiring' })))).toMatchObject({ name: 'KMSInvalidStateException', status: 400 });
  });

  it('lists shadow trails only when asked to', async () => {
    const trails = clientsFor(sim, MANAGEMENT_ACCOUNT_ID).get(CloudTrailClient, 'eu-west-1');
    const withShadows = await trails.send(new DescribeTrailsCommand({}));
    expect(withShadows.trailList?.map((trail) => [trail.Name, trail.HomeRegion, trail.IsOrganizationTrail])).toEqual([
      ['org-trail', 'us-east-1', true],
      ['eu-only', 'eu-west-1', false],
    ]);
    expect((await trails.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList?.map((trail) => trail.Name)).toEqual(['eu-only']);
    expect(withShadows.trailList?.[0]).toMatchObject({ SnsTopicName: 'trail-notifications', HasCustomEventSelectors: true });
  });

  it('addresses a shadow trail by ARN only', async () => {
    const trails = clientsFor(sim, MANAGEMENT_ACCOUNT_ID).get(CloudTrailClient, 'eu-west-1');
    const arn = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT_ACCOUNT_ID}:trail/org-trail`;
    expect((await trails.send(new GetTrailStatusCommand({ Name: arn }))).IsLogging).toBe(true);
    expect(await rejection(trails.send(new GetTrailStatusCommand({ Name: 'org-trail' })))).toMatchObject({ name: 'TrailNotFoundException', status: 400 });
  });

  it('pages log groups by limit/nextToken and filters metric filters by log group', async () => {
    const logs = clientsFor(sim, MANAGEMENT_ACCOUNT_ID).get(CloudWatchLogsClient, 'eu-west-1');
    const first = await logs.send(new DescribeLogGroupsCommand({ limit: 25, logGroupNamePrefix: '/aws/lambda/fn-1' }));
    expect(first.logGroups?.map((group) => group.logGroupName)).toEqual(Array.from({ length: 10 }, (_, index) => `/aws/lambda/fn-1${index}`));
    expect(first.nextToken).toBeUndefined();
    expect(first.logGroups?.[0]).toMatchObject({ arn: `arn:aws:logs:eu-west-1:${MANAGEMENT_ACCOUNT_ID}:log-group:/aws/lambda/fn-10:*`, logGroupArn: `arn:aws:logs:eu-west-1:${MANAGEMENT_ACCOUNT_ID}:log-group:/aws/lambda/fn-10` });
    const filtered = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: '/aws/lambda/fn-00' }));
    expect(filtered.metricFilters).toHaveLength(8);
    expect(await rejection(logs.send(new DescribeMetricFiltersCommand({ logGroupName: '/aws/lambda/none' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
    expect(await rejection(logs.send(new DescribeLogGroupsCommand({ limit: 51 })))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });
});

describe('json simulators: accounts and regions outside the estate', () => {
  it('serves a region the account has no data for as empty, not as an error', async () => {
    const sim = simulatorFor(estate);
    const collected = await REGIONAL_COLLECTORS.kms.collect(collectorContext(sim, management!.accountId, 'ap-southeast-2'));
    expect(collected).toEqual({ keys: { value: [] } });
  });
});
