import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListServerCertificatesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import type {
  AttachedPolicy,
  GetAccountAuthorizationDetailsCommandOutput,
  GroupDetail,
  ListAccessKeysCommandOutput,
  ListMFADevicesCommandOutput,
  ListServerCertificatesCommandOutput,
  ListVirtualMFADevicesCommandOutput,
  ManagedPolicyDetail,
  PasswordPolicy,
  PolicyDetail,
  RoleDetail,
  UserDetail,
} from '@aws-sdk/client-iam';
import { normalizePolicyDocument, parseArn } from '@palisade/core/aws';
import type { ApiError, Fetched } from '@palisade/core';
import type {
  IamAccessKey,
  IamAttachedPolicy,
  IamCredentialReportRow,
  IamData,
  IamGroup,
  IamInlinePolicy,
  IamManagedPolicy,
  IamPasswordPolicy,
  IamRole,
  IamUser,
  PolicyDocument,
} from '@palisade/core/aws';
import { capDetails, isoDate, mapLimit, tagsFromList } from '../collector.ts';
import type { CollectorContext, GlobalCollector } from '../collector.ts';
import type { ScopedGateway } from '../gateway.ts';
import { parseCredentialReport } from './iam-credential-report.ts';

export interface IamCollectorOptions {
  /** Wait between GenerateCredentialReport polls. */
  readonly reportPollDelayMs?: number;
  /** GenerateCredentialReport calls before giving up with `ReportNotReady`. */
  readonly reportMaxPolls?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const AUTHORIZATION_DETAILS_API = 'iam:GetAccountAuthorizationDetails';
const USER_DETAIL_CONCURRENCY = 8;

/** Built with options so tests can poll the credential report without waiting. */
export function createIamCollector(options: IamCollectorOptions = {}): GlobalCollector<'iam'> {
  const polling: ReportPolling = {
    delayMs: options.reportPollDelayMs ?? 1_000,
    maxPolls: options.reportMaxPolls ?? 30,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  return {
    service: 'iam',
    scope: 'global',
    async collect(context) {
      const client = context.clients.get(IAMClient, context.region);
      const [credentialReport, authorization, passwordPolicy, accountSummary, virtualMfaDevices, serverCertificates] = await Promise.all([
        collectCredentialReport(context.gateway, client, context.region, polling),
        collectAuthorizationDetails(context, client),
        collectPasswordPolicy(context.gateway, client),
        collectAccountSummary(context.gateway, client),
        collectVirtualMfaDevices(context.gateway, client),
        collectServerCertificates(context.gateway, client),
      ]);
      return { credentialReport, ...authorization, passwordPolicy, accountSummary, virtualMfaDevices, serverCertificates };
    },
  };
}

export const iamCollector: GlobalCollector<'iam'> = createIamCollector();

interface ReportPolling {
  readonly delayMs: number;
  readonly maxPolls: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** GenerateCredentialReport starts (or reuses, within four hours) a report; it must be COMPLETE before it can be read. */
async function collectCredentialReport(
  gateway: ScopedGateway,
  client: IAMClient,
  region: string,
  polling: ReportPolling,
): Promise<Fetched<readonly IamCredentialReportRow[]>> {
  let complete = false;
  for (let poll = 1; poll <= polling.maxPolls && !complete; poll += 1) {
    if (poll > 1) await polling.sleep(polling.delayMs);
    const generated = await gateway.call('iam:GenerateCredentialReport', (abortSignal) =>
      client.send(new GenerateCredentialReportCommand({}), { abortSignal }),
    );
    if (generated.error) return generated;
    complete = generated.value.State === 'COMPLETE';
  }
  if (!complete) {
    return {
      error: {
        api: 'iam:GenerateCredentialReport',
        code: 'ReportNotReady',
        message: `the credential report was not complete after ${polling.maxPolls} polls`,
        region,
      },
    };
  }
  const report = await gateway.call('iam:GetCredentialReport', (abortSignal) => client.send(new GetCredentialReportCommand({}), { abortSignal }));
  if (report.error) return report;
  const parsed = parseCredentialReport(report.value.Content);
  return parsed.error ? { error: { ...parsed.error, region } } : parsed;
}

type AuthorizationData = Pick<IamData, 'users' | 'groups' | 'roles' | 'policies'>;

async function collectAuthorizationDetails(context: CollectorContext, client: IAMClient): Promise<AuthorizationData> {
  const pages = await context.gateway.paginate(
    AUTHORIZATION_DETAILS_API,
    (Marker, abortSignal) =>
      client.send(
        new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'], Marker }),
        { abortSignal },
      ),
    // Each page holds several lists, so the pages themselves are the items.
    (page: GetAccountAuthorizationDetailsCommandOutput) => [page],
    (page) => (page.IsTruncated ? page.Marker : undefined),
  );
  if (pages.error) return { users: pages, groups: pages, roles: pages, policies: pages };

  const all = <D>(details: (page: GetAccountAuthorizationDetailsCommandOutput) => D[] | undefined): D[] =>
    pages.value.flatMap((page) => details(page) ?? []);
  const users = convertDocuments(context.region, () => all((page) => page.UserDetailList).map(toUserBase));
  // A targeted re-scan details (access keys, MFA devices) only the users it names; the account-wide
  // reads (authorization details, credential report) are one call or a few pages either way.
  const named = context.targets ? targetUserNames(context.targets, context.partition, context.accountId) : undefined;
  const detailed = (list: readonly IamUserBase[]) => (named ? list.filter((user) => named.has(user.name)) : list);
  return {
    users: users.error ? users : { value: await collectUserDetails(context, client, detailed(users.value)) },
    groups: convertDocuments(context.region, () => all((page) => page.GroupDetailList).map(toGroup)),
    roles: convertDocuments(context.region, () => all((page) => page.RoleDetailList).map(toRole)),
    policies: convertDocuments(context.region, () =>
      all((page) => page.Policies)
        .map(toManagedPolicy)
        // AWS manages over a thousand policies; only those attached here affect the account.
        .filter((policy) => !policy.awsManaged || policy.attachmentCount > 0),
    ),
  };
}

type IamUserBase = Omit<IamUser, 'accessKeys' | 'mfaDevices'>;

/**
 * The user names among a targeted re-scan's ARNs (`arn:<partition>:iam::<account>:user/[<path>/]<name>`):
 * a name is unique in its account whatever the path, and change events name users without it.
 */
export function targetUserNames(targets: ReadonlySet<string>, partition: string, accountId: string): Set<string> {
  const prefix = `arn:${partition}:iam::${accountId}:user/`;
  return new Set([...targets].filter((arn) => arn.startsWith(prefix)).map((arn) => arn.slice(arn.lastIndexOf('/') + 1)));
}

function toUserBase(detail: UserDetail): IamUserBase {
  const arn = detail.Arn ?? '';
  return {
    name: detail.UserName ?? '',
    id: detail.UserId ?? '',
    arn,
    path: detail.Path ?? '/',
    createDate: isoDate(detail.CreateDate) ?? '',
    tags: tagsFromList(detail.Tags),
    groups: [...(detail.GroupList ?? [])],
    attachedPolicies: toAttachedPolicies(detail.AttachedManagedPolicies),
    inlinePolicies: toInlinePolicies(detail.UserPolicyList, arn),
    ...(detail.PermissionsBoundary?.PermissionsBoundaryArn ? { permissionsBoundaryArn: detail.PermissionsBoundary.PermissionsBoundaryArn } : {}),
  };
}

function toGroup(detail: GroupDetail): IamGroup {
  const arn = detail.Arn ?? '';
  return {
    name: detail.GroupName ?? '',
    id: detail.GroupId ?? '',
    arn,
    path: detail.Path ?? '/',
    createDate: isoDate(detail.CreateDate) ?? '',
    attachedPolicies: toAttachedPolicies(detail.AttachedManagedPolicies),
    inlinePolicies: toInlinePolicies(detail.GroupPolicyList, arn),
  };
}

function toRole(detail: RoleDetail): IamRole {
  const arn = detail.Arn ?? '';
  const path = detail.Path ?? '/';
  const lastUsed = detail.RoleLastUsed;
  return {
    name: detail.RoleName ?? '',
    id: detail.RoleId ?? '',
    arn,
    path,
    createDate: isoDate(detail.CreateDate) ?? '',
    tags: tagsFromList(detail.Tags),
    assumeRolePolicy: policyDocument(detail.AssumeRolePolicyDocument, arn, 'the trust policy'),
    attachedPolicies: toAttachedPolicies(detail.AttachedManagedPolicies),
    inlinePolicies: toInlinePolicies(detail.RolePolicyList, arn),
    instanceProfileArns: (detail.InstanceProfileList ?? []).flatMap((profile) => (profile.Arn ? [profile.Arn] : [])),
    ...(lastUsed
      ? {
          lastUsed: {
            ...(lastUsed.LastUsedDate ? { date: isoDate(lastUsed.LastUsedDate) } : {}),
            ...(lastUsed.Region ? { region: lastUsed.Region } : {}),
          },
        }
      : {}),
    serviceLinked: path.startsWith('/aws-service-role/'),
  };
}

function toManagedPolicy(detail: ManagedPolicyDetail): IamManagedPolicy {
  const arn = detail.Arn ?? '';
  const defaultVersion = detail.PolicyVersionList?.find((version) => version.IsDefaultVersion);
  return {
    name: detail.PolicyName ?? '',
    id: detail.PolicyId ?? '',
    arn,
    path: detail.Path ?? '/',
    awsManaged: parseArn(arn)?.accountId === 'aws',
    attachmentCount: detail.AttachmentCount ?? 0,
    defaultVersionId: detail.DefaultVersionId ?? defaultVersion?.VersionId ?? '',
    document: policyDocument(defaultVersion?.Document, arn, 'the default policy version'),
  };
}

function toAttachedPolicies(list: readonly AttachedPolicy[] | undefined): IamAttachedPolicy[] {
  return (list ?? []).map((policy) => ({ name: policy.PolicyName ?? '', arn: policy.PolicyArn ?? '' }));
}

function toInlinePolicies(list: readonly PolicyDetail[] | undefined, ownerArn: string): IamInlinePolicy[] {
  return (list ?? []).map((policy) => ({
    name: policy.PolicyName ?? '',
    document: policyDocument(policy.PolicyDocument, ownerArn, `the inline policy ${policy.PolicyName ?? ''}`),
  }));
}

/** A document IAM returned but that cannot be read; fails the list it belongs to rather than hiding a grant. */
class UnreadableDocument extends Error {
  constructor(
    readonly resourceUid: string,
    message: string,
  ) {
    super(message);
  }
}

function policyDocument(raw: string | undefined, ownerArn: string, what: string): PolicyDocument {
  if (raw === undefined) throw new UnreadableDocument(ownerArn, `${what} of ${ownerArn} has no document`);
  try {
    // IAM returns documents URL-encoded; normalizePolicyDocument decodes them.
    return normalizePolicyDocument(raw);
  } catch (cause) {
    throw new UnreadableDocument(ownerArn, `${what} of ${ownerArn} is unreadable: ${(cause as Error).message}`);
  }
}

function convertDocuments<T>(region: string, convert: () => T[]): Fetched<T[]> {
  try {
    return { value: convert() };
  } catch (thrown) {
    if (!(thrown instanceof UnreadableDocument)) throw thrown;
    const error: ApiError = {
      api: AUTHORIZATION_DETAILS_API,
      code: 'MalformedPolicyDocument',
      message: thrown.message,
      region,
      resourceUid: thrown.resourceUid,
    };
    return { error };
  }
}

async function collectUserDetails(context: CollectorContext, client: IAMClient, users: readonly IamUserBase[]): Promise<IamUser[]> {
  const { gateway } = context;
  const cap = capDetails(users, context, 'iamUsers');
  const detailed = await mapLimit(cap.detailed, USER_DETAIL_CONCURRENCY, async (user) => {
    const [accessKeys, mfaDevices] = await Promise.all([collectAccessKeys(gateway, client, user), collectMfaDevices(gateway, client, user)]);
    return { ...user, accessKeys, mfaDevices };
  });
  const capped = cap.capped.map((user) => ({
    ...user,
    accessKeys: { error: cap.capError('iam:ListAccessKeys', user.arn) },
    mfaDevices: { error: cap.capError('iam:ListMFADevices', user.arn) },
  }));
  return [...detailed, ...capped];
}

async function collectAccessKeys(gateway: ScopedGateway, client: IAMClient, user: IamUserBase): Promise<Fetched<readonly IamAccessKey[]>> {
  const keys = withResource(
    await gateway.paginate(
      'iam:ListAccessKeys',
      (Marker, abortSignal) => client.send(new ListAccessKeysCommand({ UserName: user.name, Marker }), { abortSignal }),
      (page: ListAccessKeysCommandOutput) => page.AccessKeyMetadata,
      (page) => (page.IsTruncated ? page.Marker : undefined),
    ),
    user.arn,
  );
  if (keys.error) return keys;
  const value = await Promise.all(
    keys.value.map(async (key): Promise<IamAccessKey> => {
      const id = key.AccessKeyId ?? '';
      const used = await gateway.call(
        'iam:GetAccessKeyLastUsed',
        (abortSignal) => client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id }), { abortSignal }),
        { resourceUid: user.arn },
      );
      const lastUsed = used.value?.AccessKeyLastUsed;
      return {
        id,
        status: key.Status === 'Active' ? 'Active' : 'Inactive',
        createDate: isoDate(key.CreateDate) ?? '',
        // IAM reports a never-used key with no date and the service name N/A.
        lastUsed: used.error
          ? used
          : {
              value:
                lastUsed?.LastUsedDate === undefined || lastUsed.ServiceName === 'N/A'
                  ? null
                  : { date: isoDate(lastUsed.LastUsedDate) ?? '', region: lastUsed.Region ?? '', service: lastUsed.ServiceName ?? '' },
            },
      };
    }),
  );
  return { value };
}

