import { DescribeDBInstancesCommand, DescribeDBSnapshotAttributesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { rdsCollector } from './rds.ts';

const mock = mockClient(RDSClient);
afterEach(() => mock.reset());

const POSTGRES_ARN = 'arn:aws:rds:us-east-1:123456789012:db:orders-db';
const AURORA_ARN = 'arn:aws:rds:us-east-1:123456789012:db:analytics-instance-1';
const PUBLIC_SNAPSHOT_ARN = 'arn:aws:rds:us-east-1:123456789012:snapshot:orders-db-before-upgrade';
const PRIVATE_SNAPSHOT_ARN = 'arn:aws:rds:us-east-1:123456789012:snapshot:orders-db-2025-01-02';

// Shaped like DescribeDBInstances: dates are Date objects after SDK parsing, tags come inline.
function describeInstances() {
  mock
    .on(DescribeDBInstancesCommand, { Marker: undefined })
    .resolves({
      DBInstances: [
        {
          DBInstanceIdentifier: 'orders-db',
          DBInstanceClass: 'db.t3.medium',
          Engine: 'postgres',
          DBInstanceStatus: 'available',
          MasterUsername: 'postgres',
          Endpoint: { Address: 'orders-db.abcdefghijkl.us-east-1.rds.amazonaws.com', Port: 5432, HostedZoneId: 'Z2R2ITUGPM61AM' },
          AllocatedStorage: 100,
          InstanceCreateTime: new Date('2024-03-01T10:00:00Z'),
          BackupRetentionPeriod: 7,
          VpcSecurityGroups: [
            { VpcSecurityGroupId: 'sg-0a1b2c3d4e5f67890', Status: 'active' },
            { VpcSecurityGroupId: 'sg-0fedcba9876543210', Status: 'active' },
          ],
          MultiAZ: true,
          EngineVersion: '16.3',
          AutoMinorVersionUpgrade: true,
          PubliclyAccessible: false,
          StorageType: 'gp3',
          StorageEncrypted: true,
          KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          DbiResourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
          CopyTagsToSnapshot: true,
          MonitoringInterval: 60,
          EnhancedMonitoringResourceArn: 'arn:aws:logs:us-east-1:123456789012:log-group:RDSOSMetrics:log-stream:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
          DBInstanceArn: POSTGRES_ARN,
          IAMDatabaseAuthenticationEnabled: true,
          PerformanceInsightsEnabled: true,
          EnabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
          DeletionProtection: true,
          TagList: [
            { Key: 'team', Value: 'payments' },
            { Key: 'env', Value: 'prod' },
          ],
        },
      ],
      Marker: 'orders-db',
    })
    .on(DescribeDBInstancesCommand, { Marker: 'orders-db' })
    .resolves({
      DBInstances: [
        {
          DBInstanceIdentifier: 'analytics-instance-1',
          DBInstanceClass: 'db.r6g.large',
          Engine: 'aurora-mysql',
          DBInstanceStatus: 'available',
          BackupRetentionPeriod: 1,
          VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' }],
          MultiAZ: false,
          EngineVersion: '8.0.mysql_aurora.3.05.2',
          AutoMinorVersionUpgrade: false,
          PubliclyAccessible: true,
          StorageEncrypted: false,
          CopyTagsToSnapshot: false,
          DBClusterIdentifier: 'analytics',
          DBInstanceArn: AURORA_ARN,
          IAMDatabaseAuthenticationEnabled: false,
          PerformanceInsightsEnabled: false,
          DeletionProtection: false,
          TagList: [],
        },
      ],
    });
}

function describeSnapshots() {
  mock.on(DescribeDBSnapshotsCommand, { SnapshotType: 'manual', Marker: undefined }).resolves({
    DBSnapshots: [
      {
        DBSnapshotIdentifier: 'orders-db-before-upgrade',
        DBInstanceIdentifier: 'orders-db',
        SnapshotCreateTime: new Date('2025-01-01T03:00:00Z'),
        Engine: 'postgres',
        AllocatedStorage: 100,
        Status: 'available',
        SnapshotType: 'manual',
        Encrypted: false,
        DBSnapshotArn: PUBLIC_SNAPSHOT_ARN,
        TagList: [{ Key: 'reason', Value: 'pre-upgrade' }],
      },
      {
        DBSnapshotIdentifier: 'orders-db-2025-01-02',
        DBInstanceIdentifier: 'orders-db',
        SnapshotCreateTime: new Date('2025-01-02T03:00:00Z'),
        Engine: 'postgres',
        Status: 'available',
        SnapshotType: 'manual',
        Encrypted: true,
        KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        DBSnapshotArn: PRIVATE_SNAPSHOT_ARN,
      },
    ],
  });
}

describe('rds collector', () => {
  it('maps instances across pages and marks snapshots restorable by all accounts as public', async () => {
    describeInstances();
    describeSnapshots();
    mock.on(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: 'orders-db-before-upgrade' }).resolves({
      DBSnapshotAttributesResult: {
        DBSnapshotIdentifier: 'orders-db-before-upgrade',
        DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['all', '210987654321'] }],
      },
    });
    mock.on(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: 'orders-db-2025-01-02' }).resolves({
      DBSnapshotAttributesResult: {
        DBSnapshotIdentifier: 'orders-db-2025-01-02',
        DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['210987654321'] }],
      },
    });

    const data = await rdsCollector.collect(testCollectorContext());

    expect(data.instances.value).toEqual([
      {
        id: 'orders-db',
        arn: POSTGRES_ARN,
        engine: 'postgres',
        engineVersion: '16.3',
        instanceClass: 'db.t3.medium',
        status: 'available',
        storageEncrypted: true,
        kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        multiAz: true,
        backupRetentionPeriod: 7,
        deletionProtection: true,
        iamDatabaseAuthenticationEnabled: true,
        copyTagsToSnapshot: true,
        enhancedMonitoringResourceArn: 'arn:aws:logs:us-east-1:123456789012:log-group:RDSOSMetrics:log-stream:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
        performanceInsightsEnabled: true,
        vpcSecurityGroupIds: ['sg-0a1b2c3d4e5f67890', 'sg-0fedcba9876543210'],
        enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
        tags: { team: 'payments', env: 'prod' },
      },
      {
        id: 'analytics-instance-1',
        arn: AURORA_ARN,
        engine: 'aurora-mysql',
        engineVersion: '8.0.mysql_aurora.3.05.2',
        instanceClass: 'db.r6g.large',
        status: 'available',
        storageEncrypted: false,
        publiclyAccessible: true,
        autoMinorVersionUpgrade: false,
        multiAz: false,
        backupRetentionPeriod: 1,
        deletionProtection: false,
        iamDatabaseAuthenticationEnabled: false,
        copyTagsToSnapshot: false,
        performanceInsightsEnabled: false,
        vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
        clusterId: 'analytics',
        enabledCloudwatchLogsExports: [],
        tags: {},
      },
    ]);
    expect(data.snapshots.value).toEqual([
      {
        id: 'orders-db-before-upgrade',
        arn: PUBLIC_SNAPSHOT_ARN,
        instanceId: 'orders-db',
        encrypted: false,
        snapshotType: 'manual',
        createTime: '2025-01-01T03:00:00.000Z',
        public: { value: true },
        tags: { reason: 'pre-upgrade' },
      },
      {
        id: 'orders-db-2025-01-02',
        arn: PRIVATE_SNAPSHOT_ARN,
        instanceId: 'orders-db',
        encrypted: true,
        snapshotType: 'manual',
        createTime: '2025-01-02T03:00:00.000Z',
        public: { value: false },
        tags: {},
      },
    ]);
  });

  it('carries a denied snapshot attribute call on that snapshot only', async () => {
    describeInstances();
    describeSnapshots();
    mock.on(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: 'orders-db-before-upgrade' }).rejects(
      sdkError('AccessDenied', 'User is not authorized to perform: rds:DescribeDBSnapshotAttributes', 403),
    );
    mock.on(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: 'orders-db-2025-01-02' }).resolves({
      DBSnapshotAttributesResult: { DBSnapshotIdentifier: 'orders-db-2025-01-02', DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [] }] },
    });

    const data = await rdsCollector.collect(testCollectorContext());

    expect(data.snapshots.value?.[0]?.public.error).toMatchObject({
      api: 'rds:DescribeDBSnapshotAttributes',
      code: 'AccessDenied',
      resourceUid: PUBLIC_SNAPSHOT_ARN,
      httpStatus: 403,
    });
    expect(data.snapshots.value?.[1]?.public).toEqual({ value: false });
  });

  it('returns the API error code when listing instances is denied', async () => {
    mock.on(DescribeDBInstancesCommand).rejects(sdkError('AccessDenied', 'User is not authorized to perform: rds:DescribeDBInstances', 403));
    describeSnapshots();
    mock.on(DescribeDBSnapshotAttributesCommand).resolves({ DBSnapshotAttributesResult: { DBSnapshotAttributes: [] } });

    const data = await rdsCollector.collect(testCollectorContext('eu-west-1'));

    expect(data.instances.error).toMatchObject({ api: 'rds:DescribeDBInstances', code: 'AccessDenied', region: 'eu-west-1', httpStatus: 403 });
    expect(data.snapshots.value?.map((snapshot) => snapshot.id)).toEqual(['orders-db-before-upgrade', 'orders-db-2025-01-02']);
  });
});

describe('rds collector detail cap', () => {
  it('keeps snapshots past limits.rdsSnapshots with DetailCapReached on their public flag', async () => {
    describeInstances();
    describeSnapshots();
    mock.on(DescribeDBSnapshotAttributesCommand).resolves({
      DBSnapshotAttributesResult: { DBSnapshotIdentifier: 'orders-db-before-upgrade', DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['all'] }] },
    });

    const data = await rdsCollector.collect({ ...testCollectorContext(), limits: { rdsSnapshots: 1 } });

    const [first, second] = data.snapshots.value ?? [];
    expect(first).toMatchObject({ arn: PUBLIC_SNAPSHOT_ARN, public: { value: true } });
    expect(second).toMatchObject({ id: 'orders-db-2025-01-02', arn: PRIVATE_SNAPSHOT_ARN, encrypted: true });
    expect(second?.public.error).toMatchObject({ api: 'rds:DescribeDBSnapshotAttributes', code: 'DetailCapReached', resourceUid: PRIVATE_SNAPSHOT_ARN });
    expect(mock.commandCalls(DescribeDBSnapshotAttributesCommand)).toHaveLength(1);
    expect(data.instances.value).toHaveLength(2);
  });
});
