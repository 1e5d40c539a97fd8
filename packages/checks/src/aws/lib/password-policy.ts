/**
 * The shared shape of the password-policy checks: one account-level result; ERROR when the
 * policy could not be read, FAIL when the account has none, otherwise the check's own verdict.
 */
import { fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import type { CheckResult } from '@palisade/core';
import type { AwsAccountSnapshot, IamPasswordPolicy } from '@palisade/core/aws';

export interface PasswordPolicyVerdict {
  readonly ok: boolean;
  readonly message: string;
}

export function judgePasswordPolicy(
  account: AwsAccountSnapshot,
  whenMissing: string,
  judge: (policy: IamPasswordPolicy) => PasswordPolicyVerdict,
): readonly CheckResult[] {
  const target = accountResource(account);
  return withGlobal(account, 'iam', (iam) =>
    fromFetched(iam.passwordPolicy, target, (policy) => {
      if (policy === null) return [fail(target, `The account has no IAM password policy, so ${whenMissing}.`)];
      const verdict = judge(policy);
      return [verdict.ok ? pass(target, verdict.message) : fail(target, verdict.message)];
    }),
  );
}

/** A verdict for a policy flag that must be set. */
export function requiredFlag(set: boolean, requirement: string): PasswordPolicyVerdict {
  return set ? { ok: true, message: `The password policy requires ${requirement}.` } : { ok: false, message: `The password policy does not require ${requirement}.` };
}
