/**
 * "Open to anyone" reasoning for resource policies (KMS key policies, SNS topic policies, ...):
 * an Allow statement whose principal is everyone is public unless a condition pins the caller or
 * the request source to known accounts, organizations, ARNs or networks.
 */
import type { PolicyDocument, PolicyPrincipal, PolicyStatement } from '@palisade/core/aws';

/**
 * Global condition keys that narrow who can use an Allow-to-everyone statement. Condition keys
 * are case-insensitive in IAM (SNS default policies spell `AWS:SourceOwner`), so all are lower case.
 */
export const RESTRICTING_CONDITION_KEYS: readonly string[] = [
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
];

export interface PublicPolicyOptions {
  /** Service-specific keys that also restrict the caller, e.g. `kms:CallerAccount`. */
  readonly extraRestrictingKeys?: readonly string[];
}

const OPEN_CIDRS = new Set(['0.0.0.0/0', '::/0']);

/** True when the principal is everyone: `"*"`, `{"AWS": "*"}` or `{"CanonicalUser": "*"}`. */
export function isEveryonePrincipal(principal: PolicyPrincipal | undefined): boolean {
  if (principal === undefined) return false;
  if (principal === '*') return true;
  return ['AWS', 'CanonicalUser'].some((kind) => principal[kind]?.includes('*') ?? false);
}

/**
 * Whether one condition entry confines the statement. Negated operators (`StringNotEquals`),
 * `...IfExists` operators (which pass when the key is absent from the request) and
 * `ForAllValues:` (which passes on an empty key) do not; nor do wildcard-only values.
 */
function restricts(operator: string, key: string, values: readonly string[], restrictingKeys: ReadonlySet<string>): boolean {
  if (!restrictingKeys.has(key.toLowerCase())) return false;
  const op = operator.toLowerCase();
  if (op.includes('not') || op.endsWith('ifexists') || op.startsWith('forallvalues:')) return false;
  if (op === 'null' || op.startsWith('bool')) return false;
  if (values.length === 0) return false;
  if (values.every((value) => value === '*' || OPEN_CIDRS.has(value))) return false;
  return true;
}

/** True when at least one condition confines an everyone-principal statement to known callers. */
export function hasRestrictingCondition(statement: PolicyStatement, options: PublicPolicyOptions = {}): boolean {
  if (statement.Condition === undefined) return false;
  const keys = new Set([...RESTRICTING_CONDITION_KEYS, ...(options.extraRestrictingKeys ?? []).map((key) => key.toLowerCase())]);
  return Object.entries(statement.Condition).some(([operator, byKey]) =>
    Object.entries(byKey).some(([key, values]) => restricts(operator, key, values, keys)),
  );
}

/**
 * Allow statements that grant access to anyone: principal everyone, or `NotPrincipal` (allow all
 * but a few), with no restricting condition.
 */
export function publicStatements(document: PolicyDocument, options: PublicPolicyOptions = {}): readonly PolicyStatement[] {
  return document.Statement.filter(
    (statement) =>
      statement.Effect === 'Allow' &&
      (isEveryonePrincipal(statement.Principal) || statement.NotPrincipal !== undefined) &&
      !hasRestrictingCondition(statement, options),
  );
}

/**
 * Deny statements that apply to everyone and name a caller-identifying condition key, whatever the
 * operator: the usual way to fence a policy to a network or organization is an open Allow plus
 * `Deny` when `aws:SourceVpce` (or `aws:PrincipalOrgID`, ...) is not the expected value. With such
 * a Deny present, an Allow to everyone alone no longer proves the resource public.
 */
export function confiningDenyStatements(document: PolicyDocument, options: PublicPolicyOptions = {}): readonly PolicyStatement[] {
  const keys = new Set([...RESTRICTING_CONDITION_KEYS, ...(options.extraRestrictingKeys ?? []).map((key) => key.toLowerCase())]);
  return document.Statement.filter(
    (statement) =>
      statement.Effect === 'Deny' &&
      (isEveryonePrincipal(statement.Principal) || statement.NotPrincipal !== undefined) &&
      Object.values(statement.Condition ?? {}).some((byKey) => Object.keys(byKey).some((key) => keys.has(key.toLowerCase()))),
  );
}

/** A short label for a statement in messages: its Sid, or its position. */
export function statementLabel(document: PolicyDocument, statement: PolicyStatement): string {
  return statement.Sid ? `statement "${statement.Sid}"` : `statement #${document.Statement.indexOf(statement) + 1}`;
}
