import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { CredentialsError, InputError, PalisadeError } from '@palisade/core';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsGateway } from './gateway.ts';
import { connectAws, providerErrorOf } from './session.ts';
import type { ConnectAwsOptions } from './session.ts';
import { sdkError } from './testing.ts';

// The standard chain reads the machine's files and metadata services; tests swap in a provider.
const chain = vi.hoisted(() => ({ provider: undefined as unknown }));
vi.mock('@aws-sdk/credential-providers', () => ({ fromNodeProviderChain: vi.fn(() => chain.provider) }));

const sts = mockClient(STSClient);
const ec2 = mockClient(EC2Client);

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const STATIC = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET };
const USER_ARN = 'arn:aws:iam::123456789012:user/auditor';
const ROLE_ARN = 'arn:aws:iam::444455556666:role/PalisadeAudit';

// Shaped like DescribeRegions with AllRegions false (EC2 returns only enabled regions).
const REGIONS = {
  Regions: [
    { RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'af-south-1', Endpoint: 'ec2.af-south-1.amazonaws.com', OptInStatus: 'opted-in' },
    { RegionName: 'ap-east-1', Endpoint: 'ec2.ap-east-1.amazonaws.com', OptInStatus: 'not-opted-in' },
  ],
};

function identity(arn: string, account = arn.split(':')[4] ?? '') {
  return { UserId: 'AIDAJQABLZS4A3QDU576Q', Account: account, Arn: arn };
}

function credentialsProviderError(message = 'Could not load credentials from any providers'): Error {
  return Object.assign(new Error(message), { name: 'CredentialsProviderError', tryNextLink: false });
}

async function connectFails(options: ConnectAwsOptions): Promise<CredentialsError> {
  const error = await connectAws(options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CredentialsError);
  const message = (error as CredentialsError).message;
  expect(message).not.toContain('\n');
  expect(message).not.toContain(SECRET);
  return error as CredentialsError;
}

/** The region of the client that sent the n-th call of a command. */
async function regionOfCall(mock: typeof sts | typeof ec2, command: typeof GetCallerIdentityCommand | typeof DescribeRegionsCommand, index = 0) {
  const calls = mock.commandCalls(command as never);
  const client = calls[index]?.thisValue as { config: { region: () => Promise<string> } } | undefined;
  return client?.config.region();
}

beforeEach(() => {
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) vi.stubEnv(name, undefined);
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/palisade-test/config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/palisade-test/credentials');
  chain.provider = async () => STATIC;
  vi.mocked(fromNodeProviderChain).mockClear();
});

