import type { RdsInstance, RdsSnapshot } from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, TEST_REGION, daysAgo, ok } from './account.ts';

interface Regional {
  readonly region?: string;
}

/** A single-instance PostgreSQL database with CIS-compliant defaults; tests override what they probe. */
export function rdsInstance(overrides: Partial<RdsInstance> & { id: string } & Regional): RdsInstance {
  const { region = TEST_REGION, ...rest } = overrides;
  return {
    arn: `arn:aws:rds:${region}:${TEST_ACCOUNT_ID}:db:${overrides.id}`,
    engine: 'postgres',
    engineVersion: '16.3',
    instanceClass: 'db.t4g.micro',
    status: 'available',
    storageEncrypted: true,
    kmsKeyId: `arn:aws:kms:${region}:${TEST_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    multiAz: true,
    backupRetentionPeriod: 7,
    deletionProtection: true,
    iamDatabaseAuthenticationEnabled: false,
    copyTagsToSnapshot: true,
    performanceInsightsEnabled: false,
    vpcSecurityGroupIds: ['sg-0a1b2c3d'],
    enabledCloudwatchLogsExports: [],
    tags: {},
    ...rest,
  };
}

export function rdsSnapshot(overrides: Partial<RdsSnapshot> & { id: string } & Regional): RdsSnapshot {
  const { region = TEST_REGION, ...rest } = overrides;
  return {
    arn: `arn:aws:rds:${region}:${TEST_ACCOUNT_ID}:snapshot:${overrides.id}`,
    instanceId: 'app-db',
    encrypted: true,
    snapshotType: 'manual',
    createTime: daysAgo(5),
    public: ok(false),
    tags: {},
    ...rest,
  };
}
