/**
 * AWS Organizations: which member accounts to scan, with the metadata findings carry (name,
 * e-mail, OU path, tags), and the connection to each member through a role. Discovery runs with
 * the credentials of the management account or a delegated administrator; every call goes through
 * the gateway. A failed discovery is an error, never an empty organization.
 */
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
import type {
  Account,
  ListAccountsCommandOutput,
  ListAccountsForParentCommandOutput,
  ListOrganizationalUnitsForParentCommandOutput,
  ListParentsCommandOutput,
  ListRootsCommandOutput,
  ListTagsForResourceCommandOutput,
  Organization,
} from '@aws-sdk/client-organizations';
import { CredentialsError, InputError, PalisadeError, describeApiError } from '@palisade/core';
import { parseArn } from '@palisade/core/aws';
import type { ApiError, Fetched, Tags } from '@palisade/core';
import type { AwsPartition } from '@palisade/core/aws';
import { readFile } from 'node:fs/promises';
import type { AwsClientFactory } from './clients.ts';
import { mapLimit, tagsFromList } from './collector.ts';
import { toApiError } from './gateway.ts';
import type { ScopedGateway } from './gateway.ts';
import { connectAws, providerErrorOf } from './session.ts';
import type { AwsSession, ConnectAwsOptions } from './session.ts';

/** Which accounts of the organization to scan. Each given list narrows the selection; empty lists are ignored. */
export interface OrganizationFilters {
  /** Only these account ids. */
  readonly accounts?: readonly string[];
  /** Never these account ids. */
  readonly excludedAccounts?: readonly string[];
  /** Only accounts anywhere below these OUs (`ou-…`) or the root (`r-…`). */
  readonly ous?: readonly string[];
}

/**
 * The management (or delegated administrator) connection: a session from `connectAws`, or its
 * client factory with a gateway scoped to that account and the region Organizations is called in.
 */
export type OrganizationConnection =
  | { readonly session: Pick<AwsSession, 'accountId' | 'homeRegion' | 'clients' | 'gateway'> }
  | { readonly clients: AwsClientFactory; readonly gateway: ScopedGateway };

export type ListOrganizationAccountsOptions = OrganizationConnection &
  OrganizationFilters & {
    /** Accounts whose metadata is read at the same time; defaults to 4. */
    readonly concurrency?: number;
    /**
     * Read OU paths and tags in the background instead of before returning: the result's
     * `metadataOf` resolves each account's, so a scan can start collecting while they arrive.
     */
    readonly deferMetadata?: boolean;
  };

export interface OrganizationAccount {
  readonly accountId: string;
  readonly name: string;
  readonly email: string;
  /** OU names from the root down, e.g. `Root/Workloads/Prod`; undefined when it could not be read (see `errors`). */
  readonly ouPath?: string;
  /** Undefined when the tags could not be read (see `errors`); `{}` means the account has no tags. */
  readonly tags?: Tags;
}

export interface AccountMetadata {
  readonly ouPath?: string;
  readonly tags?: Tags;
}

export interface SkippedAccount {
  readonly accountId: string;
  readonly reason: string;
}

export interface OrganizationAccounts {
  readonly organizationId: string;
  /** The selected ACTIVE accounts, in ListAccounts order. */
  readonly accounts: readonly OrganizationAccount[];
  /** Selected accounts that are not scanned (not ACTIVE, or requested but outside the requested OUs), to report as not scanned. */
  readonly skipped: readonly SkippedAccount[];
  /** Metadata reads that failed; the accounts they concern are still listed. */
  readonly errors: readonly ApiError[];
  /** With `deferMetadata`: each selected account's OU path and tags (undefined when they could not be read; see `errors`). */
  readonly metadataOf?: (accountId: string) => Promise<AccountMetadata>;
}

