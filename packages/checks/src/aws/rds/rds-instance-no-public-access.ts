import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/rds-instance-no-public-access',
  provider: 'aws',
  service: 'rds',
  requires: ['rds'],
  resourceType: 'AwsRdsDbInstance',
  severity: 'high',
  title: 'RDS DB instances are not publicly accessible',
  description:
    'Checks that each RDS DB instance has PubliclyAccessible set to false (CIS 2.3.3), so its endpoint resolves only to a private address inside the VPC.',
  risk:
    'A publicly accessible instance gets a public IP; whenever its security group, network ACL or route table allows it, the database listener is exposed to internet scanning, credential brute-forcing and engine exploits.',
  remediation: {
    summary: 'Turn off public accessibility and place the instance in private subnets (a DB subnet group without internet-gateway routes); reach it from applications in the VPC or through a bastion/VPN.',
    cli: 'aws rds modify-db-instance --db-instance-identifier <db> --no-publicly-accessible --apply-immediately',
    terraform: 'resource "aws_db_instance" "this" {\n  # ...\n  publicly_accessible  = false\n  db_subnet_group_name = aws_db_subnet_group.private.name\n}',
    console: 'RDS console → Databases → select the instance → Modify → Connectivity → Additional configuration → Not publicly accessible → Continue → Apply immediately → Modify DB instance.',
  },
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_BestPractices.Security.html',
  ],
  categories: ['internet-exposed', 'network', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'rds', (rds, region) =>
      eachFetched(rds.instances, regionResource(account, 'rds', region), (instance) => {
        const target = resource(instance.arn, 'AwsRdsDbInstance', instance.id, region, instance.tags);
        return instance.publiclyAccessible
          ? fail(target, `DB instance ${instance.id} is publicly accessible (security groups: ${instance.vpcSecurityGroupIds.join(', ') || 'none'}).`)
          : pass(target, `DB instance ${instance.id} is not publicly accessible.`);
      }),
    ),
});
