/**
 * IAM over the awsQuery protocol, served from the caller account's IamData: the authorization
 * details (documents URL-encoded as IAM returns them), the credential report (generated on the
 * first request, ready on the next), the password policy, the account summary, MFA devices,
 * server certificates and access keys, each paginated the way IAM paginates.
 */
import type { Fetched } from '@palisade/core';
import type {
  IamAccessKey,
  IamCredentialReportRow,
  IamData,
  IamGroup,
  IamManagedPolicy,
  IamRole,
  IamUser,
  PolicyDocument,
  PolicyPrincipal,
  PolicyStatement,
} from '@palisade/core/aws';
import { normalizePolicyDocument } from '@palisade/core/aws';
import type { ServiceSimulator, SimAccount, SimContext, SimRequest, SimResponse } from '../types.ts';
import type { XmlNode } from '../xml.ts';
import {
  awsQueryError,
  awsQueryResponse,
  estateError,
  integerParam,
  memberList,
  pageOf,
  queryParams,
  served,
  stableId,
  tagList,
  wireTimestamp,
} from './query-protocol.ts';
import type { EstateError } from './query-protocol.ts';

const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
const OPERATIONS = new Set([
  'GetAccountAuthorizationDetails',
  'GenerateCredentialReport',
  'GetCredentialReport',
  'GetAccountPasswordPolicy',
  'GetAccountSummary',
  'ListVirtualMFADevices',
  'ListServerCertificates',
  'ListAccessKeys',
  'GetAccessKeyLastUsed',
  'ListMFADevices',
]);
const DEFAULT_MAX_ITEMS = 100;
const MAX_ITEMS = 1000;
const AUTHORIZATION_FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type AuthorizationFilter = (typeof AUTHORIZATION_FILTERS)[number];

const EMPTY_IAM: IamData = {
  credentialReport: { value: [] },
  users: { value: [] },
  groups: { value: [] },
  roles: { value: [] },
  policies: { value: [] },
  passwordPolicy: { value: null },
  accountSummary: { value: {} },
  virtualMfaDevices: { value: [] },
  serverCertificates: { value: [] },
};

/**
 * AWS managed policies exist in every account whether attached or not; IAM lists them all. A few
 * unattached ones are served beside the estate's, so a reader must tell attached from merely present.
 */
const UNATTACHED_AWS_POLICIES: readonly IamManagedPolicy[] = [
  awsPolicy('AmazonEC2ReadOnlyAccess', 'v2', [{ Effect: 'Allow', Action: ['ec2:Describe*', 'elasticloadbalancing:Describe*'], Resource: ['*'] }]),
  awsPolicy('IAMUserChangePassword', 'v2', [
    { Effect: 'Allow', Action: ['iam:ChangePassword'], Resource: ['arn:aws:iam::*:user/${aws:username}'] },
    { Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy'], Resource: ['*'] },
  ]),
];

const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  ...[1, 2].flatMap((n) => [`access_key_${n}_active`, `access_key_${n}_last_rotated`, `access_key_${n}_last_used_date`, `access_key_${n}_last_used_region`, `access_key_${n}_last_used_service`]),
  ...[1, 2].flatMap((n) => [`cert_${n}_active`, `cert_${n}_last_rotated`]),
];

export interface IamSimulatorOptions {
  /**
   * How many unattached AWS managed policies every account lists (at least the two named ones).
   * A real account lists well over a thousand, which is most of GetAccountAuthorizationDetails' pages.
   */
  readonly unattachedAwsManagedPolicies?: number;
}

