/**
 * S3 and S3 Control over REST-XML (both sign as `s3`), from `snapshot.global.s3` of each account.
 * Buckets are addressed virtual-host style (`bucket.s3.region.amazonaws.com`) or path style
 * (`s3.region.amazonaws.com/bucket`); the bucket configuration reads are sub-resource query keys.
 * A bucket answers only in its own region (others get 301 PermanentRedirect), except
 * GetBucketLocation, which any region answers, as in AWS.
 */
import { createHash } from 'node:crypto';
import type { Fetched } from '@palisade/core';
import type { S3Acl, S3Bucket, S3PublicAccessBlock } from '@palisade/core/aws';
import { escapeXml, xml } from '../xml.ts';
import type { XmlNode } from '../xml.ts';
import type { ServiceSimulator, SimContext, SimRequest, SimResponse } from '../types.ts';
import { failure, fromEstate, pageOf, requestIdFor } from './estate-answer.ts';
import type { Answer, Failure } from './estate-answer.ts';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const CONTROL_NAMESPACE = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const CONTROL_PUBLIC_ACCESS_BLOCK = '/v20180820/configuration/publicAccessBlock';
/** ListBuckets answers at most this many buckets a page (the per-account bucket quota). */
const MAX_BUCKETS = 10_000;

/** Sub-resource query key → operation, named as the collector names it for the gateway. */
const BUCKET_OPERATIONS: Readonly<Record<string, string>> = {
  location: 's3:GetBucketLocation',
  tagging: 's3:GetBucketTagging',
  publicAccessBlock: 's3:GetBucketPublicAccessBlock',
  acl: 's3:GetBucketAcl',
  policy: 's3:GetBucketPolicy',
  policyStatus: 's3:GetBucketPolicyStatus',
  encryption: 's3:GetEncryptionConfiguration',
  versioning: 's3:GetBucketVersioning',
  logging: 's3:GetBucketLogging',
  ownershipControls: 's3:GetBucketOwnershipControls',
};

type Address =
  | { readonly kind: 'service' }
  | { readonly kind: 'bucket'; readonly bucket: string; readonly key: string }
  | { readonly kind: 'control'; readonly accountId: string | undefined };

type Rendered = Answer<{ readonly body: string; readonly contentType?: string }>;

