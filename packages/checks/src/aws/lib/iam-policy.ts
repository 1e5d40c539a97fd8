/**
 * IAM permission policy analysis shared by the IAM checks: administrative-privilege detection,
 * action wildcard matching, and who (users, groups, roles) holds which policy.
 */
import { resource } from '@palisade/core';
import { EVERY_ACTION, EVERY_IAM_ACTION, coversEvery, everyArn, everyIamArn } from './wildcard-coverage.ts';
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

/*
 * Administrative privileges — the rule the *-no-administrative-privileges checks apply.
 *
 * Only "broad" statements count: `Effect: Allow`, no `Condition`, and reaching every resource.
 * A policy grants administrative privileges when
 *   (a) its broad statements together allow every action, or
 *   (b) one broad statement is a `NotAction` whose list does not leave out all of IAM.
 *
 * - Every resource: `Resource` patterns that together match every ARN of the account's
 *   partition (`*`, `arn:*`, `arn:aws:*`, `arn:aws:*:*:*:*`, …; a `*` ending an ARN segment also
 *   spans colons, as in IAM), or a `NotResource` list that does not leave out every IAM ARN.
 *   Leaving some resources out of a grant of every action does not make it less than
 *   administrative; leaving out all of IAM does, as then the grant cannot be widened through IAM.
 * - Every action: `*`, `*:*`, or any wildcards (of `Action` in one statement, or of several
 *   statements, `NotAction` ones included) that together match every `service:action`. Services
 *   are open-ended, so a list of services never does.
 * - `NotAction` allows every action of every service, present and future, except those listed.
 *   Unless the list leaves out all of IAM (`iam:*`), whoever holds it keeps IAM actions on every
 *   resource and may grant themselves whatever was left out, so (b) counts it: this catches
 *   `NotAction: ["aws-portal:ViewBilling"]` and a misspelt service, while the power-user shape
 *   (`NotAction: ["iam:*", "organizations:*", "account:*"]`) is not counted.
 * - A Condition restricts: a statement with any Condition is not counted, however loose the
 *   condition may look (`aws:MultiFactorAuthPresent`, a source IP range), because whether it
 *   holds depends on the request. Conditional administrators are left to review, not flagged.
 */

/** A statement's resources reach every resource in `partition` (see the rule above). */
export function reachesEveryResource(statement: PolicyStatement, partition: AwsPartition | string): boolean {
  if (statement.Resource) return coversEvery(everyArn(partition), 'arn', statement.Resource);
  if (statement.NotResource) return !coversEvery(everyIamArn(partition), 'arn', statement.NotResource);
  return false;
}

const isBroad = (statement: PolicyStatement, partition: AwsPartition | string): boolean =>
  statement.Effect === 'Allow' && Object.keys(statement.Condition ?? {}).length === 0 && reachesEveryResource(statement, partition);

/** Of broad statements: the action patterns they grant, and the lists each `NotAction` grants everything but. */
function actionGrant(statements: readonly PolicyStatement[]): { granted: string[]; leftOut: (readonly string[])[] } {
  return {
    granted: statements.flatMap((statement) => statement.Action ?? []),
    leftOut: statements.flatMap((statement) => (statement.Action === undefined && statement.NotAction ? [statement.NotAction] : [])),
  };
}

/** A single statement that grants administrative privileges by itself (see the rule above). */
export function isFullAdminStatement(statement: PolicyStatement, partition: AwsPartition | string): boolean {
  if (!isBroad(statement, partition)) return false;
  const { granted, leftOut } = actionGrant([statement]);
  if (coversEvery(EVERY_ACTION, 'action', granted, leftOut)) return true;
  return statement.Action === undefined && statement.NotAction !== undefined && !coversEvery(EVERY_IAM_ACTION, 'action', statement.NotAction);
}

/**
 * Why `document` grants administrative privileges, one phrase per reason — e.g. `statement #2
 * allows every action except aws-portal:ViewBilling on every resource` — or none when it does not.
 */
export function administrativeGrants(document: PolicyDocument, partition: AwsPartition | string): readonly string[] {
  const single = document.Statement.flatMap((statement, index) =>
    isFullAdminStatement(statement, partition) ? [`${statementLabel(statement, index)} allows ${describeActions(statement)} on ${describeResources(statement)}`] : [],
  );
  if (single.length) return single;
  const broad = document.Statement.flatMap((statement, index) => (isBroad(statement, partition) ? [{ statement, index }] : []));
  const { granted, leftOut } = actionGrant(broad.map(({ statement }) => statement));
  if (broad.length < 2 || !coversEvery(EVERY_ACTION, 'action', granted, leftOut)) return [];
  return [`${broad.map(({ statement, index }) => statementLabel(statement, index)).join(', ')} together allow every action on every resource`];
}

export function grantsFullAdmin(document: PolicyDocument, partition: AwsPartition | string): boolean {
  return administrativeGrants(document, partition).length > 0;
}

/** The reasons of administrativeGrants in one line, for messages. */
export function describeFullAdminStatements(document: PolicyDocument, partition: AwsPartition | string): string {
  return administrativeGrants(document, partition).join('; ');
}

/** `statement "AllowAll"` or `statement #2`. */
function statementLabel(statement: PolicyStatement, index: number): string {
  return statement.Sid ? `statement "${statement.Sid}"` : `statement #${index + 1}`;
}

function describeActions(statement: PolicyStatement): string {
  return statement.Action === undefined && statement.NotAction ? `every action except ${statement.NotAction.join(', ')}` : 'every action';
}

function describeResources(statement: PolicyStatement): string {
  return statement.Resource === undefined && statement.NotResource ? `every resource except ${statement.NotResource.join(', ')}` : 'every resource';
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