/** A fresh IAM whose credential reports are not generated yet; `iamSimulator` is the shared one. */
export function createIamSimulator(options: IamSimulatorOptions = {}): ServiceSimulator {
  // Per account: the report IAM is building or has built (it keeps one for four hours).
  const reports = new WeakMap<SimAccount, 'started' | 'complete'>();
  const extra = Math.max(0, (options.unattachedAwsManagedPolicies ?? UNATTACHED_AWS_POLICIES.length) - UNATTACHED_AWS_POLICIES.length);
  const unattached: readonly IamManagedPolicy[] = [
    ...UNATTACHED_AWS_POLICIES,
    ...Array.from({ length: extra }, (_, index) =>
      awsPolicy(`SimulatedServicePolicy${String(index + 1).padStart(4, '0')}`, 'v1', [{ Effect: 'Allow', Action: [`service${index + 1}:Describe*`], Resource: ['*'] }]),
    ),
  ];

  const fail = (request: SimRequest, code: string, message: string, status: number): SimResponse => awsQueryError(request, NAMESPACE, code, message, status);
  const failWith = (request: SimRequest, failure: EstateError): SimResponse => fail(request, failure.code, failure.message, failure.status);

  /** A list action's page: `<List><member>..</member></List><IsTruncated>` and the next `Marker`. */
  const listPage = <T>(request: SimRequest, action: string, element: string, items: readonly T[], render: (item: T) => XmlNode, listing = action): SimResponse => {
    const params = queryParams(request);
    const size = maxItems(params);
    if (typeof size === 'string') return fail(request, 'ValidationError', size, 400);
    const page = pageOf(items, listing, params.get('Marker'), size);
    if (page === 'invalid-token') return fail(request, 'InvalidInput', 'Invalid Marker.', 400);
    return awsQueryResponse(request, NAMESPACE, action, {
      [element]: { member: page.items.map(render) },
      IsTruncated: page.next !== undefined,
      ...(page.next ? { Marker: page.next } : {}),
    });
  };

  const userNamed = (request: SimRequest, iam: IamData, params: URLSearchParams): IamUser | SimResponse => {
    const name = params.get('UserName');
    if (!name) return fail(request, 'ValidationError', 'Must specify userName when calling with non-User credentials', 400);
    if (iam.users.error) return failWith(request, estateError(iam.users.error));
    return iam.users.value.find((user) => user.name === name) ?? fail(request, 'NoSuchEntity', `The user with name ${name} cannot be found.`, 404);
  };

  const handlers: Record<string, (request: SimRequest, iam: IamData, context: SimContext) => SimResponse> = {
    GetAccountAuthorizationDetails: (request, iam, context) => {
      const params = queryParams(request);
      const requested = memberList(params, 'Filter');
      const unknown = requested.find((filter) => !(AUTHORIZATION_FILTERS as readonly string[]).includes(filter));
      if (unknown !== undefined) {
        return fail(request, 'ValidationError', `1 validation error detected: Value '[${requested.join(', ')}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${AUTHORIZATION_FILTERS.join(', ')}]]`, 400);
      }
      const filters = new Set<AuthorizationFilter>(requested.length ? (requested as AuthorizationFilter[]) : AUTHORIZATION_FILTERS);
      const sources: readonly [boolean, Fetched<readonly unknown[]>][] = [
        [filters.has('User'), iam.users],
        [filters.has('Group'), iam.groups],
        [filters.has('Role'), iam.roles],
        [filters.has('LocalManagedPolicy') || filters.has('AWSManagedPolicy'), iam.policies],
      ];
      for (const [wanted, fetched] of sources) if (wanted && fetched.error) return failWith(request, estateError(fetched.error));

      const estatePolicies = iam.policies.value ?? [];
      const present = new Set(estatePolicies.map((policy) => policy.arn));
      const policies = [...estatePolicies, ...unattached.filter((policy) => !present.has(policy.arn))].filter((policy) =>
        filters.has(policy.awsManaged ? 'AWSManagedPolicy' : 'LocalManagedPolicy'),
      );
      // IAM counts MaxItems across the four lists, in this order.
      const entries: AuthorizationEntry[] = [
        ...(filters.has('User') ? (iam.users.value ?? []).map((user) => ({ user })) : []),
        ...(filters.has('Group') ? (iam.groups.value ?? []).map((group) => ({ group })) : []),
        ...(filters.has('Role') ? (iam.roles.value ?? []).map((role) => ({ role })) : []),
        ...policies.map((policy) => ({ policy })),
      ];
      const size = maxItems(params);
      if (typeof size === 'string') return fail(request, 'ValidationError', size, 400);
      const page = pageOf(entries, `GetAccountAuthorizationDetails:${[...filters].sort().join(',')}`, params.get('Marker'), size);
      if (page === 'invalid-token') return fail(request, 'InvalidInput', 'Invalid Marker.', 400);
      const created = context.account.snapshot.collectedAt;
      return awsQueryResponse(request, NAMESPACE, 'GetAccountAuthorizationDetails', {
        UserDetailList: { member: page.items.flatMap((entry) => ('user' in entry ? [userDetail(entry.user)] : [])) },
        GroupDetailList: { member: page.items.flatMap((entry) => ('group' in entry ? [groupDetail(entry.group)] : [])) },
        RoleDetailList: { member: page.items.flatMap((entry) => ('role' in entry ? [roleDetail(entry.role)] : [])) },
        Policies: { member: page.items.flatMap((entry) => ('policy' in entry ? [policyDetail(entry.policy, created)] : [])) },
        IsTruncated: page.next !== undefined,
        ...(page.next ? { Marker: page.next } : {}),
      });
    },

    GenerateCredentialReport: (request, iam, context) => {
      const recorded = iam.credentialReport.error;
      if (recorded && recorded.api === 'iam:GenerateCredentialReport' && recorded.code !== 'ReportNotReady') return failWith(request, estateError(recorded));
      const state = reports.get(context.account);
      // A report the estate recorded as never ready stays in progress however often it is polled.
      const next = recorded?.code === 'ReportNotReady' ? 'started' : state === undefined ? 'started' : 'complete';
      reports.set(context.account, next);
      return awsQueryResponse(request, NAMESPACE, 'GenerateCredentialReport', {
        State: next === 'started' ? 'STARTED' : 'COMPLETE',
        ...(state === undefined ? { Description: 'No report exists. Starting a new report generation task' } : {}),
      });
    },

    GetCredentialReport: (request, iam, context) => {
      const state = reports.get(context.account);
      if (state === undefined) return fail(request, 'ReportNotPresent', 'Unknown', 410);
      if (state === 'started') return fail(request, 'ReportInProgress', 'Report generation in progress', 404);
      if (iam.credentialReport.error) return failWith(request, estateError(iam.credentialReport.error));
      return awsQueryResponse(request, NAMESPACE, 'GetCredentialReport', {
        Content: Buffer.from(credentialReportCsv(iam.credentialReport.value), 'utf8').toString('base64'),
        ReportFormat: 'text/csv',
        GeneratedTime: wireTimestamp(context.account.snapshot.collectedAt, 'seconds'),
      });
    },

    GetAccountPasswordPolicy: (request, iam, context) => {
      const policy = served(iam.passwordPolicy);
      if ('failure' in policy) return failWith(request, policy.failure);
      if (policy.value === null) return fail(request, 'NoSuchEntity', `The Password Policy with domain name ${context.account.accountId} cannot be found.`, 404);
      const value = policy.value;
      return awsQueryResponse(request, NAMESPACE, 'GetAccountPasswordPolicy', {
        PasswordPolicy: {
          MinimumPasswordLength: value.minimumPasswordLength,
          RequireSymbols: value.requireSymbols,
          RequireNumbers: value.requireNumbers,
          RequireUppercaseCharacters: value.requireUppercaseCharacters,
          RequireLowercaseCharacters: value.requireLowercaseCharacters,
          AllowUsersToChangePassword: value.allowUsersToChangePassword,
          ExpirePasswords: value.expirePasswords,
          MaxPasswordAge: value.maxPasswordAge,
          PasswordReusePrevention: value.passwordReusePrevention,
          HardExpiry: value.hardExpiry,
        },
      });
    },

    GetAccountSummary: (request, iam) => {
      const summary = served(iam.accountSummary);
      if ('failure' in summary) return failWith(request, summary.failure);
      return awsQueryResponse(request, NAMESPACE, 'GetAccountSummary', {
        SummaryMap: { entry: Object.entries(summary.value).map(([key, value]) => ({ key, value })) },
      });
    },

    ListVirtualMFADevices: (request, iam, context) => {
      const devices = served(iam.virtualMfaDevices);
      if ('failure' in devices) return failWith(request, devices.failure);
      const status = queryParams(request).get('AssignmentStatus') ?? 'Any';
      if (!['Assigned', 'Unassigned', 'Any'].includes(status)) {
        return fail(request, 'ValidationError', `1 validation error detected: Value '${status}' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]`, 400);
      }
      const wanted = devices.value.filter((device) => status === 'Any' || (status === 'Assigned') === (device.userArn !== undefined));
      const users = iam.users.value ?? [];
      const rootCreated = iam.credentialReport.value?.find((row) => row.user === '<root_account>')?.userCreationTime ?? context.account.snapshot.collectedAt;
      const listing = `ListVirtualMFADevices:${status}`;
      return listPage(request, 'ListVirtualMFADevices', 'VirtualMFADevices', wanted, (device) => {
        const user = device.userArn === undefined ? undefined : users.find((candidate) => candidate.arn === device.userArn);
        const root = device.userArn !== undefined && device.userArn.endsWith(':root');
        return {
          SerialNumber: device.serialNumber,
          ...(device.userArn === undefined
            ? {}
            : {
                User: user
                  ? { Path: user.path, UserName: user.name, UserId: user.id, Arn: user.arn, CreateDate: wireTimestamp(user.createDate, 'seconds') }
                  : root
                    ? { Path: '/', UserName: 'root', UserId: context.account.accountId, Arn: device.userArn, CreateDate: wireTimestamp(rootCreated, 'seconds') }
                    : { Path: '/', UserName: device.userArn.slice(device.userArn.lastIndexOf('/') + 1), UserId: stableId('AIDA', device.userArn, 17, 'upper'), Arn: device.userArn, CreateDate: wireTimestamp(context.account.snapshot.collectedAt, 'seconds') },
              }),
          ...(device.enableDate ? { EnableDate: wireTimestamp(device.enableDate, 'seconds') } : {}),
        };
      }, listing);
    },

    ListServerCertificates: (request, iam) => {
      const certificates = served(iam.serverCertificates);
      if ('failure' in certificates) return failWith(request, certificates.failure);
      const prefix = queryParams(request).get('PathPrefix') ?? '/';
      return listPage(
        request,
        'ListServerCertificates',
        'ServerCertificateMetadataList',
        certificates.value.filter((certificate) => certificate.path.startsWith(prefix)),
        (certificate) => ({
          Path: certificate.path,
          ServerCertificateName: certificate.name,
          ServerCertificateId: certificate.id,
          Arn: certificate.arn,
          UploadDate: wireTimestamp(certificate.uploadDate, 'seconds'),
          Expiration: wireTimestamp(certificate.expiration, 'seconds'),
        }),
        `ListServerCertificates:${prefix}`,
      );
    },

    ListAccessKeys: (request, iam) => {
      const user = userNamed(request, iam, queryParams(request));
      if (!('accessKeys' in user)) return user;
      const keys = served(user.accessKeys);
      if ('failure' in keys) return failWith(request, keys.failure);
      return listPage(
        request,
        'ListAccessKeys',
        'AccessKeyMetadata',
        keys.value,
        (key) => ({ UserName: user.name, AccessKeyId: key.id, Status: key.status, CreateDate: wireTimestamp(key.createDate, 'seconds') }),
        `ListAccessKeys:${user.name}`,
      );
    },

    GetAccessKeyLastUsed: (request, iam) => {
      const id = queryParams(request).get('AccessKeyId') ?? '';
      if (iam.users.error) return failWith(request, estateError(iam.users.error));
      let found: { user: IamUser; key: IamAccessKey } | undefined;
      for (const user of iam.users.value) {
        const key = user.accessKeys.value?.find((candidate) => candidate.id === id);
        if (key) found = { user, key };
      }
      if (!found) return fail(request, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`, 404);
      const used = served(found.key.lastUsed);
      if ('failure' in used) return failWith(request, used.failure);
      return awsQueryResponse(request, NAMESPACE, 'GetAccessKeyLastUsed', {
        UserName: found.user.name,
        // IAM reports a key that was never used with the service and region N/A and no date.
        AccessKeyLastUsed: used.value
          ? { LastUsedDate: wireTimestamp(used.value.date, 'seconds'), ServiceName: used.value.service, Region: used.value.region }
          : { ServiceName: 'N/A', Region: 'N/A' },
      });
    },

    ListMFADevices: (request, iam) => {
      const user = userNamed(request, iam, queryParams(request));
      if (!('mfaDevices' in user)) return user;
      const devices = served(user.mfaDevices);
      if ('failure' in devices) return failWith(request, devices.failure);
      return listPage(
        request,
        'ListMFADevices',
        'MFADevices',
        devices.value,
        (device) => ({ UserName: user.name, SerialNumber: device.serialNumber, EnableDate: wireTimestamp(device.enableDate, 'seconds') }),
        `ListMFADevices:${user.name}`,
      );
    },
  };

  return {
    signingNames: ['iam'],
    throttle: { code: 'Throttling', status: 400 },
    denied: { code: 'AccessDenied', status: 403 },
    operation(request) {
      const action = queryParams(request).get('Action');
      return action && OPERATIONS.has(action) ? `iam:${action}` : undefined;
    },
    respond(operation, request, context) {
      const handler = handlers[operation.slice('iam:'.length)];
      if (!handler) return fail(request, 'InvalidAction', `Could not find operation ${operation}`, 400);
      return handler(request, context.account.snapshot.global.iam ?? EMPTY_IAM, context);
    },
    error: (request, code, message, status) => fail(request, code, message, status),
  };
}

export const iamSimulator: ServiceSimulator = createIamSimulator();

type AuthorizationEntry = { user: IamUser } | { group: IamGroup } | { role: IamRole } | { policy: IamManagedPolicy };

/** MaxItems, or the validation message IAM answers with. */
function maxItems(params: URLSearchParams): number | string {
  const value = integerParam(params, 'MaxItems');
  if (value === undefined) return DEFAULT_MAX_ITEMS;
  if (value === 'invalid' || value < 1 || value > MAX_ITEMS) {
    return `1 validation error detected: Value '${params.get('MaxItems') ?? ''}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and ${MAX_ITEMS}`;
  }
  return value;
}

function userDetail(user: IamUser): XmlNode {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: user.arn,
    CreateDate: wireTimestamp(user.createDate, 'seconds'),
    UserPolicyList: { member: user.inlinePolicies.map((policy) => ({ PolicyName: policy.name, PolicyDocument: encodePolicyDocument(policy.document) })) },
    GroupList: { member: [...user.groups] },
    AttachedManagedPolicies: { member: user.attachedPolicies.map((policy) => ({ PolicyName: policy.name, PolicyArn: policy.arn })) },
    ...(user.permissionsBoundaryArn ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: user.permissionsBoundaryArn } } : {}),
    Tags: { member: tagList(user.tags) },
  };
}

