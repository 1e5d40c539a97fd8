import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, rdsInstance, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './rds-instance-backup-enabled.ts';

const ARN = 'arn:aws:rds:us-east-1:123456789012:db:app-db';

describe(check.id, () => {
  it.each([
    ['7 days', rdsInstance({ id: 'app-db', backupRetentionPeriod: 7 }), 'PASS'],
    ['35 days', rdsInstance({ id: 'app-db', backupRetentionPeriod: 35 }), 'PASS'],
    ['1 day', rdsInstance({ id: 'app-db', backupRetentionPeriod: 1 }), 'FAIL'],
    ['backups disabled', rdsInstance({ id: 'app-db', backupRetentionPeriod: 0 }), 'FAIL'],
    ['Aurora cluster member', rdsInstance({ id: 'app-db', engine: 'aurora-postgresql', clusterId: 'app-cluster', backupRetentionPeriod: 1 }), 'MANUAL'],
  ] as const)('%s → %s', (_name, instance, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { rds: { instances: ok([instance]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('honours the configured minimum retention', () => {
    const snapshot = accountSnapshot({ regional: { 'us-east-1': { rds: { instances: ok([rdsInstance({ id: 'app-db', backupRetentionPeriod: 7 })]) } } } });
    expect(statuses(runCheck(check, snapshot, { minBackupRetentionDays: 14 }))).toEqual([['FAIL', ARN]]);
    expect(statuses(runCheck(check, snapshot, { minBackupRetentionDays: 7 }))).toEqual([['PASS', ARN]]);
  });

  it('reports ERROR when DB instances could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { rds: { instances: denied('rds:DescribeDBInstances') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:rds:us-east-1:123456789012:rds/us-east-1']]);
  });
});
