import { describe, expect, it } from 'vitest';
import type { IamPasswordPolicy } from '@palisade/core/aws';
import { accountSnapshot, denied, ok, passwordPolicy, statuses } from '../../testing/aws/index.ts';
import { judgePasswordPolicy, requiredFlag } from './password-policy.ts';

const ROOT = 'arn:aws:iam::123456789012:root';
const policy = passwordPolicy({ requireSymbols: false, requireNumbers: true });

describe('judgePasswordPolicy', () => {
  it.each([
    ['flag set', ok(policy), (p: IamPasswordPolicy) => requiredFlag(p.requireNumbers, 'a number'), 'PASS', 'The password policy requires a number.'],
    ['flag unset', ok(policy), (p: IamPasswordPolicy) => requiredFlag(p.requireSymbols, 'a symbol'), 'FAIL', 'The password policy does not require a symbol.'],
    ['no policy', ok(null), () => requiredFlag(true, 'x'), 'FAIL', 'The account has no IAM password policy, so nothing is enforced.'],
    ['unreadable', denied('iam:GetAccountPasswordPolicy'), () => requiredFlag(true, 'x'), 'ERROR', 'iam:GetAccountPasswordPolicy failed with AccessDenied'],
  ] as const)('%s → %s', (_name, passwordPolicy, judge, status, message) => {
    const results = judgePasswordPolicy(accountSnapshot({ global: { iam: { passwordPolicy } } }), 'nothing is enforced', judge);
    expect(statuses(results)).toEqual([[status, ROOT]]);
    expect(results[0]?.message).toContain(message);
  });
});
