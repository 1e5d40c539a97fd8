/**
 * How the AWS provider connects, shared by its one-piece live scan (aws-provider.ts) and its tasks
 * (aws-tasks.ts): the scan's gateway, the SDK connection options built from plain data, and the
 * member accounts of an organization or an accounts file.
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '@palisade/core';
import type { ApiError, Tags } from '@palisade/core';
import type { AwsOrganizationInfo } from '@palisade/core/aws';
import { AwsGateway, DEFAULT_RATE_LIMITS } from '@palisade/providers/sdk-free';
import type { AwsSession, ClientSettings, ConnectAwsOptions } from '@palisade/providers';
import type { AwsConnectOptions, AwsTransport, OrganizationTargets } from './aws-provider.ts';
import type { ScanOptions } from './scan.ts';

/** The gateway of one scan (or of one share of it): retries, rate limits and API counters. */
export function scanGateway(options: Pick<ScanOptions, 'config' | 'signal' | 'retryPolicy' | 'rateLimitBudgets'>): AwsGateway {
  return new AwsGateway({
    ...(options.config.gateway.maxAttempts ? { maxAttempts: options.config.gateway.maxAttempts } : {}),
    ...(options.config.gateway.attemptTimeoutMs ? { attemptTimeoutMs: options.config.gateway.attemptTimeoutMs } : {}),
    ...(options.config.gateway.rateLimits ? { rateLimits: mergeRateLimits(options.config.gateway.rateLimits) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
    ...(options.rateLimitBudgets ? { budgets: options.rateLimitBudgets } : {}),
  });
}

/** The providers' connection options: the plain-data settings plus the scan's gateway and, for tests, the transport. */
export async function connectOptions(connect: AwsConnectOptions, gateway: AwsGateway): Promise<ConnectAwsOptions> {
  const { transport, clientSettings, ...rest } = connect;
  const requestHandler = transport ? await buildTransport(transport) : undefined;
  return {
    ...rest,
    gateway,
    ...(clientSettings || requestHandler ? { clientSettings: { ...clientSettings, ...(requestHandler ? { requestHandler } : {}) } } : {}),
  };
}

type RequestHandler = NonNullable<ClientSettings['requestHandler']>;

async function buildTransport(transport: AwsTransport): Promise<RequestHandler> {
  if ('handler' in transport) return transport.handler as RequestHandler;
  const specifier = isAbsolute(transport.module) || transport.module.startsWith('.') ? pathToFileURL(resolve(transport.module)).href : transport.module;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(specifier)) as Record<string, unknown>;
  } catch (cause) {
    throw new InputError('USAGE', `transport module ${transport.module} cannot be loaded: ${(cause as Error).message}`, { field: 'transport.module' });
  }
  const build = loaded[transport.export];
  if (typeof build !== 'function') throw new InputError('USAGE', `transport module ${transport.module} has no function export "${transport.export}"`, { field: 'transport.export' });
  return (await (build as (options: unknown) => unknown)(transport.options)) as RequestHandler;
}

export interface AccountTarget {
  readonly accountId?: string;
  readonly roleArn?: string;
  readonly organization?: AwsOrganizationInfo;
  /** OU path and tags read in the background; findings wait for them, collection does not. */
  readonly metadata?: Promise<{ readonly ouPath?: string; readonly tags?: Tags }>;
}

export async function resolveTargets(
  targets: OrganizationTargets,
  connect: ConnectAwsOptions,
  notScanned: string[],
  inScope: (accountId: string) => boolean,
  accountMetadata?: ScanOptions['accountMetadata'],
): Promise<{ targets: AccountTarget[]; management?: AwsSession; organizationErrors?: readonly ApiError[] }> {
  if (targets.resolved) {
    // Discovered by the thread that split the scan; their OU paths and tags come from it too.
    return {
      targets: targets.resolved
        .filter((target) => inScope(target.accountId))
        .map((target) => ({ ...target, ...(target.organization && accountMetadata ? { metadata: accountMetadata(target.accountId) } : {}) })),
    };
  }
  const { connectAws, listOrganizationAccounts, memberRoleArn, readAccountsFile } = await import('@palisade/providers');
  if (targets.accountsFile) {
    const roles = await readAccountsFile(targets.accountsFile);
    return { targets: roles.filter((role) => inScope(role.accountId)).map((role) => ({ accountId: role.accountId, roleArn: role.roleArn })) };
  }
  const management = await connectAws(connect);
  try {
    const organization = await listOrganizationAccounts({ session: management, ...targets.organization, deferMetadata: true });
    for (const skipped of organization.skipped) if (inScope(skipped.accountId)) notScanned.push(`account ${skipped.accountId}: ${skipped.reason}`);
    return {
      management,
      // Metadata errors keep arriving while accounts are scanned; they are reported at the end.
      organizationErrors: organization.errors,
      targets: organization.accounts.filter((account) => inScope(account.accountId)).map((account) => ({
        accountId: account.accountId,
        // The management account is scanned with the credentials already in hand: the member role
        // usually exists only in member accounts.
        ...(account.accountId === management.accountId ? {} : { roleArn: memberRoleArn(management.partition, account.accountId, targets.roleName) }),
        organization: { organizationId: organization.organizationId, accountName: account.name, accountEmail: account.email },
        ...(organization.metadataOf ? { metadata: organization.metadataOf(account.accountId) } : {}),
      })),
    };
  } catch (error) {
    management.close();
    throw error;
  }
}

/** User rules first: among equally specific patterns the first listed wins, so the user's override applies. */
function mergeRateLimits(overrides: readonly { pattern: string; capacity: number; refillPerSecond: number }[]) {
  return [...overrides.map((rule) => ({ ...rule, source: 'config file' })), ...DEFAULT_RATE_LIMITS];
}
