import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, kmsKey, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './kms-cmk-not-deleted-unintentionally.ts';

const KEY_ARN = `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:key/k1`;

describe(check.id, () => {
  it.each([
    ['enabled', 'Enabled', 'PASS'],
    ['disabled', 'Disabled', 'PASS'],
    ['pending deletion', 'PendingDeletion', 'FAIL'],
  ] as const)('%s → %s', (_name, state, expected) => {
    const account = accountSnapshot({ regional: { 'us-east-1': { kms: { keys: ok([kmsKey({ id: 'k1', state })]) } } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, KEY_ARN]]);
  });

  it('gives the deletion date and skips AWS managed keys', () => {
    const keys = ok([kmsKey({ id: 'k1', state: 'PendingDeletion', deletionDate: '2026-06-20T00:00:00.000Z' }), kmsKey({ id: 'aws', manager: 'AWS', state: 'PendingDeletion' })]);
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { kms: { keys } } } }));
    expect(statuses(results)).toEqual([['FAIL', KEY_ARN]]);
    expect(results[0]?.message).toContain('on 2026-06-20T00:00:00.000Z');
  });

  it('reports ERROR on the region when keys cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { kms: { keys: denied('kms:ListKeys') } } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:kms/us-east-1`]]);
  });
});