function groupDetail(group: IamGroup): XmlNode {
  return {
    Path: group.path,
    GroupName: group.name,
    GroupId: group.id,
    Arn: group.arn,
    CreateDate: wireTimestamp(group.createDate, 'seconds'),
    GroupPolicyList: { member: group.inlinePolicies.map((policy) => ({ PolicyName: policy.name, PolicyDocument: encodePolicyDocument(policy.document) })) },
    AttachedManagedPolicies: { member: group.attachedPolicies.map((policy) => ({ PolicyName: policy.name, PolicyArn: policy.arn })) },
  };
}

function roleDetail(role: IamRole): XmlNode {
  const trust = encodePolicyDocument(role.assumeRolePolicy);
  const created = wireTimestamp(role.createDate, 'seconds');
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: created,
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: {
      member: role.instanceProfileArns.map((arn) => {
        const resource = arn.slice(arn.indexOf(':instance-profile') + ':instance-profile'.length);
        return {
          Path: resource.slice(0, resource.lastIndexOf('/') + 1),
          InstanceProfileName: resource.slice(resource.lastIndexOf('/') + 1),
          InstanceProfileId: stableId('AIPA', arn, 17, 'upper'),
          Arn: arn,
          CreateDate: created,
          Roles: { member: [{ Path: role.path, RoleName: role.name, RoleId: role.id, Arn: role.arn, CreateDate: created, AssumeRolePolicyDocument: trust }] },
        };
      }),
    },
    RolePolicyList: { member: role.inlinePolicies.map((policy) => ({ PolicyName: policy.name, PolicyDocument: encodePolicyDocument(policy.document) })) },
    AttachedManagedPolicies: { member: role.attachedPolicies.map((policy) => ({ PolicyName: policy.name, PolicyArn: policy.arn })) },
    Tags: { member: tagList(role.tags) },
    // IAM writes an empty RoleLastUsed for a role never used; the estate leaves it out, so it is written only when recorded.
    ...(role.lastUsed
      ? {
          RoleLastUsed: {
            ...(role.lastUsed.date ? { LastUsedDate: wireTimestamp(role.lastUsed.date, 'seconds') } : {}),
            ...(role.lastUsed.region ? { Region: role.lastUsed.region } : {}),
          },
        }
      : {}),
  };
}

