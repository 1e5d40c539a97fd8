import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { Account } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CredentialsError, InputError, PalisadeError } from '@palisade/core';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsClientFactory } from './clients.ts';
import { AwsGateway } from './gateway.ts';
import { connectMember, listOrganizationAccounts, memberRoleArn, parseAccountsFile, readAccountsFile } from './organization.ts';
import type { ListOrganizationAccountsOptions } from './organization.ts';
import { providerErrorOf } from './session.ts';
import { sdkError } from './testing.ts';

const organizations = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
const ec2 = mockClient(EC2Client);

const STATIC = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const ORG_ID = 'o-exampleorgid';
const MANAGEMENT = '111111111111';
const ROOT = 'r-a1b2';
const WORKLOADS = 'ou-a1b2-workload';
const PROD = 'ou-a1b2-prodaaaa';
const DEV = 'ou-a1b2-devbbbbb';
const accountArn = (id: string) => `arn:aws:organizations::${MANAGEMENT}:account/${ORG_ID}/${id}`;
const ouArn = (id: string) => `arn:aws:organizations::${MANAGEMENT}:ou/${ORG_ID}/${id}`;

function account(id: string, name: string, state: { State?: Account['State']; Status?: Account['Status'] }): Account {
  return {
    Id: id,
    Arn: accountArn(id),
    Email: `${name}@example.com`,
    Name: name,
    ...state,
    JoinedMethod: id === MANAGEMENT ? 'INVITED' : 'CREATED',
    JoinedTimestamp: new Date('2023-04-01T10:00:00Z'),
  };
}

/**
 * Root ─ management 111…, closed 777…
 *  └ Workloads ─ Prod ─ 222… (State and Status), 333… (Status only, as before State existed), 666… PENDING_CLOSURE
 *              └ Dev  ─ 444…, 555… SUSPENDED
 */
const PARENTS: Record<string, string> = {
  [MANAGEMENT]: ROOT,
  '777777777777': ROOT,
  [WORKLOADS]: ROOT,
  [PROD]: WORKLOADS,
  [DEV]: WORKLOADS,
  '222222222222': PROD,
  '333333333333': PROD,
  '666666666666': PROD,
  '444444444444': DEV,
  '555555555555': DEV,
};
const OU_NAMES: Record<string, string> = { [WORKLOADS]: 'Workloads', [PROD]: 'Prod', [DEV]: 'Dev' };