async function collectMfaDevices(gateway: ScopedGateway, client: IAMClient, user: IamUserBase): Promise<IamUser['mfaDevices']> {
  const devices = withResource(
    await gateway.paginate(
      'iam:ListMFADevices',
      (Marker, abortSignal) => client.send(new ListMFADevicesCommand({ UserName: user.name, Marker }), { abortSignal }),
      (page: ListMFADevicesCommandOutput) => page.MFADevices,
      (page) => (page.IsTruncated ? page.Marker : undefined),
    ),
    user.arn,
  );
  if (devices.error) return devices;
  return { value: devices.value.map((device) => ({ serialNumber: device.SerialNumber ?? '', enableDate: isoDate(device.EnableDate) ?? '' })) };
}

/** Pagination carries no resource; per-user lists name the user they failed for. */
function withResource<T>(fetched: Fetched<T>, resourceUid: string): Fetched<T> {
  return fetched.error ? { error: { ...fetched.error, resourceUid } } : fetched;
}

async function collectPasswordPolicy(gateway: ScopedGateway, client: IAMClient): Promise<Fetched<IamPasswordPolicy | null>> {
  // IAM answers NoSuchEntity when the account has no password policy; the SDK names the class NoSuchEntityException.
  const result = await gateway.callOrNull(
    'iam:GetAccountPasswordPolicy',
    (abortSignal) => client.send(new GetAccountPasswordPolicyCommand({}), { abortSignal }),
    ['NoSuchEntity', 'NoSuchEntityException'],
  );
  if (result.error) return result;
  const policy = result.value?.PasswordPolicy;
  return { value: policy ? toPasswordPolicy(policy) : null };
}