afterEach(() => {
  sts.reset();
  ec2.reset();
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe('connectAws identity and regions', () => {
  it('reads the account from GetCallerIdentity and keeps only enabled regions', async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity(USER_ARN));
    ec2.on(DescribeRegionsCommand).resolves(REGIONS);
    const session = await connectAws({ credentials: STATIC, region: 'eu-west-1' });
    expect(session).toMatchObject({ accountId: '123456789012', partition: 'aws', callerArn: USER_ARN, homeRegion: 'eu-west-1', skippedRegions: [] });
    expect(session.regions).toEqual(['af-south-1', 'eu-west-1', 'us-east-1']);
    expect(ec2.commandCalls(DescribeRegionsCommand)[0]?.args[0].input).toEqual({ AllRegions: false });
    expect(await regionOfCall(ec2, DescribeRegionsCommand)).toBe('eu-west-1');
    expect(session.gateway.snapshotCounters()).toMatchObject({ sts: { calls: 1, errors: 0 }, ec2: { calls: 1, errors: 0 } });
    session.close();
  });

  it('uses the standard chain with the profile and no endpoint by default', async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity(USER_ARN));
    ec2.on(DescribeRegionsCommand).resolves(REGIONS);
    const session = await connectAws({ profile: 'audit', region: 'us-east-1' });
    expect(fromNodeProviderChain).toHaveBeenCalledWith({ profile: 'audit' });
    expect(session.clients.settings.endpoint).toBeUndefined();
    session.close();
  });

  it('detects the China partition and calls DescribeRegions in cn-north-1 when no region is configured', async () => {
    // Keys of the aws-cn partition are unknown to us-east-1; the next partition's STS accepts them.
    sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
      const region = await (getClient() as STSClient).config.region();
      if (region !== 'cn-north-1') throw sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
      return identity('arn:aws-cn:iam::210987654321:user/auditor');
    });
    ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'cn-north-1', Endpoint: 'ec2.cn-north-1.amazonaws.com.cn', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'cn-northwest-1', Endpoint: 'ec2.cn-northwest-1.amazonaws.com.cn', OptInStatus: 'opt-in-not-required' },
      ],
    });
    const session = await connectAws({ credentials: STATIC });
    expect(session).toMatchObject({ accountId: '210987654321', partition: 'aws-cn', homeRegion: 'cn-north-1', regions: ['cn-north-1', 'cn-northwest-1'] });
    expect(await regionOfCall(ec2, DescribeRegionsCommand)).toBe('cn-north-1');
    session.close();
  });

  it('detects GovCloud and keeps AWS_REGION as the home region', async () => {
    vi.stubEnv('AWS_REGION', 'us-gov-east-1');
    sts.on(GetCallerIdentityCommand).resolves(identity('arn:aws-us-gov:sts::123456789012:assumed-role/Audit/palisade'));
    ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-gov-east-1', Endpoint: 'ec2.us-gov-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'us-gov-west-1', Endpoint: 'ec2.us-gov-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
      ],
    });
    const session = await connectAws({ credentials: STATIC });
    expect(session).toMatchObject({ partition: 'aws-us-gov', homeRegion: 'us-gov-east-1', regions: ['us-gov-east-1', 'us-gov-west-1'] });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    expect(await regionOfCall(sts, GetCallerIdentityCommand)).toBe('us-gov-east-1');
    session.close();
  });

  it('falls back to AWS_DEFAULT_REGION, then to the partition default region', async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity(USER_ARN));
    ec2.on(DescribeRegionsCommand).resolves(REGIONS);
    vi.stubEnv('AWS_DEFAULT_REGION', 'eu-west-1');
    const configured = await connectAws({ credentials: STATIC });
    expect(configured.homeRegion).toBe('eu-west-1');
    configured.close();
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    const unconfigured = await connectAws({ credentials: STATIC });
    expect(unconfigured.homeRegion).toBe('us-east-1');
    expect(await regionOfCall(ec2, DescribeRegionsCommand, 1)).toBe('us-east-1');
    unconfigured.close();
  });

  it("reads the profile's region from the shared config file", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palisade-session-'));
    await writeFile(join(dir, 'config'), '[default]\nregion = us-west-2\n\n[profile audit]\nregion = eu-north-1\n');
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    sts.on(GetCallerIdentityCommand).resolves(identity(USER_ARN));
    ec2.on(DescribeRegionsCommand).resolves(REGIONS);
    const session = await connectAws({ profile: 'audit' });
    expect(session.homeRegion).toBe('eu-north-1');
    expect(await regionOfCall(sts, GetCallerIdentityCommand)).toBe('eu-north-1');
    session.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('narrows to the requested regions and reports the ones it cannot scan', async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity(USER_ARN));
    ec2.on(DescribeRegionsCommand).resolves(REGIONS);
    const session = await connectAws({ credentials: STATIC, region: 'us-east-1', regions: ['eu-west-1', 'ap-east-1', 'cn-north-1', 'eu-west-1', 'af-south-1'] });
    expect(session.regions).toEqual(['eu-west-1', 'af-south-1']);
    expect(session.skippedRegions).toEqual([
      { region: 'ap-east-1', reason: 'ap-east-1 is not enabled for account 123456789012 (unknown, or an opt-in region that was not enabled)' },
      { region: 'cn-north-1', reason: 'cn-north-1 belongs to partition aws-cn, but the credentials are for aws' },
    ]);
    session.close();
  });

  it('stops with a clear error when the regions cannot be listed and none were named', async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity(USER_ARN));
    ec2.on(DescribeRegionsCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const error = await connectFails({ credentials: STATIC, region: 'us-east-1' });
    expect(error.message).toBe(
      'Could not list the enabled regions of account 123456789012 as arn:aws:iam::123456789012:user/auditor (ec2:DescribeRegions failed with UnauthorizedOperation): ' +
        'grant ec2:DescribeRegions (part of the SecurityAudit and ViewOnlyAccess policies), or name the regions to scan with --region.',
    );
  });

  it('scans named regions unverified when DescribeRegions fails, and carries the error', async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity(USER_ARN));
    ec2.on(DescribeRegionsCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const session = await connectAws({ credentials: STATIC, region: 'us-east-1', regions: ['eu-central-1'] });
    expect(session.regions).toEqual(['eu-central-1']);
    expect(session.regionDiscoveryError).toMatchObject({ api: 'ec2:DescribeRegions', code: 'UnauthorizedOperation', region: 'us-east-1' });
    session.close();
  });

  it('passes the endpoint option, or AWS_ENDPOINT_URL, to the client factory', async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity('arn:aws:iam::000000000000:root'));
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com' }] });
    const explicit = await connectAws({ credentials: STATIC, endpointUrl: 'http://localhost:4566' });
    expect(explicit.clients.settings.endpoint).toBe('http://localhost:4566');
    // Emulators leave out OptInStatus; the region still counts as enabled.
    expect(explicit.regions).toEqual(['us-east-1']);
    explicit.close();
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://moto:5000');
    const fromEnv = await connectAws({ credentials: STATIC });
    expect(fromEnv.clients.settings.endpoint).toBe('http://moto:5000');
    fromEnv.close();
  });

  it('uses an injected gateway, so one gateway counts the calls of every account', async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity(USER_ARN));
    ec2.on(DescribeRegionsCommand).resolves(REGIONS);
    const gateway = new AwsGateway();
    const session = await connectAws({ credentials: STATIC, region: 'us-east-1', gateway });
    expect(session.gateway).toBe(gateway);
    expect(gateway.snapshotCounters()['sts']?.calls).toBe(1);
    const destroy = vi.spyOn(session.clients, 'destroy');
    session.close();
    expect(destroy).toHaveBeenCalledOnce();
  });

  it('reports a cancelled scan as an interruption, not as a credentials problem', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await connectAws({ credentials: STATIC, region: 'us-east-1', gatewayOptions: { signal: controller.signal } }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PalisadeError);
    expect(error).not.toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'INTERRUPTED', message: 'the scan was cancelled while connecting to AWS (sts:GetCallerIdentity)' });
  });

  it('rejects a partition it does not support', async () => {
    sts.on(GetCallerIdentityCommand).resolves(identity('arn:aws-iso:iam::123456789012:user/auditor'));
    const error = await connectFails({ credentials: STATIC, region: 'us-iso-east-1' });
    expect(error.message).toBe('Cannot use the AWS credentials (supplied credentials): the credentials belong to partition aws-iso, which is not supported (aws, aws-cn, aws-us-gov).');
  });
});