function mockOrganization() {
  organizations.on(DescribeOrganizationCommand).resolves({
    Organization: {
      Id: ORG_ID,
      Arn: `arn:aws:organizations::${MANAGEMENT}:organization/${ORG_ID}`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::${MANAGEMENT}:account/${ORG_ID}/${MANAGEMENT}`,
      MasterAccountId: MANAGEMENT,
      MasterAccountEmail: 'management@example.com',
      AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    },
  });
  organizations
    .on(ListAccountsCommand, { NextToken: undefined })
    .resolves({
      Accounts: [
        account(MANAGEMENT, 'management', { State: 'ACTIVE', Status: 'ACTIVE' }),
        account('222222222222', 'prod-app', { State: 'ACTIVE', Status: 'ACTIVE' }),
        account('333333333333', 'prod-data', { Status: 'ACTIVE' }),
        account('444444444444', 'dev-app', { State: 'ACTIVE', Status: 'ACTIVE' }),
      ],
      NextToken: 'accounts-2',
    })
    .on(ListAccountsCommand, { NextToken: 'accounts-2' })
    .resolves({
      Accounts: [
        account('555555555555', 'dev-old', { State: 'SUSPENDED', Status: 'SUSPENDED' }),
        account('666666666666', 'prod-retiring', { State: 'PENDING_CLOSURE', Status: 'PENDING_CLOSURE' }),
        // A closed account still reports the older Status as SUSPENDED; State decides.
        account('777777777777', 'closed', { State: 'CLOSED', Status: 'SUSPENDED' }),
      ],
    });
  for (const [child, parent] of Object.entries(PARENTS)) {
    organizations.on(ListParentsCommand, { ChildId: child }).resolves({ Parents: [{ Id: parent, Type: parent === ROOT ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] });
  }
  for (const [id, name] of Object.entries(OU_NAMES)) {
    organizations.on(DescribeOrganizationalUnitCommand, { OrganizationalUnitId: id }).resolves({ OrganizationalUnit: { Id: id, Arn: ouArn(id), Name: name } });
  }
  organizations.on(ListRootsCommand).resolves({ Roots: [{ Id: ROOT, Arn: `arn:aws:organizations::${MANAGEMENT}:root/${ORG_ID}/${ROOT}`, Name: 'Root', PolicyTypes: [] }] });
  organizations.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  organizations.on(ListTagsForResourceCommand, { ResourceId: '222222222222' }).resolves({
    Tags: [
      { Key: 'env', Value: 'prod' },
      { Key: 'owner', Value: 'payments' },
    ],
  });
  // The subtree, as ListOrganizationalUnitsForParent and ListAccountsForParent answer it.
  const children = (parent: string) => Object.keys(PARENTS).filter((child) => PARENTS[child] === parent);
  for (const parent of [ROOT, WORKLOADS, PROD, DEV]) {
    const units = children(parent).filter((child) => child.startsWith('ou-'));
    const accounts = children(parent).filter((child) => !child.startsWith('ou-'));
    organizations
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: parent })
      .resolves({ OrganizationalUnits: units.map((id) => ({ Id: id, Arn: ouArn(id), Name: OU_NAMES[id] })) });
    organizations
      .on(ListAccountsForParentCommand, { ParentId: parent })
      .resolves({ Accounts: accounts.map((id) => account(id, `account-${id}`, { State: 'ACTIVE', Status: 'ACTIVE' })) });
  }
}

// The default Organizations rate limit would make the tests wait on the clock.
const UNLIMITED = [{ pattern: '*', capacity: 1000, refillPerSecond: 1000, source: 'test' }];

function managementSession() {
  const gateway = new AwsGateway({ sleep: async () => {}, random: () => 0, maxAttempts: 3, rateLimits: UNLIMITED });
  const clients = new AwsClientFactory({ credentials: STATIC });
  return { accountId: MANAGEMENT, homeRegion: 'us-east-1', clients, gateway };
}

function list(filters: Omit<ListOrganizationAccountsOptions, 'session' | 'clients' | 'gateway'> = {}) {
  return listOrganizationAccounts({ session: managementSession(), ...filters });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
}

const calls = (command: Parameters<typeof organizations.commandCalls>[0], field: string) =>
  organizations.commandCalls(command).map((call) => (call.args[0].input as Record<string, unknown>)[field]);

afterEach(() => {
  organizations.reset();
  sts.reset();
  ec2.reset();
});

describe('listOrganizationAccounts', () => {
  it('lists the ACTIVE accounts with name, e-mail, OU path and tags', async () => {
    mockOrganization();
    const result = await list();
    expect(result.organizationId).toBe(ORG_ID);
    expect(result.accounts).toEqual([
      { accountId: MANAGEMENT, name: 'management', email: 'management@example.com', ouPath: 'Root', tags: {} },
      { accountId: '222222222222', name: 'prod-app', email: 'prod-app@example.com', ouPath: 'Root/Workloads/Prod', tags: { env: 'prod', owner: 'payments' } },
      { accountId: '333333333333', name: 'prod-data', email: 'prod-data@example.com', ouPath: 'Root/Workloads/Prod', tags: {} },
      { accountId: '444444444444', name: 'dev-app', email: 'dev-app@example.com', ouPath: 'Root/Workloads/Dev', tags: {} },
    ]);
    expect(result.skipped).toEqual([
      { accountId: '555555555555', reason: 'account 555555555555 is SUSPENDED, not ACTIVE' },
      { accountId: '666666666666', reason: 'account 666666666666 is PENDING_CLOSURE, not ACTIVE' },
      { accountId: '777777777777', reason: 'account 777777777777 is CLOSED, not ACTIVE' },
    ]);
    expect(result.errors).toEqual([]);
    expect(calls(ListAccountsCommand, 'NextToken')).toEqual([undefined, 'accounts-2']);
  });

  it('walks the tree once from the root: two calls per OU, no lookup per account', async () => {
    mockOrganization();
    await list();
    expect(calls(ListOrganizationalUnitsForParentCommand, 'ParentId').sort()).toEqual([ROOT, WORKLOADS, PROD, DEV].sort());
    expect(calls(ListAccountsForParentCommand, 'ParentId').sort()).toEqual([ROOT, WORKLOADS, PROD, DEV].sort());
    // The walk names every OU and every account's parent.
    expect(calls(DescribeOrganizationalUnitCommand, 'OrganizationalUnitId')).toEqual([]);
    expect(calls(ListParentsCommand, 'ChildId')).toEqual([]);
    // No metadata is read for accounts that are not scanned.
    expect(calls(ListTagsForResourceCommand, 'ResourceId')).not.toContain('555555555555');
  });

  it('looks up only the named accounts, reading each OU once however many accounts share it', async () => {
    mockOrganization();
    await list({ accounts: [MANAGEMENT, '222222222222', '333333333333', '444444444444'] });
    expect(calls(ListRootsCommand, 'NextToken')).toEqual([]);
    expect(calls(DescribeOrganizationalUnitCommand, 'OrganizationalUnitId').sort()).toEqual([DEV, PROD, WORKLOADS].sort());
    // One ListParents per scanned account, plus one per OU on the way up.
    expect(calls(ListParentsCommand, 'ChildId').sort()).toEqual([MANAGEMENT, '222222222222', '333333333333', '444444444444', WORKLOADS, PROD, DEV].sort());
  });

  it('with deferMetadata, returns the accounts at once and their OU paths and tags as they are read', async () => {
    mockOrganization();
    organizations.on(ListTagsForResourceCommand, { ResourceId: '333333333333' }).rejects(sdkError('AccessDeniedException', 'denied', 400));
    const result = await list({ deferMetadata: true });
    expect(result.accounts).toEqual([
      { accountId: MANAGEMENT, name: 'management', email: 'management@example.com' },
      { accountId: '222222222222', name: 'prod-app', email: 'prod-app@example.com' },
      { accountId: '333333333333', name: 'prod-data', email: 'prod-data@example.com' },
      { accountId: '444444444444', name: 'dev-app', email: 'dev-app@example.com' },
    ]);
    expect(await result.metadataOf?.('222222222222')).toEqual({ ouPath: 'Root/Workloads/Prod', tags: { env: 'prod', owner: 'payments' } });
    expect(await result.metadataOf?.('444444444444')).toEqual({ ouPath: 'Root/Workloads/Dev', tags: {} });
    expect(await result.metadataOf?.('333333333333')).toEqual({ ouPath: 'Root/Workloads/Prod' });
    expect(result.errors).toEqual([expect.objectContaining({ api: 'organizations:ListTagsForResource', code: 'AccessDeniedException', resourceUid: accountArn('333333333333') })]);
    // The walk still replaces per-account lookups.
    expect(calls(ListParentsCommand, 'ChildId')).toEqual([]);
  });

  it('with deferMetadata, records a failed walk with the API and code AWS answered, then finds OU paths account by account', async () => {
    mockOrganization();
    organizations
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: WORKLOADS })
      .rejects(sdkError('AccessDeniedException', `You don't have permissions to access this resource.`, 400));
    const result = await list({ deferMetadata: true });
    expect(await result.metadataOf?.('222222222222')).toEqual({ ouPath: 'Root/Workloads/Prod', tags: { env: 'prod', owner: 'payments' } });
    expect(calls(ListParentsCommand, 'ChildId')).toContain('222222222222');
    expect(result.errors).toEqual([
      {
        api: 'organizations:ListOrganizationalUnitsForParent',
        code: 'AccessDeniedException',
        message: "You don't have permissions to access this resource.",
        region: 'us-east-1',
        httpStatus: 400,
        resourceUid: WORKLOADS,
      },
    ]);
  });

  it('narrows to the requested accounts and leaves out the excluded ones', async () => {
    mockOrganization();
    const result = await list({ accounts: ['222222222222', '333333333333', '444444444444', '555555555555'], excludedAccounts: ['333333333333'] });
    expect(result.accounts.map((entry) => entry.accountId)).toEqual(['222222222222', '444444444444']);
    expect(result.skipped).toEqual([{ accountId: '555555555555', reason: 'account 555555555555 is SUSPENDED, not ACTIVE' }]);
  });

  it('takes the accounts anywhere below the requested OU, reusing what the walk learned', async () => {
    mockOrganization();
    const result = await list({ ous: [WORKLOADS], excludedAccounts: ['444444444444'] });
    expect(result.accounts.map((entry) => [entry.accountId, entry.ouPath])).toEqual([
      ['222222222222', 'Root/Workloads/Prod'],
      ['333333333333', 'Root/Workloads/Prod'],
    ]);
    expect(calls(ListOrganizationalUnitsForParentCommand, 'ParentId').sort()).toEqual([WORKLOADS, PROD, DEV].sort());
    expect(calls(ListAccountsForParentCommand, 'ParentId').sort()).toEqual([WORKLOADS, PROD, DEV].sort());
    // Prod and Dev were named by the walk and the accounts' parents are known: only Workloads is looked up.
    expect(calls(DescribeOrganizationalUnitCommand, 'OrganizationalUnitId')).toEqual([WORKLOADS]);
    expect(calls(ListParentsCommand, 'ChildId')).toEqual([WORKLOADS]);
  });

  it('accepts the root as an OU filter and combines OU and account filters', async () => {
    mockOrganization();
    const byRoot = await list({ ous: [ROOT] });
    expect(byRoot.accounts.map((entry) => entry.accountId)).toEqual([MANAGEMENT, '222222222222', '333333333333', '444444444444']);
    const both = await list({ ous: [DEV], accounts: ['222222222222', '444444444444'] });
    expect(both.accounts.map((entry) => entry.accountId)).toEqual(['444444444444']);
    expect(both.skipped).toEqual([{ accountId: '222222222222', reason: `account 222222222222 is not below the requested OUs (${DEV})` }]);
  });

  it('keeps an account whose tags are denied, without tags, and records the error', async () => {
    mockOrganization();
    organizations
      .on(ListTagsForResourceCommand, { ResourceId: '333333333333' })
      .rejects(sdkError('AccessDeniedException', 'You don\'t have permissions to access this resource.', 400));
    const result = await list();
    const data = result.accounts.find((entry) => entry.accountId === '333333333333');
    expect(data).toEqual({ accountId: '333333333333', name: 'prod-data', email: 'prod-data@example.com', ouPath: 'Root/Workloads/Prod' });
    expect(result.accounts.find((entry) => entry.accountId === '222222222222')?.tags).toEqual({ env: 'prod', owner: 'payments' });
    expect(result.errors).toEqual([
      {
        api: 'organizations:ListTagsForResource',
        code: 'AccessDeniedException',
        message: "You don't have permissions to access this resource.",
        region: 'us-east-1',
        httpStatus: 400,
        resourceUid: accountArn('333333333333'),
      },
    ]);
  });

  it('leaves the OU path undefined when a parent cannot be read, recording the failure once', async () => {
    mockOrganization();
    organizations.on(ListParentsCommand, { ChildId: PROD }).rejects(sdkError('AccessDeniedException', 'denied', 400));
    const result = await list({ accounts: [MANAGEMENT, '222222222222', '333333333333', '444444444444'] });
    const paths = Object.fromEntries(result.accounts.map((entry) => [entry.accountId, entry.ouPath]));
    expect(paths).toEqual({ [MANAGEMENT]: 'Root', '222222222222': undefined, '333333333333': undefined, '444444444444': 'Root/Workloads/Dev' });
    expect(result.errors).toEqual([expect.objectContaining({ api: 'organizations:ListParents', code: 'AccessDeniedException', resourceUid: ouArn(PROD) })]);
    expect(calls(ListParentsCommand, 'ChildId').filter((id) => id === PROD)).toHaveLength(1);
  });

  it('works with a client factory and a scoped gateway instead of a session', async () => {
    mockOrganization();
    const session = managementSession();
    const result = await listOrganizationAccounts({ clients: session.clients, gateway: session.gateway.scoped({ accountId: MANAGEMENT, region: 'eu-west-1' }), accounts: ['444444444444'] });
    expect(result.accounts.map((entry) => entry.accountId)).toEqual(['444444444444']);
    expect(session.gateway.snapshotCounters()['organizations']).toMatchObject({ errors: 0 });
  });

  it('reports an account outside any organization as a credentials problem, not as no accounts', async () => {
    organizations
      .on(DescribeOrganizationCommand)
      .rejects(sdkError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', 400));
    const error = await failure(list());
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as CredentialsError).message).toBe(
      'Account 111111111111 is not in an organization (organizations:DescribeOrganization failed with AWSOrganizationsNotInUseException: Your account is not a member of an organization.): ' +
        "use credentials of the organization's management account or of a delegated administrator, or scan the account on its own.",
    );
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(0);
  });

  it('explains an AccessDenied on ListAccounts from a member that is not a delegated administrator', async () => {
    mockOrganization();
    organizations.on(ListAccountsCommand).rejects(sdkError('AccessDeniedException', "You don't have permissions to access this resource.", 400));
    const error = await failure(list());
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as CredentialsError).message).toBe(
      `Could not list the accounts of organization ${ORG_ID} with the credentials of account ${MANAGEMENT} ` +
        "(organizations:ListAccounts failed with AccessDeniedException: You don't have permissions to access this resource.): " +
        "use the organization's management account or a delegated administrator, with read access to AWS Organizations (e.g. the AWSOrganizationsReadOnlyAccess policy).",
    );
  });

  it('fails the listing when the OU walk fails, rather than scanning part of the OU', async () => {
    mockOrganization();
    organizations.on(ListAccountsForParentCommand, { ParentId: PROD }).rejects(sdkError('TooManyRequestsException', 'AWS Organizations can\'t complete your request because another request is already in progress.', 400));
    const error = await failure(list({ ous: [WORKLOADS] }));
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as CredentialsError).message).toMatch(new RegExp(`^Could not list the accounts below ${PROD} .*organizations:ListAccountsForParent failed with TooManyRequestsException`));
    // Throttling is retried by the gateway before it counts as a failure.
    expect(calls(ListAccountsForParentCommand, 'ParentId').filter((id) => id === PROD)).toHaveLength(3);
  });

  it('reports a cancelled scan as an interruption', async () => {
    const controller = new AbortController();
    controller.abort();
    const session = { ...managementSession(), gateway: new AwsGateway({ signal: controller.signal }) };
    const error = await failure(listOrganizationAccounts({ session }));
    expect(error).toBeInstanceOf(PalisadeError);
    expect(error).toMatchObject({ code: 'INTERRUPTED' });
  });

  it('rejects an OU that is not in the organization', async () => {
    mockOrganization();
    organizations
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-a1b2-missing1' })
      .rejects(sdkError('ParentNotFoundException', 'We can\'t find a root or OU with the ParentId that you specified.', 400));
    organizations.on(ListAccountsForParentCommand, { ParentId: 'ou-a1b2-missing1' }).rejects(sdkError('ParentNotFoundException', 'not found', 400));
    const error = await failure(list({ ous: ['ou-a1b2-missing1'] }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^ous: ou-a1b2-missing1 is not an OU or root of organization o-exampleorgid \(organizations:ListOrganizationalUnitsForParent failed with ParentNotFoundException/);
  });

  it.each([
    [{ accounts: ['12345'] }, 'accounts: "12345" is not an AWS account ID (12 digits)'],
    [{ excludedAccounts: ['abcdefghijkl'] }, 'excludedAccounts: "abcdefghijkl" is not an AWS account ID (12 digits)'],
    [{ ous: ['Workloads'] }, 'ous: "Workloads" is not an organizational unit ID (ou-…) or root ID (r-…)'],
  ])('rejects the filter %j before any call', async (filters, message) => {
    const error = await failure(list(filters));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(message);
    expect(organizations.commandCalls(DescribeOrganizationCommand)).toHaveLength(0);
  });

  it('rejects requested accounts that are not members of the organization', async () => {
    mockOrganization();
    const error = await failure(list({ accounts: ['222222222222', '999999999999'] }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`accounts: not members of organization ${ORG_ID}: 999999999999`);
  });

  it('fails when the filters leave no ACTIVE account, naming why', async () => {
    mockOrganization();
    const error = await failure(list({ accounts: ['555555555555'] }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`no ACTIVE account of organization ${ORG_ID} matches the account filters: account 555555555555 is SUSPENDED, not ACTIVE`);
  });
});

describe('accounts file', () => {
  const FILE = 'accounts.txt';

  it('reads role ARNs, skipping blank lines and comments, with paths and partitions', () => {
    const text = [
      '# production accounts',
      'arn:aws:iam::222222222222:role/PalisadeScan',
      '',
      '   arn:aws:iam::333333333333:role/audit/security/PalisadeScan   # data team',
      'arn:aws-us-gov:iam::444444444444:role/PalisadeScan\r',
      '',
    ].join('\n');
    expect(parseAccountsFile(text, FILE)).toEqual([
      { accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/PalisadeScan', partition: 'aws', line: 2 },
      { accountId: '333333333333', roleArn: 'arn:aws:iam::333333333333:role/audit/security/PalisadeScan', partition: 'aws', line: 4 },
      { accountId: '444444444444', roleArn: 'arn:aws-us-gov:iam::444444444444:role/PalisadeScan', partition: 'aws-us-gov', line: 5 },
    ]);
  });

  it.each([
    ['arn:aws:iam::22222222222:role/PalisadeScan', 'accounts.txt:2: "arn:aws:iam::22222222222:role/PalisadeScan" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)'],
    ['arn:aws:iam::222222222222:user/scanner', 'accounts.txt:2: "arn:aws:iam::222222222222:user/scanner" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)'],
    ['arn:aws:iam::222222222222:role/', 'accounts.txt:2: "arn:aws:iam::222222222222:role/" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)'],
    ['222222222222', 'accounts.txt:2: "222222222222" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)'],
    ['arn:aws-iso:iam::222222222222:role/PalisadeScan', 'accounts.txt:2: "arn:aws-iso:iam::222222222222:role/PalisadeScan" is in partition aws-iso; supported: aws, aws-cn, aws-us-gov'],
  ])('names the file, line and value of a bad ARN: %s', (value, message) => {
    const thrown = catchSync(() => parseAccountsFile(`# header\n${value}\n`, FILE));
    expect(thrown).toBeInstanceOf(InputError);
    expect(thrown).toMatchObject({ code: 'USAGE', message, location: { file: FILE, line: 2 } });
  });

  it('rejects a duplicate ARN and a second role for the same account, with both lines', () => {
    const arn = 'arn:aws:iam::222222222222:role/PalisadeScan';
    expect(catchSync(() => parseAccountsFile(`${arn}\n\n${arn}\n`, FILE))).toMatchObject({
      message: `accounts.txt:3: "${arn}" is listed twice (first on line 1); list each account once`,
    });
    expect(catchSync(() => parseAccountsFile(`${arn}\narn:aws:iam::222222222222:role/Other\n`, FILE))).toMatchObject({
      message: 'accounts.txt:2: "arn:aws:iam::222222222222:role/Other" is a second role for account 222222222222 (first on line 1); list each account once',
    });
  });

  it('rejects a file without ARNs', () => {
    expect(catchSync(() => parseAccountsFile('# nothing yet\n\n', FILE))).toMatchObject({ message: 'accounts.txt: the accounts file lists no role ARNs' });
  });

  it('reads a file from disk and reports one that cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palisade-accounts-'));
    const path = join(dir, 'accounts.txt');
    await writeFile(path, 'arn:aws:iam::222222222222:role/PalisadeScan\n');
    expect(await readAccountsFile(path)).toEqual([{ accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/PalisadeScan', partition: 'aws', line: 1 }]);
    const missing = await failure(readAccountsFile(join(dir, 'missing.txt')));
    expect(missing).toBeInstanceOf(InputError);
    expect((missing as InputError).message).toBe(`${join(dir, 'missing.txt')}: cannot read the accounts file (ENOENT)`);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('memberRoleArn', () => {
  it('builds the role ARN, with or without a path', () => {
    expect(memberRoleArn('aws', '222222222222', 'PalisadeScan')).toBe('arn:aws:iam::222222222222:role/PalisadeScan');
    expect(memberRoleArn('aws-cn', '222222222222', '/audit/PalisadeScan')).toBe('arn:aws-cn:iam::222222222222:role/audit/PalisadeScan');
    expect(memberRoleArn('aws', '222222222222', 'audit/PalisadeScan')).toBe('arn:aws:iam::222222222222:role/audit/PalisadeScan');
  });

  it.each([
    ['222222222222', 'audit/', /is not an IAM role name/],
    ['222222222222', 'has space', /is not an IAM role name/],
    ['2222', 'PalisadeScan', /is not an AWS account ID/],
  ])('rejects account %s with role %s', (accountId, roleName, message) => {
    const thrown = catchSync(() => memberRoleArn('aws', accountId, roleName));
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).message).toMatch(message);
  });
});

describe('connectMember', () => {
  const ROLE = 'PalisadeScan';
  const MEMBERS = ['222222222222', '333333333333', '444444444444'];

  beforeEach(() => {
    for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL']) vi.stubEnv(name, undefined);
  });
  afterEach(() => vi.unstubAllEnvs());

  function mockMembers() {
    // AssumeRole hands out keys that name the account, so GetCallerIdentity can answer per member.
    sts.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string; RoleSessionName: string }) => {
      const accountId = input.RoleArn.split(':')[4] ?? '';
      if (accountId === '333333333333') {
        throw sdkError('AccessDenied', `User: arn:aws:iam::${MANAGEMENT}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, 403);
      }
      return {
        Credentials: { AccessKeyId: `ASIA${accountId}`, SecretAccessKey: `secret-${accountId}-0123456789`, SessionToken: `token-${accountId}`, Expiration: new Date(Date.now() + 3600_000) },
        AssumedRoleUser: { AssumedRoleId: `AROA${accountId}:${input.RoleSessionName}`, Arn: `arn:aws:sts::${accountId}:assumed-role/${ROLE}/${input.RoleSessionName}` },
      };
    });
    sts.on(GetCallerIdentityCommand).callsFake(async (_input: unknown, getClient: () => STSClient) => {
      const credentials = await getClient().config.credentials();
      const accountId = credentials.accessKeyId.replace(/^ASIA/, '');
      return { UserId: `AROA${accountId}:palisade-scan`, Account: accountId, Arn: `arn:aws:sts::${accountId}:assumed-role/${ROLE}/palisade-scan` };
    });
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' }] });
  }

  it('connects every member it can and fails only the member whose role is denied', async () => {
    mockMembers();
    const gateway = new AwsGateway({ sleep: async () => {}, random: () => 0 });
    const base = { credentials: STATIC, region: 'us-east-1', gateway };
    const results = await Promise.allSettled(
      MEMBERS.map((accountId) => connectMember(base, { accountId, roleArn: memberRoleArn('aws', accountId, ROLE), externalId: 'palisade-ext-1' })),
    );
    const [first, denied, third] = results;
    expect(first).toMatchObject({ status: 'fulfilled', value: { accountId: '222222222222', regions: ['us-east-1'] } });
    expect(third).toMatchObject({ status: 'fulfilled', value: { accountId: '444444444444', callerArn: `arn:aws:sts::444444444444:assumed-role/${ROLE}/palisade-scan` } });
    expect(denied?.status).toBe('rejected');
    const reason = (denied as PromiseRejectedResult).reason as CredentialsError;
    expect(reason).toBeInstanceOf(CredentialsError);
    // The provider's answer stays readable behind the explanation, for callers that report it as data.
    expect(providerErrorOf(reason)).toMatchObject({ api: 'sts:AssumeRole', code: 'AccessDenied', httpStatus: 403, region: 'us-east-1' });
    expect(reason.message).toBe(
      `Could not assume role arn:aws:iam::333333333333:role/${ROLE} with the credentials (supplied credentials, caller arn:aws:iam::${MANAGEMENT}:user/auditor): AccessDenied on sts:AssumeRole; ` +
        "check that the role's trust policy allows this caller and that the external ID matches its sts:ExternalId condition, and that the caller may call sts:AssumeRole on the role.",
    );
    expect(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input)).toEqual(
      MEMBERS.map((accountId) => ({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE}`, RoleSessionName: 'palisade-scan', DurationSeconds: 3600, ExternalId: 'palisade-ext-1' })),
    );
    // One shared gateway counts every member's calls: 3 AssumeRole (1 failed) and 2 GetCallerIdentity.
    expect(gateway.snapshotCounters()['sts']).toMatchObject({ calls: 5, errors: 1, errorCodes: { AccessDenied: 1 } });
    for (const result of results) if (result.status === 'fulfilled') result.value.close();
  });

  it("keeps the base role's session settings but replaces its role and external ID", async () => {
    mockMembers();
    const base = { credentials: STATIC, region: 'us-east-1', assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/Hub', externalId: 'hub-ext', sessionName: 'nightly', durationSeconds: 900 } };
    const session = await connectMember(base, { accountId: '222222222222', roleArn: memberRoleArn('aws', '222222222222', ROLE) });
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({ RoleArn: `arn:aws:iam::222222222222:role/${ROLE}`, RoleSessionName: 'nightly', DurationSeconds: 900 });
    expect(session.accountId).toBe('222222222222');
    session.close();
  });

  it('rejects a role ARN of another account before calling AWS', async () => {
    const error = await failure(connectMember({ credentials: STATIC, region: 'us-east-1' }, { accountId: '222222222222', roleArn: memberRoleArn('aws', '333333333333', ROLE) }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`roleArn: the role arn:aws:iam::333333333333:role/${ROLE} does not belong to account 222222222222`);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});

function catchSync(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