function toPasswordPolicy(policy: PasswordPolicy): IamPasswordPolicy {
  return {
    // IAM always returns these fields; should one be missing, assume the weakest setting so checks fail, not pass.
    minimumPasswordLength: policy.MinimumPasswordLength ?? 0,
    requireSymbols: policy.RequireSymbols ?? false,
    requireNumbers: policy.RequireNumbers ?? false,
    requireUppercaseCharacters: policy.RequireUppercaseCharacters ?? false,
    requireLowercaseCharacters: policy.RequireLowercaseCharacters ?? false,
    allowUsersToChangePassword: policy.AllowUsersToChangePassword ?? false,
    expirePasswords: policy.ExpirePasswords ?? false,
    ...(policy.MaxPasswordAge !== undefined ? { maxPasswordAge: policy.MaxPasswordAge } : {}),
    ...(policy.PasswordReusePrevention !== undefined ? { passwordReusePrevention: policy.PasswordReusePrevention } : {}),
    ...(policy.HardExpiry !== undefined ? { hardExpiry: policy.HardExpiry } : {}),
  };
}

async function collectAccountSummary(gateway: ScopedGateway, client: IAMClient): Promise<IamData['accountSummary']> {
  const result = await gateway.call('iam:GetAccountSummary', (abortSignal) => client.send(new GetAccountSummaryCommand({}), { abortSignal }));
  if (result.error) return result;
  const summary: Record<string, number> = {};
  for (const [key, count] of Object.entries(result.value.SummaryMap ?? {})) if (count !== undefined) summary[key] = count;
  return { value: summary };
}

