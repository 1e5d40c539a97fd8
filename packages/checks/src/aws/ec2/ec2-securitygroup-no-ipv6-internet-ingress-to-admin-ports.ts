import { defineCheck, eachFetched, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import { describeExposures, exposureResult, prefixListResolver, securityGroupInternetExposure } from '../lib/network.ts';

export default defineCheck({
  id: 'aws/ec2-securitygroup-no-ipv6-internet-ingress-to-admin-ports',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2SecurityGroup',
  severity: 'high',
  title: 'Security groups do not allow ingress from ::/0 to remote administration ports',
  description:
    'Checks that no security group lets the whole IPv6 internet reach a remote administration port (`adminPorts`, 22 and 3389 by default) (CIS 5.3): no inbound rule from ::/0, and no set of rules whose IPv6 sources (CIDR blocks and the entries of the prefix lists they name) together cover every public IPv6 address, such as 0.0.0.0/1 in one rule and 128.0.0.0/1 in another. A port counts over TCP, and over UDP too where its service listens there (RDP 3389); all-protocol rules count for both. Only IPv6 sources are considered; 0.0.0.0/0 is covered by the IPv4 counterpart of this check. A rule naming a prefix list that cannot be read gives ERROR unless the group already fails.',
  risk:
    'SSH and RDP reachable from the whole internet are scanned and brute-forced continuously, and any authentication bypass or weak credential in the exposed service becomes an immediate foothold in the VPC.',
  remediation: {
    summary:
      'Remove the ::/0 inbound rules for the administration ports and allow only trusted source ranges or security groups; prefer Systems Manager Session Manager or EC2 Instance Connect Endpoint to open ports.',
    cli: 'aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions \'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]\'\naws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions \'IpProtocol=tcp,FromPort=3389,ToPort=3389,Ipv6Ranges=[{CidrIpv6=::/0}]\'\naws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions \'IpProtocol=udp,FromPort=3389,ToPort=3389,Ipv6Ranges=[{CidrIpv6=::/0}]\'',
    terraform:
      '# Allow administration only from a trusted range, never ::/0:\nresource "aws_vpc_security_group_ingress_rule" "ssh" {\n  security_group_id = aws_security_group.app.id\n  ip_protocol       = "tcp"\n  from_port         = 22\n  to_port           = 22\n  cidr_ipv6         = "2001:db8::/32"\n}',
    console: 'EC2 console → Security Groups → select the group → Inbound rules → Edit inbound rules → delete, or narrow the source of, rules for TCP 22, TCP or UDP 3389, or All traffic from ::/0 (or from blocks that together span the internet) → Save rules.',
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
    'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html',
  ],
  categories: ['internet-exposed', 'network'],
  evaluate: (account, { config }) =>
    eachRegion(account, 'ec2', (ec2, region) => {
      const resolve = prefixListResolver(ec2, region);
      return eachFetched(ec2.securityGroups, regionResource(account, 'ec2', region), (group) => {
        const target = resource(group.arn, 'AwsEc2SecurityGroup', group.name, region, group.tags);
        const report = securityGroupInternetExposure(group, config.adminPorts, ['ipv6'], resolve);
        return exposureResult(report, target, group, {
          pass: `Security group ${group.id} (${group.name}) does not open ports ${config.adminPorts.join(', ')} to the whole IPv6 internet.`,
          fail: (open) => `Security group ${group.id} (${group.name}) opens administration ports to the whole IPv6 internet: ${describeExposures(open)}.`,
        });
      });
    }),
});
