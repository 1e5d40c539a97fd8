/** Typed fixture builders for checks, engine and output tests. */
export { TEST_ACCOUNT_ID, TEST_NOW, TEST_REGION, accountSnapshot, daysAgo, denied, emptyGlobal, emptyRegional, ok } from './account.ts';
export type { AccountOverrides } from './account.ts';
export { runCheck, statuses } from './run.ts';
export { credentialReportRow, iamUser } from './iam.ts';