/** Superseded versions deny everything, so reading any version but the default shows in the result. */
const SUPERSEDED_DOCUMENT: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'SupersededVersion', Effect: 'Deny', Action: ['*'], Resource: ['*'] }] };

function policyDetail(policy: IamManagedPolicy, created: string): XmlNode {
  // IAM keeps up to five versions and lists the newest first; `vN` ids let earlier ones be shown too.
  const latest = /^v(\d+)$/.exec(policy.defaultVersionId);
  const number = latest ? Number(latest[1]) : undefined;
  const versions =
    number === undefined
      ? [{ id: policy.defaultVersionId, isDefault: true }]
      : Array.from({ length: Math.min(number, 3) }, (_, index) => ({ id: `v${number - index}`, isDefault: index === 0 }));
  const date = wireTimestamp(created, 'seconds');
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: policy.attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: date,
    UpdateDate: date,
    PolicyVersionList: {
      member: versions.map((version) => ({
        Document: encodePolicyDocument(version.isDefault ? policy.document : SUPERSEDED_DOCUMENT),
        VersionId: version.id,
        IsDefaultVersion: version.isDefault,
        CreateDate: date,
      })),
    },
  };
}

/**
 * A document the way IAM returns it: the JSON text as written (single values not in arrays,
 * indented), then URL-encoded.
 */
