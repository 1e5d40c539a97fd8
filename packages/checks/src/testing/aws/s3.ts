import type { S3Bucket, S3Grant, S3PublicAccessBlock } from '@palisade/core/aws';
import { TEST_REGION, daysAgo, ok } from './account.ts';

/** Block Public Access with all four settings on (`true`) or off (`false`), then overridden setting by setting. */
export function publicAccessBlock(all: boolean, overrides: Partial<S3PublicAccessBlock> = {}): S3PublicAccessBlock {
  return { blockPublicAcls: all, ignorePublicAcls: all, blockPublicPolicy: all, restrictPublicBuckets: all, ...overrides };
}

export const OWNER_CANONICAL_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';

export function ownerGrant(): S3Grant {
  return { grantee: { type: 'CanonicalUser', id: OWNER_CANONICAL_ID, displayName: 'owner' }, permission: 'FULL_CONTROL' };
}

export function groupGrant(group: 'AllUsers' | 'AuthenticatedUsers', permission: S3Grant['permission'] = 'READ'): S3Grant {
  return { grantee: { type: 'Group', uri: `http://acs.amazonaws.com/groups/global/${group}` }, permission };
}

/**
 * A bucket in the hardened state a new bucket gets today: Block Public Access on, owner-only ACL,
 * ACLs disabled, SSE-S3, no policy. Tests override the fields they probe.
 */
export function s3Bucket(overrides: Partial<S3Bucket> & { name: string }): S3Bucket {
  return {
    arn: `arn:aws:s3:::${overrides.name}`,
    region: TEST_REGION,
    creationDate: daysAgo(100),
    tags: ok({}),
    publicAccessBlock: ok(publicAccessBlock(true)),
    acl: ok({ ownerId: OWNER_CANONICAL_ID, grants: [ownerGrant()] }),
    policy: ok(null),
    policyStatus: ok(null),
    encryption: ok([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]),
    versioning: ok({ status: 'Disabled', mfaDelete: 'Disabled' }),
    logging: ok(null),
    ownership: ok('BucketOwnerEnforced'),
    ...overrides,
  };
}
