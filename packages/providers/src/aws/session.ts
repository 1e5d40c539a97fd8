/**
 * Connects to one AWS account: resolves credentials (the standard chain, optionally followed by
 * AssumeRole), verifies them with GetCallerIdentity, and discovers the enabled regions. Every
 * failure to obtain usable credentials becomes one `CredentialsError` line that says what was
 * tried and how to fix it; secrets never appear in messages.
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { CredentialsError, InputError, PalisadeError, describeApiError } from '@palisade/core';
import { parseArn, partitionOfRegion } from '@palisade/core/aws';
import type { ApiError, Fetched } from '@palisade/core';
import type { AwsPartition } from '@palisade/core/aws';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsClientFactory } from './clients.ts';
import type { ClientSettings } from './clients.ts';
import { AwsGateway } from './gateway.ts';
import type { GatewayOptions } from './gateway.ts';

export interface AssumeRoleOptions {
  readonly roleArn: string;
  readonly externalId?: string;
  /** Shows up in the target account's CloudTrail; defaults to `palisade-scan`. */
  readonly sessionName?: string;
  /** 900..43200 seconds; defaults to 3600. Credentials are refreshed before they expire. */
  readonly durationSeconds?: number;
}

export interface ConnectAwsOptions {
  /** A profile of the shared config and credentials files (like `--profile`). */
  readonly profile?: string;
  /** Credentials to use instead of the standard chain (stored credentials, tests). */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  readonly assumeRole?: AssumeRoleOptions;
  /** An AWS-compatible endpoint (LocalStack, moto); defaults to `AWS_ENDPOINT_URL`. */
  readonly endpointUrl?: string;
  /** The region for account-level calls; defaults to AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then the partition's main region. */
  readonly region?: string;
  /** Scan only these regions; requested regions that are not enabled are reported in `skippedRegions`. */
  readonly regions?: readonly string[];
  /** One gateway shared by every account of a scan, so rate limits and counters are global. */
  readonly gateway?: AwsGateway;
  /** Used only when no gateway is given. */
  readonly gatewayOptions?: GatewayOptions;
  readonly clientSettings?: Pick<ClientSettings, 'connectionTimeoutMs' | 'requestTimeoutMs' | 'maxSockets' | 'requestHandler'>;
}

export interface SkippedRegion {
  readonly region: string;
  readonly reason: string;
}

export interface AwsSession {
  readonly accountId: string;
  readonly partition: AwsPartition;
  /** The identity the scan runs as (the assumed-role session when a role was assumed). */
  readonly callerArn: string;
  readonly regions: readonly string[];
  readonly skippedRegions: readonly SkippedRegion[];
  /** Where global services (IAM, S3 listing, Account) are called. */
  readonly homeRegion: string;
  /**
   * Set when ec2:DescribeRegions failed but the caller named the regions: they are scanned
   * unverified, and this error should be reported with the scan.
   */
  readonly regionDiscoveryError?: ApiError;
  readonly clients: AwsClientFactory;
  readonly gateway: AwsGateway;
  /** Releases sockets and clients; the gateway stays usable when it was injected. */
  close(): void;
}

const PARTITIONS: readonly AwsPartition[] = ['aws', 'aws-cn', 'aws-us-gov'];

export const DEFAULT_REGION: Readonly<Record<AwsPartition, string>> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

const DEFAULT_SESSION_NAME = 'palisade-scan';
const DEFAULT_DURATION_SECONDS = 3600;
/** Refresh assumed-role credentials this long before they expire; more than the SDK's own 5-minute window. */
const REFRESH_MARGIN_MS = 10 * 60 * 1000;

/** Codes that mean "no credentials could be loaded" (raised by the credential chain, not by AWS). */
const NOT_FOUND_CODES = new Set(['CredentialsProviderError', 'TokenProviderError']);
/** Codes with which AWS rejects credentials that it does not recognize or that have expired. */
const REJECTED_CODES = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'AuthFailure',
]);
const DENIED_CODES = new Set(['AccessDenied', 'AccessDeniedException']);
const ENABLED_OPT_IN_STATUSES = new Set(['opt-in-not-required', 'opted-in']);

