import { defineCheck, eachFetched, errorResult, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/sns-topics-kms-encryption-at-rest-enabled',
  provider: 'aws',
  service: 'sns',
  requires: ['sns'],
  resourceType: 'AwsSnsTopic',
  severity: 'medium',
  title: 'SNS topics are encrypted at rest with a KMS key',
  description: 'Checks that every SNS topic has server-side encryption enabled (the KmsMasterKeyId topic attribute is set).',
  risk: 'Messages published to an unencrypted topic are stored unencrypted until delivered; alerts and notifications often carry resource names, account details or personal data.',
  remediation: {
    summary: 'Enable server-side encryption on the topic, preferably with a customer managed key whose policy lets the publishing services use it.',
    cli: 'aws sns set-topic-attributes --topic-arn <topic-arn> --attribute-name KmsMasterKeyId --attribute-value alias/aws/sns',
    terraform: 'resource "aws_sns_topic" "this" {\n  name              = "security-alerts"\n  kms_master_key_id = aws_kms_key.sns.arn # or "alias/aws/sns"\n}',
    console: 'SNS console → Topics → select the topic → Edit → Encryption - optional → Enable encryption → choose the KMS key → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html',
    'https://docs.aws.amazon.com/sns/latest/dg/sns-enable-encryption-for-topic.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-1',
  ],
  categories: ['encryption', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'sns', (sns, region) =>
      eachFetched(sns.topics, regionResource(account, 'sns', region), (topic) => {
        const target = resource(topic.arn, 'AwsSnsTopic', topic.name, region, topic.tags);
        if (topic.attributes.error) return errorResult(target, topic.attributes.error, `Attributes of topic ${topic.name}`);
        const key = topic.attributes.value.kmsMasterKeyId;
        return key
          ? pass(target, `Topic ${topic.name} is encrypted with KMS key ${key}.`)
          : fail(target, `Topic ${topic.name} is not encrypted at rest.`);
      }),
    ),
});
