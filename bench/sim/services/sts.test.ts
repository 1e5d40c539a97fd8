import { describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsGateway, connectAws } from '@palisade/providers';
import { CredentialsError } from '@palisade/core';
import { accountSnapshot } from '@palisade/checks/testing';
import { accessKeyFor } from '../handler.ts';
import { ec2Simulator } from './ec2.ts';
import { MEMBER_ROLE, UNLIMITED, estateOf, harness } from './query-test-kit.ts';
import { SIM_BASE_USER, createStsSimulator } from './sts.ts';

const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';
const LOCKED = '333333333333';
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];

const estate = () =>
  estateOf(
    [MANAGEMENT, MEMBER, LOCKED].map((accountId) => accountSnapshot({ accountId, regions: REGIONS })),
    { accounts: (account) => (account.accountId === LOCKED ? { ...account, roleAssumable: false } : account) },
  );
const roleArn = (accountId: string, name = MEMBER_ROLE) => `arn:aws:iam::${accountId}:role/${name}`;

describe('stsSimulator', () => {
  it('names the caller by its long-term key, then by the role session it assumed', async () => {
    const h = harness(estate(), [createStsSimulator()]);
    const sts = h.clients(MANAGEMENT).get(STSClient, 'us-east-1');
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: MANAGEMENT, Arn: `arn:aws:iam::${MANAGEMENT}:user/${SIM_BASE_USER}` });
    expect(me.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);

    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn(MEMBER), RoleSessionName: 'audit-1', DurationSeconds: 3600 }));
    expect(assumed.Credentials?.AccessKeyId).toBe(accessKeyFor(MEMBER));
    expect(assumed.Credentials?.SessionToken).toMatch(/^sim-token-/);
    expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/${MEMBER_ROLE}/audit-1`);
    expect(assumed.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:audit-1$/);

    const memberSts = new STSClient({
      region: 'us-east-1',
      maxAttempts: 1,
      requestHandler: h.handler,
      credentials: { accessKeyId: assumed.Credentials?.AccessKeyId ?? '', secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '', sessionToken: assumed.Credentials?.SessionToken ?? '' },
    });
    const member = await memberSts.send(new GetCallerIdentityCommand({}));
    expect(member).toMatchObject({ Account: MEMBER, Arn: assumed.AssumedRoleUser?.Arn, UserId: assumed.AssumedRoleUser?.AssumedRoleId });
    memberSts.destroy();
    h.close();
  });

  it('denies another role name, an account outside the estate and an account whose role cannot be assumed', async () => {
    const h = harness(estate(), [createStsSimulator()]);
    const sts = h.clients(MANAGEMENT).get(STSClient, 'us-east-1');
    for (const arn of [roleArn(MEMBER, 'OrganizationAccountAccessRole'), roleArn('444444444444'), roleArn(LOCKED)]) {
      await expect(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'audit' }))).rejects.toMatchObject({
        name: 'AccessDenied',
        message: `User: arn:aws:iam::${MANAGEMENT}:user/${SIM_BASE_USER} is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
        $metadata: { httpStatusCode: 403 },
      });
    }
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'audit' }))).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: roleArn(MEMBER), RoleSessionName: 'a b' }))).rejects.toMatchObject({ name: 'ValidationError' });
    h.close();
  });

  it('carries AccessDenied and Throttling into ApiErrors through the gateway', async () => {
    const denied = harness(estate(), [createStsSimulator()], { faults: { serverErrorRate: 0, timeoutRate: 0, deny: (_account, operation) => operation === 'sts:GetCallerIdentity' } });
    const scope = denied.gateway.scoped({ accountId: MANAGEMENT, region: 'us-east-1' });
    const sts = denied.clients(MANAGEMENT).get(STSClient, 'us-east-1');
    const result = await scope.call('sts:GetCallerIdentity', (abortSignal) => sts.send(new GetCallerIdentityCommand({}), { abortSignal }));
    expect(result.error).toMatchObject({ api: 'sts:GetCallerIdentity', code: 'AccessDenied', httpStatus: 403 });
    denied.close();

    const throttled = harness(estate(), [createStsSimulator()], { simRateLimits: [{ pattern: '*', capacity: 1, refillPerSecond: 0.001, source: 'test' }] });
    const throttledScope = throttled.gateway.scoped({ accountId: MANAGEMENT, region: 'us-east-1' });
    const throttledSts = throttled.clients(MANAGEMENT).get(STSClient, 'us-east-1');
    await throttledScope.call('sts:GetCallerIdentity', (abortSignal) => throttledSts.send(new GetCallerIdentityCommand({}), { abortSignal }));
    const second = await throttledScope.call('sts:GetCallerIdentity', (abortSignal) => throttledSts.send(new GetCallerIdentityCommand({}), { abortSignal }));
    expect(second.error).toMatchObject({ code: 'Throttling', httpStatus: 400 });
    throttled.close();
  });
});

describe('connectAws against the simulated estate', () => {
  const options = (sim: ReturnType<typeof harness>) => ({
    credentials: { accessKeyId: accessKeyFor(MANAGEMENT), secretAccessKey: 'x' },
    clientSettings: { requestHandler: sim.handler },
    region: 'us-east-1',
    gateway: new AwsGateway({ maxAttempts: 1, rateLimits: UNLIMITED }),
  });

  it('identifies the management account and discovers the estate’s regions', async () => {
    const h = harness(estate(), [createStsSimulator(), ec2Simulator]);
    const session = await connectAws(options(h));
    expect(session.accountId).toBe(MANAGEMENT);
    expect(session.callerArn).toBe(`arn:aws:iam::${MANAGEMENT}:user/${SIM_BASE_USER}`);
    expect(session.regions).toEqual(REGIONS);
    expect(session.skippedRegions).toEqual([]);
    expect(h.actions).toEqual(['GetCallerIdentity', 'DescribeRegions']);
    session.close();
  });

  it('assumes the member role and scans as the member account', async () => {
    const h = harness(estate(), [createStsSimulator(), ec2Simulator]);
    const session = await connectAws({ ...options(h), assumeRole: { roleArn: roleArn(MEMBER), sessionName: 'palisade-bench' } });
    expect(session.accountId).toBe(MEMBER);
    expect(session.callerArn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/${MEMBER_ROLE}/palisade-bench`);
    expect(session.regions).toEqual(REGIONS);
    expect(h.actions).toEqual(['AssumeRole', 'GetCallerIdentity', 'DescribeRegions']);
    session.close();
  });

  it('reports a role that cannot be assumed as a credentials error naming AccessDenied', async () => {
    const h = harness(estate(), [createStsSimulator(), ec2Simulator]);
    const failure = connectAws({ ...options(h), assumeRole: { roleArn: roleArn(LOCKED) } });
    await expect(failure).rejects.toBeInstanceOf(CredentialsError);
    await expect(failure).rejects.toThrow(`Could not assume role ${roleArn(LOCKED)}`);
    await expect(failure).rejects.toThrow('AccessDenied on sts:AssumeRole');
    h.close();
  });
});
