/**
 * AWS result builders: the account and an account × region as resources, and the walk over global
 * and regional services that reports a service that was not collected as ERROR, never PASS.
 */
import type { ApiError, Fetched } from '../fetched.ts';
import type { CheckResult, ResourceRef } from '../finding.ts';
import { errorResult } from '../results.ts';
import { accountRootArn, buildArn } from './arn.ts';
import type {
  AwsAccountSnapshot,
  AwsGlobalServiceName,
  AwsGlobalServices,
  AwsRegionalServiceName,
  AwsRegionalServices,
} from './snapshot.ts';

/** The account as a resource, for account-wide results (password policy, root user, contacts). */
export function accountResource(account: AwsAccountSnapshot, region = 'global'): ResourceRef {
  return {
    uid: accountRootArn(account.partition, account.accountId),
    type: 'AwsAccount',
    name: account.alias ?? account.accountId,
    region,
  };
}

/** An account × region scope for results about a regional setting (e.g. "GuardDuty in eu-west-1"). */
export function regionResource(account: AwsAccountSnapshot, service: string, region: string, type = 'AwsAccount'): ResourceRef {
  return {
    uid: buildArn(account.partition, service, region, account.accountId, `${service}/${region}`),
    type,
    name: `${service} ${region}`,
    region,
  };
}

function notCollected(service: string, region: string): ApiError {
  return {
    api: `${service}:*`,
    code: 'NotCollected',
    message: `${service} was not collected${region === 'global' ? '' : ` in ${region}`}; results for it are unknown`,
    region,
  };
}

/** Evaluates a global service's data, or ERROR on the account when it was not collected. */
export function withGlobal<K extends AwsGlobalServiceName>(
  account: AwsAccountSnapshot,
  service: K,
  evaluate: (data: AwsGlobalServices[K]) => readonly CheckResult[],
): readonly CheckResult[] {
  const data = account.global[service];
  if (data === undefined) return [errorResult(accountResource(account), notCollected(service, 'global'))];
  return evaluate(data as AwsGlobalServices[K]);
}

/** Evaluates a regional service in every scanned region; ERROR for a region where it was not collected. */
export function eachRegion<K extends AwsRegionalServiceName>(
  account: AwsAccountSnapshot,
  service: K,
  evaluate: (data: AwsRegionalServices[K], region: string) => readonly CheckResult[],
): readonly CheckResult[] {
  return account.regions.flatMap((region) => {
    const data = account.regional[region]?.[service];
    if (data === undefined) return [errorResult(regionResource(account, service, region), notCollected(service, region))];
    return evaluate(data as AwsRegionalServices[K], region);
  });
}

/**
 * Gathers one fetched list across all regions (for account-wide checks such as "a multi-region
 * trail exists"). Returns the first error met, so the caller reports ERROR instead of guessing.
 */
export function collectAcrossRegions<K extends AwsRegionalServiceName, T>(
  account: AwsAccountSnapshot,
  service: K,
  select: (data: AwsRegionalServices[K]) => Fetched<readonly T[]>,
): Fetched<readonly { readonly region: string; readonly item: T }[]> {
  const out: { region: string; item: T }[] = [];
  for (const region of account.regions) {
    const data = account.regional[region]?.[service];
    if (data === undefined) return { error: notCollected(service, region) };
    const fetched = select(data as AwsRegionalServices[K]);
    if (fetched.error) return { error: fetched.error };
    for (const item of fetched.value) out.push({ region, item });
  }
  return { value: out };
}
