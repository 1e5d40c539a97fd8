/**
 * S3: the account's public access block, then every bucket's configuration. Bucket detail calls
 * go to a client in the bucket's own region, because S3 answers most bucket reads only there.
 */
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type {
  Bucket,
  GetBucketAclOutput,
  GetBucketEncryptionOutput,
  GetBucketPolicyStatusOutput,
  ListBucketsCommandOutput,
  PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { PolicyDocumentError, normalizePolicyDocument } from '@palisade/core/aws';
import { UNKNOWN_REGION } from '@palisade/core';
import type { Fetched } from '@palisade/core';
import type { AwsPartition, PolicyDocument, S3Acl, S3Bucket, S3EncryptionRule, S3Grant, S3PublicAccessBlock } from '@palisade/core/aws';
import { capDetails, isoDate, mapLimit, tagsFromList } from '../collector.ts';
import type { CollectorContext, DetailCap, GlobalCollector } from '../collector.ts';

const BUCKET_CONCURRENCY = 8;

/**
 * GetBucketLocation is answered for any bucket by the partition's original S3 region; other
 * regional endpoints may redirect. Used when ListBuckets does not name the bucket's region.
 */
const LOCATION_REGION: Readonly<Record<AwsPartition, string>> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

export const s3Collector: GlobalCollector<'s3'> = {
  service: 's3',
  scope: 'global',
  async collect(context) {
    const { gateway, clients, region, accountId } = context;
    const control = clients.get(S3ControlClient, region);
    const accountPublicAccessBlock = await gateway.callOrNull(
      's3:GetAccountPublicAccessBlock',
      (abortSignal) => control.send(new GetAccountPublicAccessBlockCommand({ AccountId: accountId }), { abortSignal }),
      ['NoSuchPublicAccessBlockConfiguration'],
    );
    const accountBlock = mapFetched(accountPublicAccessBlock, (value) => (value ? toPublicAccessBlock(value.PublicAccessBlockConfiguration) : null));
    if (context.targets) {
      // A targeted re-scan reads the named buckets without listing the account's; a bucket that no
      // longer exists has nothing left to report.
      const names = targetBucketNames(context.targets, context.partition);
      const read = await mapLimit(names, BUCKET_CONCURRENCY, (name) => collectBucket(context, { Name: name }, { skipMissing: true }));
      return { accountPublicAccessBlock: accountBlock, buckets: { value: read.filter((bucket): bucket is S3Bucket => bucket !== undefined) } };
    }
    const lister = clients.get(S3Client, region);
    const listed = await gateway.paginate(
      's3:ListAllMyBuckets',
      (token, abortSignal) => lister.send(new ListBucketsCommand({ MaxBuckets: 1000, ContinuationToken: token }), { abortSignal }),
      (page: ListBucketsCommandOutput) => page.Buckets,
      (page) => page.ContinuationToken,
    );
    if (listed.error) return { accountPublicAccessBlock: accountBlock, buckets: listed };
    const cap = capDetails(listed.value.filter((bucket) => bucket.Name), context, 's3Buckets');
    const detailed = await mapLimit(cap.detailed, BUCKET_CONCURRENCY, (bucket) => collectBucket(context, bucket));
    return {
      accountPublicAccessBlock: accountBlock,
      buckets: { value: [...detailed, ...cap.capped.map((bucket) => cappedBucket(context, bucket, cap))] },
    };
  },
};

/** A bucket past the detail cap: listed, with every configuration field naming the cap. */
function cappedBucket({ partition, region }: CollectorContext, listed: Bucket, cap: DetailCap<Bucket>): S3Bucket {
  const name = listed.Name ?? '';
  const arn = `arn:${partition}:s3:::${name}`;
  // No location call is made past the cap: without ListBuckets' word the region is unknown.
  const capped = (api: string) => ({ error: { ...cap.capError(api, arn), region: listed.BucketRegion ?? region } });
  return {
    name,
    arn,
    region: listed.BucketRegion ?? UNKNOWN_REGION,
    creationDate: isoDate(listed.CreationDate) ?? '',
    tags: capped('s3:GetBucketTagging'),
    publicAccessBlock: capped('s3:GetBucketPublicAccessBlock'),
    acl: capped('s3:GetBucketAcl'),
    policy: capped('s3:GetBucketPolicy'),
    policyStatus: capped('s3:GetBucketPolicyStatus'),
    encryption: capped('s3:GetEncryptionConfiguration'),
    versioning: capped('s3:GetBucketVersioning'),
    logging: capped('s3:GetBucketLogging'),
    ownership: capped('s3:GetBucketOwnershipControls'),
  };
}

/** The bucket names among a targeted re-scan's ARNs (`arn:<partition>:s3:::<bucket>`, not object ARNs). */
export function targetBucketNames(targets: ReadonlySet<string>, partition: AwsPartition): string[] {
  const prefix = `arn:${partition}:s3:::`;
  return [...targets].filter((arn) => arn.startsWith(prefix) && arn.length > prefix.length && !arn.includes('/', prefix.length)).map((arn) => arn.slice(prefix.length));
}

async function collectBucket(context: CollectorContext, listed: Bucket): Promise<S3Bucket>;
async function collectBucket(context: CollectorContext, listed: Bucket, options: { readonly skipMissing: true }): Promise<S3Bucket | undefined>;
async function collectBucket(context: CollectorContext, listed: Bucket, targeted?: { readonly skipMissing: true }): Promise<S3Bucket | undefined> {
  const { gateway, clients, partition } = context;
  const name = listed.Name ?? '';
  const arn = `arn:${partition}:s3:::${name}`;
  const creationDate = isoDate(listed.CreationDate) ?? '';
  const options = { resourceUid: arn };

  const locator = clients.get(S3Client, listed.BucketRegion ?? LOCATION_REGION[partition]);
  const location = await gateway.call(
    's3:GetBucketLocation',
    (abortSignal) => locator.send(new GetBucketLocationCommand({ Bucket: name }), { abortSignal }),
    options,
  );
  let region: string;
  if (location.error?.code === 'NoSuchBucket' && targeted?.skipMissing) return undefined;
  if (!location.error) {
    region = bucketRegion(location.value.LocationConstraint);
  } else if (listed.BucketRegion) {
    region = listed.BucketRegion;
  } else {
    // Without the region no detail call can reach the bucket; each field carries the reason. The
    // bucket is in no known region, not the home region: a region filter must keep its ERRORs.
    const failed = { error: location.error };
    return {
      name,
      arn,
      region: UNKNOWN_REGION,
      creationDate,
      tags: failed,
      publicAccessBlock: failed,
      acl: failed,
      policy: failed,
      policyStatus: failed,
      encryption: failed,
      versioning: failed,
      logging: failed,
      ownership: failed,
    };
  }

  const s3 = clients.get(S3Client, region);
  // Rate limits and counters follow the region that serves the bucket.
  const regional = gateway.inRegion(region);
  const Bucket = name;
  const [tags, publicAccessBlock, acl, policy, policyStatus, encryption, versioning, logging, ownership] = await Promise.all([
    regional.callOrNull('s3:GetBucketTagging', (abortSignal) => s3.send(new GetBucketTaggingCommand({ Bucket }), { abortSignal }), ['NoSuchTagSet'], options),
    regional.callOrNull(
      's3:GetBucketPublicAccessBlock',
      (abortSignal) => s3.send(new GetPublicAccessBlockCommand({ Bucket }), { abortSignal }),
      ['NoSuchPublicAccessBlockConfiguration'],
      options,
    ),
    regional.call('s3:GetBucketAcl', (abortSignal) => s3.send(new GetBucketAclCommand({ Bucket }), { abortSignal }), options),
    regional.callOrNull('s3:GetBucketPolicy', (abortSignal) => s3.send(new GetBucketPolicyCommand({ Bucket }), { abortSignal }), ['NoSuchBucketPolicy'], options),
    regional.callOrNull('s3:GetBucketPolicyStatus', (abortSignal) => s3.send(new GetBucketPolicyStatusCommand({ Bucket }), { abortSignal }), ['NoSuchBucketPolicy'], options),
    regional.callOrNull(
      's3:GetEncryptionConfiguration',
      (abortSignal) => s3.send(new GetBucketEncryptionCommand({ Bucket }), { abortSignal }),
      ['ServerSideEncryptionConfigurationNotFoundError'],
      options,
    ),
    regional.call('s3:GetBucketVersioning', (abortSignal) => s3.send(new GetBucketVersioningCommand({ Bucket }), { abortSignal }), options),
    regional.call('s3:GetBucketLogging', (abortSignal) => s3.send(new GetBucketLoggingCommand({ Bucket }), { abortSignal }), options),
    regional.callOrNull(
      's3:GetBucketOwnershipControls',
      (abortSignal) => s3.send(new GetBucketOwnershipControlsCommand({ Bucket }), { abortSignal }),
      ['OwnershipControlsNotFoundError'],
      options,
    ),
  ]);

  // The gateway scope is the home region; a bucket's errors belong to the bucket's region.
  const here = <T>(fetched: Fetched<T>): Fetched<T> => (fetched.error ? { error: { ...fetched.error, region } } : fetched);
  return {
    name,
    arn,
    region,
    creationDate,
    tags: here(mapFetched(tags, (value) => tagsFromList(value?.TagSet))),
    publicAccessBlock: here(mapFetched(publicAccessBlock, (value) => (value ? toPublicAccessBlock(value.PublicAccessBlockConfiguration) : null))),
    acl: here(mapFetched(acl, toAcl)),
    policy: here(toPolicy(policy, arn)),
    policyStatus: here(toPolicyStatus(policyStatus, arn)),
    encryption: here(mapFetched(encryption, (value) => (value ? toEncryptionRules(value) : null))),
    versioning: here(
      mapFetched(versioning, (value) => ({
        status: value.Status === 'Enabled' || value.Status === 'Suspended' ? value.Status : 'Disabled',
        mfaDelete: value.MFADelete === 'Enabled' ? 'Enabled' : 'Disabled',
      })),
    ),
    logging: here(
      mapFetched(logging, (value) =>
        value.LoggingEnabled ? { targetBucket: value.LoggingEnabled.TargetBucket ?? '', targetPrefix: value.LoggingEnabled.TargetPrefix ?? '' } : null,
      ),
    ),
    ownership: here(mapFetched(ownership, (value) => value?.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null)),
  };
}

/** GetBucketLocation answers nothing for us-east-1 and the legacy `EU` for eu-west-1. */
function bucketRegion(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

function toPublicAccessBlock(config: PublicAccessBlockConfiguration | undefined): S3PublicAccessBlock {
  return {
    blockPublicAcls: config?.BlockPublicAcls ?? false,
    ignorePublicAcls: config?.IgnorePublicAcls ?? false,
    blockPublicPolicy: config?.BlockPublicPolicy ?? false,
    restrictPublicBuckets: config?.RestrictPublicBuckets ?? false,
  };
}

function toAcl(output: GetBucketAclOutput): S3Acl {
  const grants = (output.Grants ?? []).flatMap((grant): S3Grant[] => {
    const grantee = grant.Grantee;
    if (!grantee?.Type || !grant.Permission) return [];
    return [
      {
        grantee: {
          type: grantee.Type,
          ...(grantee.ID ? { id: grantee.ID } : {}),
          ...(grantee.URI ? { uri: grantee.URI } : {}),
          ...(grantee.DisplayName ? { displayName: grantee.DisplayName } : {}),
        },
        permission: grant.Permission,
      },
    ];
  });
  return { ...(output.Owner?.ID ? { ownerId: output.Owner.ID } : {}), grants };
}

function toEncryptionRules(output: GetBucketEncryptionOutput): S3EncryptionRule[] {
  // A rule without ApplyServerSideEncryptionByDefault sets no default encryption.
  return (output.ServerSideEncryptionConfiguration?.Rules ?? []).flatMap((rule): S3EncryptionRule[] => {
    const byDefault = rule.ApplyServerSideEncryptionByDefault;
    if (!byDefault?.SSEAlgorithm) return [];
    return [
      {
        sseAlgorithm: byDefault.SSEAlgorithm,
        ...(byDefault.KMSMasterKeyID ? { kmsMasterKeyId: byDefault.KMSMasterKeyID } : {}),
        ...(rule.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: rule.BucketKeyEnabled } : {}),
      },
    ];
  });
}

/** A policy AWS returned but that cannot be normalized is an error, never "no policy". */
function toPolicy(fetched: Fetched<{ Policy?: string } | null>, arn: string): Fetched<PolicyDocument | null> {
  if (fetched.error) return fetched;
  if (fetched.value === null) return { value: null };
  try {
    return { value: normalizePolicyDocument(fetched.value?.Policy) };
  } catch (thrown) {
    if (!(thrown instanceof PolicyDocumentError)) throw thrown;
    return { error: { api: 's3:GetBucketPolicy', code: 'InvalidPolicyDocument', message: thrown.message, resourceUid: arn } };
  }
}

/**
 * AWS always answers `<PolicyStatus><IsPublic>true|false</IsPublic></PolicyStatus>`. An answer
 * without that boolean (an endpoint that does not implement the call may answer another document)
 * says nothing about the policy, so it is an error, never "not public".
 */
function toPolicyStatus(fetched: Fetched<GetBucketPolicyStatusOutput | null>, arn: string): Fetched<{ isPublic: boolean } | null> {
  if (fetched.error) return fetched;
  if (fetched.value === null) return { value: null };
  const isPublic = fetched.value.PolicyStatus?.IsPublic;
  if (typeof isPublic === 'boolean') return { value: { isPublic } };
  return {
    error: {
      api: 's3:GetBucketPolicyStatus',
      code: 'IncompleteResponse',
      message: 'the answer held no PolicyStatus.IsPublic, so whether the bucket policy is public is unknown',
      resourceUid: arn,
    },
  };
}

function mapFetched<T, R>(fetched: Fetched<T>, map: (value: T) => R): Fetched<R> {
  return fetched.error ? { error: fetched.error } : { value: map(fetched.value as T) };
}