export function encodePolicyDocument(document: PolicyDocument): string {
  return encodeURIComponent(JSON.stringify(asWritten(document), null, 4));
}

function asWritten(document: PolicyDocument): unknown {
  const single = (values: readonly string[] | undefined): string | readonly string[] | undefined => (values?.length === 1 ? values[0] : values);
  const principal = (value: PolicyPrincipal | undefined): unknown =>
    value === undefined || value === '*' ? value : Object.fromEntries(Object.entries(value).map(([kind, ids]) => [kind, single(ids)]));
  const statement = (s: PolicyStatement): unknown => ({
    ...(s.Sid !== undefined ? { Sid: s.Sid } : {}),
    Effect: s.Effect,
    ...(s.Principal !== undefined ? { Principal: principal(s.Principal) } : {}),
    ...(s.NotPrincipal !== undefined ? { NotPrincipal: principal(s.NotPrincipal) } : {}),
    ...(s.Action !== undefined ? { Action: single(s.Action) } : {}),
    ...(s.NotAction !== undefined ? { NotAction: single(s.NotAction) } : {}),
    ...(s.Resource !== undefined ? { Resource: single(s.Resource) } : {}),
    ...(s.NotResource !== undefined ? { NotResource: single(s.NotResource) } : {}),
    ...(s.Condition !== undefined
      ? {
          Condition: Object.fromEntries(
            Object.entries(s.Condition).map(([operator, keys]) => [operator, Object.fromEntries(Object.entries(keys).map(([key, values]) => [key, single(values)]))]),
          ),
        }
      : {}),
  });
  return {
    ...(document.Version !== undefined ? { Version: document.Version } : {}),
    ...(document.Id !== undefined ? { Id: document.Id } : {}),
    Statement: document.Statement.map(statement),
  };
}