const DEFAULT_CONCURRENCY = 4;
/** AWS allows five levels of OUs below the root; a longer chain means the answers are inconsistent. */
const MAX_DEPTH = 10;
const DENIED_CODES = new Set(['AccessDenied', 'AccessDeniedException']);
const ACCOUNT_ID = /^\d{12}$/;
const OU_OR_ROOT_ID = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
const ROLE_ARN = /^arn:([a-z-]+):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;
const ROLE_NAME = /^\/?((?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;
const PARTITIONS: readonly AwsPartition[] = ['aws', 'aws-cn', 'aws-us-gov'];

/**
 * Lists the organization's ACTIVE accounts (the `State` field, or the older `Status` when `State`
 * is absent), narrowed by the filters, with each account's name, e-mail, OU path and tags.
 * Throws `CredentialsError` when the organization cannot be read (not in an organization, not the
 * management account or a delegated administrator, network), `InputError` for bad filters.
 */
export async function listOrganizationAccounts(options: ListOrganizationAccountsOptions): Promise<OrganizationAccounts> {
  const filters = validateFilters(options);
  const { clients, gateway } =
    'session' in options
      ? { clients: options.session.clients, gateway: options.session.gateway.scoped({ accountId: options.session.accountId, region: options.session.homeRegion }) }
      : options;
  const api = new OrganizationsApi(gateway, clients.get(OrganizationsClient, gateway.scope.region));
  const caller = gateway.scope.accountId;

  const described = await api.describeOrganization();
  if (described.error) throw organizationFailure(described.error, caller, 'read the organization');
  const organization = described.value;
  const organizationId = organization.Id ?? '';
  const listed = await api.listAccounts();
  if (listed.error) throw organizationFailure(listed.error, caller, `list the accounts of organization ${organizationId}`);

  const members = new Set(listed.value.map((account) => account.Id));
  const strangers = [...(filters.accounts ?? [])].filter((accountId) => !members.has(accountId));
  if (strangers.length > 0) {
    throw new InputError('USAGE', `not members of organization ${organizationId}: ${strangers.join(', ')}`, { field: 'accounts' });
  }

  const errors: ApiError[] = [];
  const tree = new OrganizationTree(api, organization, errors);
  const below = filters.ous ? await tree.accountsBelow(filters.ous, options.concurrency ?? DEFAULT_CONCURRENCY, caller) : undefined;
  // Walking the tree once from the root learns every account's OU path in two calls per OU,
  // instead of a ListParents per account: the difference between seconds and minutes for a large
  // organization under the Organizations rate limit. A handful of named accounts use ListParents.
  const walkFromRoot = async (): Promise<void> => {
    if (filters.ous || filters.accounts) return;
    const root = await api.rootId();
    if (root.error) throw organizationFailure(root.error, caller, `list the roots of organization ${organizationId}`);
    if (root.value) await tree.accountsBelow(new Set([root.value]), options.concurrency ?? DEFAULT_CONCURRENCY, caller);
  };

  const skipped: SkippedAccount[] = [];
  const selected: (Account & { Id: string })[] = [];
  for (const account of listed.value) {
    const id = account.Id;
    if (id === undefined || filters.accounts?.has(id) === false || filters.excludedAccounts?.has(id)) continue;
    if (below && !below.has(id)) {
      // Only an account the user named deserves a word; the rest of the organization is simply out of scope.
      if (filters.accounts) skipped.push({ accountId: id, reason: `account ${id} is not below the requested OUs (${[...(filters.ous ?? [])].join(', ')})` });
      continue;
    }
    const state = accountState(account);
    if (state === 'ACTIVE') selected.push({ ...account, Id: id });
    else skipped.push({ accountId: id, reason: `account ${id} is ${state}, not ACTIVE` });
  }
  if (selected.length === 0) {
    const reasons = skipped.length ? `: ${skipped.map((entry) => entry.reason).join('; ')}` : '';
    throw new InputError('USAGE', `no ACTIVE account of organization ${organizationId} matches the account filters${reasons}`);
  }

  const readTags = async (account: Account & { Id: string }): Promise<Tags | undefined> => {
    const tags = await api.tags(account.Id, account.Arn ?? '');
    if (tags.error) errors.push(tags.error);
    return tags.value;
  };
  if (options.deferMetadata) {
    // Read now, in ListAccounts order (the order accounts are scanned in), rate-limited by the gateway.
    // A failed walk leaves OU paths unknown (recorded once, with the API and code AWS answered)
    // instead of failing the scan it runs under.
    const walked = walkFromRoot().catch((error: unknown) => {
      errors.push(providerErrorOf(error) ?? toApiError('organizations:ListOrganizationalUnitsForParent', error, gateway.scope.region));
    });
    const settle = new Map<string, (metadata: AccountMetadata | PromiseLike<AccountMetadata>) => void>();
    const pending = new Map(selected.map((account) => [account.Id, new Promise<AccountMetadata>((resolve) => settle.set(account.Id, resolve))] as const));
    void mapLimit(selected, options.concurrency ?? DEFAULT_CONCURRENCY, async (account) => {
      const metadata = (async (): Promise<AccountMetadata> => {
        const [, tags] = await Promise.all([walked, readTags(account)]);
        const ouPath = await tree.ouPath(account.Id, account.Arn ?? '');
        return { ...(ouPath !== undefined ? { ouPath } : {}), ...(tags ? { tags } : {}) };
      })();
      settle.get(account.Id)?.(metadata);
      await metadata.catch(() => undefined);
    });
    const accounts = selected.map((account) => ({ accountId: account.Id, name: account.Name ?? '', email: account.Email ?? '' }));
    const metadataOf = (accountId: string): Promise<AccountMetadata> => pending.get(accountId) ?? Promise.resolve({});
    return { organizationId, accounts, skipped, errors, metadataOf };
  }
  await walkFromRoot();
  const accounts = await mapLimit(selected, options.concurrency ?? DEFAULT_CONCURRENCY, async (account): Promise<OrganizationAccount> => {
    const [ouPath, tags] = await Promise.all([tree.ouPath(account.Id, account.Arn ?? ''), readTags(account)]);
    return {
      accountId: account.Id,
      name: account.Name ?? '',
      email: account.Email ?? '',
      ...(ouPath !== undefined ? { ouPath } : {}),
      ...(tags ? { tags } : {}),
    };
  });
  return { organizationId, accounts, skipped, errors };
}

/** `State` replaces the deprecated `Status`; either may be the only one present. */
function accountState(account: Account): string {
  return account.State ?? account.Status ?? 'UNKNOWN';
}

interface ValidFilters {
  readonly accounts?: ReadonlySet<string>;
  readonly excludedAccounts?: ReadonlySet<string>;
  readonly ous?: ReadonlySet<string>;
}

function validateFilters(filters: OrganizationFilters): ValidFilters {
  const ids = (field: 'accounts' | 'excludedAccounts' | 'ous', pattern: RegExp, what: string): ReadonlySet<string> | undefined => {
    const values = (filters[field] ?? []).map((value) => value.trim());
    if (values.length === 0) return undefined;
    for (const value of values) if (!pattern.test(value)) throw new InputError('USAGE', `"${value}" is not ${what}`, { field });
    return new Set(values);
  };
  const out = {
    accounts: ids('accounts', ACCOUNT_ID, 'an AWS account ID (12 digits)'),
    excludedAccounts: ids('excludedAccounts', ACCOUNT_ID, 'an AWS account ID (12 digits)'),
    ous: ids('ous', OU_OR_ROOT_ID, 'an organizational unit ID (ou-…) or root ID (r-…)'),
  };
  return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== undefined)) as ValidFilters;
}

