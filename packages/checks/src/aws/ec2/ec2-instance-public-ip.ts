import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

const GONE_STATES = new Set(['shutting-down', 'terminated']);

export default defineCheck({
  id: 'aws/ec2-instance-public-ip',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2Instance',
  severity: 'medium',
  title: 'EC2 instances do not have a public IP address',
  description:
    'Checks that EC2 instances that are not shutting down or terminated have no public IPv4 address (auto-assigned or Elastic IP). Instances behind a load balancer, NAT gateway or VPC endpoint do not need one.',
  risk:
    'A public address makes the instance directly reachable from the internet whenever a security group or network ACL rule allows it, so one permissive rule is enough to expose its services to scanning and exploitation.',
  remediation: {
    summary:
      'Move the instance to a private subnet and reach it through a load balancer, NAT gateway, Systems Manager Session Manager or EC2 Instance Connect Endpoint; disable public IP auto-assignment on subnets and launch templates.',
    cli:
      'aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch\n# Elastic IP: aws ec2 disassociate-address --association-id <association-id>\n# Auto-assigned IPv4 (ENI attribute): aws ec2 modify-network-interface-attribute --network-interface-id <eni-id> --no-associate-public-ip-address',
    terraform:
      'resource "aws_instance" "app" {\n  # ...\n  subnet_id                   = aws_subnet.private.id\n  associate_public_ip_address = false\n}\n\nresource "aws_subnet" "private" {\n  # ...\n  map_public_ip_on_launch = false\n}',
    console:
      'VPC console → Subnets → select the subnet → Actions → Edit subnet settings → clear Enable auto-assign public IPv4 address. For an Elastic IP: EC2 console → Elastic IPs → select it → Actions → Disassociate Elastic IP address.',
  },
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html',
  ],
  categories: ['internet-exposed', 'network'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.instances, regionResource(account, 'ec2', region), (instance) => {
        if (GONE_STATES.has(instance.state)) return [];
        const target = resource(instance.arn, 'AwsEc2Instance', instance.id, region, instance.tags);
        return instance.publicIpAddress
          ? fail(target, `Instance ${instance.id} has public IP address ${instance.publicIpAddress}.`)
          : pass(target, `Instance ${instance.id} has no public IP address.`);
      }),
    ),
});
