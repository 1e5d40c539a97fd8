import { defineCheck, eachFetched, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import type { AllPortsExposure } from '../lib/network.ts';
import { exposureResult, prefixListResolver, securityGroupAllPortsExposure } from '../lib/network.ts';

export default defineCheck({
  id: 'aws/ec2-securitygroup-no-internet-ingress-to-all-ports',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2SecurityGroup',
  severity: 'high',
  title: 'Security groups do not allow ingress from the internet to all ports',
  description:
    'Checks that no security group opens every port to the whole internet: an all-protocols (`-1`) rule or a TCP/UDP range spanning 0 (or 1) to 65535 from 0.0.0.0/0 or ::/0, or rules that together do the same, splitting the sources (0.0.0.0/1 and 128.0.0.0/1, or the entries of a prefix list) or the port range between them. A rule naming a prefix list that cannot be read gives ERROR unless the group already fails.',
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
    eachRegion(account, 'ec2', (ec2, region) => {
      const resolve = prefixListResolver(ec2, region);
      return eachFetched(ec2.securityGroups, regionResource(account, 'ec2', region), (group) => {
        const target = resource(group.arn, 'AwsEc2SecurityGroup', group.name, region, group.tags);
        return exposureResult(securityGroupAllPortsExposure(group, ['ipv4', 'ipv6'], resolve), target, group, {
          pass: `Security group ${group.id} (${group.name}) does not open all ports to the internet.`,
          fail: (open) => `Security group ${group.id} (${group.name}) opens all ports to the internet: ${describeAllPorts(open)}.`,
        });
      });
    }),
});

/** `tcp and udp (all traffic from 0.0.0.0/0)`: protocols opened by the same rules are named together. */
function describeAllPorts(open: readonly AllPortsExposure[]): string {
  const byRules = new Map<string, string[]>();
  for (const item of open) {
    const rules = item.openedBy.join(', ');
    byRules.set(rules, [...(byRules.get(rules) ?? []), item.protocol]);
  }
  return [...byRules].map(([rules, protocols]) => `${protocols.join(' and ')} (${rules})`).join('; ');
}
