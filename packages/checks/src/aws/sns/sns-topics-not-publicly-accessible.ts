import { defineCheck, eachFetched, errorResult, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import { publicStatements, statementLabel } from '../lib/public-policy.ts';

export default defineCheck({
  id: 'aws/sns-topics-not-publicly-accessible',
  provider: 'aws',
  service: 'sns',
  requires: ['sns'],
  resourceType: 'AwsSnsTopic',
  severity: 'high',
  title: 'SNS topic policies do not allow access to everyone',
  description:
    'Checks that no SNS topic access policy has an Allow statement for everyone (Principal "*" or {"AWS": "*"}, or Allow with NotPrincipal) without a condition restricting the caller, such as aws:SourceOwner, aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID. The default topic policy (everyone, restricted by AWS:SourceOwner) passes.',
  risk: 'A topic open to everyone lets any AWS account publish to it (spoofed alerts, spam, or triggering subscribed Lambda functions and queues) or subscribe to it and receive every message, and possibly change the topic itself.',
  remediation: {
    summary: 'Restrict the open statements to named principals, or add a condition pinning the caller to your account, organization or a specific source ARN.',
    cli:
      'aws sns get-topic-attributes --topic-arn <topic-arn> --query Attributes.Policy --output text > policy.json\n' +
      '# edit policy.json: add "Condition": {"StringEquals": {"aws:SourceOwner": "<account-id>"}} or name principals\n' +
      'aws sns set-topic-attributes --topic-arn <topic-arn> --attribute-name Policy --attribute-value file://policy.json',
    terraform:
      'resource "aws_sns_topic_policy" "this" {\n  arn    = aws_sns_topic.this.arn\n  policy = data.aws_iam_policy_document.topic.json\n}\n\ndata "aws_iam_policy_document" "topic" {\n  statement {\n    actions   = ["SNS:Publish"]\n    resources = [aws_sns_topic.this.arn]\n    principals {\n      type        = "Service"\n      identifiers = ["cloudwatch.amazonaws.com"]\n    }\n    condition {\n      test     = "StringEquals"\n      variable = "aws:SourceAccount"\n      values   = [data.aws_caller_identity.current.account_id]\n    }\n  }\n}',
    console: 'SNS console → Topics → select the topic → Edit → Access policy - optional → replace "Principal": "*" with named principals or add a restricting condition → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html',
    'https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html',
  ],
  categories: ['identity-and-access', 'internet-exposed'],
  evaluate: (account) =>
    eachRegion(account, 'sns', (sns, region) =>
      eachFetched(sns.topics, regionResource(account, 'sns', region), (topic) => {
        const target = resource(topic.arn, 'AwsSnsTopic', topic.name, region, topic.tags);
        if (topic.attributes.error) return errorResult(target, topic.attributes.error, `Attributes of topic ${topic.name}`);
        const topicPolicy = topic.attributes.value.policy;
        if (topicPolicy === undefined) return pass(target, `Topic ${topic.name} has no access policy; only its owner can use it.`);
        const open = publicStatements(topicPolicy);
        return open.length === 0
          ? pass(target, `The access policy of topic ${topic.name} grants nothing to everyone without a restricting condition.`)
          : fail(target, `The access policy of topic ${topic.name} allows everyone without a restricting condition in ${open.map((statement) => statementLabel(topicPolicy, statement)).join(', ')}.`);
      }),
    ),
});
