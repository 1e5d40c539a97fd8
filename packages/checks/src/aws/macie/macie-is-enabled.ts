import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/macie-is-enabled',
  provider: 'aws',
  service: 'macie',
  requires: ['macie'],
  resourceType: 'AwsAccount',
  severity: 'low',
  title: 'Amazon Macie is enabled to discover and protect sensitive data in S3',
  description:
    'Checks, in every scanned region, that Amazon Macie is enabled (session status ENABLED); a paused Macie session fails. CIS AWS Foundations marks this recommendation (2.1.3) as manual because another data-classification process may satisfy it.',
  risk: 'Without automated sensitive-data discovery, personal, financial or credential data stored in S3 buckets (and any bucket made public) can go unnoticed until it leaks.',
  remediation: {
    summary: 'Enable Macie in the regions that hold S3 data (organization-wide through a delegated administrator) and turn on automated sensitive data discovery.',
    cli:
      'aws macie2 enable-macie --region <region> --finding-publishing-frequency FIFTEEN_MINUTES\n# if paused:\naws macie2 update-macie-session --region <region> --status ENABLED',
    terraform: 'resource "aws_macie2_account" "this" {\n  finding_publishing_frequency = "FIFTEEN_MINUTES"\n  status                       = "ENABLED"\n}',
    console: 'Amazon Macie console (in each region) → Get started → Enable Macie; for a paused account: Settings → Resume Macie.',
  },
  references: [
    'https://docs.aws.amazon.com/macie/latest/user/getting-started.html',
    'https://docs.aws.amazon.com/macie/latest/user/discovery-asdd.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/macie-controls.html#macie-1',
  ],
  categories: ['data-protection', 'threat-detection'],
  evaluate: (account) =>
    eachRegion(account, 'macie', (macie, region) => {
      const target = regionResource(account, 'macie', region);
      return fromFetched(macie.session, target, (session) => {
        if (session === null) return [fail(target, `Macie is not enabled in ${region}.`)];
        return session.status === 'ENABLED'
          ? [pass(target, `Macie is enabled in ${region}.`)]
          : [fail(target, `Macie is paused in ${region}; it runs no discovery jobs while paused.`)];
      });
    }),
});
