import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/ec2-securitygroup-default-restrict-traffic',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2SecurityGroup',
  severity: 'medium',
  title: 'The default security group of every VPC restricts all traffic',
  description:
    'Checks that the security group named `default` in each VPC has no inbound and no outbound rules (CIS 5.4). AWS creates it allowing all traffic between its members and all outbound traffic.',
  risk:
    'Resources launched without an explicit security group land in the default group. If it has rules, they silently inherit network access (to each other and to the internet) that nobody chose, which widens lateral movement and exfiltration paths.',
  remediation: {
    summary:
      'Move resources to purpose-built security groups, then delete every inbound and outbound rule of the default group. The default group itself cannot be deleted.',
    cli:
      'aws ec2 revoke-security-group-ingress --group-id <default-sg-id> --security-group-rule-ids $(aws ec2 describe-security-group-rules --filters Name=group-id,Values=<default-sg-id> --query "SecurityGroupRules[?!IsEgress].SecurityGroupRuleId" --output text)\naws ec2 revoke-security-group-egress --group-id <default-sg-id> --security-group-rule-ids $(aws ec2 describe-security-group-rules --filters Name=group-id,Values=<default-sg-id> --query "SecurityGroupRules[?IsEgress].SecurityGroupRuleId" --output text)',
    terraform: '# Adopting the default group with no rule blocks removes all of its rules.\nresource "aws_default_security_group" "default" {\n  vpc_id = aws_vpc.main.id\n}',
    console: 'VPC console → Security groups → select the group named default in the VPC → Inbound rules → Edit inbound rules → delete all → Save; Outbound rules → Edit outbound rules → delete all → Save.',
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group',
  ],
  categories: ['network'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.securityGroups, regionResource(account, 'ec2', region), (group) => {
        if (group.name !== 'default') return [];
        const target = resource(group.arn, 'AwsEc2SecurityGroup', group.name, region, group.tags);
        const vpc = group.vpcId ? ` of ${group.vpcId}` : '';
        if (group.ingress.length === 0 && group.egress.length === 0) {
          return pass(target, `Default security group ${group.id}${vpc} has no inbound or outbound rules.`);
        }
        return fail(target, `Default security group ${group.id}${vpc} has ${group.ingress.length} inbound and ${group.egress.length} outbound rule(s).`);
      }),
    ),
});