/** The Organizations calls used here, each through the gateway. */
class OrganizationsApi {
  constructor(
    private readonly gateway: ScopedGateway,
    private readonly client: OrganizationsClient,
  ) {}

  async describeOrganization(): Promise<Fetched<Organization>> {
    const result = await this.gateway.call('organizations:DescribeOrganization', (abortSignal) =>
      this.client.send(new DescribeOrganizationCommand({}), { abortSignal }),
    );
    if (result.error) return result;
    const organization = result.value.Organization;
    if (!organization?.Id) return { error: this.invalid('organizations:DescribeOrganization', 'DescribeOrganization answered without an organization id') };
    return { value: organization };
  }

  async rootId(): Promise<Fetched<string | undefined>> {
    const result = await this.gateway.paginate(
      'organizations:ListRoots',
      (NextToken, abortSignal) => this.client.send(new ListRootsCommand({ NextToken }), { abortSignal }),
      (page: ListRootsCommandOutput) => page.Roots,
      (page) => page.NextToken,
    );
    return result.error ? result : { value: result.value[0]?.Id };
  }

  listAccounts(): Promise<Fetched<Account[]>> {
    return this.gateway.paginate(
      'organizations:ListAccounts',
      (NextToken, abortSignal) => this.client.send(new ListAccountsCommand({ NextToken }), { abortSignal }),
      (page: ListAccountsCommandOutput) => page.Accounts,
      (page) => page.NextToken,
    );
  }

