/**
 * S3 access reasoning shared by the bucket checks: Block Public Access at bucket and account level,
 * public ACL grants, the TLS-only bucket policy, and whether a bucket is effectively public once
 * every layer is applied. A layer that could not be read is carried as an error, never assumed.
 *
 * A bucket policy is judged twice, because neither answer alone is safe: AWS's own evaluation
 * (GetBucketPolicyStatus IsPublic) is the more complete one, but it is a separate call that can
 * fail or be answered wrongly; the document itself is read here too. The policy is public when
 * AWS says so or when the document has an Allow to everyone, granting S3 actions, with no
 * condition restricting the caller (and no Deny fencing everyone by such a condition). When the
 * status cannot be read and the document proves nothing, the answer is unknown, never "not public".
 */
import type { ApiError, Fetched, ResourceRef } from '@palisade/core';
import type { PolicyDocument, PolicyStatement, S3Acl, S3Bucket, S3Grant, S3PublicAccessBlock } from '@palisade/core/aws';
import { resource } from '@palisade/core';
import { confiningDenyStatements, isEveryonePrincipal, publicStatements, statementLabel } from './public-policy.ts';

export const ALL_USERS_URI = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS_URI = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

const PUBLIC_ACCESS_BLOCK_SETTINGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

/** The bucket as a result resource: its ARN, in the bucket's own region, with its tags when they were readable. */
export function bucketResource(bucket: S3Bucket): ResourceRef {
  return resource(bucket.arn, 'AwsS3Bucket', bucket.name, bucket.region, bucket.tags.value);
}

/** The Block Public Access settings that are off (all four when none is configured). */
export function missingPublicAccessBlockSettings(block: S3PublicAccessBlock | null): string[] {
  return PUBLIC_ACCESS_BLOCK_SETTINGS.filter((setting) => block === null || !block[setting]);
}

export function blocksAllPublicAccess(block: S3PublicAccessBlock | null): boolean {
  return missingPublicAccessBlockSettings(block).length === 0;
}

/**
 * The settings on at neither level. S3 applies the most restrictive combination of bucket and
 * account settings, so a setting on at either level protects the bucket. An unreadable level
 * counts as off here; callers decide whether that hides the answer.
 */
export function settingsOffAtBothLevels(bucketBlock: S3PublicAccessBlock | null | undefined, accountBlock: S3PublicAccessBlock | null | undefined): string[] {
  return PUBLIC_ACCESS_BLOCK_SETTINGS.filter((setting) => bucketBlock?.[setting] !== true && accountBlock?.[setting] !== true);
}

/** Grants to everyone (`AllUsers`) or to any AWS account holder (`AuthenticatedUsers`). */
export function publicAclGrants(acl: S3Acl): S3Grant[] {
  return acl.grants.filter(
    (grant) => grant.grantee.type === 'Group' && (grant.grantee.uri === ALL_USERS_URI || grant.grantee.uri === AUTHENTICATED_USERS_URI),
  );
}

function describeGrant(grant: S3Grant): string {
  const group = grant.grantee.uri === ALL_USERS_URI ? 'AllUsers' : 'AuthenticatedUsers';
  return `${grant.permission} to ${group}`;
}

/** True when the actions name every S3 action (`*`, `s3:*`, case-insensitively). */
function coversAllS3Actions(actions: readonly string[] | undefined): boolean {
  return actions?.some((action) => action === '*' || action.toLowerCase() === 's3:*') ?? false;
}

/** True when a Resource pattern covers every object key of the bucket (`arn/*`, `arn*`, `*`). */
function coversAllObjects(patterns: readonly string[] | undefined, bucketArn: string): boolean {
  if (patterns === undefined) return false;
  const objects = `${bucketArn}/`;
  return patterns.some((pattern) => {
    if (!pattern.endsWith('*')) return false;
    const prefix = pattern.slice(0, -1);
    return !/[*?]/.test(prefix) && objects.startsWith(prefix);
  });
}

function deniesInsecureTransport(statement: PolicyStatement): boolean {
  return Object.entries(statement.Condition ?? {}).some(
    ([operator, keys]) =>
      /^Bool(IfExists)?$/i.test(operator) &&
      Object.entries(keys).some(([key, values]) => key.toLowerCase() === 'aws:securetransport' && values.some((value) => value.toLowerCase() === 'false')),
  );
}

/**
 * The statement that refuses plain-HTTP requests, if any: `Deny`, principal `*`, actions `s3:*`
 * (or `*`), every object of the bucket, when `aws:SecureTransport` is `false`. A deny that leaves
 * objects out, or names only some actions, still lets data travel unencrypted, so it does not count.
 */
export function findSecureTransportDeny(policy: PolicyDocument, bucketArn: string): PolicyStatement | undefined {
  return policy.Statement.find(
    (statement) =>
      statement.Effect === 'Deny' &&
      isEveryonePrincipal(statement.Principal) &&
      coversAllS3Actions(statement.Action) &&
      coversAllObjects(statement.Resource, bucketArn) &&
      deniesInsecureTransport(statement),
  );
}

/** A setting that is on at bucket or account level, `false` when off at both, or the error that hides it. */
type Setting = { readonly on: true; readonly level: 'bucket' | 'account' } | { readonly on: false } | { readonly error: ApiError };

function effectiveSetting(
  bucketBlock: Fetched<S3PublicAccessBlock | null>,
  accountBlock: Fetched<S3PublicAccessBlock | null>,
  setting: 'ignorePublicAcls' | 'restrictPublicBuckets',
): Setting {
  if (bucketBlock.value?.[setting] === true) return { on: true, level: 'bucket' };
  if (accountBlock.value?.[setting] === true) return { on: true, level: 'account' };
  if (bucketBlock.error) return { error: bucketBlock.error };
  if (accountBlock.error) return { error: accountBlock.error };
  return { on: false };
}