describe('connectAws credential failures', () => {
  it('says what the chain tried and how to fix it when no credentials are found (named profile)', async () => {
    chain.provider = async () => {
      throw credentialsProviderError();
    };
    const error = await connectFails({ profile: 'dev', region: 'us-east-1' });
    expect(error.code).toBe('CREDENTIALS');
    expect(error.message).toBe(
      'No AWS credentials found (tried profile "dev" (shared config and credentials files, SSO, credential_process), web identity token, container and instance roles): ' +
        'run `aws configure` or `aws sso login --profile dev`, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.',
    );
    expect(error.cause).toMatchObject({ name: 'CredentialsProviderError' });
    // AWS was never asked: there is no provider answer to report.
    expect(providerErrorOf(error)).toBeUndefined();
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });

  it('lists the environment variables among what was tried when no profile is named', async () => {
    chain.provider = async () => {
      throw credentialsProviderError();
    };
    const error = await connectFails({ region: 'us-east-1' });
    expect(error.message).toMatch(/^No AWS credentials found \(tried environment variables AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY, profile "default"/);
    expect(error.message).toContain('`aws sso login --profile default`');
  });

  it('points at aws sso login when the SSO session has expired', async () => {
    chain.provider = async () => {
      throw credentialsProviderError('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.');
    };
    const error = await connectFails({ profile: 'org-admin', region: 'us-east-1' });
    expect(error.message).toBe('The SSO session of profile "org-admin" is missing or has expired (CredentialsProviderError): run `aws sso login --profile org-admin`.');
  });

  it.each([
    ['InvalidClientTokenId', 'The security token included in the request is invalid.'],
    ['ExpiredToken', 'The security token included in the request is expired'],
    ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
  ])('reports %s from GetCallerIdentity as invalid or expired credentials', async (code, message) => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', STATIC.accessKeyId);
    sts.on(GetCallerIdentityCommand).rejects(sdkError(code, message, 403));
    const error = await connectFails({ region: 'eu-west-1' });
    expect(error.message).toBe(
      `AWS rejected the credentials (environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) as invalid or expired (${code}): ` +
        'run `aws configure` or `aws sso login --profile default`, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, with AWS_SESSION_TOKEN for temporary keys.',
    );
  });

  it('mentions the secret key and clock for SignatureDoesNotMatch, without the secret itself', async () => {
    sts.on(GetCallerIdentityCommand).rejects(sdkError('SignatureDoesNotMatch', `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key ${SECRET} and signing method.`, 403));
    const error = await connectFails({ profile: 'dev', region: 'eu-west-1' });
    expect(error.message).toContain('AWS rejected the credentials (profile "dev") as invalid or expired (SignatureDoesNotMatch)');
    expect(error.message).toContain('check the secret access key and the system clock');
  });

  it('does not retry other partitions when the region is configured', async () => {
    sts.on(GetCallerIdentityCommand).rejects(sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403));
    await connectFails({ credentials: STATIC, region: 'eu-west-1' });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
  });

  it('reports the first rejection after trying every partition', async () => {
    sts.on(GetCallerIdentityCommand).rejects(sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403));
    const error = await connectFails({ credentials: STATIC });
    expect(error.message).toMatch(/^AWS rejected the credentials \(supplied credentials\) as invalid or expired \(InvalidClientTokenId\): supply valid credentials/);
    expect(providerErrorOf(error)).toMatchObject({ api: 'sts:GetCallerIdentity', code: 'InvalidClientTokenId', httpStatus: 403, region: 'us-east-1' });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(3);
  });

  it('names network failures as such and redacts any secret the SDK message carries', async () => {
    sts.on(GetCallerIdentityCommand).rejects(sdkError('SomeProxyError', `proxy rejected request signed with\n${SECRET}`, 407));
    const error = await connectFails({ credentials: STATIC, region: 'eu-west-1' });
    expect(error.message).toBe(
      'Could not verify the AWS credentials (supplied credentials) with sts:GetCallerIdentity (SomeProxyError: proxy rejected request signed with [redacted]): check the network connection, proxy settings and endpoint URL.',
    );
  });
});