  async childOus(parentId: string): Promise<Fetched<{ id: string; name: string }[]>> {
    const result = await this.gateway.paginate(
      'organizations:ListOrganizationalUnitsForParent',
      (NextToken, abortSignal) => this.client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }), { abortSignal }),
      (page: ListOrganizationalUnitsForParentCommandOutput) => page.OrganizationalUnits,
      (page) => page.NextToken,
    );
    if (result.error) return { error: { ...result.error, resourceUid: parentId } };
    return { value: result.value.flatMap((unit) => (unit.Id && unit.Name !== undefined ? [{ id: unit.Id, name: unit.Name }] : [])) };
  }

  async childAccounts(parentId: string): Promise<Fetched<string[]>> {
    const result = await this.gateway.paginate(
      'organizations:ListAccountsForParent',
      (NextToken, abortSignal) => this.client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }), { abortSignal }),
      (page: ListAccountsForParentCommandOutput) => page.Accounts,
      (page) => page.NextToken,
    );
    if (result.error) return { error: { ...result.error, resourceUid: parentId } };
    return { value: result.value.flatMap((account) => (account.Id ? [account.Id] : [])) };
  }

  async parent(childId: string, resourceUid: string): Promise<Fetched<Parent>> {
    const result = await this.gateway.paginate(
      'organizations:ListParents',
      (NextToken, abortSignal) => this.client.send(new ListParentsCommand({ ChildId: childId, NextToken }), { abortSignal }),
      (page: ListParentsCommandOutput) => page.Parents,
      (page) => page.NextToken,
    );
    if (result.error) return { error: { ...result.error, resourceUid } };
    // An account or OU has exactly one parent.
    const parent = result.value[0];
    if (!parent?.Id || (parent.Type !== 'ROOT' && parent.Type !== 'ORGANIZATIONAL_UNIT')) {
      return { error: this.invalid('organizations:ListParents', `ListParents answered without a parent for ${childId}`, resourceUid) };
    }
    return { value: { id: parent.Id, type: parent.Type } };
  }

  async ouName(ouId: string, resourceUid: string): Promise<Fetched<string>> {
    const result = await this.gateway.call(
      'organizations:DescribeOrganizationalUnit',
      (abortSignal) => this.client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ouId }), { abortSignal }),
      { resourceUid },
    );
    if (result.error) return result;
    const name = result.value.OrganizationalUnit?.Name;
    if (name === undefined) return { error: this.invalid('organizations:DescribeOrganizationalUnit', `DescribeOrganizationalUnit answered without a name for ${ouId}`, resourceUid) };
    return { value: name };
  }

  async tags(accountId: string, resourceUid: string): Promise<Fetched<Tags>> {
    const result = await this.gateway.paginate(
      'organizations:ListTagsForResource',
      (NextToken, abortSignal) => this.client.send(new ListTagsForResourceCommand({ ResourceId: accountId, NextToken }), { abortSignal }),
      (page: ListTagsForResourceCommandOutput) => page.Tags,
      (page) => page.NextToken,
    );
    if (result.error) return { error: { ...result.error, resourceUid } };
    return { value: tagsFromList(result.value) };
  }

  private invalid(api: string, message: string, resourceUid?: string): ApiError {
    return { api, code: 'InvalidResponse', message, region: this.gateway.scope.region, ...(resourceUid ? { resourceUid } : {}) };
  }
}

interface Parent {
  readonly id: string;
  readonly type: 'ROOT' | 'ORGANIZATIONAL_UNIT';
}

/**
 * Parents and OU names, each read at most once per scan: accounts share their OUs, so a large
 * organization costs one ListParents per account plus one ListParents and one
 * DescribeOrganizationalUnit per OU. Promises are cached, so concurrent lookups share a call; a
 * failed call is recorded once and leaves the OU path of the accounts below it undefined.
 */
class OrganizationTree {
  private readonly parents = new Map<string, Promise<Fetched<Parent>>>();
  private readonly names = new Map<string, Promise<Fetched<string>>>();

  constructor(
    private readonly api: OrganizationsApi,
    private readonly organization: Organization,
    private readonly errors: ApiError[],
  ) {}

