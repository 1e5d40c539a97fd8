import { defineCheck, eachFetched, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import { describeExposures, exposureResult, prefixListResolver, securityGroupInternetExposure } from '../lib/network.ts';

export default defineCheck({
  id: 'aws/ec2-securitygroup-no-internet-ingress-to-database-ports',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2SecurityGroup',
  severity: 'high',
  title: 'Security groups do not allow ingress from the internet to database and cache ports',
  description:
    'Checks that no security group lets the whole internet reach a database or cache port (`databasePorts`; by default SQL Server 1433, Oracle 1521, MySQL 3306, PostgreSQL 5432, Redis 6379, Elasticsearch/OpenSearch 9200, Memcached 11211, MongoDB 27017): no inbound rule from 0.0.0.0/0 or ::/0, and no set of rules whose sources (CIDR blocks and the entries of the prefix lists they name) together cover every public address of a family. A port counts over TCP, and over UDP too where its service listens there (Memcached 11211); all-protocol rules count for both. A rule naming a prefix list that cannot be read gives ERROR unless the group already fails.',
  risk:
    'Databases and caches reachable from the internet are found by mass scanners within minutes; weak or default credentials, unauthenticated engines (Redis, Memcached, Elasticsearch) and unpatched vulnerabilities lead directly to data theft, ransom and destruction.',
  remediation: {
    summary: 'Remove internet-wide rules for database ports; allow them only from the application tier\'s security group or private ranges, and reach databases administratively through a bastion, VPN or Session Manager port forwarding.',
    cli: 'aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions \'IpProtocol=tcp,FromPort=5432,ToPort=5432,IpRanges=[{CidrIp=0.0.0.0/0}]\'\naws ec2 authorize-security-group-ingress --group-id <sg-id> --ip-permissions \'IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{GroupId=<app-sg-id>}]\'',
    terraform:
      'resource "aws_vpc_security_group_ingress_rule" "postgres_from_app" {\n  security_group_id            = aws_security_group.db.id\n  ip_protocol                  = "tcp"\n  from_port                    = 5432\n  to_port                      = 5432\n  referenced_security_group_id = aws_security_group.app.id\n}',
    console: 'EC2 console → Security Groups → select the group → Inbound rules → Edit inbound rules → change the source of database-port rules from 0.0.0.0/0 or ::/0 to the application security group or a private range → Save rules.',
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.RDSSecurityGroups.html',
  ],
  categories: ['internet-exposed', 'network', 'data-protection'],
  evaluate: (account, { config }) =>
    eachRegion(account, 'ec2', (ec2, region) => {
      const resolve = prefixListResolver(ec2, region);
      return eachFetched(ec2.securityGroups, regionResource(account, 'ec2', region), (group) => {
        const target = resource(group.arn, 'AwsEc2SecurityGroup', group.name, region, group.tags);
        const report = securityGroupInternetExposure(group, config.databasePorts, ['ipv4', 'ipv6'], resolve);
        return exposureResult(report, target, group, {
          pass: `Security group ${group.id} (${group.name}) does not open database ports to the whole internet.`,
          fail: (open) => `Security group ${group.id} (${group.name}) opens database ports to the whole internet: ${describeExposures(open)}.`,
        });
      });
    }),
});