function address(request: SimRequest): Address {
  const host = request.hostname.toLowerCase();
  if (/(^|\.)s3-control[.-]/.test(host)) {
    const first = host.split('.')[0] ?? '';
    return { kind: 'control', accountId: /^\d{12}$/.test(first) ? first : request.headers['x-amz-account-id'] };
  }
  // Greedy: the service suffix is the last `.s3.`/`.s3-` label, so dotted bucket names stay whole.
  const virtual = host.startsWith('s3.') || host.startsWith('s3-') ? null : /^(.+)\.s3[.-]/.exec(request.hostname);
  if (virtual?.[1]) return { kind: 'bucket', bucket: virtual[1], key: request.path.replace(/^\//, '') };
  const [bucket = '', ...key] = request.path.replace(/^\//, '').split('/');
  return bucket === '' ? { kind: 'service' } : { kind: 'bucket', bucket, key: key.join('/') };
}

function statusFor(code: string): number {
  if (code === 'AccessDenied' || code === 'AllAccessDisabled') return 403;
  if (code.startsWith('NoSuch') || code.endsWith('NotFound') || code.endsWith('NotFoundError')) return 404;
  if (code === 'SlowDown' || code === 'ServiceUnavailable') return 503;
  if (code.startsWith('Internal')) return 500;
  return 400;
}

export const s3Simulator: ServiceSimulator = {
  signingNames: ['s3'],
  throttle: { code: 'SlowDown', status: 503 },
  denied: { code: 'AccessDenied', status: 403 },
  operation(request) {
    if (request.method !== 'GET') return undefined;
    const target = address(request);
    if (target.kind === 'control') return request.path === CONTROL_PUBLIC_ACCESS_BLOCK ? 's3:GetAccountPublicAccessBlock' : undefined;
    if (target.kind === 'service') return 's3:ListAllMyBuckets';
    if (target.key !== '') return undefined;
    const served = Object.keys(BUCKET_OPERATIONS).filter((key) => request.query.has(key));
    return served.length === 1 ? BUCKET_OPERATIONS[served[0] as string] : undefined;
  },
  respond(operation, request, context) {
    const target = address(request);
    if (target.kind === 'control') return reply(request, accountPublicAccessBlock(target.accountId, context));
    if (target.kind === 'service') return reply(request, listBuckets(request, context));
    const found = findBucket(target.bucket, context);
    if (found.failure) return s3Error(request, found.failure, { BucketName: target.bucket });
    const bucket = found.value;
    if (operation !== 's3:GetBucketLocation' && bucket.region !== request.region) {
      // AWS names the bucket's region in a header so a client can redirect itself.
      const redirect = s3Error(
        request,
        { code: 'PermanentRedirect', message: 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', status: 301 },
        { Endpoint: `${bucket.name}.s3.${bucket.region}.amazonaws.com`, Bucket: bucket.name },
      );
      return { ...redirect, headers: { ...redirect.headers, 'x-amz-bucket-region': bucket.region } };
    }
    const rendered = bucketOperation(operation, bucket);
    return rendered.failure ? s3Error(request, rendered.failure, { BucketName: bucket.name }) : reply(request, rendered);
  },
  error(request, code, message, status) {
    return s3Error(request, { code, message, status }, {});
  },
};

function bucketOperation(operation: string, bucket: S3Bucket): Rendered {
  switch (operation) {
    case 's3:GetBucketLocation':
      // us-east-1 is the empty constraint.
      return document('LocationConstraint', bucket.region === 'us-east-1' ? '' : escapeXml(bucket.region));
    case 's3:GetBucketTagging':
      return configured(bucket.tags, {}, (tags) => (Object.keys(tags).length === 0 ? undefined : document('Tagging', xml({ TagSet: { Tag: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } }))), absent('NoSuchTagSet', 'The TagSet does not exist'));
    case 's3:GetBucketPublicAccessBlock':
      return configured(bucket.publicAccessBlock, null, (block) => (block ? publicAccessBlockDocument(block, S3_NAMESPACE) : undefined), absent('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'));
    case 's3:GetBucketAcl':
      return configured(bucket.acl, { grants: [] }, aclDocument);
    case 's3:GetBucketPolicy':
      return configured(bucket.policy, null, (policy) => (policy ? { value: { body: JSON.stringify(policy), contentType: 'application/json' } } : undefined), absent('NoSuchBucketPolicy', 'The bucket policy does not exist'));
    case 's3:GetBucketPolicyStatus':
      return configured(bucket.policyStatus, null, (status) => (status ? document('PolicyStatus', xml({ IsPublic: status.isPublic })) : undefined), absent('NoSuchBucketPolicy', 'The bucket policy does not exist'));
    case 's3:GetEncryptionConfiguration':
      return configured(
        bucket.encryption,
        null,
        (rules) =>
          rules
            ? document(
                'ServerSideEncryptionConfiguration',
                xml({
                  Rule: rules.map((rule) => ({
                    ApplyServerSideEncryptionByDefault: { SSEAlgorithm: rule.sseAlgorithm, KMSMasterKeyID: rule.kmsMasterKeyId },
                    BucketKeyEnabled: rule.bucketKeyEnabled,
                  })),
                }),
              )
            : undefined,
        absent('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found'),
      );
    case 's3:GetBucketVersioning':
      return configured(bucket.versioning, { status: 'Disabled', mfaDelete: 'Disabled' }, (versioning) =>
        // A bucket never versioned answers an empty configuration; MfaDelete appears only once configured.
        document('VersioningConfiguration', xml({ Status: versioning.status === 'Disabled' ? undefined : versioning.status, MfaDelete: versioning.mfaDelete === 'Enabled' ? 'Enabled' : undefined })),
      );
    case 's3:GetBucketLogging':
      return configured(bucket.logging, null, (logging) =>
        document('BucketLoggingStatus', logging ? xml({ LoggingEnabled: { TargetBucket: logging.targetBucket, TargetPrefix: logging.targetPrefix } }) : ''),
      );
    case 's3:GetBucketOwnershipControls':
      return configured(bucket.ownership, null, (ownership) => (ownership ? document('OwnershipControls', xml({ Rule: { ObjectOwnership: ownership } })) : undefined), absent('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found'));
    default:
      return failure('NotImplemented', `${operation} is not implemented`, 501);
  }
}

/**
 * Renders a bucket setting from the estate: its recorded failure, or the document, or (when
 * `render` answers undefined: not configured) the API's "not found" error.
 */
function configured<T>(
  fetched: Fetched<T> | undefined,
  empty: T,
  render: (value: T) => Rendered | undefined,
  notConfigured: Failure = { code: 'InternalError', message: 'no configuration', status: 500 },
): Rendered {
  const value = fromEstate(fetched, empty, statusFor);
  if (value.failure) return value;
  return render(value.value) ?? { failure: notConfigured };
}

function absent(code: string, message: string): Failure {
  return { code, message, status: 404 };
}

function document(root: string, inner: string, namespace: string = S3_NAMESPACE): Rendered {
  return { value: { body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">${inner}</${root}>` } };
}

function publicAccessBlockDocument(block: S3PublicAccessBlock, namespace: string): Rendered {
  return document(
    'PublicAccessBlockConfiguration',
    xml({ BlockPublicAcls: block.blockPublicAcls, IgnorePublicAcls: block.ignorePublicAcls, BlockPublicPolicy: block.blockPublicPolicy, RestrictPublicBuckets: block.restrictPublicBuckets }),
    namespace,
  );
}

function aclDocument(acl: S3Acl): Rendered {
  // The grantee's kind is an xsi:type attribute, which the element writer does not do.
  const grants = acl.grants
    .map(({ grantee, permission }) => {
      const inner = xml({ ID: grantee.id, DisplayName: grantee.displayName, URI: grantee.uri });
      return `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${escapeXml(grantee.type)}">${inner}</Grantee>${xml({ Permission: permission })}</Grant>`;
    })
    .join('');
  const owner = acl.ownerId === undefined ? '' : xml({ Owner: { ID: acl.ownerId } });
  return document('AccessControlPolicy', `${owner}<AccessControlList>${grants}</AccessControlList>`);
}

function listBuckets(request: SimRequest, context: SimContext): Rendered {
  const buckets = fromEstate(context.account.snapshot.global.s3?.buckets, [], statusFor);
  if (buckets.failure) return buckets;
  const maxParam = request.query.get('max-buckets');
  const max = maxParam === null ? MAX_BUCKETS : Number(maxParam);
  if (!Number.isInteger(max) || max < 1 || max > MAX_BUCKETS) return failure('InvalidArgument', `max-buckets must be an integer between 1 and ${MAX_BUCKETS}`, 400);
  const prefix = request.query.get('prefix') ?? undefined;
  const region = request.query.get('bucket-region') ?? undefined;
  const matching = buckets.value.filter((bucket) => (prefix === undefined || bucket.name.startsWith(prefix)) && (region === undefined || bucket.region === region));
  const page = pageOf(matching, request.query.get('continuation-token') ?? undefined, max, `ListBuckets|${prefix ?? ''}|${region ?? ''}`);
  if (!page) return failure('InvalidArgument', 'The continuation token provided is incorrect', 400);
  const node: XmlNode = {
    Owner: { ID: canonicalId(context.account.accountId) },
    Buckets: { Bucket: page.items.map((bucket) => ({ Name: bucket.name, CreationDate: bucket.creationDate, BucketRegion: bucket.region })) },
    ContinuationToken: page.next,
    Prefix: prefix,
  };
  return document('ListAllMyBucketsResult', xml(node));
}

function accountPublicAccessBlock(accountId: string | undefined, context: SimContext): Rendered {
  if (accountId !== context.account.accountId) return failure('AccessDenied', 'Access Denied', 403);
  return configured(
    context.account.snapshot.global.s3?.accountPublicAccessBlock,
    null,
    (block) => (block ? publicAccessBlockDocument(block, CONTROL_NAMESPACE) : undefined),
    absent('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'),
  );
}

/** The caller's bucket; another account's bucket is AccessDenied and an unknown name NoSuchBucket, as in AWS. */
function findBucket(name: string, context: SimContext): Answer<S3Bucket> {
  const own = fromEstate(context.account.snapshot.global.s3?.buckets, [], statusFor);
  if (own.failure) return own;
  const bucket = own.value.find((candidate) => candidate.name === name);
  if (bucket) return { value: bucket };
  const elsewhere = context.estate.accounts.some((account) => account.snapshot.global.s3?.buckets.value?.some((candidate) => candidate.name === name));
  return elsewhere ? failure('AccessDenied', 'Access Denied', 403) : failure('NoSuchBucket', 'The specified bucket does not exist', 404);
}

/** The 64-hex canonical user id S3 shows for an account; derived so it is stable. */
function canonicalId(accountId: string): string {
  return createHash('sha256').update(`canonical-user:${accountId}`).digest('hex');
}

function reply(request: SimRequest, rendered: Rendered): SimResponse {
  if (rendered.failure) return s3Error(request, rendered.failure, {});
  return { status: 200, headers: { ...requestHeaders(request), 'content-type': rendered.value.contentType ?? 'application/xml' }, body: rendered.value.body };
}

function requestHeaders(request: SimRequest): Record<string, string> {
  const id = requestIdFor(request);
  return { 'x-amz-request-id': id, 'x-amz-id-2': Buffer.from(`host-${id}`).toString('base64') };
}

/** S3 answers `<Error>`; S3 Control wraps it in `<ErrorResponse>` with the request id outside. */
function s3Error(request: SimRequest, { code, message, status }: Failure, extra: XmlNode): SimResponse {
  const headers = requestHeaders(request);
  const ids = xml({ RequestId: headers['x-amz-request-id'], HostId: headers['x-amz-id-2'] });
  const body =
    address(request).kind === 'control'
      ? `<ErrorResponse><Error>${xml({ Code: code, Message: message, ...extra })}</Error>${ids}</ErrorResponse>`
      : `<Error>${xml({ Code: code, Message: message, ...extra })}${ids}</Error>`;
  return { status, headers: { ...headers, 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` };
}