export async function connectAws(options: ConnectAwsOptions = {}): Promise<AwsSession> {
  const role = options.assumeRole ? validateAssumeRole(options.assumeRole) : undefined;
  const profile = nonEmpty(options.profile) ?? nonEmpty(process.env['AWS_PROFILE']);
  const context = failureContext(options, profile);
  const endpoint = nonEmpty(options.endpointUrl) ?? nonEmpty(process.env['AWS_ENDPOINT_URL']);
  const configuredRegion =
    nonEmpty(options.region) ?? nonEmpty(process.env['AWS_REGION']) ?? nonEmpty(process.env['AWS_DEFAULT_REGION']) ?? (await profileRegion(profile));
  const gateway = options.gateway ?? new AwsGateway(options.gatewayOptions);
  const settings = { ...options.clientSettings, ...(endpoint ? { endpoint } : {}) };

  const base = options.credentials ?? fromNodeProviderChain(profile ? { profile } : {});
  const secrets: string[] = [];
  try {
    const resolved = typeof base === 'function' ? await base() : base;
    secrets.push(resolved.secretAccessKey, resolved.sessionToken ?? '');
  } catch (thrown) {
    throw credentialsFailure(errorCode(thrown), errorMessage(thrown), { ...context, stage: 'load' }, thrown);
  }

  const factories: AwsClientFactory[] = [];
  let credentials = base;
  let stsRegions = configuredRegion ? [configuredRegion] : endpoint ? [DEFAULT_REGION.aws] : PARTITIONS.map((partition) => DEFAULT_REGION[partition]);
  if (role) {
    const region = configuredRegion ?? DEFAULT_REGION[role.partition];
    stsRegions = [region];
    const baseClients = new AwsClientFactory({ credentials: base, ...settings });
    factories.push(baseClients);
    credentials = assumeRoleProvider(role, { gateway, clients: baseClients, region });
    try {
      const assumed = await credentials();
      secrets.push(assumed.secretAccessKey, assumed.sessionToken ?? '');
    } catch (thrown) {
      closeAll(factories);
      const error = thrown instanceof AssumeRoleFailure ? thrown.apiError : { api: 'sts:AssumeRole', code: errorCode(thrown), message: errorMessage(thrown) };
      throwIfCancelled(error);
      throw assumeRoleFailure(role, error, { ...context, stage: 'load' }, secrets);
    }
  }

  const clients = new AwsClientFactory({ credentials, ...settings });
  factories.push(clients);
  try {
    const identity = await callerIdentity(gateway, clients, stsRegions, role?.accountId ?? 'unknown');
    if (identity.error) {
      throwIfCancelled(identity.error);
      throw credentialsFailure(identity.error.code, identity.error.message, { ...context, stage: 'verify', ...(role ? { role } : {}) }, identity.error, secrets);
    }
    const { accountId, partition, callerArn } = identity.value;
    const homeRegion = configuredRegion ?? DEFAULT_REGION[partition];
    const discovered = await enabledRegions(gateway, clients, { accountId, region: homeRegion });
    if (discovered.error) throwIfCancelled(discovered.error);
    const regions = selectRegions(discovered, options.regions, { accountId, partition, callerArn, secrets });
    return {
      accountId,
      partition,
      callerArn,
      homeRegion,
      ...regions,
      clients,
      gateway,
      close: () => closeAll(factories),
    };
  } catch (thrown) {
    closeAll(factories);
    throw thrown;
  }
}

interface ValidRole extends Required<Omit<AssumeRoleOptions, 'externalId'>> {
  readonly externalId?: string;
  readonly partition: AwsPartition;
  readonly accountId: string;
}

function validateAssumeRole(role: AssumeRoleOptions): ValidRole {
  const arn = parseArn(role.roleArn);
  if (!arn || arn.service !== 'iam' || !arn.resource.startsWith('role/') || !/^\d{12}$/.test(arn.accountId)) {
    throw new InputError('USAGE', `the role ARN ${role.roleArn} is not an IAM role ARN (arn:aws:iam::123456789012:role/name)`, { field: 'roleArn' });
  }
  if (!isPartition(arn.partition)) {
    throw new InputError('USAGE', `the role ARN ${role.roleArn} is in partition ${arn.partition}; supported: ${PARTITIONS.join(', ')}`, { field: 'roleArn' });
  }
  const durationSeconds = role.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (!Number.isInteger(durationSeconds) || durationSeconds < 900 || durationSeconds > 43_200) {
    throw new InputError('USAGE', `the role session duration must be a whole number of seconds from 900 to 43200, got ${durationSeconds}`, { field: 'durationSeconds' });
  }
  const sessionName = role.sessionName ?? DEFAULT_SESSION_NAME;
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw new InputError('USAGE', `the role session name must be 2-64 characters of letters, digits and +=,.@_-, got "${sessionName}"`, { field: 'sessionName' });
  }
  return {
    roleArn: role.roleArn,
    sessionName,
    durationSeconds,
    partition: arn.partition,
    accountId: arn.accountId,
    ...(role.externalId ? { externalId: role.externalId } : {}),
  };
}

