import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/securityhub-enabled',
  provider: 'aws',
  service: 'securityhub',
  requires: ['securityhub'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'AWS Security Hub is enabled in every region',
  description: 'Checks, in every scanned region, that the account is subscribed to AWS Security Hub (DescribeHub returns a hub).',
  risk: 'Without Security Hub in a region, findings from GuardDuty, Inspector, Macie, IAM Access Analyzer and Config rules there are not aggregated or checked against security standards, so issues in that region are easy to miss.',
  remediation: {
    summary: 'Enable Security Hub in each region (ideally from a delegated administrator account with central configuration across the organization).',
    cli: 'aws securityhub enable-security-hub --region <region> --enable-default-standards\n# organization-wide, from the management account:\naws securityhub enable-organization-admin-account --admin-account-id <security-account-id>',
    terraform: 'resource "aws_securityhub_account" "this" {\n  enable_default_standards = true\n}',
    console: 'Security Hub console (in each region) → Go to Security Hub → choose the security standards to enable → Enable Security Hub.',
  },
  references: [
    'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html',
  ],
  categories: ['monitoring', 'threat-detection', 'governance'],
  evaluate: (account) =>
    eachRegion(account, 'securityhub', (securityhub, region) => {
      const target = regionResource(account, 'securityhub', region);
      return fromFetched(securityhub.hub, target, (hub) =>
        hub === null
          ? [fail(target, `Security Hub is not enabled in ${region}.`)]
          : [pass(target, `Security Hub is enabled in ${region} (${hub.hubArn}).`)],
      );
    }),
});
