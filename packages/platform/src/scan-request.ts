/**
 * A platform scan as the engine's `ScanRequest`: the provider's settings become the source (a
 * snapshot file on the server, live AWS or live Azure with the stored credentials by reference),
 * the requested scope becomes the checks and frameworks of the provider's cloud, and the tenant's
 * mute rules become the mutelist. No secret is ever part of the request: stored access keys and
 * service principals travel as `secretRef`, opened by the process that runs the scan.
 */
import { InputError } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { frameworksOfProvider, getFramework } from '@palisade/compliance';
import { AZURE_CLOUDS } from '@palisade/core/azure';
import type { AzureCloud } from '@palisade/core/azure';
import { DEFAULT_SCAN_CONFIG, SCAN_REQUEST_VERSION, parseScanRequest, selectChecks } from '@palisade/engine';
import type { MuteRuleSpec, ScanRequest } from '@palisade/engine';
import type { MuteRule, Provider, ScanCoverage } from '@palisade/store';

/** What a user may narrow a scan to (`POST /scans` `scope`). */
export interface ScanScopeInput {
  readonly regions?: readonly string[];
  readonly services?: readonly string[];
  readonly checks?: readonly string[];
  /** Framework ids: only their checks run, and only their reports are produced. */
  readonly compliance?: readonly string[];
  /** Only these scopes of the provider (AWS account ids; Azure subscription and tenant ids). */
  readonly accounts?: readonly string[];
  /** Only these resources (ARNs, ARM resource ids); `collectOnly`: read just them (a targeted re-scan). */
  readonly resources?: readonly string[];
  readonly collectOnly?: boolean;
}

/** The member role assumed in each account of an organization unless the provider names another. */
export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';

export interface ScanRequestInput {
  readonly scanId: string;
  readonly tenantId: string;
  /** The tenant's external id, used when an AWS provider's role names none. */
  readonly externalId: string;
  readonly provider: Provider;
  readonly scope?: ScanScopeInput;
  /** The tenant's mute rules; those of other providers are left out. */
  readonly mutes: readonly MuteRule[];
}

/** The clouds the platform scans. */
const CLOUDS = ['aws', 'azure'] as const;
type Cloud = (typeof CLOUDS)[number];

/**
 * The cloud a provider's scan reads: its type for a live provider; for a snapshot provider, the
 * `provider` of its config (default `aws`), which the snapshot file's own header must match.
 */
export function cloudOf(provider: Provider): Cloud {
  if (provider.type === 'aws' || provider.type === 'azure') return provider.type;
  if (provider.type !== 'snapshot') throw new InputError('REQUEST_INVALID', `providers of type "${provider.type}" cannot be scanned by this server`, { field: 'type' });
  const cloud = provider.config['provider'] ?? 'aws';
  if (!(CLOUDS as readonly unknown[]).includes(cloud)) throw new InputError('REQUEST_INVALID', `must be one of ${CLOUDS.join(', ')}`, { field: 'config.provider' });
  return cloud as Cloud;
}

export function scanRequestFor(input: ScanRequestInput): ScanRequest {
  const { provider, scope = {} } = input;
  const cloud = cloudOf(provider);
  const frameworks = scope.compliance?.length ? scope.compliance : frameworksOfProvider(cloud).map((framework) => framework.id);
  for (const [index, id] of frameworks.entries()) {
    const framework = getFramework(id);
    if (!framework) throw new InputError('REQUEST_INVALID', `unknown framework "${id}"`, { field: `scope.compliance[${index}]` });
    if (framework.provider !== cloud) throw new InputError('REQUEST_INVALID', `framework "${id}" is not a framework of ${cloud}`, { field: `scope.compliance[${index}]` });
  }
  const frameworkChecks = scope.compliance?.length ? [...new Set(frameworks.flatMap((id) => getFramework(id)!.requirements.flatMap((requirement) => requirement.checks)))] : undefined;
  // A provider scans one cloud: the registry's checks of other clouds are not its own.
  const checks = selectChecks(ALL_CHECKS.filter((check) => check.provider === cloud), {
    ...(scope.services?.length ? { services: scope.services } : {}),
    ...(scope.checks?.length ? { checks: scope.checks } : {}),
    ...(frameworkChecks ? { frameworkChecks } : {}),
  });
  const regions = scope.regions?.length ? scope.regions : stringList(provider.config['regions'], 'config.regions');
  const mutes = input.mutes.filter((rule) => rule.providerId === undefined || rule.providerId === provider.id);
  const request: ScanRequest = {
    version: SCAN_REQUEST_VERSION,
    provider: cloud,
    scanId: input.scanId,
    tenantId: input.tenantId,
    source: sourceOf(provider, input.externalId),
    scope: {
      ...(regions?.length ? { regions } : {}),
      checks: checks.map((check) => check.id),
      frameworks,
      ...(scope.accounts?.length ? { accounts: scope.accounts } : {}),
      ...(scope.resources?.length ? { resources: { arns: scope.resources, ...(scope.collectOnly ? { collectOnly: true } : {}) } } : {}),
    },
    config: DEFAULT_SCAN_CONFIG,
    ...(mutes.length ? { mutelist: { file: 'tenant mute rules', rules: mutes.map(muteRuleSpec) } } : {}),
    limits: {},
    output: {},
    execution: { workers: 1 },
  };
  // Validated here, so a bad provider setting is the scan's clear error, not a crash later.
  return parseScanRequest(request);
}

