import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, rdsInstance, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './rds-instance-multi-az.ts';

const ARN = 'arn:aws:rds:us-east-1:123456789012:db:app-db';

describe(check.id, () => {
  it.each([
    ['multi-AZ', rdsInstance({ id: 'app-db' }), 'PASS'],
    ['single-AZ', rdsInstance({ id: 'app-db', multiAz: false }), 'FAIL'],
    ['Aurora cluster member', rdsInstance({ id: 'app-db', engine: 'aurora-mysql', clusterId: 'app-cluster', multiAz: false }), 'MANUAL'],
  ] as const)('%s → %s', (_name, instance, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { rds: { instances: ok([instance]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('reports ERROR when DB instances could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { rds: { instances: denied('rds:DescribeDBInstances') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:rds:us-east-1:123456789012:rds/us-east-1']]);
  });
});
