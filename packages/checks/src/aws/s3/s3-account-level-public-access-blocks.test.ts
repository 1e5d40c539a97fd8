import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, publicAccessBlock, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './s3-account-level-public-access-blocks.ts';

const ROOT = 'arn:aws:iam::123456789012:root';

describe(check.id, () => {
  it.each([
    ['all on', ok(publicAccessBlock(true)), 'PASS'],
    ['one off', ok(publicAccessBlock(true, { blockPublicPolicy: false })), 'FAIL'],
    ['not configured', ok(null), 'FAIL'],
    ['denied', denied('s3:GetAccountPublicAccessBlock'), 'ERROR'],
  ] as const)('%s → %s', (_name, accountPublicAccessBlock, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { s3: { accountPublicAccessBlock } } }));
    expect(statuses(results)).toEqual([[expected, ROOT]]);
  });

  it('reports on the account in the global region and names what is off', () => {
    const [result] = runCheck(check, accountSnapshot({ global: { s3: { accountPublicAccessBlock: ok(publicAccessBlock(true, { blockPublicPolicy: false })) } } }));
    expect(result?.resource.region).toBe('global');
    expect(result?.message).toContain('blockPublicPolicy');
  });
});
