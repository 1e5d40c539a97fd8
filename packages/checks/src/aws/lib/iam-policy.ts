/**
 * IAM permission policy analysis shared by the IAM checks: full-administrator detection, action
 * wildcard matching, and who (users, groups, roles) holds which policy.
 */
import { resource } from '@palisade/core';
import type {
  AwsPartition,
  IamAttachedPolicy,
  IamGroup,
  IamInlinePolicy,
  IamRole,
  IamUser,
  PolicyDocument,
  PolicyStatement,
  ResourceRef,
  Tags,
} from '@palisade/core';

/**
 * True when an IAM action pattern (`*`, `s3:Get*`, `sts:AssumeRole`) matches `action`. IAM
 * compares actions case-insensitively and supports `*` and `?` wildcards.
 */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(action);
}

/** True when a statement's actions allow `action` (Action patterns, or NotAction that leaves it out). */
export function statementAllowsAction(statement: PolicyStatement, action: string): boolean {
  if (statement.Effect !== 'Allow') return false;
  if (statement.Action) return statement.Action.some((pattern) => actionMatches(pattern, action));
  if (statement.NotAction) return !statement.NotAction.some((pattern) => actionMatches(pattern, action));
  return false;
}

/**
 * A statement granting full administrative privileges: `Allow` of every action (`*` or `*:*`)
 * on every resource (`*`). Conditions are not weighed: an administrator grant behind a condition
 * is still one. A `NotAction` statement is not counted, as it names actions it leaves out.
 */
export function isFullAdminStatement(statement: PolicyStatement): boolean {
  return (
    statement.Effect === 'Allow' &&
    (statement.Action ?? []).some((action) => action === '*' || action === '*:*') &&
    (statement.Resource ?? []).includes('*')
  );
}

export function grantsFullAdmin(document: PolicyDocument): boolean {
  return document.Statement.some(isFullAdminStatement);
}

/** A short label for the offending statements, e.g. `statement "AllowAll"` or `statement #2`. */
export function describeFullAdminStatements(document: PolicyDocument): string {
  return document.Statement.flatMap((statement, index) =>
    isFullAdminStatement(statement) ? [statement.Sid ? `statement "${statement.Sid}"` : `statement #${index + 1}`] : [],
  ).join(', ');
}

/** `arn:<partition>:iam::aws:policy/<name>` — AWS managed policies at the root path. */
export function awsManagedPolicyArn(partition: AwsPartition | string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

export function managedPolicyResource(arn: string, name: string): ResourceRef {
  return resource(arn, 'AwsIamPolicy', name, 'global');
}

export type PolicyHolderKind = 'user' | 'group' | 'role';

/** A user, group or role, seen only as something that policies are attached to or embedded in. */
export interface PolicyHolder {
  readonly kind: PolicyHolderKind;
  readonly name: string;
  readonly arn: string;
  readonly tags?: Tags;
  readonly attachedPolicies: readonly IamAttachedPolicy[];
  readonly inlinePolicies: readonly IamInlinePolicy[];
  /** Service-linked roles, whose policies AWS owns and no one in the account can change. */
  readonly serviceLinked: boolean;
}

const HOLDER_RESOURCE_TYPES: Readonly<Record<PolicyHolderKind, string>> = {
  user: 'AwsIamUser',
  group: 'AwsIamGroup',
  role: 'AwsIamRole',
};

/** Users, then groups, then roles, in one list. */
export function policyHolders(users: readonly IamUser[], groups: readonly IamGroup[], roles: readonly IamRole[]): readonly PolicyHolder[] {
  return [
    ...users.map((user): PolicyHolder => ({ kind: 'user', ...pick(user), tags: user.tags, serviceLinked: false })),
    ...groups.map((group): PolicyHolder => ({ kind: 'group', ...pick(group), serviceLinked: false })),
    ...roles.map((role): PolicyHolder => ({ kind: 'role', ...pick(role), tags: role.tags, serviceLinked: role.serviceLinked })),
  ];
}

function pick(entity: IamUser | IamGroup | IamRole): Pick<PolicyHolder, 'name' | 'arn' | 'attachedPolicies' | 'inlinePolicies'> {
  return { name: entity.name, arn: entity.arn, attachedPolicies: entity.attachedPolicies, inlinePolicies: entity.inlinePolicies };
}

export function policyHolderResource(holder: PolicyHolder): ResourceRef {
  return resource(holder.arn, HOLDER_RESOURCE_TYPES[holder.kind], holder.name, 'global', holder.tags);
}

/** The holders that have the managed policy `policyArn` attached. */
export function holdersOfManagedPolicy(holders: readonly PolicyHolder[], policyArn: string): readonly PolicyHolder[] {
  return holders.filter((holder) => holder.attachedPolicies.some((policy) => policy.arn === policyArn));
}

/** e.g. `user alice, role Ops` — for messages. */
export function describeHolders(holders: readonly PolicyHolder[]): string {
  return holders.map((holder) => `${holder.kind} ${holder.name}`).join(', ');
}
