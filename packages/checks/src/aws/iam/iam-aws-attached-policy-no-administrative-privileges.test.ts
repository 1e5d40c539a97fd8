import { describe, expect, it } from 'vitest';
import type { IamManagedPolicy } from '@palisade/core/aws';
import { ADMIN_STATEMENT, READ_ONLY_STATEMENT, accountSnapshot, denied, managedPolicy, ok, policyDocument, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-aws-attached-policy-no-administrative-privileges.ts';

const ADMIN_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

describe(check.id, () => {
  it.each<[string, IamManagedPolicy, [string, string][]]>([
    ['AdministratorAccess attached', managedPolicy({ name: 'AdministratorAccess', awsManaged: true, document: policyDocument(ADMIN_STATEMENT) }), [['FAIL', ADMIN_ACCESS]]],
    ['ReadOnlyAccess attached', managedPolicy({ name: 'ReadOnlyAccess', awsManaged: true, document: policyDocument(READ_ONLY_STATEMENT) }), [['PASS', READ_ONLY]]],
    ['NotAction policy attached', managedPolicy({ name: 'AllButBilling', awsManaged: true, document: policyDocument({ Effect: 'Allow', NotAction: ['aws-portal:ViewBilling'], Resource: ['*'] }) }), [['FAIL', 'arn:aws:iam::aws:policy/AllButBilling']]],
    ['NotResource policy attached', managedPolicy({ name: 'AllButOneBucket', awsManaged: true, document: policyDocument({ Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws:s3:::audit-logs'] }) }), [['FAIL', 'arn:aws:iam::aws:policy/AllButOneBucket']]],
    [
      'PowerUserAccess attached (leaves out all of IAM)',
      managedPolicy({
        name: 'PowerUserAccess',
        awsManaged: true,
        document: policyDocument(
          { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: ['*'] },
          { Effect: 'Allow', Action: ['account:GetAccountInformation', 'iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization'], Resource: ['*'] },
        ),
      }),
      [['PASS', 'arn:aws:iam::aws:policy/PowerUserAccess']],
    ],
    ['AdministratorAccess not attached', managedPolicy({ name: 'AdministratorAccess', awsManaged: true, attachmentCount: 0, document: policyDocument(ADMIN_STATEMENT) }), []],
    ['customer managed admin policy (other check)', managedPolicy({ name: 'admin', document: policyDocument(ADMIN_STATEMENT) }), []],
  ])('%s', (_name, policy, expected) => {
    expect(statuses(runCheck(check, accountSnapshot({ global: { iam: { policies: ok([policy]) } } })))).toEqual(expected);
  });

  it('reports ERROR on the account when policies could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { policies: denied('iam:GetAccountAuthorizationDetails') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });
});
