/**
 * The estate the S3, KMS, CloudTrail, CloudWatch Logs and Organizations simulator tests serve:
 * the two demo accounts plus a management account full of edge cases (paging past one page,
 * unset configurations, failures recorded in the estate, characters XML must escape), and the
 * helpers that run a real collector against the simulator.
 */
import type { ApiError, Fetched } from '@palisade/core';
import type { AwsAccountSnapshot, KmsKey, LogsLogGroup, LogsMetricFilter, S3Bucket } from '@palisade/core/aws';
import {
  ALL_MANAGEMENT_EVENTS,
  TEST_ACCOUNT_ID,
  accountSnapshot,
  cloudTrailTrail,
  defaultKeyPolicy,
  groupGrant,
  kmsKey,
  logGroup,
  metricFilter,
  ok,
  ownerGrant,
  publicAccessBlock,
  s3Bucket,
} from '@palisade/checks/testing';
import { AwsClientFactory, AwsGateway } from '@palisade/providers';
import type { CollectorContext, RateLimitRule } from '@palisade/providers';
import { DEMO_REGIONS, buildDemoEstate } from '../../../scripts/demo/estate.ts';
import { SimulatedAws, accessKeyFor } from '../handler.ts';
import type { FaultModel } from '../handler.ts';
import type { SimEstate } from '../types.ts';
import { cloudTrailSimulator } from './cloudtrail.ts';
import { kmsSimulator } from './kms.ts';
import { logsSimulator } from './logs.ts';
import { organizationsSimulator } from './organizations.ts';
import { s3Simulator } from './s3.ts';

export const MANAGEMENT_ACCOUNT_ID = TEST_ACCOUNT_ID;
export const ORGANIZATION_ID = 'o-a1b2c3d4e5';
export const ROOT_ID = 'r-a1b2';
export const WORKLOADS_OU = 'ou-a1b2-workload';
export const SANDBOX_OU = 'ou-a1b2-sandbox1';

/** Rate limits high enough that neither the gateway nor the simulator ever waits or throttles. */
export const UNLIMITED: readonly RateLimitRule[] = [{ pattern: '*', capacity: 1_000_000, refillPerSecond: 1_000_000, source: 'test' }];

const MGMT = MANAGEMENT_ACCOUNT_ID;
const EU = 'eu-west-1';
const US = 'us-east-1';

/** An error exactly as the gateway records it for a per-resource call, so a served failure round-trips. */
function recorded<T>(api: string, code: string, message: string, region: string, httpStatus: number, resourceUid: string): Fetched<T> {
  const error: ApiError = { api, code, message, region, httpStatus, resourceUid };
  return { error };
}

