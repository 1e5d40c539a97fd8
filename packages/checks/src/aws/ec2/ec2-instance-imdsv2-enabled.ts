import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/ec2-instance-imdsv2-enabled',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2Instance',
  severity: 'high',
  title: 'EC2 instances require IMDSv2 (session tokens) for the instance metadata service',
  description:
    'Checks that every non-terminated EC2 instance either requires IMDSv2 (`HttpTokens: required`) or has the instance metadata endpoint disabled (CIS 5.6).',
  risk:
    'IMDSv1 answers plain GET requests, so a server-side request forgery, an open proxy or a misconfigured firewall on the instance is enough to read the role credentials from the metadata service. IMDSv2 requires a PUT-issued session token that such requests cannot obtain.',
  remediation: {
    summary:
      'Require session tokens on the instance (after confirming its software and SDKs support IMDSv2), set it in launch templates, and make IMDSv2 the account default for new instances in each region.',
    cli:
      'aws ec2 modify-instance-metadata-options --instance-id <instance-id> --http-tokens required --http-endpoint enabled\naws ec2 modify-instance-metadata-defaults --http-tokens required --region <region>',
    terraform: 'resource "aws_instance" "app" {\n  # ...\n  metadata_options {\n    http_endpoint = "enabled"\n    http_tokens   = "required"\n  }\n}',
    console: 'EC2 console → Instances → select the instance → Actions → Instance settings → Modify instance metadata options → IMDSv2: Required → Save.',
  },
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html',
  ],
  categories: ['credentials', 'identity-and-access'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.instances, regionResource(account, 'ec2', region), (instance) => {
        if (instance.state === 'terminated') return [];
        const target = resource(instance.arn, 'AwsEc2Instance', instance.id, region, instance.tags);
        const { httpEndpoint, httpTokens } = instance.metadataOptions;
        if (httpEndpoint === 'disabled') return pass(target, `Instance ${instance.id} has the instance metadata endpoint disabled.`);
        return httpTokens === 'required'
          ? pass(target, `Instance ${instance.id} requires IMDSv2 session tokens.`)
          : fail(target, `Instance ${instance.id} accepts IMDSv1 requests (HttpTokens is optional).`);
      }),
    ),
});