/** An AssumeRole failure, thrown from the credential provider so the SDK call that needed it fails with AWS's code. */
class AssumeRoleFailure extends Error {
  readonly $metadata: { httpStatusCode?: number };
  constructor(readonly apiError: ApiError) {
    super(describeApiError(apiError));
    this.name = apiError.code;
    this.$metadata = apiError.httpStatus ? { httpStatusCode: apiError.httpStatus } : {};
  }
}

/**
 * Assumes the role through the gateway and keeps the credentials until shortly before they
 * expire; concurrent callers share one refresh.
 */
function assumeRoleProvider(role: ValidRole, deps: { gateway: AwsGateway; clients: AwsClientFactory; region: string }): AwsCredentialIdentityProvider {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const scope = deps.gateway.scoped({ accountId: role.accountId, region: deps.region });
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const sts = deps.clients.get(STSClient, deps.region);
    const input = {
      RoleArn: role.roleArn,
      RoleSessionName: role.sessionName,
      DurationSeconds: role.durationSeconds,
      ...(role.externalId ? { ExternalId: role.externalId } : {}),
    };
    const result = await scope.call('sts:AssumeRole', (abortSignal) => sts.send(new AssumeRoleCommand(input), { abortSignal }));
    if (result.error) throw new AssumeRoleFailure(result.error);
    const issued = result.value.Credentials;
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) {
      throw new AssumeRoleFailure({ api: 'sts:AssumeRole', code: 'MissingCredentials', message: 'AssumeRole answered without credentials', region: deps.region });
    }
    current = {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      ...(issued.SessionToken ? { sessionToken: issued.SessionToken } : {}),
      ...(issued.Expiration ? { expiration: issued.Expiration } : {}),
    };
    return current;
  };
  return async () => {
    if (current && !(current.expiration && current.expiration.getTime() - Date.now() < REFRESH_MARGIN_MS)) return current;
    pending ??= assume().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

interface Identity {
  readonly accountId: string;
  readonly partition: AwsPartition;
  readonly callerArn: string;
}

/**
 * GetCallerIdentity in the first candidate region. Without a configured region the partition is
 * unknown, so credentials that us-east-1 does not recognize are tried in the China and GovCloud
 * partitions before they count as rejected.
 */
async function callerIdentity(
  gateway: AwsGateway,
  clients: AwsClientFactory,
  regions: readonly string[],
  accountHint: string,
): Promise<Fetched<Identity>> {
  let first: ApiError | undefined;
  for (const region of regions) {
    const sts = clients.get(STSClient, region);
    const result = await gateway
      .scoped({ accountId: accountHint, region })
      .call('sts:GetCallerIdentity', (abortSignal) => sts.send(new GetCallerIdentityCommand({}), { abortSignal }));
    if (result.error) {
      first ??= result.error;
      if (result.error.code === 'InvalidClientTokenId' || result.error.code === 'UnrecognizedClientException') continue;
      return { error: first };
    }
    const arn = parseArn(result.value.Arn ?? '');
    const accountId = result.value.Account ?? arn?.accountId;
    if (!arn || !accountId) {
      return { error: { api: 'sts:GetCallerIdentity', code: 'InvalidResponse', message: `GetCallerIdentity answered without a usable ARN (${result.value.Arn ?? 'none'})`, region } };
    }
    if (!isPartition(arn.partition)) {
      return { error: { api: 'sts:GetCallerIdentity', code: 'UnsupportedPartition', message: `the credentials belong to partition ${arn.partition}, which is not supported (${PARTITIONS.join(', ')})`, region } };
    }
    return { value: { accountId, partition: arn.partition, callerArn: result.value.Arn ?? '' } };
  }
  return { error: first ?? { api: 'sts:GetCallerIdentity', code: 'UnknownError', message: 'no region to call', region: DEFAULT_REGION.aws } };
}

async function enabledRegions(gateway: AwsGateway, clients: AwsClientFactory, scope: { accountId: string; region: string }): Promise<Fetched<string[]>> {
  const ec2 = clients.get(EC2Client, scope.region);
  const result = await gateway
    .scoped(scope)
    .call('ec2:DescribeRegions', (abortSignal) => ec2.send(new DescribeRegionsCommand({ AllRegions: false }), { abortSignal }));
  if (result.error) return result;
  const names = (result.value.Regions ?? [])
    // AllRegions false already leaves out disabled regions; emulators omit OptInStatus, so a missing status counts as enabled.
    .filter((region) => region.OptInStatus === undefined || ENABLED_OPT_IN_STATUSES.has(region.OptInStatus))
    .flatMap((region) => (region.RegionName ? [region.RegionName] : []));
  return { value: [...new Set(names)].sort() };
}

function selectRegions(
  discovered: Fetched<string[]>,
  requested: readonly string[] | undefined,
  account: { accountId: string; partition: AwsPartition; callerArn: string; secrets: readonly string[] },
): Pick<AwsSession, 'regions' | 'skippedRegions' | 'regionDiscoveryError'> {
  const wanted = requested?.length ? [...new Set(requested.map((region) => region.trim()).filter(Boolean))] : undefined;
  if (discovered.error && !wanted) {
    const { code } = discovered.error;
    const fix = DENIED_CODES.has(code) || code === 'UnauthorizedOperation'
      ? 'grant ec2:DescribeRegions (part of the SecurityAudit and ViewOnlyAccess policies)'
      : 'check the network connection and the endpoint';
    throw new CredentialsError(
      redact(`Could not list the enabled regions of account ${account.accountId} as ${account.callerArn} (ec2:DescribeRegions failed with ${code}): ${fix}, or name the regions to scan with --region.`, account.secrets),
      { cause: discovered.error },
    );
  }
  if (!wanted) return { regions: discovered.value ?? [], skippedRegions: [] };
  const enabled = discovered.value ? new Set(discovered.value) : undefined;
  const regions: string[] = [];
  const skippedRegions: SkippedRegion[] = [];
  for (const region of wanted) {
    const partition = partitionOfRegion(region);
    if (partition !== account.partition) {
      skippedRegions.push({ region, reason: `${region} belongs to partition ${partition}, but the credentials are for ${account.partition}` });
    } else if (enabled && !enabled.has(region)) {
      skippedRegions.push({ region, reason: `${region} is not enabled for account ${account.accountId} (unknown, or an opt-in region that was not enabled)` });
    } else {
      regions.push(region);
    }
  }
  return { regions, skippedRegions, ...(discovered.error ? { regionDiscoveryError: discovered.error } : {}) };
}

interface FailureContext {
  /** Where the credentials came from, short: `profile "dev"`, `environment variables ...`. */
  readonly source: string;
  /** Every place the chain looked, for "no credentials found". */
  readonly tried: string;
  readonly profile: string | undefined;
  readonly supplied: boolean;
  /** What failed: loading the credentials, or AWS verifying them. */
  readonly stage: 'load' | 'verify';
  readonly role?: ValidRole;
}

function credentialsFailure(code: string, message: string, context: FailureContext, cause: unknown, secrets: readonly string[] = []): CredentialsError {
  const profile = context.profile ?? 'default';
  const fix = context.supplied
    ? 'supply valid credentials'
    : `run \`aws configure\` or \`aws sso login --profile ${profile}\`, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`;
  const detail = `${code}${message && message !== code ? `: ${message}` : ''}`;
  let line: string;
  if (NOT_FOUND_CODES.has(code) && !context.supplied && /\bsso\b/i.test(message)) {
    line = `The SSO session of profile "${profile}" is missing or has expired (${code}): run \`aws sso login --profile ${profile}\`.`;
  } else if (NOT_FOUND_CODES.has(code)) {
    line = context.supplied ? `The supplied AWS credentials could not be loaded (${detail}): ${fix}.` : `No AWS credentials found (tried ${context.tried}): ${fix}.`;
  } else if (REJECTED_CODES.has(code)) {
    const via = !context.role ? '' : context.stage === 'load' ? `, used to assume ${context.role.roleArn}` : `, session of role ${context.role.roleArn}`;
    const clock = code === 'SignatureDoesNotMatch' ? '; also check the secret access key and the system clock' : '';
    line = `AWS rejected the credentials (${context.source}${via}) as invalid or expired (${code}): ${fix}${context.supplied ? '' : ', with AWS_SESSION_TOKEN for temporary keys'}${clock}.`;
  } else if (code === 'UnsupportedPartition' || code === 'InvalidResponse') {
    line = `Cannot use the AWS credentials (${context.source}): ${message}.`;
  } else if (context.stage === 'load') {
    line = `Could not load AWS credentials (${context.source}) (${detail}): ${fix}.`;
  } else {
    line = `Could not verify the AWS credentials (${context.source}) with sts:GetCallerIdentity (${detail}): check the network connection, proxy settings and endpoint URL.`;
  }
  return new CredentialsError(redact(line, secrets), { cause });
}

/** The failure's cause is the provider's error, so callers can report its code and API (see `providerErrorOf`). */
function assumeRoleFailure(role: ValidRole, error: ApiError, context: FailureContext, secrets: readonly string[]): CredentialsError {
  if (NOT_FOUND_CODES.has(error.code) || REJECTED_CODES.has(error.code)) {
    return credentialsFailure(error.code, error.message, { ...context, role }, error, secrets);
  }
  let line: string;
  if (DENIED_CODES.has(error.code)) {
    // AWS names the caller in the message ("User: arn:... is not authorized to perform: sts:AssumeRole ...").
    const caller = /User: (arn:\S+)/.exec(error.message)?.[1];
    const externalId = role.externalId ? ' and that the external ID matches its sts:ExternalId condition' : '';
    line =
      `Could not assume role ${role.roleArn} with the credentials (${context.source}${caller ? `, caller ${caller}` : ''}): AccessDenied on sts:AssumeRole; ` +
      `check that the role's trust policy allows this caller${externalId}, and that the caller may call sts:AssumeRole on the role.`;
  } else {
    const detail = `${error.code}${error.message ? `: ${error.message}` : ''}`;
    line = `Could not assume role ${role.roleArn} with the credentials (${context.source}) (${detail}): check the role ARN, the session duration against the role's maximum, and the network connection.`;
  }
  return new CredentialsError(redact(line, secrets), { cause: error });
}

/**
 * The provider's error behind a connection failure thrown by `connectAws`, `connectMember` or
 * `listOrganizationAccounts` (e.g. AccessDenied on sts:AssumeRole), read from the error's cause;
 * undefined when AWS gave no answer to report (no credentials found, bad input). Callers that
 * record the failure as data keep AWS's code and API instead of the scanner's error class.
 */
export function providerErrorOf(thrown: unknown): ApiError | undefined {
  let cause = (thrown as { cause?: unknown } | undefined)?.cause;
  for (let depth = 0; depth < 4 && cause !== undefined && cause !== null; depth += 1) {
    if (cause instanceof AssumeRoleFailure) return cause.apiError;
    if (isApiError(cause)) return cause;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

function isApiError(value: unknown): value is ApiError {
  const candidate = value as Partial<Record<keyof ApiError, unknown>>;
  return !(value instanceof Error) && typeof candidate.api === 'string' && typeof candidate.code === 'string' && typeof candidate.message === 'string';
}

function failureContext(options: ConnectAwsOptions, profile: string | undefined): Omit<FailureContext, 'stage'> {
  const supplied = options.credentials !== undefined;
  const files = 'shared config and credentials files, SSO, credential_process';
  const remote = 'web identity token, container and instance roles';
  // The chain skips the environment keys when a profile is named (option or AWS_PROFILE).
  const tried = profile
    ? `profile "${profile}" (${files}), ${remote}`
    : `environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile "default" (${files}), ${remote}`;
  const source = supplied
    ? 'supplied credentials'
    : profile
      ? `profile "${profile}"`
      : process.env['AWS_ACCESS_KEY_ID']
        ? 'environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY'
        : 'default credential chain';
  return { source, tried, profile, supplied };
}

/** The profile's `region`, read the way the SDK reads it; undefined when none is configured. */
async function profileRegion(profile: string | undefined): Promise<string | undefined> {
  const client = new STSClient(profile ? { profile } : {});
  try {
    return nonEmpty(await client.config.region());
  } catch (thrown) {
    // The SDK's way of saying "no region configured anywhere"; anything else is a real failure.
    if (thrown instanceof Error && thrown.message === 'Region is missing') return undefined;
    throw thrown;
  } finally {
    client.destroy();
  }
}

/** A cancelled scan is an interruption, not a credentials problem. */
function throwIfCancelled(error: ApiError): void {
  if (error.code === 'Cancelled') throw new PalisadeError('INTERRUPTED', `the scan was cancelled while connecting to AWS (${error.api})`, { cause: error });
}

/** Error messages must stay one line and must never carry a secret, whatever the SDK put in them. */
function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(/\s+/g, ' ').trim();
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out;
}

function errorCode(thrown: unknown): string {
  const error = thrown as { name?: string; Code?: string; code?: string } | undefined;
  return error?.Code ?? (error?.name && error.name !== 'Error' ? error.name : undefined) ?? error?.code ?? 'UnknownError';
}

function errorMessage(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

function isPartition(value: string): value is AwsPartition {
  return (PARTITIONS as readonly string[]).includes(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

function closeAll(factories: readonly AwsClientFactory[]): void {
  for (const factory of factories) factory.destroy();
}
