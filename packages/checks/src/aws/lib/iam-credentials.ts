/**
 * Reading the IAM credential report: the root user's row, IAM users' rows as resources, and
 * their active access keys. User checks read the report because it holds every credential's
 * last use in one call, the source the CIS audit procedures use.
 */
import { eachFetched, fromFetched, resource } from '@palisade/core';
import { accountResource } from '@palisade/core/aws';
import type {
  CheckResult,
  Fetched,
  ResourceRef,
  Tags,
} from '@palisade/core';
import type {
  AwsAccountSnapshot,
  IamCredentialReportRow,
  IamData,
  IamReportAccessKey,
  IamUser,
} from '@palisade/core/aws';

/** The credential report's name for the root user. */
export const ROOT_REPORT_USER = '<root_account>';

/** The root user's row, or an error when the report failed or (unexpectedly) lacks that row. */
export function rootCredentialRow(report: Fetched<readonly IamCredentialReportRow[]>): Fetched<IamCredentialReportRow> {
  if (report.error) return report;
  const row = report.value.find((entry) => entry.user === ROOT_REPORT_USER);
  if (row) return { value: row };
  return {
    error: {
      api: 'iam:GetCredentialReport',
      code: 'RootUserRowMissing',
      message: `the credential report has no ${ROOT_REPORT_USER} row, so the root user's credentials are unknown`,
    },
  };
}

export function isRootRow(row: IamCredentialReportRow): boolean {
  return row.user === ROOT_REPORT_USER;
}

/** True when the user can sign in to the console (the root user's `not_supported` is not). */
export function hasConsolePassword(row: IamCredentialReportRow): boolean {
  return row.passwordEnabled === true;
}

export interface ReportAccessKey {
  /** 1 or 2: the credential report's `access_key_N` column. */
  readonly slot: 1 | 2;
  readonly key: IamReportAccessKey;
}

export function activeAccessKeys(row: IamCredentialReportRow): readonly ReportAccessKey[] {
  const [first, second] = row.accessKeys;
  const slots: ReportAccessKey[] = [
    { slot: 1, key: first },
    { slot: 2, key: second },
  ];
  return slots.filter((entry) => entry.key.active);
}

export function iamUserResource(arn: string, name: string, tags?: Tags): ResourceRef {
  return resource(arn, 'AwsIamUser', name, 'global', tags);
}

/**
 * User tags by ARN, so credential-report results carry tags for tag-based mutes. When the user
 * list could not be read, results simply lack tags: statuses never depend on them.
 */
export function userTagsByArn(users: Fetched<readonly IamUser[]>): ReadonlyMap<string, Tags> {
  return new Map((users.value ?? []).map((user) => [user.arn, user.tags]));
}

/**
 * Evaluates every IAM user row of the credential report (the root row is left to the root
 * checks). ERROR on the account when the report could not be read. `evaluate` returns no result
 * for a user the check does not apply to.
 */
export function eachUserCredentialRow(
  account: AwsAccountSnapshot,
  iam: IamData,
  evaluate: (row: IamCredentialReportRow, user: ResourceRef) => CheckResult | readonly CheckResult[] | undefined,
): readonly CheckResult[] {
  const tags = userTagsByArn(iam.users);
  return eachFetched(iam.credentialReport, accountResource(account), (row) => {
    if (isRootRow(row)) return [];
    return evaluate(row, iamUserResource(row.arn, row.user, tags.get(row.arn))) ?? [];
  });
}

/** Evaluates the root user's row; ERROR on the account when it cannot be read. */
export function withRootCredentialRow(
  account: AwsAccountSnapshot,
  iam: IamData,
  evaluate: (row: IamCredentialReportRow, root: ResourceRef) => readonly CheckResult[],
): readonly CheckResult[] {
  const root = accountResource(account);
  return fromFetched(rootCredentialRow(iam.credentialReport), root, (row) => evaluate(row, root));
}
