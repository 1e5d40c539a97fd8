import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/ec2-ami-public',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2Image',
  severity: 'high',
  title: 'AMIs owned by the account are not public',
  description: 'Checks that no Amazon Machine Image owned by the account has public launch permissions.',
  risk:
    'Anyone can launch a public AMI and inspect its root volume. Images often contain application code, configuration, embedded credentials, SSH host keys and data copied in at build time.',
  remediation: {
    summary: 'Make the image private and share it with specific accounts or organizations instead. Turn on block public access for AMIs in each region.',
    cli: 'aws ec2 modify-image-attribute --image-id <ami-id> --launch-permission "Remove=[{Group=all}]"\naws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing --region <region>',
    terraform:
      '# Do not grant group "all" in aws_ami_launch_permission; share with accounts instead:\nresource "aws_ami_launch_permission" "partner" {\n  image_id   = aws_ami.app.id\n  account_id = "111122223333"\n}',
    console: 'EC2 console → AMIs → select the AMI → Actions → Edit AMI permissions → AMI availability: Private → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-public-access-to-amis.html',
  ],
  categories: ['internet-exposed', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.images, regionResource(account, 'ec2', region), (image) => {
        const target = resource(image.arn, 'AwsEc2Image', image.name || image.id, region, image.tags);
        return image.public
          ? fail(target, `AMI ${image.id} (${image.name}) is public: any AWS account can launch it.`)
          : pass(target, `AMI ${image.id} (${image.name}) is private.`);
      }),
    ),
});
