import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, rdsInstance, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './rds-instance-no-public-access.ts';

const ARN = 'arn:aws:rds:us-east-1:123456789012:db:app-db';

describe(check.id, () => {
  it.each([
    ['private', rdsInstance({ id: 'app-db' }), 'PASS'],
    ['publicly accessible', rdsInstance({ id: 'app-db', publiclyAccessible: true }), 'FAIL'],
  ] as const)('%s → %s', (_name, instance, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { rds: { instances: ok([instance]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('reports ERROR when DB instances could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { rds: { instances: denied('rds:DescribeDBInstances') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:rds:us-east-1:123456789012:rds/us-east-1']]);
  });
});
