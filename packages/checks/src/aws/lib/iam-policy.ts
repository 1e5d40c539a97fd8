/**
 * IAM permission policy analysis shared by the IAM checks: administrative-privilege detection,
 * action wildcard matching, and who (users, groups, roles) holds which policy.
 */
import { resource } from '@palisade/core';
import { EVERY_ACTION, EVERY_IAM_ACTION, coversEvery, everyArn, everyIamArn, searchBudget } from './wildcard-coverage.ts';
import type { Coverage, SearchBudget } from './wildcard-coverage.ts';
import type { ResourceRef, Tags } from '@palisade/core';
import type {
  AwsPartition,
  IamAttachedPolicy,
  IamGroup,
  IamInlinePolicy,
  IamRole,
  IamUser,
  PolicyDocument,
  PolicyStatement,
} from '@palisade/core/aws';

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
 * Only statements with `Effect: Allow` and no `Condition` count. A policy grants administrative
 * privileges when
 *   (a) its statements that reach every resource together allow every action,
 *   (b) one statement that reaches every resource is a `NotAction` whose list does not leave out
 *       all of IAM, or
 *   (c) its statements that each allow every action (by themselves, as in (a) or (b)) together
 *       reach every resource: the ARNs their `Resource` patterns match and those their
 *       `NotResource` lists leave in cover every ARN of the partition — `Action: "*"` on
 *       `arn:aws:iam::*` beside `Action: "*"` with `NotResource: "arn:aws:iam::*"`.
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
 * - Too many wildcards: the searches for one policy share a bounded budget (wildcard-coverage.ts),
 *   so a policy is settled in milliseconds however it is written. One whose wildcards exhaust the
 *   budget before either answer is proven is `undecided`, and the checks FAIL it, saying so: a
 *   policy that cannot be shown to fall short of administrator is either one, or was built to
 *   look like one; neither may PASS.
 */

/** `grants`: proven to grant administrative privileges; `none`: proven not to; `undecided`: see above. */
export type AdministrativeVerdict = 'grants' | 'none' | 'undecided';

export interface AdministrativeAssessment {
  readonly verdict: AdministrativeVerdict;
  /** One phrase per reason — e.g. `statement #2 allows every action except aws-portal:ViewBilling on every resource`; none for `none`. */
  readonly reasons: readonly string[];
}

/** What one statement contributes to the rule above. */
interface StatementReach {
  readonly statement: PolicyStatement;
  readonly index: number;
  readonly everyResource: Coverage;
  readonly everyAction: Coverage;
}

/** A statement's resources reach every resource in `partition` (see the rule above). */
export function reachesEveryResource(statement: PolicyStatement, partition: AwsPartition | string): boolean {
  return resourceReach(statement, partition, searchBudget()) === 'covered';
}

function resourceReach(statement: PolicyStatement, partition: AwsPartition | string, budget: SearchBudget): Coverage {
  if (statement.Resource) return coversEvery(everyArn(partition), 'arn', statement.Resource, [], budget);
  if (statement.NotResource) return complement(coversEvery(everyIamArn(partition), 'arn', statement.NotResource, [], budget));
  return 'not-covered';
}

/** A statement's actions count as every action by themselves: (a) for one statement, or (b). */
function actionReach(statement: PolicyStatement, budget: SearchBudget): Coverage {
  // (b) first: it is usually settled by one sample action, sparing the budget the wider search.
  const keepsIam = statement.Action === undefined && statement.NotAction ? complement(coversEvery(EVERY_IAM_ACTION, 'action', statement.NotAction, [], budget)) : 'not-covered';
  if (keepsIam === 'covered') return keepsIam;
  const { granted, leftOut } = actionGrant([statement]);
  return anyOf(keepsIam, coversEvery(EVERY_ACTION, 'action', granted, leftOut, budget));
}

const counts = (statement: PolicyStatement): boolean => statement.Effect === 'Allow' && Object.keys(statement.Condition ?? {}).length === 0;

/** Of statements: the action patterns they grant, and the lists each `NotAction` grants everything but. */
function actionGrant(statements: readonly PolicyStatement[]): { granted: string[]; leftOut: (readonly string[])[] } {
  return {
    granted: statements.flatMap((statement) => statement.Action ?? []),
    leftOut: statements.flatMap((statement) => (statement.Action === undefined && statement.NotAction ? [statement.NotAction] : [])),
  };
}

/** Of statements: the ARN patterns they grant, and the lists each `NotResource` grants everything but. */
function resourceGrant(statements: readonly PolicyStatement[]): { granted: string[]; leftOut: (readonly string[])[] } {
  return {
    granted: statements.flatMap((statement) => statement.Resource ?? []),
    leftOut: statements.flatMap((statement) => (statement.Resource === undefined && statement.NotResource ? [statement.NotResource] : [])),
  };
}

/** A single statement that grants administrative privileges by itself (see the rule above). */
export function isFullAdminStatement(statement: PolicyStatement, partition: AwsPartition | string): boolean {
  return aloneGrantsEverything(reach(statement, 0, partition, searchBudget())) === 'covered';
}

function reach(statement: PolicyStatement, index: number, partition: AwsPartition | string, budget: SearchBudget): StatementReach {
  if (!counts(statement)) return { statement, index, everyResource: 'not-covered', everyAction: 'not-covered' };
  return { statement, index, everyResource: resourceReach(statement, partition, budget), everyAction: actionReach(statement, budget) };
}

