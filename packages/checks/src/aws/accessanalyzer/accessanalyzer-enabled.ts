import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

const EXTERNAL_ACCESS_TYPES = new Set(['ACCOUNT', 'ORGANIZATION']);

export default defineCheck({
  id: 'aws/accessanalyzer-enabled',
  provider: 'aws',
  service: 'accessanalyzer',
  requires: ['accessanalyzer'],
  resourceType: 'AwsAccount',
  severity: 'low',
  title: 'IAM Access Analyzer is enabled in every region',
  description:
    'Checks, in every scanned region, that an IAM Access Analyzer external-access analyzer (type ACCOUNT or ORGANIZATION) exists and is ACTIVE. Unused-access analyzers do not count: they do not report resources shared outside the zone of trust.',
  risk: 'Without an external-access analyzer, resources shared with other accounts or the public (S3 buckets, KMS keys, IAM roles, Lambda functions, SQS queues, secrets) through their resource policies are not flagged, so unintended exposure in that region goes unnoticed.',
  remediation: {
    summary: 'Create an external-access analyzer in every region (type ORGANIZATION in the delegated administrator account, or ACCOUNT otherwise).',
    cli: 'aws accessanalyzer create-analyzer --region <region> --analyzer-name external-access --type ACCOUNT',
    terraform: 'resource "aws_accessanalyzer_analyzer" "external_access" {\n  analyzer_name = "external-access"\n  type          = "ACCOUNT" # or "ORGANIZATION"\n}',
    console: 'IAM console → Access Analyzer → Analyzer settings → Create analyzer → Resource analysis - External access → Zone of trust: current account or organization → Create analyzer (repeat in each region).',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/what-is-access-analyzer.html',
  ],
  categories: ['identity-and-access', 'governance'],
  evaluate: (account) =>
    eachRegion(account, 'accessanalyzer', (accessanalyzer, region) => {
      const target = regionResource(account, 'accessanalyzer', region);
      return fromFetched(accessanalyzer.analyzers, target, (analyzers) => {
        const external = analyzers.filter((analyzer) => EXTERNAL_ACCESS_TYPES.has(analyzer.type));
        const active = external.find((analyzer) => analyzer.status === 'ACTIVE');
        if (active) return [pass(target, `External-access analyzer ${active.name} (${active.type}) is active in ${region}.`)];
        if (external.length > 0) {
          return [fail(target, `External-access analyzer(s) in ${region} are not active: ${external.map((analyzer) => `${analyzer.name} (${analyzer.status})`).join(', ')}.`)];
        }
        return [fail(target, `IAM Access Analyzer has no external-access analyzer in ${region}.`)];
      });
    }),
});
