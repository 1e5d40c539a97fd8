/**
 * AWS Organizations over JSON 1.1 (`AWSOrganizationsV20161128.*`), from the estate's organization:
 * root, OUs, and each account's OU path, name, e-mail and tags. Any member may describe the
 * organization; everything else answers only the management account, as AWS does for an account
 * that is neither management nor a delegated administrator.
 */
import type { SimAccount, SimEstate } from '../types.ts';
import { failure, pageOf } from './estate-answer.ts';
import type { Answer } from './estate-answer.ts';
import { jsonRpcSimulator } from './json-rpc.ts';
import type { JsonHandler, JsonInput } from './json-rpc.ts';

/**
 * Organization ARNs name the partition; the simulated estate lives in the commercial one (reading
 * it from a snapshot would make every call generate the management account's state).
 */
const PARTITION = 'aws';
/** Organizations list APIs accept MaxResults 1–20. */
const MAX_RESULTS = 20;
/** When every account joined: a fixed day keeps answers reproducible. */
const JOINED_EPOCH = Date.UTC(2021, 2, 1) / 1000;

/** Only the management account (no delegated administrators exist in the simulated estate). */
const managementOnly =
  (handler: JsonHandler): JsonHandler =>
  (input, context, request) =>
    context.account.accountId === context.estate.managementAccountId
      ? handler(input, context, request)
      : failure('AccessDeniedException', "You don't have permissions to access this resource.", 400);

