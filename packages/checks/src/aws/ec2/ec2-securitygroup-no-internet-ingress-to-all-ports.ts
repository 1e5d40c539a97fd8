import { defineCheck, eachFetched, eachRegion, fail, pass, regionResource, resource } from '@palisade/core';
import { describePermission, internetSources, permissionCoversAllPorts } from '../lib/network.ts';

export default defineCheck({
  id: 'aws/ec2-securitygroup-no-internet-ingress-to-all-ports',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2SecurityGroup',
  severity: 'high',
  title: 'Security groups do not allow ingress from the internet to all ports',
  description:
    'Checks that no security group has an inbound rule from 0.0.0.0/0 or ::/0 that opens every port: all protocols (`-1`), or a TCP/UDP range spanning 0 (or 1) to 65535.',
  risk:
    'Every service listening on the attached resources, including ones never meant to be public (databases, admin consoles, debug endpoints), is reachable from anywhere on the internet.',
  remediation: {
    summary: 'Replace the rule with rules for the specific ports the workload serves, from the narrowest sources that need them.',
    cli: 'aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions \'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]\'\naws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions \'IpProtocol=-1,Ipv6Ranges=[{CidrIpv6=::/0}]\'',
    terraform:
      'resource "aws_vpc_security_group_ingress_rule" "https" {\n  security_group_id = aws_security_group.web.id\n  ip_protocol       = "tcp"\n  from_port         = 443\n  to_port           = 443\n  cidr_ipv4         = "0.0.0.0/0"\n}',
    console: 'EC2 console → Security Groups → select the group → Inbound rules → Edit inbound rules → delete the All traffic / 0-65535 rule from 0.0.0.0/0 or ::/0 and add rules for only the needed ports → Save rules.',
  },
  references: ['https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html', 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html'],
  categories: ['internet-exposed', 'network'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.securityGroups, regionResource(account, 'ec2', region), (group) => {
        const target = resource(group.arn, 'AwsEc2SecurityGroup', group.name, region, group.tags);
        const offending = group.ingress.flatMap((permission) => {
          if (!permissionCoversAllPorts(permission)) return [];
          return internetSources(permission, ['ipv4', 'ipv6']).map((cidr) => `${describePermission(permission)} from ${cidr}`);
        });
        return offending.length === 0
          ? pass(target, `Security group ${group.id} (${group.name}) does not open all ports to the internet.`)
          : fail(target, `Security group ${group.id} (${group.name}) opens all ports to the internet: ${offending.join(', ')}.`);
      }),
    ),
});