export type BucketPublicAccess =
  | { readonly verdict: 'public'; readonly reasons: readonly string[] }
  | { readonly verdict: 'not-public'; readonly notes: readonly string[] }
  | { readonly verdict: 'unknown'; readonly error: ApiError };

type PathOutcome = { readonly public: string } | { readonly notPublic: string } | { readonly error: ApiError };

function aclPath(bucket: S3Bucket, ignorePublicAcls: Setting): PathOutcome {
  if ('on' in ignorePublicAcls && ignorePublicAcls.on) {
    return { notPublic: `ACL grants are ignored (IgnorePublicAcls at ${ignorePublicAcls.level} level)` };
  }
  if (bucket.acl.error) return { error: bucket.acl.error };
  const grants = publicAclGrants(bucket.acl.value);
  if (grants.length === 0) return { notPublic: 'the ACL grants nothing to AllUsers or AuthenticatedUsers' };
  if ('error' in ignorePublicAcls) return { error: ignorePublicAcls.error };
  return { public: `the ACL grants ${grants.map(describeGrant).join(', ')}` };
}

/**
 * Condition keys that, besides the global ones, confine a bucket policy statement to known callers
 * in S3's own meaning of "public": access points, a fixed KMS key, a fixed `aws:userid`.
 */
const S3_RESTRICTING_CONDITION_KEYS: readonly string[] = [
  's3:DataAccessPointArn',
  's3:DataAccessPointAccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  'aws:userid',
];

/** True when the statement grants some S3 action: `*`, `s3:...`, or a NotAction that leaves S3 actions in. */
function grantsS3Actions(statement: PolicyStatement): boolean {
  if (statement.Action !== undefined) return statement.Action.some((action) => action === '*' || action.toLowerCase().startsWith('s3:'));
  return statement.NotAction !== undefined && !coversAllS3Actions(statement.NotAction);
}

/**
 * The statements that prove, from the document alone, that the bucket policy lets anyone in: Allow
 * to everyone (or with NotPrincipal), granting S3 actions, with no condition restricting the
 * caller. None when a Deny fences everyone by a caller condition, since this reading does not
 * weigh a Deny against an Allow; GetBucketPolicyStatus then decides alone.
 */
export function publicBucketPolicyStatements(policy: PolicyDocument): readonly PolicyStatement[] {
  const options = { extraRestrictingKeys: S3_RESTRICTING_CONDITION_KEYS };
  if (confiningDenyStatements(policy, options).length > 0) return [];
  return publicStatements(policy, options).filter(grantsS3Actions);
}

function describePublicStatement(policy: PolicyDocument, statement: PolicyStatement): string {
  const actions = statement.Action !== undefined ? statement.Action.join(', ') : `every action but ${statement.NotAction?.join(', ') ?? ''}`;
  const who = statement.NotPrincipal !== undefined ? 'everyone but its NotPrincipal' : 'everyone';
  return `${statementLabel(policy, statement)} allows ${actions} to ${who} with no restricting condition`;
}

function policyPath(bucket: S3Bucket, restrictPublicBuckets: Setting): PathOutcome {
  if ('on' in restrictPublicBuckets && restrictPublicBuckets.on) {
    return { notPublic: `public policy grants are restricted (RestrictPublicBuckets at ${restrictPublicBuckets.level} level)` };
  }
  const { policy, policyStatus } = bucket;
  // No policy at all cannot grant anything, whatever GetBucketPolicyStatus answered.
  if (policy.value === null) return { notPublic: 'the bucket has no policy' };
  const document = policy.value;
  const proof = document ? publicBucketPolicyStatements(document).map((statement) => describePublicStatement(document, statement)).join('; ') : '';
  let reason: string;
  if (policyStatus.value?.isPublic === true) {
    reason = `the bucket policy is public (GetBucketPolicyStatus IsPublic${proof ? `; ${proof}` : ''})`;
  } else if (proof) {
    // The document proves what AWS's answer did not: a proven public path wins.
    const status = policyStatus.error ? `GetBucketPolicyStatus could not be read: ${policyStatus.error.code}` : 'GetBucketPolicyStatus did not report it public';
    reason = `the bucket policy is public: ${proof} (${status})`;
  } else if (policyStatus.error) {
    // AWS's evaluation is more complete than this reading of the document: without it, unknown.
    return { error: policyStatus.error };
  } else {
    return { notPublic: 'the bucket policy is not public' };
  }
  if ('error' in restrictPublicBuckets) return { error: restrictPublicBuckets.error };
  return { public: reason };
}

/**
 * Whether anyone on the internet can reach the bucket through its ACL or its policy, after Block
 * Public Access at bucket and account level. A proven public path wins over an unreadable one (the
 * bucket is public whatever the other path says); otherwise an unreadable input makes the answer
 * unknown rather than "not public".
 */
export function assessBucketPublicAccess(bucket: S3Bucket, accountBlock: Fetched<S3PublicAccessBlock | null>): BucketPublicAccess {
  const outcomes = [
    aclPath(bucket, effectiveSetting(bucket.publicAccessBlock, accountBlock, 'ignorePublicAcls')),
    policyPath(bucket, effectiveSetting(bucket.publicAccessBlock, accountBlock, 'restrictPublicBuckets')),
  ];
  const reasons = outcomes.flatMap((outcome) => ('public' in outcome ? [outcome.public] : []));
  if (reasons.length > 0) return { verdict: 'public', reasons };
  for (const outcome of outcomes) if ('error' in outcome) return { verdict: 'unknown', error: outcome.error };
  return { verdict: 'not-public', notes: outcomes.flatMap((outcome) => ('notPublic' in outcome ? [outcome.notPublic] : [])) };
}