function managementBuckets(): S3Bucket[] {
  const arn = (name: string) => `arn:aws:s3:::${name}`;
  return [
    // Nothing configured at all: every "not configured" answer (404) must come back as null or {}.
    s3Bucket({
      name: 'mgmt-bare-bucket',
      region: EU,
      tags: ok({}),
      publicAccessBlock: ok(null),
      acl: ok({ grants: [] }),
      policy: ok(null),
      policyStatus: ok(null),
      encryption: ok(null),
      versioning: ok({ status: 'Disabled', mfaDelete: 'Disabled' }),
      logging: ok(null),
      ownership: ok(null),
    }),
    // Dots force path-style addressing; tags carry characters XML must escape.
    s3Bucket({
      name: 'mgmt.reports.example.com',
      region: 'ap-southeast-2',
      tags: ok({ 'cost-center': 'R&D <core>', owner: 'Zoë "ops"', empty: '' }),
      publicAccessBlock: ok(publicAccessBlock(false, { blockPublicPolicy: true })),
      acl: ok({ ownerId: 'f'.repeat(64), grants: [ownerGrant(), groupGrant('AllUsers', 'READ'), groupGrant('AuthenticatedUsers', 'READ_ACP')] }),
      policy: ok({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Public & <read>', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`${arn('mgmt.reports.example.com')}/*`] },
          { Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${MGMT}:root`] }, NotAction: ['s3:Get*'], Resource: ['*'], Condition: { StringNotEquals: { 'aws:PrincipalOrgID': [ORGANIZATION_ID] } } },
        ],
      }),
      policyStatus: ok({ isPublic: true }),
      encryption: ok([{ sseAlgorithm: 'aws:kms:dsse', kmsMasterKeyId: `arn:aws:kms:ap-southeast-2:${MGMT}:key/abc`, bucketKeyEnabled: false }]),
      versioning: ok({ status: 'Enabled', mfaDelete: 'Enabled' }),
      logging: ok({ targetBucket: 'mgmt-bare-bucket', targetPrefix: '' }),
      ownership: ok('BucketOwnerPreferred'),
    }),
    // The estate records failures: the simulator answers them, the collector records them per bucket.
    s3Bucket({
      name: 'mgmt-locked-bucket',
      region: US,
      policy: recorded('s3:GetBucketPolicy', 'AccessDenied', 'Access Denied', US, 403, arn('mgmt-locked-bucket')),
      encryption: recorded('s3:GetEncryptionConfiguration', 'AccessDenied', 'Access Denied', US, 403, arn('mgmt-locked-bucket')),
      versioning: ok({ status: 'Suspended', mfaDelete: 'Disabled' }),
      ownership: ok('ObjectWriter'),
    }),
  ];
}

function managementKeys(): KmsKey[] {
  const keyArn = (id: string) => `arn:aws:kms:${EU}:${MGMT}:key/${id}`;
  const id = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  const special: KmsKey[] = [
    kmsKey({ id: id(0), arn: keyArn(id(0)), description: 'Customer data & <backups>', multiRegion: true, aliases: ['alias/data', 'alias/data-legacy'], policy: defaultKeyPolicy(MGMT), tags: ok(Object.fromEntries(Array.from({ length: 57 }, (_, index) => [`tag-${String(index).padStart(2, '0')}`, `value ${index}`]))) }),
    kmsKey({ id: id(1), arn: keyArn(id(1)), state: 'Disabled', rotationEnabled: ok(false), policy: defaultKeyPolicy(MGMT) }),
    kmsKey({ id: id(2), arn: keyArn(id(2)), keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', rotationEnabled: ok(null), policy: defaultKeyPolicy(MGMT) }),
    kmsKey({ id: id(3), arn: keyArn(id(3)), origin: 'EXTERNAL', rotationEnabled: ok(null), policy: defaultKeyPolicy(MGMT) }),
    kmsKey({ id: id(4), arn: keyArn(id(4)), creationDate: '2024-02-29T12:34:56.789Z', policy: recorded('kms:GetKeyPolicy', 'AccessDeniedException', 'not authorized to perform kms:GetKeyPolicy', EU, 400, keyArn(id(4))), tags: recorded('kms:ListResourceTags', 'AccessDeniedException', 'not authorized to perform kms:ListResourceTags', EU, 400, keyArn(id(4))) }),
    kmsKey({ id: id(5), arn: keyArn(id(5)), state: 'PendingDeletion', deletionDate: '2026-11-08T00:00:00.000Z', rotationEnabled: ok(null), aliases: ['alias/retiring'], policy: defaultKeyPolicy(MGMT) }),
  ];
  // Enough keys that ListKeys (100 a page) and ListAliases (50 a page) each take more than one page.
  const bulk = Array.from({ length: 114 }, (_, index) =>
    kmsKey({ id: id(100 + index), arn: keyArn(id(100 + index)), aliases: [`alias/app-${String(index).padStart(3, '0')}`], policy: defaultKeyPolicy(MGMT), tags: ok({ app: `app-${index}` }) }),
  );
  return [...special, ...bulk];
}

function managementLogs(region: string): { logGroups: LogsLogGroup[]; metricFilters: LogsMetricFilter[] } {
  const groupArn = (name: string) => `arn:aws:logs:${region}:${MGMT}:log-group:${name}`;
  // 60 groups and 55 filters: both lists take two pages of 50.
  const logGroups = Array.from({ length: 60 }, (_, index) => {
    const name = `/aws/lambda/fn-${String(index).padStart(2, '0')}`;
    return logGroup({
      name,
      arn: groupArn(name),
      ...(index % 3 === 0 ? { retentionInDays: 14 } : {}),
      ...(index % 4 === 0 ? { kmsKeyId: `arn:aws:kms:${region}:${MGMT}:key/logs` } : {}),
      storedBytes: index * 1000,
    });
  });
  const metricFilters = Array.from({ length: 55 }, (_, index) =>
    metricFilter({ name: `filter-${String(index).padStart(2, '0')}`, logGroupName: logGroups[index % 7]!.name, filterPattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }' }),
  );
  return { logGroups, metricFilters };
}

function managementSnapshot(): AwsAccountSnapshot {
  const orgTrailArn = `arn:aws:cloudtrail:${US}:${MGMT}:trail/org-trail`;
  const orgTrail = cloudTrailTrail({
    name: 'org-trail',
    arn: orgTrailArn,
    isOrganizationTrail: true,
    kmsKeyId: `arn:aws:kms:${US}:${MGMT}:key/00000000-0000-4000-8000-000000000000`,
    cloudWatchLogsLogGroupArn: `arn:aws:logs:${US}:${MGMT}:log-group:org-trail:*`,
    cloudWatchLogsRoleArn: `arn:aws:iam::${MGMT}:role/CloudTrail_CloudWatchLogs`,
    snsTopicArn: `arn:aws:sns:${US}:${MGMT}:trail-notifications`,
    status: ok({ isLogging: true, latestDeliveryTime: '2026-10-31T23:59:59.123Z', latestCloudWatchLogsDeliveryTime: '2026-10-31T23:58:00.000Z' }),
    eventSelectors: ok({
      basic: [
        ALL_MANAGEMENT_EVENTS,
        { readWriteType: 'WriteOnly', includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::mgmt-bare-bucket/'] }, { type: 'AWS::Lambda::Function', values: ['arn:aws:lambda'] }], excludeManagementEventSources: ['kms.amazonaws.com'] },
      ],
      advanced: [],
    }),
  });
  const regionalTrail = cloudTrailTrail({
    name: 'eu-only',
    arn: `arn:aws:cloudtrail:${EU}:${MGMT}:trail/eu-only`,
    homeRegion: EU,
    isMultiRegion: false,
    includeGlobalServiceEvents: false,
    logFileValidationEnabled: false,
    status: recorded('cloudtrail:GetTrailStatus', 'AccessDeniedException', 'not authorized to perform cloudtrail:GetTrailStatus', EU, 400, `arn:aws:cloudtrail:${EU}:${MGMT}:trail/eu-only`),
    eventSelectors: ok({
      basic: [],
      advanced: [{ name: 'Writes to one bucket', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.ARN', startsWith: ['arn:aws:s3:::mgmt-bare-bucket/'], notEndsWith: ['.tmp', '.log'] }, { field: 'readOnly', equals: ['false'] }] }],
    }),
  });
  const stopped = cloudTrailTrail({ name: 'stopped', arn: `arn:aws:cloudtrail:${US}:${MGMT}:trail/stopped`, isMultiRegion: false, status: ok({ isLogging: false }), eventSelectors: ok({ basic: [], advanced: [] }) });
  const eu = managementLogs(EU);
  return accountSnapshot({
    accountId: MGMT,
    regions: [US, EU],
    global: {
      s3: {
        accountPublicAccessBlock: ok(publicAccessBlock(true, { restrictPublicBuckets: false })),
        buckets: ok(managementBuckets()),
      },
    },
    regional: {
      [US]: { cloudtrail: { trails: ok([orgTrail, stopped]) }, kms: { keys: ok([]) }, logs: { logGroups: ok([]), metricFilters: ok([]) } },
      // The organization trail shows in eu-west-1 as a shadow of its us-east-1 home.
      [EU]: { cloudtrail: { trails: ok([orgTrail, regionalTrail]) }, kms: { keys: ok(managementKeys()) }, logs: { logGroups: ok(eu.logGroups), metricFilters: ok(eu.metricFilters) } },
    },
  });
}

/** The demo's two accounts and an edge-case management account, in an organization of a root and two nested OUs. */
export function protocolTestEstate(): SimEstate {
  const [prod, dev] = buildDemoEstate();
  if (!prod || !dev) throw new Error('the demo estate has two accounts');
  return {
    organizationId: ORGANIZATION_ID,
    managementAccountId: MGMT,
    rootId: ROOT_ID,
    organizationalUnits: [
      { id: WORKLOADS_OU, name: 'Workloads', parentId: ROOT_ID },
      { id: SANDBOX_OU, name: 'Sandbox', parentId: WORKLOADS_OU },
    ],
    accounts: [
      { accountId: MGMT, name: 'acme-management', email: 'aws+management@acme.example', ouPath: [ROOT_ID], tags: {}, snapshot: managementSnapshot() },
      { accountId: prod.accountId, name: 'acme-prod', email: 'aws+prod@acme.example', ouPath: [ROOT_ID, WORKLOADS_OU], tags: { env: 'prod', 'cost-center': 'R&D' }, snapshot: prod },
      { accountId: dev.accountId, name: 'acme-dev', email: 'aws+dev@acme.example', ouPath: [ROOT_ID, WORKLOADS_OU, SANDBOX_OU], tags: { env: 'dev' }, snapshot: dev },
    ],
    regions: [...DEMO_REGIONS],
    memberRoleName: 'OrganizationAccountAccessRole',
  };
}

export interface SimulatorSetup {
  readonly faults?: FaultModel;
  readonly rateLimits?: readonly RateLimitRule[];
}

export function simulatorFor(estate: SimEstate, setup: SimulatorSetup = {}): SimulatedAws {
  return new SimulatedAws({
    estate,
    services: [s3Simulator, organizationsSimulator, kmsSimulator, cloudTrailSimulator, logsSimulator],
    seed: 1,
    rateLimits: setup.rateLimits ?? UNLIMITED,
    ...(setup.faults ? { faults: setup.faults } : {}),
  });
}

/** Credentials of `accountId` as the simulator issues them, and SDK clients whose transport is the simulator. */
export function clientsFor(sim: SimulatedAws, accountId: string): AwsClientFactory {
  return new AwsClientFactory({ credentials: { accessKeyId: accessKeyFor(accountId), secretAccessKey: 'x' }, requestHandler: sim });
}

/** What a scan hands a collector for one account and region; the gateway never retries, so the first answer counts. */
export function collectorContext(sim: SimulatedAws, accountId: string, region: string): CollectorContext {
  return {
    accountId,
    partition: 'aws',
    region,
    gateway: new AwsGateway({ maxAttempts: 1, rateLimits: UNLIMITED }).scoped({ accountId, region }),
    clients: clientsFor(sim, accountId),
  };
}
