import { DEFAULT_CHECK_CONFIG } from '@palisade/core';
import type { Check, CheckConfig, CheckResult } from '@palisade/core';
import type { AzureScopeSnapshot } from '@palisade/core/azure';
import { TEST_NOW } from '../aws/account.ts';

/** Runs a check the way the engine does, with default thresholds and a fixed clock. */
export function runAzureCheck(check: Check, scope: AzureScopeSnapshot, config: Partial<CheckConfig> = {}): readonly CheckResult[] {
  return check.evaluate(scope, { config: { ...DEFAULT_CHECK_CONFIG, ...config }, now: TEST_NOW });
}

export { statuses } from '../aws/run.ts';