  /** Account ids anywhere below the given OUs or root, read top-down; learns parents and names on the way. */
  async accountsBelow(roots: ReadonlySet<string>, concurrency: number, caller: string): Promise<Set<string>> {
    const found = new Set<string>();
    const visited = new Set<string>(roots);
    let level = [...roots];
    while (level.length > 0) {
      const read = await mapLimit(level, concurrency, async (parentId) => {
        const [units, accounts] = await Promise.all([this.api.childOus(parentId), this.api.childAccounts(parentId)]);
        return { parentId, units, accounts };
      });
      const next: string[] = [];
      for (const { parentId, units, accounts } of read) {
        const failed = units.error ?? accounts.error;
        // Without the whole subtree the selection would silently miss accounts.
        if (failed) throw this.walkFailure(failed, parentId, roots.has(parentId), caller);
        const parent: Parent = { id: parentId, type: parentId.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
        for (const unit of units.value ?? []) {
          this.parents.set(unit.id, Promise.resolve({ value: parent }));
          this.names.set(unit.id, Promise.resolve({ value: unit.name }));
          if (!visited.has(unit.id)) {
            visited.add(unit.id);
            next.push(unit.id);
          }
        }
        for (const accountId of accounts.value ?? []) {
          this.parents.set(accountId, Promise.resolve({ value: parent }));
          found.add(accountId);
        }
      }
      level = next;
    }
    return found;
  }

  /** `Root/Workloads/Prod` for an account; undefined when a parent or name could not be read. */
  async ouPath(accountId: string, accountArn: string): Promise<string | undefined> {
    const names: string[] = [];
    let child = { id: accountId, arn: accountArn };
    for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
      const parent = await this.parentOf(child.id, child.arn);
      if (parent.error) return undefined;
      if (parent.value.type === 'ROOT') return ['Root', ...names].join('/');
      const arn = this.ouArn(parent.value.id);
      const name = await this.nameOf(parent.value.id, arn);
      if (name.error) return undefined;
      names.unshift(name.value);
      child = { id: parent.value.id, arn };
    }
    this.errors.push({
      api: 'organizations:ListParents',
      code: 'InvalidResponse',
      message: `no root found within ${MAX_DEPTH} levels above account ${accountId}`,
      resourceUid: accountArn,
    });
    return undefined;
  }

  private parentOf(childId: string, resourceUid: string): Promise<Fetched<Parent>> {
    return this.cached(this.parents, childId, () => this.api.parent(childId, resourceUid));
  }

  private nameOf(ouId: string, resourceUid: string): Promise<Fetched<string>> {
    return this.cached(this.names, ouId, () => this.api.ouName(ouId, resourceUid));
  }

  private cached<T>(cache: Map<string, Promise<Fetched<T>>>, key: string, read: () => Promise<Fetched<T>>): Promise<Fetched<T>> {
    let pending = cache.get(key);
    if (!pending) {
      pending = read().then((result) => {
        if (result.error) this.errors.push(result.error);
        return result;
      });
      cache.set(key, pending);
    }
    return pending;
  }

  /** `arn:aws:organizations::<management>:ou/o-…/ou-…`, derived from the organization's own ARN. */
  private ouArn(ouId: string): string {
    const arn = this.organization.Arn ?? '';
    const prefix = arn.slice(0, arn.lastIndexOf(':organization/'));
    return prefix ? `${prefix}:ou/${this.organization.Id ?? ''}/${ouId}` : ouId;
  }

  private walkFailure(error: ApiError, parentId: string, requested: boolean, caller: string): PalisadeError {
    if (requested && (error.code === 'ParentNotFoundException' || error.code === 'OrganizationalUnitNotFoundException')) {
      return new InputError('USAGE', `${parentId} is not an OU or root of organization ${this.organization.Id ?? ''} (${oneLine(describeApiError(error))})`, { field: 'ous' });
    }
    return organizationFailure(error, caller, `list the accounts below ${parentId}`);
  }
}