/** The report's CSV: IAM's column order, `+00:00` timestamps, and its N/A, no_information and not_supported markers. */
export function credentialReportCsv(rows: readonly IamCredentialReportRow[]): string {
  const date = (value: string | null, none: string): string => wireTimestamp(value ?? undefined, 'seconds')?.replace(/Z$/, '+00:00') ?? none;
  const lines = rows.map((row) => {
    const root = row.passwordEnabled === 'not_supported';
    const fields = [
      row.user,
      row.arn,
      date(row.userCreationTime, 'N/A'),
      String(row.passwordEnabled),
      date(row.passwordLastUsed, root || row.passwordEnabled ? 'no_information' : 'N/A'),
      date(row.passwordLastChanged, root ? 'not_supported' : 'N/A'),
      date(row.passwordNextRotation, root ? 'not_supported' : 'N/A'),
      String(row.mfaActive),
      ...row.accessKeys.flatMap((key) => [
        String(key.active),
        date(key.lastRotated, 'N/A'),
        date(key.lastUsedDate, 'N/A'),
        key.lastUsedRegion ?? 'N/A',
        key.lastUsedService ?? 'N/A',
      ]),
      ...row.certificates.flatMap((certificate) => [String(certificate.active), date(certificate.lastRotated, 'N/A')]),
    ];
    return fields.map(csvField).join(',');
  });
  return [CREDENTIAL_REPORT_COLUMNS.join(','), ...lines].join('\n');
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function awsPolicy(name: string, defaultVersionId: string, statements: unknown[]): IamManagedPolicy {
  return {
    name,
    id: stableId('ANPA', `aws/${name}`, 17, 'upper'),
    arn: `arn:aws:iam::aws:policy/${name}`,
    path: '/',
    awsManaged: true,
    attachmentCount: 0,
    defaultVersionId,
    document: normalizePolicyDocument({ Version: '2012-10-17', Statement: statements }),
  };
}