describe('connectAws with AssumeRole', () => {
  const expiresIn = (ms: number) => new Date(Date.now() + ms);
  const assumed = (expiration: Date, suffix = '1') => ({
    Credentials: { AccessKeyId: `ASIAROLE${suffix}`, SecretAccessKey: `role-secret-${suffix}-0123456789`, SessionToken: `role-token-${suffix}`, Expiration: expiration },
    AssumedRoleUser: { AssumedRoleId: 'AROA3XFRBF535PLBIFPI4:palisade-scan', Arn: 'arn:aws:sts::444455556666:assumed-role/PalisadeAudit/palisade-scan' },
  });

  it('assumes the role with the base credentials and runs as the role session', async () => {
    sts.on(AssumeRoleCommand).resolves(assumed(expiresIn(3600_000)));
    sts.on(GetCallerIdentityCommand).resolves(identity('arn:aws:sts::444455556666:assumed-role/PalisadeAudit/palisade-scan'));
    ec2.on(DescribeRegionsCommand).resolves(REGIONS);
    const session = await connectAws({ credentials: STATIC, assumeRole: { roleArn: ROLE_ARN, externalId: 'ext-123' } });
    expect(session).toMatchObject({ accountId: '444455556666', callerArn: 'arn:aws:sts::444455556666:assumed-role/PalisadeAudit/palisade-scan', homeRegion: 'us-east-1' });
    const call = sts.commandCalls(AssumeRoleCommand)[0]!;
    expect(call.args[0].input).toEqual({ RoleArn: ROLE_ARN, RoleSessionName: 'palisade-scan', DurationSeconds: 3600, ExternalId: 'ext-123' });
    // AssumeRole itself is signed with the base credentials; everything else with the role's.
    const assumeClient = call.thisValue as STSClient;
    expect(await assumeClient.config.credentials()).toMatchObject({ accessKeyId: STATIC.accessKeyId });
    const provider = session.clients.settings.credentials as AwsCredentialIdentityProvider;
    expect(await provider()).toMatchObject({ accessKeyId: 'ASIAROLE1', sessionToken: 'role-token-1' });
    expect(session.gateway.snapshotCounters()['sts']?.calls).toBe(2);
    session.close();
  });

  it('refreshes the role credentials before they expire, once for concurrent callers', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-06-01T12:00:00Z'));
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce(assumed(new Date('2025-06-01T13:00:00Z'), '1'))
      .resolves(assumed(new Date('2025-06-01T14:00:00Z'), '2'));
    sts.on(GetCallerIdentityCommand).resolves(identity('arn:aws:sts::444455556666:assumed-role/PalisadeAudit/nightly'));
    ec2.on(DescribeRegionsCommand).resolves(REGIONS);
    const session = await connectAws({ credentials: STATIC, region: 'us-east-1', assumeRole: { roleArn: ROLE_ARN, sessionName: 'nightly', durationSeconds: 3600 } });
    const provider = session.clients.settings.credentials as AwsCredentialIdentityProvider;
    vi.setSystemTime(new Date('2025-06-01T12:45:00Z'));
    expect((await provider()).accessKeyId).toBe('ASIAROLE1');
    vi.setSystemTime(new Date('2025-06-01T12:51:00Z'));
    const [first, second] = await Promise.all([provider(), provider()]);
    expect([first.accessKeyId, second.accessKeyId]).toEqual(['ASIAROLE2', 'ASIAROLE2']);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    expect(sts.commandCalls(AssumeRoleCommand)[1]?.args[0].input).toMatchObject({ RoleSessionName: 'nightly' });
    session.close();
  });

  it('explains an AccessDenied on sts:AssumeRole, naming the caller and the external ID', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejects(sdkError('AccessDenied', `User: ${USER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`, 403));
    const error = await connectFails({ profile: 'hub', region: 'us-east-1', assumeRole: { roleArn: ROLE_ARN, externalId: 'ext-123' } });
    expect(error.message).toBe(
      `Could not assume role ${ROLE_ARN} with the credentials (profile "hub", caller ${USER_ARN}): AccessDenied on sts:AssumeRole; ` +
        "check that the role's trust policy allows this caller and that the external ID matches its sts:ExternalId condition, and that the caller may call sts:AssumeRole on the role.",
    );
    expect(providerErrorOf(error)).toEqual({
      api: 'sts:AssumeRole',
      code: 'AccessDenied',
      message: `User: ${USER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
      region: 'us-east-1',
      httpStatus: 403,
    });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });

  it('reports rejected base credentials as such when assuming a role', async () => {
    sts.on(AssumeRoleCommand).rejects(sdkError('ExpiredToken', 'The security token included in the request is expired', 403));
    const error = await connectFails({ profile: 'hub', region: 'us-east-1', assumeRole: { roleArn: ROLE_ARN } });
    expect(error.message).toMatch(new RegExp(`^AWS rejected the credentials \\(profile "hub", used to assume ${ROLE_ARN}\\) as invalid or expired \\(ExpiredToken\\)`));
    expect(providerErrorOf(error)).toMatchObject({ api: 'sts:AssumeRole', code: 'ExpiredToken', httpStatus: 403 });
  });

  it('reports missing base credentials before trying to assume the role', async () => {
    chain.provider = async () => {
      throw credentialsProviderError();
    };
    const error = await connectFails({ region: 'us-east-1', assumeRole: { roleArn: ROLE_ARN } });
    expect(error.message).toMatch(/^No AWS credentials found/);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('calls STS in the role partition when no region is configured', async () => {
    const govRole = 'arn:aws-us-gov:iam::444455556666:role/PalisadeAudit';
    sts.on(AssumeRoleCommand).resolves(assumed(expiresIn(3600_000)));
    sts.on(GetCallerIdentityCommand).resolves(identity('arn:aws-us-gov:sts::444455556666:assumed-role/PalisadeAudit/palisade-scan'));
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-gov-west-1', Endpoint: 'ec2.us-gov-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' }] });
    const session = await connectAws({ credentials: STATIC, assumeRole: { roleArn: govRole } });
    expect(await regionOfCall(sts, AssumeRoleCommand as never)).toBe('us-gov-west-1');
    expect(session).toMatchObject({ partition: 'aws-us-gov', homeRegion: 'us-gov-west-1' });
    session.close();
  });

  it.each([
    [{ roleArn: ROLE_ARN, durationSeconds: 600 }, /from 900 to 43200, got 600/],
    [{ roleArn: ROLE_ARN, durationSeconds: 43_201 }, /from 900 to 43200, got 43201/],
    [{ roleArn: 'arn:aws:iam::444455556666:user/bob' }, /is not an IAM role ARN/],
    [{ roleArn: 'PalisadeAudit' }, /is not an IAM role ARN/],
    [{ roleArn: ROLE_ARN, sessionName: 'has spaces' }, /session name/],
  ])('rejects invalid role options %j', async (assumeRole, message) => {
    const error = await connectAws({ credentials: STATIC, assumeRole }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(message);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});