function organizationFailure(error: ApiError, caller: string, what: string): PalisadeError {
  if (error.code === 'Cancelled') return new PalisadeError('INTERRUPTED', `the scan was cancelled while reading the organization (${error.api})`, { cause: error });
  const failed = oneLine(describeApiError(error));
  if (error.code === 'AWSOrganizationsNotInUseException') {
    return new CredentialsError(
      `Account ${caller} is not in an organization (${failed}): use credentials of the organization's management account or of a delegated administrator, or scan the account on its own.`,
      { cause: error },
    );
  }
  if (DENIED_CODES.has(error.code)) {
    return new CredentialsError(
      `Could not ${what} with the credentials of account ${caller} (${failed}): use the organization's management account or a delegated administrator, ` +
        'with read access to AWS Organizations (e.g. the AWSOrganizationsReadOnlyAccess policy).',
      { cause: error },
    );
  }
  return new CredentialsError(`Could not ${what} with the credentials of account ${caller} (${failed}): check the network connection and the endpoint, then try again.`, {
    cause: error,
  });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export interface AccountRole {
  readonly accountId: string;
  readonly roleArn: string;
  readonly partition: AwsPartition;
  /** Where the ARN was read, for messages. */
  readonly line: number;
}

/** Reads a file of role ARNs, one per line (`#` starts a comment); see `parseAccountsFile`. */
export async function readAccountsFile(path: string): Promise<AccountRole[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (thrown) {
    const code = (thrown as { code?: string }).code ?? 'unknown error';
    throw new InputError('USAGE', `cannot read the accounts file (${code})`, { file: path });
  }
  return parseAccountsFile(text, path);
}

/**
 * One IAM role ARN per line (`arn:<partition>:iam::<12 digits>:role/<path/name>`); blank lines and
 * `#` comments are allowed. An invalid ARN or a second role for the same account fails with the
 * file and line, so a typo never silently drops an account from the scan.
 */
export function parseAccountsFile(text: string, file: string): AccountRole[] {
  const out: AccountRole[] = [];
  const seen = new Map<string, AccountRole>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const value = (raw.includes('#') ? raw.slice(0, raw.indexOf('#')) : raw).trim();
    if (!value) continue;
    const match = ROLE_ARN.exec(value);
    if (!match) {
      throw new InputError('USAGE', `"${value}" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)`, { file, line });
    }
    const [, partition = '', accountId = ''] = match;
    if (!isPartition(partition)) {
      throw new InputError('USAGE', `"${value}" is in partition ${partition}; supported: ${PARTITIONS.join(', ')}`, { file, line });
    }
    const earlier = seen.get(accountId);
    if (earlier) {
      const what = earlier.roleArn === value ? `"${value}" is listed twice` : `"${value}" is a second role for account ${accountId}`;
      throw new InputError('USAGE', `${what} (first on line ${earlier.line}); list each account once`, { file, line });
    }
    const role = { accountId, roleArn: value, partition, line };
    seen.set(accountId, role);
    out.push(role);
  }
  if (out.length === 0) throw new InputError('USAGE', 'the accounts file lists no role ARNs', { file });
  return out;
}

/** The ARN of the scan role in a member account; `roleName` may carry a path (`/audit/PalisadeScan`). */
export function memberRoleArn(partition: AwsPartition, accountId: string, roleName: string): string {
  if (!ACCOUNT_ID.test(accountId)) throw new InputError('USAGE', `"${accountId}" is not an AWS account ID (12 digits)`, { field: 'accountId' });
  const match = ROLE_NAME.exec(roleName.trim());
  if (!match?.[1]) {
    throw new InputError('USAGE', `"${roleName}" is not an IAM role name, optionally with a path (PalisadeScan, /audit/PalisadeScan)`, { field: 'roleName' });
  }
  return `arn:${partition}:iam::${accountId}:role/${match[1]}`;
}

export interface MemberAccount {
  readonly accountId: string;
  readonly roleArn: string;
  readonly externalId?: string;
}

/**
 * Connects to one member account by assuming its role with `base`'s credentials (profile,
 * explicit credentials or the standard chain) and `base`'s gateway. `base.assumeRole` contributes
 * only its session name and duration: its role ARN and external ID are replaced by the member's.
 * A denied role fails with a `CredentialsError` for this account alone.
 */
export function connectMember(base: ConnectAwsOptions, member: MemberAccount): Promise<AwsSession> {
  if (parseArn(member.roleArn)?.accountId !== member.accountId) {
    return Promise.reject(new InputError('USAGE', `the role ${member.roleArn} does not belong to account ${member.accountId}`, { field: 'roleArn' }));
  }
  const { sessionName, durationSeconds } = base.assumeRole ?? {};
  return connectAws({
    ...base,
    assumeRole: {
      roleArn: member.roleArn,
      ...(member.externalId ? { externalId: member.externalId } : {}),
      ...(sessionName ? { sessionName } : {}),
      ...(durationSeconds ? { durationSeconds } : {}),
    },
  });
}

function isPartition(value: string): value is AwsPartition {
  return (PARTITIONS as readonly string[]).includes(value);
}