export const organizationsSimulator = jsonRpcSimulator({
  signingName: 'organizations',
  actionPrefix: 'organizations',
  targetPrefixes: ['AWSOrganizationsV20161128'],
  validationCode: 'InvalidInputException',
  messageMember: 'Message',
  throttle: { code: 'TooManyRequestsException', status: 400 },
  denied: { code: 'AccessDeniedException', status: 400 },
  operations: {
    DescribeOrganization(_input, { estate }) {
      const management = accountById(estate, estate.managementAccountId);
      return {
        value: {
          Organization: {
            Id: estate.organizationId,
            Arn: `arn:${PARTITION}:organizations::${estate.managementAccountId}:organization/${estate.organizationId}`,
            FeatureSet: 'ALL',
            MasterAccountArn: accountArn(estate, estate.managementAccountId),
            MasterAccountId: estate.managementAccountId,
            MasterAccountEmail: management?.email,
            AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
          },
        },
      };
    },
    ListRoots: managementOnly((input, { estate }) =>
      paged(input, 'ListRoots', [{ Id: estate.rootId, Arn: rootArn(estate), Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }], 'Roots'),
    ),
    ListAccounts: managementOnly((input, { estate }) => paged(input, 'ListAccounts', estate.accounts.map((account) => accountEntry(estate, account)), 'Accounts')),
    ListAccountsForParent: managementOnly((input, { estate }) => {
      const parentId = input.requiredString('ParentId');
      if (!isParent(estate, parentId)) return parentNotFound();
      const accounts = estate.accounts.filter((account) => parentOf(estate, account) === parentId);
      return paged(input, `ListAccountsForParent|${parentId}`, accounts.map((account) => accountEntry(estate, account)), 'Accounts');
    }),
    ListOrganizationalUnitsForParent: managementOnly((input, { estate }) => {
      const parentId = input.requiredString('ParentId');
      if (!isParent(estate, parentId)) return parentNotFound();
      const units = estate.organizationalUnits.filter((unit) => unit.parentId === parentId).map((unit) => ({ Id: unit.id, Arn: ouArn(estate, unit.id), Name: unit.name }));
      return paged(input, `ListOrganizationalUnitsForParent|${parentId}`, units, 'OrganizationalUnits');
    }),
    ListChildren: managementOnly((input, { estate }) => {
      const parentId = input.requiredString('ParentId');
      const childType = input.requiredString('ChildType');
      if (childType !== 'ACCOUNT' && childType !== 'ORGANIZATIONAL_UNIT') return input.invalid(`Invalid ChildType: ${childType}`);
      if (!isParent(estate, parentId)) return parentNotFound();
      const children =
        childType === 'ACCOUNT'
          ? estate.accounts.filter((account) => parentOf(estate, account) === parentId).map((account) => ({ Id: account.accountId, Type: 'ACCOUNT' }))
          : estate.organizationalUnits.filter((unit) => unit.parentId === parentId).map((unit) => ({ Id: unit.id, Type: 'ORGANIZATIONAL_UNIT' }));
      return paged(input, `ListChildren|${parentId}|${childType}`, children, 'Children');
    }),
    ListParents: managementOnly((input, { estate }) => {
      const childId = input.requiredString('ChildId');
      const account = accountById(estate, childId);
      const unit = estate.organizationalUnits.find((candidate) => candidate.id === childId);
      const parentId = account ? parentOf(estate, account) : unit?.parentId;
      if (parentId === undefined) return failure('ChildNotFoundException', 'We can\'t find an organizational unit (OU) or AWS account with the ChildId that you specified.', 400);
      return paged(input, `ListParents|${childId}`, [{ Id: parentId, Type: parentId === estate.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }], 'Parents');
    }),
    DescribeOrganizationalUnit: managementOnly((input, { estate }) => {
      const id = input.requiredString('OrganizationalUnitId');
      const unit = estate.organizationalUnits.find((candidate) => candidate.id === id);
      if (!unit) return failure('OrganizationalUnitNotFoundException', "We can't find an organizational unit (OU) with the OrganizationalUnitId that you specified.", 400);
      return { value: { OrganizationalUnit: { Id: unit.id, Arn: ouArn(estate, unit.id), Name: unit.name } } };
    }),
    DescribeAccount: managementOnly((input, { estate }) => {
      const account = accountById(estate, input.requiredString('AccountId'));
      if (!account) return failure('AccountNotFoundException', "You specified an account that doesn't exist.", 400);
      return { value: { Account: accountEntry(estate, account) } };
    }),
    ListTagsForResource: managementOnly((input, { estate }) => {
      const resourceId = input.requiredString('ResourceId');
      const account = accountById(estate, resourceId);
      // Only accounts carry tags in the estate; the root and OUs exist but are untagged.
      if (!account && !isParent(estate, resourceId)) return failure('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified.", 400);
      const tags = Object.entries(account?.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
      return paged(input, `ListTagsForResource|${resourceId}`, tags, 'Tags');
    }),
  },
});

function paged(input: JsonInput, listing: string, items: readonly object[], member: string): Answer<object> {
  const page = pageOf(items, input.string('NextToken'), input.pageSize('MaxResults', MAX_RESULTS, MAX_RESULTS), listing);
  if (!page) return input.invalid('The provided NextToken is not valid.');
  return { value: { [member]: page.items, ...(page.next ? { NextToken: page.next } : {}) } };
}

function parentNotFound() {
  return failure('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.", 400);
}

function accountById(estate: SimEstate, accountId: string): SimAccount | undefined {
  return estate.accounts.find((account) => account.accountId === accountId);
}

function parentOf(estate: SimEstate, account: SimAccount): string {
  return account.ouPath[account.ouPath.length - 1] ?? estate.rootId;
}

function isParent(estate: SimEstate, id: string): boolean {
  return id === estate.rootId || estate.organizationalUnits.some((unit) => unit.id === id);
}

function accountArn(estate: SimEstate, accountId: string): string {
  return `arn:${PARTITION}:organizations::${estate.managementAccountId}:account/${estate.organizationId}/${accountId}`;
}

function rootArn(estate: SimEstate): string {
  return `arn:${PARTITION}:organizations::${estate.managementAccountId}:root/${estate.organizationId}/${estate.rootId}`;
}

function ouArn(estate: SimEstate, unitId: string): string {
  return `arn:${PARTITION}:organizations::${estate.managementAccountId}:ou/${estate.organizationId}/${unitId}`;
}

function accountEntry(estate: SimEstate, account: SimAccount): object {
  return {
    Id: account.accountId,
    Arn: accountArn(estate, account.accountId),
    Email: account.email,
    Name: account.name,
    Status: 'ACTIVE',
    State: 'ACTIVE',
    // The management account created the organization; the others were invited into it.
    JoinedMethod: account.accountId === estate.managementAccountId ? 'CREATED' : 'INVITED',
    // Spread over a few years by account id, so every answer for an account is the same.
    JoinedTimestamp: JOINED_EPOCH + (Number(account.accountId) % 1000) * 86_400,
  };
}
