/**
 * The simulated AWS the benchmark scans: an estate held in the project's own snapshot types,
 * served over each service's real wire protocol at the SDK's HTTP request-handler level.
 */
import type { Tags } from '@palisade/core';
import type { AwsAccountSnapshot } from '@palisade/core/aws';

/** One account of the simulated organization. `snapshot` is the ground truth the services serve. */
export interface SimAccount {
  readonly accountId: string;
  readonly name: string;
  readonly email: string;
  /** OU ids from the root down to the account's parent (the root id first). */
  readonly ouPath: readonly string[];
  readonly tags: Tags;
  readonly snapshot: AwsAccountSnapshot;
  /** False when the member role cannot be assumed (AssumeRole answers AccessDenied). */
  readonly roleAssumable?: boolean;
}

export interface SimOrganizationalUnit {
  readonly id: string;
  readonly name: string;
  readonly parentId: string;
}

export interface SimEstate {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly rootId: string;
  readonly organizationalUnits: readonly SimOrganizationalUnit[];
  readonly accounts: readonly SimAccount[];
  readonly regions: readonly string[];
  /** Role assumed in member accounts; AssumeRole for any other name is denied. */
  readonly memberRoleName: string;
}

/** A request as the simulator sees it, after transport-level decoding. */
export interface SimRequest {
  /** SigV4 signing name from the Authorization header, e.g. `ec2`, `iam`, `s3`, `organizations`. */
  readonly signingName: string;
  /** SigV4 signing region. */
  readonly region: string;
  /** The account the calling credentials belong to (from the access key id the simulator issued). */
  readonly accountId: string;
  readonly method: string;
  readonly hostname: string;
  /** URL path, decoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SimResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SimContext {
  readonly estate: SimEstate;
  /** The caller's account. */
  readonly account: SimAccount;
  readonly region: string;
  /** Issues credentials for AssumeRole into `accountId`. */
  issueCredentials(accountId: string): { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };
}

/**
 * One service's wire protocol: which operation a request is, the success answer from the estate,
 * and the protocol's error shape (used for throttling, faults and denials too).
 */
export interface ServiceSimulator {
  /** SigV4 signing names this simulator answers, e.g. ['ec2']; S3 and S3 Control share 's3'. */
  readonly signingNames: readonly string[];
  /** `service:Action` as the gateway names it (e.g. `ec2:DescribeInstances`), or undefined if unknown. */
  operation(request: SimRequest): string | undefined;
  /** Answers from the estate; may answer with a modeled error (e.g. NoSuchBucketPolicy) via `error`. */
  respond(operation: string, request: SimRequest, context: SimContext): SimResponse;
  /** The protocol's error response for `code`. */
  error(request: SimRequest, code: string, message: string, status: number): SimResponse;
  /** Error code and HTTP status AWS uses for throttling and for a denied call on this service. */
  readonly throttle: { readonly code: string; readonly status: number };
  readonly denied: { readonly code: string; readonly status: number };
}
