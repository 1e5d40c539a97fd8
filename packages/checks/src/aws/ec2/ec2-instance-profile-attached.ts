import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

/** Instances being torn down no longer run workloads that need credentials. */
const GONE_STATES = new Set(['shutting-down', 'terminated']);

export default defineCheck({
  id: 'aws/ec2-instance-profile-attached',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2Instance',
  severity: 'medium',
  title: 'EC2 instances use an IAM instance profile (role) for AWS access',
  description:
    'Checks that every EC2 instance that is not shutting down or terminated has an IAM instance profile attached, so software on it obtains short-lived role credentials from the instance metadata service instead of long-lived access keys (CIS 1.18).',
  risk:
    'An instance without a role tends to carry static access keys in files, environment variables or AMIs. Such keys do not rotate, survive the instance, leak with images and snapshots, and are hard to attribute when abused.',
  remediation: {
    summary: 'Create an IAM role with only the permissions the workload needs, wrap it in an instance profile and associate it with the instance; then remove any access keys stored on the instance.',
    cli: 'aws ec2 associate-iam-instance-profile --instance-id <instance-id> --iam-instance-profile Name=<instance-profile-name>',
    terraform:
      'resource "aws_iam_instance_profile" "app" {\n  name = "app"\n  role = aws_iam_role.app.name\n}\n\nresource "aws_instance" "app" {\n  # ...\n  iam_instance_profile = aws_iam_instance_profile.app.name\n}',
    console: 'EC2 console → Instances → select the instance → Actions → Security → Modify IAM role → choose a role → Update IAM role.',
  },
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.instances, regionResource(account, 'ec2', region), (instance) => {
        if (GONE_STATES.has(instance.state)) return [];
        const target = resource(instance.arn, 'AwsEc2Instance', instance.id, region, instance.tags);
        return instance.iamInstanceProfileArn
          ? pass(target, `Instance ${instance.id} (${instance.state}) uses instance profile ${instance.iamInstanceProfileArn}.`)
          : fail(target, `Instance ${instance.id} (${instance.state}) has no IAM instance profile; any AWS access from it relies on stored credentials.`);
      }),
    ),
});
