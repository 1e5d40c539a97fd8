import { defineCheck, eachFetched, eachRegion, fail, pass, regionResource, resource } from '@palisade/core';
import { describeOpenPorts, securityGroupInternetOpenPorts } from '../lib/network.ts';

export default defineCheck({
  id: 'aws/ec2-securitygroup-no-ipv6-internet-ingress-to-admin-ports',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2SecurityGroup',
  severity: 'high',
  title: 'Security groups do not allow ingress from ::/0 to remote administration ports',
  description:
    'Checks that no security group has an inbound rule admitting TCP (or all protocols) from ::/0 to a remote administration port (`adminPorts`, 22 and 3389 by default) (CIS 5.3). Only IPv6 sources are considered; 0.0.0.0/0 is covered by the IPv4 counterpart of this check.',
  risk:
    'SSH and RDP reachable from the whole internet are scanned and brute-forced continuously, and any authentication bypass or weak credential in the exposed service becomes an immediate foothold in the VPC.',
  remediation: {
    summary:
      'Remove the ::/0 inbound rules for the administration ports and allow only trusted source ranges or security groups; prefer Systems Manager Session Manager or EC2 Instance Connect Endpoint to open ports.',
    cli: 'aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions \'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]\'\naws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions \'IpProtocol=tcp,FromPort=3389,ToPort=3389,Ipv6Ranges=[{CidrIpv6=::/0}]\'',
    terraform:
      '# Allow administration only from a trusted range, never ::/0:\nresource "aws_vpc_security_group_ingress_rule" "ssh" {\n  security_group_id = aws_security_group.app.id\n  ip_protocol       = "tcp"\n  from_port         = 22\n  to_port           = 22\n  cidr_ipv6         = "2001:db8::/32"\n}',
    console: 'EC2 console → Security Groups → select the group → Inbound rules → Edit inbound rules → delete, or narrow the source of, rules for TCP 22/3389 or All traffic from ::/0 → Save rules.',
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
    'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html',
  ],
  categories: ['internet-exposed', 'network'],
  evaluate: (account, { config }) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.securityGroups, regionResource(account, 'ec2', region), (group) => {
        const target = resource(group.arn, 'AwsEc2SecurityGroup', group.name, region, group.tags);
        const open = securityGroupInternetOpenPorts(group, config.adminPorts, ['ipv6']);
        return open.length === 0
          ? pass(target, `Security group ${group.id} (${group.name}) admits no traffic from ::/0 to ports ${config.adminPorts.join(', ')}.`)
          : fail(target, `Security group ${group.id} (${group.name}) allows ingress from ::/0 to administration ports: ${describeOpenPorts(open)}.`);
      }),
    ),
});
