import { defineCheck, eachFetched, errorResult, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/vpc-flow-logs-enabled',
  provider: 'aws',
  service: 'vpc',
  requires: ['ec2'],
  resourceType: 'AwsEc2Vpc',
  severity: 'medium',
  title: 'VPC flow logging is enabled in every VPC',
  description:
    'Checks that every VPC in each scanned region has at least one flow log attached to the VPC itself with status ACTIVE (CIS 3.7). Flow logs on individual subnets or network interfaces do not count, because they leave the rest of the VPC unrecorded. CIS recommends capturing at least rejected traffic; the message names the traffic type captured.',
  risk:
    'Without flow logs there is no record of which addresses talked to which, over what ports, so probing, lateral movement and data exfiltration go unnoticed and cannot be reconstructed during an investigation.',
  remediation: {
    summary: 'Create a flow log for the VPC (traffic type ALL, or at least REJECT) delivering to CloudWatch Logs or S3.',
    cli:
      'aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL --log-destination-type cloud-watch-logs --log-group-name vpc-flow-logs --deliver-logs-permission-arn <role-arn>\n# or to S3: aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::<bucket>',
    terraform:
      'resource "aws_flow_log" "vpc" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type         = "ALL"\n  log_destination_type = "s3"\n  log_destination      = aws_s3_bucket.flow_logs.arn\n}',
    console: 'VPC console → Your VPCs → select the VPC → Flow logs tab → Create flow log → Filter: All (or Reject) → choose a destination → Create flow log.',
  },
  references: ['https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html', 'https://docs.aws.amazon.com/vpc/latest/userguide/working-with-flow-logs.html'],
  categories: ['logging', 'network'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.vpcs, regionResource(account, 'ec2', region), (vpc) => {
        const target = resource(vpc.arn, 'AwsEc2Vpc', vpc.id, region, vpc.tags);
        if (ec2.flowLogs.error) return errorResult(target, ec2.flowLogs.error);
        const attached = ec2.flowLogs.value.filter((log) => log.resourceId === vpc.id);
        const active = attached.filter((log) => log.status === 'ACTIVE');
        const label = vpc.isDefault ? `Default VPC ${vpc.id}` : `VPC ${vpc.id}`;
        if (active.length > 0) {
          return pass(target, `${label} has ${active.length} active flow log(s): ${active.map((log) => `${log.id} (${log.trafficType} → ${log.logDestinationType})`).join(', ')}.`);
        }
        return attached.length > 0
          ? fail(target, `${label} has flow logs (${attached.map((log) => `${log.id}: ${log.status}`).join(', ')}) but none is ACTIVE.`)
          : fail(target, `${label} has no flow log.`);
      }),
    ),
});
