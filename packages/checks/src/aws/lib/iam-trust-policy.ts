/**
 * Role trust policy analysis: which AWS accounts a role trusts, and whether cross-account
 * trust is guarded by an external ID (the defence against the confused-deputy problem).
 */
import { parseArn } from '@palisade/core/aws';
import type { PolicyDocument, PolicyStatement } from '@palisade/core/aws';
import { statementAllowsAction } from './iam-policy.ts';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The account an AWS principal belongs to: the id itself, the account of an ARN, `*` for any
 * principal, or `undefined` for a unique id (`AROA…`, `AIDA…`), which IAM shows when the
 * trusted principal was deleted and which no one can use any more.
 */
export function awsPrincipalAccount(principal: string): string | undefined {
  if (principal === '*') return '*';
  if (ACCOUNT_ID.test(principal)) return principal;
  const arn = parseArn(principal);
  return arn && ACCOUNT_ID.test(arn.accountId) ? arn.accountId : undefined;
}

/** The AWS principals (`Principal.AWS`, or `*` for `"Principal": "*"`) a statement names. */
export function awsPrincipals(statement: PolicyStatement): readonly string[] {
  const principal = statement.Principal;
  if (principal === undefined) return [];
  if (principal === '*') return ['*'];
  return principal['AWS'] ?? [];
}

/**
 * True when the statement's conditions require `sts:ExternalId`. `…IfExists` operators do not
 * count: they let a request without an external ID through.
 */
export function requiresExternalId(statement: PolicyStatement): boolean {
  return Object.entries(statement.Condition ?? {}).some(
    ([operator, keys]) =>
      !operator.endsWith('IfExists') &&
      operator !== 'Null' &&
      Object.entries(keys).some(([key, values]) => key.toLowerCase() === 'sts:externalid' && values.length > 0),
  );
}

export interface UnguardedCrossAccountTrust {
  /** As written in the policy: an account id, an ARN or `*`. */
  readonly principal: string;
  /** The principal's account, or `*` for any account. */
  readonly accountId: string;
}

/**
 * Principals of other accounts (not `ownAccountId`, not in `trustedAccountIds`) that the trust
 * policy allows to assume the role without requiring an external ID.
 */
export function unguardedCrossAccountTrust(
  trustPolicy: PolicyDocument,
  ownAccountId: string,
  trustedAccountIds: readonly string[],
): readonly UnguardedCrossAccountTrust[] {
  const trusted = new Set([ownAccountId, ...trustedAccountIds]);
  return trustPolicy.Statement.flatMap((statement) => {
    if (!statementAllowsAction(statement, 'sts:AssumeRole') || requiresExternalId(statement)) return [];
    return awsPrincipals(statement).flatMap((principal) => {
      const accountId = awsPrincipalAccount(principal);
      return accountId === undefined || trusted.has(accountId) ? [] : [{ principal, accountId }];
    });
  });
}
