/**
 * Typed fixture builders for check tests and the demo estate: an account snapshot with every
 * service present and empty, which a test then fills with the resources it needs.
 */
import type { ApiError, Fetched } from '@palisade/core';
import type { AwsAccountSnapshot, AwsGlobalServices, AwsRegionalServices } from '@palisade/core/aws';

export const TEST_ACCOUNT_ID = '123456789012';
export const TEST_REGION = 'us-east-1';
export const TEST_NOW = new Date('2026-06-01T00:00:00.000Z');

export function ok<T>(value: T): Fetched<T> {
  return { value };
}

export function denied<T = never>(api: string, code = 'AccessDenied', region?: string): Fetched<T> {
  const error: ApiError = { api, code, message: `User is not authorized to perform: ${api}`, ...(region ? { region } : {}) };
  return { error };
}

/** Days before TEST_NOW as an ISO string. */
export function daysAgo(days: number, now: Date = TEST_NOW): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

export function emptyGlobal(): AwsGlobalServices {
  return {
    iam: {
      credentialReport: ok([]),
      users: ok([]),
      groups: ok([]),
      roles: ok([]),
      policies: ok([]),
      passwordPolicy: ok(null),
      accountSummary: ok({}),
      virtualMfaDevices: ok([]),
      serverCertificates: ok([]),
    },
    s3: { accountPublicAccessBlock: ok(null), buckets: ok([]) },
    account: {
      contactInformation: ok(null),
      alternateContacts: { security: ok(null), billing: ok(null), operations: ok(null) },
    },
  };
}

export function emptyRegional(): AwsRegionalServices {
  return {
    ec2: {
      instances: ok([]),
      securityGroups: ok([]),
      networkAcls: ok([]),
      volumes: ok([]),
      snapshots: ok([]),
      images: ok([]),
      ebsEncryptionByDefault: ok({ enabled: false }),
      vpcs: ok([]),
      flowLogs: ok([]),
      routeTables: ok([]),
      vpcPeeringConnections: ok([]),
    },
    cloudtrail: { trails: ok([]) },
    logs: { logGroups: ok([]), metricFilters: ok([]) },
    cloudwatch: { alarms: ok([]) },
    sns: { topics: ok([]), subscriptions: ok([]) },
    config: { recorders: ok([]), deliveryChannels: ok([]) },
    kms: { keys: ok([]) },
    rds: { instances: ok([]), snapshots: ok([]) },
    efs: { fileSystems: ok([]) },
    accessanalyzer: { analyzers: ok([]) },
    securityhub: { hub: ok(null), enabledStandards: ok([]) },
    macie: { session: ok(null) },
    guardduty: { detectors: ok([]) },
  };
}

export interface AccountOverrides {
  readonly accountId?: string;
  readonly regions?: readonly string[];
  readonly global?: { readonly [K in keyof AwsGlobalServices]?: Partial<AwsGlobalServices[K]> };
  /** Per region, per service overrides; services not given stay empty. */
  readonly regional?: Readonly<Record<string, { readonly [K in keyof AwsRegionalServices]?: Partial<AwsRegionalServices[K]> }>>;
}

/** An account snapshot with every service collected and empty, overridden field by field. */
export function accountSnapshot(overrides: AccountOverrides = {}): AwsAccountSnapshot {
  const regions = overrides.regions ?? [TEST_REGION];
  const baseGlobal = emptyGlobal();
  const global = {
    iam: { ...baseGlobal.iam, ...overrides.global?.iam },
    s3: { ...baseGlobal.s3, ...overrides.global?.s3 },
    account: { ...baseGlobal.account, ...overrides.global?.account },
  } as AwsGlobalServices;
  const regional: Record<string, AwsRegionalServices> = {};
  for (const region of regions) {
    const base = emptyRegional();
    const given = overrides.regional?.[region] ?? {};
    const merged: Record<string, unknown> = {};
    for (const service of Object.keys(base) as (keyof AwsRegionalServices)[]) {
      merged[service] = { ...base[service], ...given[service] };
    }
    regional[region] = merged as unknown as AwsRegionalServices;
  }
  return {
    accountId: overrides.accountId ?? TEST_ACCOUNT_ID,
    partition: 'aws',
    regions,
    collectedAt: TEST_NOW.toISOString(),
    global,
    regional,
    errors: [],
  };
}