/**
 * What a scan of `request` covered, given what it actually scanned: findings of the provider outside
 * it keep their status when the scan completes. Accounts the scan could not reach are not covered,
 * so their findings are not taken for resolved.
 */
export function coverageOf(request: ScanRequest, accountsScanned: readonly string[]): ScanCoverage {
  return {
    checks: request.scope.checks,
    accounts: accountsScanned,
    ...(request.scope.regions?.length ? { regions: request.scope.regions } : {}),
    // Resources chosen by tag cannot be listed here: such a scan settles only what it reported.
    ...(request.scope.resources?.tags?.length ? { resources: [] } : request.scope.resources?.arns?.length ? { resources: request.scope.resources.arns } : {}),
  };
}

function sourceOf(provider: Provider, tenantExternalId: string): ScanRequest['source'] {
  const config = provider.config;
  if (provider.type === 'snapshot') {
    const path = config['path'];
    if (typeof path !== 'string' || !path) throw new InputError('REQUEST_INVALID', 'a snapshot provider needs the path of a snapshot file on the server', { field: 'config.path' });
    return { kind: 'snapshot', path };
  }
  if (provider.type === 'azure') return azureSourceOf(provider);
  if (provider.type !== 'aws') throw new InputError('REQUEST_INVALID', `providers of type "${provider.type}" cannot be scanned by this server`, { field: 'type' });
  const roleArn = optionalString(config['roleArn'], 'config.roleArn');
  const externalId = optionalString(config['externalId'], 'config.externalId') ?? tenantExternalId;
  const endpointUrl = optionalString(config['endpointUrl'], 'config.endpointUrl');
  const organization = config['organization'];
  const credentials = {
    ...(provider.secretId ? { secretRef: provider.secretId } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(roleArn && !organization ? { assumeRole: { roleArn, externalId } } : {}),
  };
  if (!organization) return { kind: 'live', credentials };
  const settings = typeof organization === 'object' && organization !== null ? (organization as Record<string, unknown>) : {};
  const accounts = stringList(settings['accounts'], 'config.organization.accounts');
  const excludedAccounts = stringList(settings['excludedAccounts'], 'config.organization.excludedAccounts');
  const ous = stringList(settings['ous'], 'config.organization.ous');
  return {
    kind: 'live',
    credentials: { ...credentials, ...(roleArn ? { assumeRole: { roleArn, externalId } } : {}) },
    targets: {
      organization: { ...(accounts ? { accounts } : {}), ...(excludedAccounts ? { excludedAccounts } : {}), ...(ous ? { ous } : {}) },
      roleName: optionalString(settings['roleName'], 'config.organization.roleName') ?? DEFAULT_MEMBER_ROLE,
      externalId,
    },
  };
}

/** Live Azure: the provider's tenant, cloud and subscriptions; its stored service principal by reference. */
function azureSourceOf(provider: Provider): ScanRequest['source'] {
  const config = provider.config;
  const tenantId = optionalString(config['tenantId'], 'config.tenantId');
  if (!tenantId) throw new InputError('REQUEST_INVALID', 'an Azure provider needs its tenant id', { field: 'config.tenantId' });
  const cloud = optionalString(config['cloud'], 'config.cloud') ?? 'AzureCloud';
  if (!(AZURE_CLOUDS as readonly string[]).includes(cloud)) throw new InputError('REQUEST_INVALID', `must be one of ${AZURE_CLOUDS.join(', ')}`, { field: 'config.cloud' });
  const subscriptionIds = stringList(config['subscriptionIds'], 'config.subscriptionIds');
  return {
    kind: 'azure',
    cloud: cloud as AzureCloud,
    tenantId,
    ...(subscriptionIds?.length ? { subscriptionIds } : {}),
    ...(provider.secretId ? { credentials: { secretRef: provider.secretId } } : {}),
  };
}

/** A stored mute rule in the mutelist's terms: values match exactly (escaped), `*` or absent matches anything. */
export function muteRuleSpec(rule: MuteRule): MuteRuleSpec {
  const exactly = (value: string | undefined) => (value === undefined || value === '*' ? '*' : escapePattern(value));
  return {
    account: rule.account && rule.account !== '*' ? rule.account : '*',
    check: exactly(rule.checkId),
    regions: [exactly(rule.region)],
    resources: [exactly(rule.resource)],
    tags: [],
    reason: rule.reason,
    ...(rule.expiresAt ? { expires: rule.expiresAt } : {}),
  };
}

function escapePattern(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InputError('REQUEST_INVALID', 'must be a string', { field });
  return value;
}

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) throw new InputError('REQUEST_INVALID', 'must be a list of strings', { field });
  return value as string[];
}
