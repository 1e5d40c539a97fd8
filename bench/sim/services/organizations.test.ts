import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { Account } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { MANAGEMENT_ACCOUNT_ID, ORGANIZATION_ID, ROOT_ID, SANDBOX_OU, WORKLOADS_OU, clientsFor, protocolTestEstate, simulatorFor } from './protocol-test-estate.ts';

const estate = protocolTestEstate();
const [, prod, dev] = estate.accounts;
const sim = simulatorFor(estate);
const organizations = (accountId: string) => clientsFor(sim, accountId).get(OrganizationsClient, 'us-east-1');
const management = organizations(MANAGEMENT_ACCOUNT_ID);

async function rejection(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (thrown) {
    const error = thrown as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
  }
  throw new Error('the call succeeded');
}

describe('organizations simulator', () => {
  it('pages ListAccounts with MaxResults/NextToken and describes every account as ACTIVE', async () => {
    const accounts: Account[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await management.send(new ListAccountsCommand({ MaxResults: 2, NextToken }));
      accounts.push(...(page.Accounts ?? []));
      NextToken = page.NextToken;
      pages += 1;
    } while (NextToken);
    expect(pages).toBe(2);
    expect(accounts.map((account) => [account.Id, account.Name, account.Email, account.Status, account.State])).toEqual(
      estate.accounts.map((account) => [account.accountId, account.name, account.email, 'ACTIVE', 'ACTIVE']),
    );
    expect(accounts[1]).toMatchObject({ Arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:account/${ORGANIZATION_ID}/${prod!.accountId}`, JoinedMethod: 'INVITED' });
    expect(accounts[0]?.JoinedMethod).toBe('CREATED');
    expect(accounts[0]?.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('walks the tree: root, OUs under a parent, children, parents and OU descriptions', async () => {
    const roots = await management.send(new ListRootsCommand({}));
    expect(roots.Roots).toEqual([{ Id: ROOT_ID, Arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:root/${ORGANIZATION_ID}/${ROOT_ID}`, Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }]);
    const underRoot = await management.send(new ListOrganizationalUnitsForParentCommand({ ParentId: ROOT_ID }));
    expect(underRoot.OrganizationalUnits?.map((unit) => unit.Name)).toEqual(['Workloads']);
    const children = await management.send(new ListChildrenCommand({ ParentId: WORKLOADS_OU, ChildType: 'ORGANIZATIONAL_UNIT' }));
    expect(children.Children).toEqual([{ Id: SANDBOX_OU, Type: 'ORGANIZATIONAL_UNIT' }]);
    const accountsInSandbox = await management.send(new ListAccountsForParentCommand({ ParentId: SANDBOX_OU }));
    expect(accountsInSandbox.Accounts?.map((account) => account.Id)).toEqual([dev!.accountId]);
    expect((await management.send(new ListChildrenCommand({ ParentId: ROOT_ID, ChildType: 'ACCOUNT' }))).Children).toEqual([{ Id: MANAGEMENT_ACCOUNT_ID, Type: 'ACCOUNT' }]);

    expect((await management.send(new ListParentsCommand({ ChildId: dev!.accountId }))).Parents).toEqual([{ Id: SANDBOX_OU, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect((await management.send(new ListParentsCommand({ ChildId: SANDBOX_OU }))).Parents).toEqual([{ Id: WORKLOADS_OU, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect((await management.send(new ListParentsCommand({ ChildId: MANAGEMENT_ACCOUNT_ID }))).Parents).toEqual([{ Id: ROOT_ID, Type: 'ROOT' }]);
    const unit = await management.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: SANDBOX_OU }));
    expect(unit.OrganizationalUnit).toEqual({ Id: SANDBOX_OU, Arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:ou/${ORGANIZATION_ID}/${SANDBOX_OU}`, Name: 'Sandbox' });
  });

  it('lists an account’s tags and describes the account', async () => {
    const tags = await management.send(new ListTagsForResourceCommand({ ResourceId: prod!.accountId }));
    expect(tags.Tags).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'cost-center', Value: 'R&D' },
    ]);
    expect((await management.send(new ListTagsForResourceCommand({ ResourceId: WORKLOADS_OU }))).Tags).toEqual([]);
    const described = await management.send(new DescribeAccountCommand({ AccountId: dev!.accountId }));
    expect(described.Account).toMatchObject({ Id: dev!.accountId, Name: 'acme-dev', Email: 'aws+dev@acme.example', State: 'ACTIVE' });
  });

  it('lets any member describe the organization but nothing else', async () => {
    const member = organizations(prod!.accountId);
    const described = await member.send(new DescribeOrganizationCommand({}));
    expect(described.Organization).toMatchObject({ Id: ORGANIZATION_ID, MasterAccountId: MANAGEMENT_ACCOUNT_ID, MasterAccountEmail: 'aws+management@acme.example', FeatureSet: 'ALL' });
    expect(await rejection(member.send(new ListAccountsCommand({})))).toMatchObject({ name: 'AccessDeniedException', status: 400, message: "You don't have permissions to access this resource." });
  });

  it('answers unknown ids, bad tokens and out-of-range page sizes with the modeled errors', async () => {
    expect(await rejection(management.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'ou-a1b2-missing0' })))).toMatchObject({ name: 'OrganizationalUnitNotFoundException', status: 400 });
    expect(await rejection(management.send(new ListParentsCommand({ ChildId: '999999999999' })))).toMatchObject({ name: 'ChildNotFoundException' });
    expect(await rejection(management.send(new ListAccountsForParentCommand({ ParentId: 'ou-a1b2-missing0' })))).toMatchObject({ name: 'ParentNotFoundException' });
    expect(await rejection(management.send(new DescribeAccountCommand({ AccountId: '999999999999' })))).toMatchObject({ name: 'AccountNotFoundException' });
    expect(await rejection(management.send(new ListTagsForResourceCommand({ ResourceId: '999999999999' })))).toMatchObject({ name: 'TargetNotFoundException' });
    expect(await rejection(management.send(new ListAccountsCommand({ NextToken: 'not-a-token' })))).toMatchObject({ name: 'InvalidInputException', status: 400 });
    expect(await rejection(management.send(new ListAccountsCommand({ MaxResults: 21 })))).toMatchObject({ name: 'InvalidInputException', status: 400 });
  });

  it('throttles with TooManyRequestsException', async () => {
    const throttled = simulatorFor(estate, { rateLimits: [{ pattern: '*', capacity: 0, refillPerSecond: 0.001, source: 'test' }] });
    const client = clientsFor(throttled, MANAGEMENT_ACCOUNT_ID).get(OrganizationsClient, 'us-east-1');
    expect(await rejection(client.send(new ListRootsCommand({})))).toMatchObject({ name: 'TooManyRequestsException', status: 400, message: 'Rate exceeded' });
  });
});
