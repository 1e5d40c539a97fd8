import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, logGroup, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './cloudwatch-log-group-kms-encryption-enabled.ts';

const GROUP_ARN = `arn:aws:logs:us-east-1:${TEST_ACCOUNT_ID}:log-group:app`;
const KEY_ARN = `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe(check.id, () => {
  it.each([
    ['KMS key', KEY_ARN, 'PASS'],
    ['no KMS key', undefined, 'FAIL'],
  ] as const)('%s → %s', (_name, kmsKeyId, expected) => {
    const group = logGroup({ name: 'app', tags: { team: 'web' }, ...(kmsKeyId ? { kmsKeyId } : {}) });
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { logs: { logGroups: ok([group]) } } } }));
    expect(statuses(results)).toEqual([[expected, GROUP_ARN]]);
    expect(results[0]?.resource.tags).toEqual({ team: 'web' });
  });

  it('reports ERROR on the region when log groups cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { logs: { logGroups: denied('logs:DescribeLogGroups') } } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', `arn:aws:logs:us-east-1:${TEST_ACCOUNT_ID}:logs/us-east-1`]]);
  });
});
