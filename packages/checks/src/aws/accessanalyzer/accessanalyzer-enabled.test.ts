import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, accessAnalyzer, accountSnapshot, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './accessanalyzer-enabled.ts';

const REGION_UID = `arn:aws:accessanalyzer:us-east-1:${TEST_ACCOUNT_ID}:accessanalyzer/us-east-1`;

describe(check.id, () => {
  it.each([
    ['active account analyzer', ok([accessAnalyzer({ name: 'external' })]), 'PASS'],
    ['active organization analyzer', ok([accessAnalyzer({ name: 'org', type: 'ORGANIZATION' })]), 'PASS'],
    ['no analyzer', ok([]), 'FAIL'],
    ['unused-access analyzer only', ok([accessAnalyzer({ name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' })]), 'FAIL'],
    ['failed analyzer', ok([accessAnalyzer({ name: 'external', status: 'FAILED' })]), 'FAIL'],
    ['denied', denied('access-analyzer:ListAnalyzers'), 'ERROR'],
  ] as const)('%s → %s', (_name, analyzers, expected) => {
    const account = accountSnapshot({ regional: { 'us-east-1': { accessanalyzer: { analyzers } } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, REGION_UID]]);
  });
});
