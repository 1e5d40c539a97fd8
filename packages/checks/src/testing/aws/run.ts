import { DEFAULT_CHECK_CONFIG } from '@palisade/core';
import type { Check, CheckConfig, CheckResult, FindingStatus } from '@palisade/core';
import type { AwsAccountSnapshot } from '@palisade/core/aws';
import { TEST_NOW } from './account.ts';

/** Runs a check the way the engine does, with default thresholds and a fixed clock. */
export function runCheck(check: Check, account: AwsAccountSnapshot, config: Partial<CheckConfig> = {}): readonly CheckResult[] {
  return check.evaluate(account, { config: { ...DEFAULT_CHECK_CONFIG, ...config }, now: TEST_NOW });
}

/** `[status, resource uid]` pairs, for compact assertions. */
export function statuses(results: readonly CheckResult[]): [FindingStatus, string][] {
  return results.map((result) => [result.status, result.resource.uid]);
}