async function collectVirtualMfaDevices(gateway: ScopedGateway, client: IAMClient): Promise<IamData['virtualMfaDevices']> {
  const devices = await gateway.paginate(
    'iam:ListVirtualMFADevices',
    (Marker, abortSignal) => client.send(new ListVirtualMFADevicesCommand({ Marker }), { abortSignal }),
    (page: ListVirtualMFADevicesCommandOutput) => page.VirtualMFADevices,
    (page) => (page.IsTruncated ? page.Marker : undefined),
  );
  if (devices.error) return devices;
  return {
    value: devices.value.map((device) => ({
      serialNumber: device.SerialNumber ?? '',
      ...(device.User?.Arn ? { userArn: device.User.Arn } : {}),
      ...(device.EnableDate ? { enableDate: isoDate(device.EnableDate) } : {}),
    })),
  };
}

async function collectServerCertificates(gateway: ScopedGateway, client: IAMClient): Promise<IamData['serverCertificates']> {
  const certificates = await gateway.paginate(
    'iam:ListServerCertificates',
    (Marker, abortSignal) => client.send(new ListServerCertificatesCommand({ Marker }), { abortSignal }),
    (page: ListServerCertificatesCommandOutput) => page.ServerCertificateMetadataList,
    (page) => (page.IsTruncated ? page.Marker : undefined),
  );
  if (certificates.error) return certificates;
  return {
    value: certificates.value.map((certificate) => ({
      name: certificate.ServerCertificateName ?? '',
      id: certificate.ServerCertificateId ?? '',
      arn: certificate.Arn ?? '',
      path: certificate.Path ?? '/',
      uploadDate: isoDate(certificate.UploadDate) ?? '',
      expiration: isoDate(certificate.Expiration) ?? '',
    })),
  };
}
