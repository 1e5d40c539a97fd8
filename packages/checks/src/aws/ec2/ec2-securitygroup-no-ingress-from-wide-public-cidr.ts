import { defineCheck, eachFetched, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import type { WidePublicSource } from '../lib/network.ts';
import { describeSource, exposureResult, prefixListResolver, securityGroupWidePublicSources } from '../lib/network.ts';

export default defineCheck({
  id: 'aws/ec2-securitygroup-no-ingress-from-wide-public-cidr',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2SecurityGroup',
  severity: 'medium',
  title: 'Security groups do not allow ingress from wide public CIDR blocks',
  description:
    'Checks that no inbound TCP, UDP or all-traffic rule of a security group admits, on any port, a source block holding more public addresses than a /16 (`minPublicIngressPrefixLength`; `minPublicIngressPrefixLengthIpv6`, /32 by default, for IPv6), such as 0.0.0.0/1 or 52.0.0.0/8. Only the public part of a block counts, so private and reserved space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, link-local, loopback, fc00::/7, ...) never fails. A source that is the whole internet (0.0.0.0/0, ::/0) is left to the internet-exposure checks (administration, database and all ports), so public web listeners are not reported twice. Entries of customer-managed prefix lists count like blocks written in the rule; AWS-managed lists (the address ranges of an AWS service such as CloudFront) are skipped. A rule naming a prefix list that cannot be read gives ERROR unless the group already fails.',
  risk:
    'A block this wide is not a known partner or office: it admits millions of unrelated hosts, usually because a range was typed too short or stands in for "the internet" while avoiding 0.0.0.0/0. Whatever listens on the allowed ports is as good as public, without the scrutiny an internet-facing rule would get.',
  remediation: {
    summary:
      'Narrow each wide source to the specific addresses that need access (the partner, office or service ranges), or reference their security group or a customer-managed prefix list holding exactly those ranges. If the port is meant to be public, serve it through a load balancer or CloudFront and mute this finding for that group.',
    cli: "aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions 'IpProtocol=tcp,FromPort=<port>,ToPort=<port>,IpRanges=[{CidrIp=<wide-cidr>}]'\naws ec2 authorize-security-group-ingress --group-id <sg-id> --ip-permissions 'IpProtocol=tcp,FromPort=<port>,ToPort=<port>,IpRanges=[{CidrIp=<narrow-cidr>}]'",
    terraform:
      'resource "aws_vpc_security_group_ingress_rule" "partner" {\n  security_group_id = aws_security_group.app.id\n  ip_protocol       = "tcp"\n  from_port         = 443\n  to_port           = 443\n  cidr_ipv4         = "198.51.100.0/24" # the partner\'s range, not a /8\n}',
    console: 'EC2 console → Security Groups → select the group → Inbound rules → Edit inbound rules → replace each wide source block with the narrow ranges that need access → Save rules.',
  },
  references: ['https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html', 'https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html'],
  categories: ['internet-exposed', 'network'],
  evaluate: (account, { config }) =>
    eachRegion(account, 'ec2', (ec2, region) => {
      const resolve = prefixListResolver(ec2, region);
      const limits = { ipv4: config.minPublicIngressPrefixLength, ipv6: config.minPublicIngressPrefixLengthIpv6 };
      return eachFetched(ec2.securityGroups, regionResource(account, 'ec2', region), (group) => {
        const target = resource(group.arn, 'AwsEc2SecurityGroup', group.name, region, group.tags);
        return exposureResult(securityGroupWidePublicSources(group, resolve, limits), target, group, {
          pass: `Security group ${group.id} (${group.name}) admits no public source wider than /${limits.ipv4} (IPv4) or /${limits.ipv6} (IPv6).`,
          fail: (wide) => `Security group ${group.id} (${group.name}) admits wide public sources: ${wide.map(describeWide).join(', ')}.`,
        });
      });
    }),
});

/** `tcp 443 from 52.0.0.0/8 (16777216 public addresses)`. */
function describeWide(wide: WidePublicSource): string {
  return `${wide.rule} from ${describeSource(wide.source)} (${wide.publicAddresses} public addresses)`;
}
