import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, rdsSnapshot, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './rds-snapshots-public-access.ts';

const ARN = 'arn:aws:rds:us-east-1:123456789012:snapshot:nightly';

describe(check.id, () => {
  it.each([
    ['private', ok(false), 'PASS'],
    ['public', ok(true), 'FAIL'],
    ['attributes denied', denied('rds:DescribeDBSnapshotAttributes'), 'ERROR'],
  ] as const)('%s → %s', (_name, isPublic, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { rds: { snapshots: ok([rdsSnapshot({ id: 'nightly', public: isPublic })]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('reports ERROR on the region when snapshots could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { rds: { snapshots: denied('rds:DescribeDBSnapshots') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:rds:us-east-1:123456789012:rds/us-east-1']]);
  });
});