const aloneGrantsEverything = (statement: StatementReach): Coverage => allOf(statement.everyResource, statement.everyAction);

/**
 * Whether `document` grants administrative privileges, and why. The searches share one budget,
 * so this returns in bounded time; a policy that exhausts it is `undecided` (see the rule above).
 */
export function assessAdministrativePrivileges(document: PolicyDocument, partition: AwsPartition | string): AdministrativeAssessment {
  const budget = searchBudget();
  const statements = document.Statement.map((statement, index) => reach(statement, index, partition, budget));
  const granting = statements.filter((statement) => aloneGrantsEverything(statement) === 'covered');
  if (granting.length) {
    return { verdict: 'grants', reasons: granting.map(({ statement, index }) => `${statementLabel(statement, index)} allows ${describeActions(statement)} on ${describeResources(statement)}`) };
  }
  const combinations = [
    // (a) Statements reaching every resource, whose actions together are every action.
    together(statements, (statement) => statement.everyResource, (members) => {
      const { granted, leftOut } = actionGrant(members);
      return coversEvery(EVERY_ACTION, 'action', granted, leftOut, budget);
    }),
    // (c) Statements allowing every action, whose resources together are every resource.
    together(statements, (statement) => statement.everyAction, (members) => {
      const { granted, leftOut } = resourceGrant(members);
      return coversEvery(everyArn(partition), 'arn', granted, leftOut, budget);
    }),
  ];
  const combined = combinations.find((combination) => combination.coverage === 'covered');
  if (combined) return { verdict: 'grants', reasons: [`${describeStatements(combined.members)} together allow every action on every resource`] };
  // A statement undecided by itself leaves every combination it is in undecided: naming it is enough.
  const undecidedAlone = statements.filter((statement) => aloneGrantsEverything(statement) === 'undecided');
  const undecided = undecidedAlone.length
    ? undecidedAlone.map(({ statement, index }) => `${statementLabel(statement, index)} may allow every action on every resource`)
    : [...new Set(combinations.filter((combination) => combination.coverage === 'undecided').map((combination) => `${describeStatements(combination.members)} may together allow every action on every resource`))];
  return undecided.length ? { verdict: 'undecided', reasons: undecided } : { verdict: 'none', reasons: [] };
}

/**
 * Whether the statements that belong (by `membership`) together cover everything (by `covers`).
 * Membership may itself be undecided: what the sure members cover is proven; what the possible
 * members would cover, beyond that, is only possible.
 */
function together(
  statements: readonly StatementReach[],
  membership: (statement: StatementReach) => Coverage,
  covers: (members: readonly PolicyStatement[]) => Coverage,
): { coverage: Coverage; members: readonly StatementReach[] } {
  const sure = statements.filter((statement) => membership(statement) === 'covered');
  const possible = statements.filter((statement) => membership(statement) !== 'not-covered');
  if (possible.length < 2) return { coverage: 'not-covered', members: [] };
  if (sure.length >= 2) {
    const coverage = covers(sure.map(({ statement }) => statement));
    if (coverage === 'covered' || possible.length === sure.length) return { coverage, members: sure };
  }
  // Covering more only with undecided members, or undecided itself, is undecided; statements only
  // add to what they grant together, so when the possible members fall short so do the sure ones.
  const coverage = covers(possible.map(({ statement }) => statement));
  return { coverage: coverage === 'not-covered' ? 'not-covered' : 'undecided', members: possible };
}

/** Why `document` grants administrative privileges, one phrase per reason, or none when that is not proven. */
export function administrativeGrants(document: PolicyDocument, partition: AwsPartition | string): readonly string[] {
  const assessment = assessAdministrativePrivileges(document, partition);
  return assessment.verdict === 'grants' ? assessment.reasons : [];
}

export function grantsFullAdmin(document: PolicyDocument, partition: AwsPartition | string): boolean {
  return administrativeGrants(document, partition).length > 0;
}

/**
 * The finding of one policy in a sentence's words, after its subject: `grants administrative
 * privileges: statement #2 …`, or for an undecided policy why it cannot pass.
 */
export function describeAdministrativeAssessment(assessment: AdministrativeAssessment): string {
  const reasons = assessment.reasons.join('; ');
  return assessment.verdict === 'undecided' ? `${UNDECIDED_ADMINISTRATIVE_PRIVILEGES}: ${reasons}` : `grants administrative privileges: ${reasons}`;
}

/** Said of one or more policies whose assessment is `undecided`. */
export const UNDECIDED_ADMINISTRATIVE_PRIVILEGES = 'could not be proven to fall short of administrative privileges (too many wildcards to settle)';

const complement = (coverage: Coverage): Coverage => (coverage === 'covered' ? 'not-covered' : coverage === 'not-covered' ? 'covered' : 'undecided');

/** Either holds (three-valued: undecided unless one surely holds or both surely fail). */
function anyOf(first: Coverage, second: Coverage): Coverage {
  if (first === 'covered' || second === 'covered') return 'covered';
  return first === 'undecided' || second === 'undecided' ? 'undecided' : 'not-covered';
}

/** Both hold (three-valued: undecided unless both surely hold or one surely fails). */
function allOf(first: Coverage, second: Coverage): Coverage {
  if (first === 'not-covered' || second === 'not-covered') return 'not-covered';
  return first === 'undecided' || second === 'undecided' ? 'undecided' : 'covered';
}

function describeStatements(statements: readonly StatementReach[]): string {
  return statements.map(({ statement, index }) => statementLabel(statement, index)).join(', ');
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
