import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';
import type { PolicyDocument } from './policy.ts';

export interface S3PublicAccessBlock {
  readonly blockPublicAcls: boolean;
  readonly ignorePublicAcls: boolean;
  readonly blockPublicPolicy: boolean;
  readonly restrictPublicBuckets: boolean;
}

export interface S3Grant {
  readonly grantee: {
    readonly type: 'CanonicalUser' | 'Group' | 'AmazonCustomerByEmail';
    readonly id?: string;
    /** For groups, e.g. `http://acs.amazonaws.com/groups/global/AllUsers`. */
    readonly uri?: string;
    readonly displayName?: string;
  };
  readonly permission: 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';
}

export interface S3Acl {
  readonly ownerId?: string;
  readonly grants: readonly S3Grant[];
}

export interface S3EncryptionRule {
  /** `AES256`, `aws:kms` or `aws:kms:dsse`. */
  readonly sseAlgorithm: string;
  readonly kmsMasterKeyId?: string;
  readonly bucketKeyEnabled?: boolean;
}

export interface S3Versioning {
  /** `Disabled` when versioning was never enabled (the API returns no Status). */
  readonly status: 'Enabled' | 'Suspended' | 'Disabled';
  readonly mfaDelete: 'Enabled' | 'Disabled';
}

export interface S3Bucket {
  readonly name: string;
  readonly arn: string;
  /**
   * From GetBucketLocation (`us-east-1` when the API answers with an empty LocationConstraint),
   * else from ListBuckets; UNKNOWN_REGION when neither told it.
   */
  readonly region: string;
  readonly creationDate: string;
  /** `{}` when the bucket has no tags (NoSuchTagSet). */
  readonly tags: Fetched<Tags>;
  /** `null` when none is configured (NoSuchPublicAccessBlockConfiguration). */
  readonly publicAccessBlock: Fetched<S3PublicAccessBlock | null>;
  readonly acl: Fetched<S3Acl>;
  /** `null` when the bucket has no policy (NoSuchBucketPolicy). */
  readonly policy: Fetched<PolicyDocument | null>;
  /** GetBucketPolicyStatus; `null` when the bucket has no policy. */
  readonly policyStatus: Fetched<{ readonly isPublic: boolean } | null>;
  /** `null` when no default encryption is configured (ServerSideEncryptionConfigurationNotFoundError). */
  readonly encryption: Fetched<readonly S3EncryptionRule[] | null>;
  readonly versioning: Fetched<S3Versioning>;
  /** `null` when server access logging is off. */
  readonly logging: Fetched<{ readonly targetBucket: string; readonly targetPrefix: string } | null>;
  /** `null` when no ownership controls are set (OwnershipControlsNotFoundError). */
  readonly ownership: Fetched<'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter' | null>;
}

export interface S3Data {
  /** S3 Control GetPublicAccessBlock for the account; `null` when not configured. */
  readonly accountPublicAccessBlock: Fetched<S3PublicAccessBlock | null>;
  readonly buckets: Fetched<readonly S3Bucket[]>;
}
