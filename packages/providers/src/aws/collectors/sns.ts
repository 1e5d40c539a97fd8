import { GetTopicAttributesCommand, ListSubscriptionsCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import type { ListSubscriptionsCommandOutput, ListTopicsCommandOutput, Subscription } from '@aws-sdk/client-sns';
import { normalizePolicyDocument } from '@palisade/core/aws';
import type { SnsSubscription, SnsTopic } from '@palisade/core/aws';
import { capDetails, mapLimit } from '../collector.ts';
import type { RegionalCollector } from '../collector.ts';

type TopicAttributes = Extract<SnsTopic['attributes'], { value: unknown }>['value'];

export const snsCollector: RegionalCollector<'sns'> = {
  service: 'sns',
  scope: 'regional',
  async collect(context) {
    const { gateway, clients, region } = context;
    const client = clients.get(SNSClient, region);
    const [topics, subscriptions] = await Promise.all([
      gateway.paginate(
        'sns:ListTopics',
        (NextToken, abortSignal) => client.send(new ListTopicsCommand({ NextToken }), { abortSignal }),
        (page: ListTopicsCommandOutput) => page.Topics,
        (page) => page.NextToken,
      ),
      gateway.paginate(
        'sns:ListSubscriptions',
        (NextToken, abortSignal) => client.send(new ListSubscriptionsCommand({ NextToken }), { abortSignal }),
        (page: ListSubscriptionsCommandOutput) => page.Subscriptions,
        (page) => page.NextToken,
      ),
    ]);
    const subscriptionList = subscriptions.error ? subscriptions : { value: subscriptions.value.map(toSubscription) };
    if (topics.error) return { topics, subscriptions: subscriptionList };
    const cap = capDetails(topics.value, context, 'snsTopics');
    const detailed = await mapLimit(cap.detailed, 8, async (topic): Promise<SnsTopic> => {
      const arn = topic.TopicArn ?? '';
      // Parsing inside the call turns a malformed policy into this topic's error instead of a throw.
      const attributes = await gateway.call(
        'sns:GetTopicAttributes',
        async (abortSignal) => toAttributes((await client.send(new GetTopicAttributesCommand({ TopicArn: arn }), { abortSignal })).Attributes ?? {}),
        { resourceUid: arn },
      );
      return { arn, name: topicName(arn), attributes, tags: {} };
    });
    const capped = cap.capped.map((topic): SnsTopic => {
      const arn = topic.TopicArn ?? '';
      return { arn, name: topicName(arn), attributes: { error: cap.capError('sns:GetTopicAttributes', arn) }, tags: {} };
    });
    return { topics: { value: [...detailed, ...capped] }, subscriptions: subscriptionList };
  },
};

function topicName(arn: string): string {
  return arn.split(':').pop() ?? '';
}

function toAttributes(attributes: Record<string, string>): TopicAttributes {
  const policy = attributes['Policy'];
  return {
    policy: policy === undefined ? undefined : normalizePolicyDocument(policy),
    kmsMasterKeyId: attributes['KmsMasterKeyId'],
    subscriptionsConfirmed: Number.parseInt(attributes['SubscriptionsConfirmed'] ?? '0', 10) || 0,
  };
}

function toSubscription(subscription: Subscription): SnsSubscription {
  return {
    subscriptionArn: subscription.SubscriptionArn ?? '',
    topicArn: subscription.TopicArn ?? '',
    protocol: subscription.Protocol ?? '',
    endpoint: subscription.Endpoint ?? '',
    owner: subscription.Owner ?? '',
  };
}
