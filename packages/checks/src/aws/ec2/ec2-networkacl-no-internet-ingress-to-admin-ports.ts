import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import { naclInternetOpenPorts } from '../lib/network.ts';

export default defineCheck({
  id: 'aws/ec2-networkacl-no-internet-ingress-to-admin-ports',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2NetworkAcl',
  severity: 'medium',
  title: 'Network ACLs do not allow ingress from the internet to remote administration ports',
  description:
    'Checks that no network ACL admits inbound traffic from the whole internet to a remote administration port (`adminPorts`, 22 and 3389 by default) (CIS 5.1), over TCP and, where the service listens there too (RDP 3389), UDP. Ingress rules are evaluated in rule-number order as AWS does. Allow rules add up: the port is open once the allows read so far cover every public address of IPv4 or IPv6, from one 0.0.0.0/0 rule or from several that split it. Deny rules add up the same way and close the port when they cover every public address first; a deny for only part of the internet does not close it, and rules for private ranges neither open nor close it.',
  risk:
    'SSH and RDP exposed to the whole internet face constant brute-force and exploit attempts. A network ACL is the subnet-wide backstop: if it admits these ports, a single permissive security group is enough to expose an instance.',
  remediation: {
    summary: 'Add a deny rule for the administration ports from 0.0.0.0/0 and ::/0 numbered below the allow rule, or narrow the allow rule to trusted ranges. Prefer Session Manager or a bastion over open SSH/RDP.',
    cli:
      'aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 90 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny\naws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 91 --protocol tcp --port-range From=3389,To=3389 --cidr-block 0.0.0.0/0 --rule-action deny\naws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 92 --protocol udp --port-range From=3389,To=3389 --cidr-block 0.0.0.0/0 --rule-action deny\n# IPv6: repeat with --ipv6-cidr-block ::/0',
    terraform:
      'resource "aws_network_acl_rule" "deny_ssh" {\n  network_acl_id = aws_network_acl.main.id\n  rule_number    = 90\n  egress         = false\n  protocol       = "tcp"\n  rule_action    = "deny"\n  cidr_block     = "0.0.0.0/0"\n  from_port      = 22\n  to_port        = 22\n}',
    console: 'VPC console → Network ACLs → select the ACL → Inbound rules → Edit inbound rules → add deny rules for TCP 22 and TCP/UDP 3389 from 0.0.0.0/0 (and ::/0) with rule numbers lower than the allowing rule → Save changes.',
  },
  references: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html', 'https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html'],
  categories: ['internet-exposed', 'network'],
  evaluate: (account, { config }) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.networkAcls, regionResource(account, 'ec2', region), (acl) => {
        const target = resource(acl.arn, 'AwsEc2NetworkAcl', acl.id, region, acl.tags);
        const open = naclInternetOpenPorts(acl, config.adminPorts);
        const scope = acl.subnetIds.length === 0 ? ' (not associated with any subnet)' : '';
        if (open.length === 0) {
          return pass(target, `Network ACL ${acl.id}${scope} admits no internet traffic to ports ${config.adminPorts.join(', ')}.`);
        }
        const detail = open
          .map((item) => `${item.port}/${item.protocol} from the whole ${item.family === 'ipv4' ? 'IPv4' : 'IPv6'} internet (rule${item.ruleNumbers.length === 1 ? '' : 's'} ${item.ruleNumbers.join(', ')})`)
          .join(', ');
        return fail(target, `Network ACL ${acl.id}${scope} allows internet ingress to administration ports: ${detail}.`);
      }),
    ),
});
