import { GetTopicAttributesCommand, ListSubscriptionsCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { snsCollector } from './sns.ts';

const mock = mockClient(SNSClient);
afterEach(() => mock.reset());

const ALERTS = 'arn:aws:sns:us-east-1:123456789012:security-alerts';
const ORDERS = 'arn:aws:sns:us-east-1:123456789012:orders.fifo';

// GetTopicAttributes returns every attribute as a string, the policy as a JSON string.
const ALERTS_POLICY = JSON.stringify({
  Version: '2008-10-17',
  Id: '__default_policy_ID',
  Statement: [
    {
      Sid: '__default_statement_ID',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['SNS:GetTopicAttributes', 'SNS:Publish'],
      Resource: ALERTS,
      Condition: { StringEquals: { 'AWS:SourceOwner': '123456789012' } },
    },
  ],
});

function listTopicsAcrossPages() {
  mock
    .on(ListTopicsCommand, { NextToken: undefined })
    .resolves({ Topics: [{ TopicArn: ALERTS }], NextToken: 'topics-2' })
    .on(ListTopicsCommand, { NextToken: 'topics-2' })
    .resolves({ Topics: [{ TopicArn: ORDERS }] });
}

describe('sns collector', () => {
  it('maps topics with their attributes and subscriptions across pages', async () => {
    listTopicsAcrossPages();
    mock
      .on(GetTopicAttributesCommand, { TopicArn: ALERTS })
      .resolves({
        Attributes: {
          Policy: ALERTS_POLICY,
          Owner: '123456789012',
          SubscriptionsPending: '1',
          KmsMasterKeyId: 'alias/aws/sns',
          TopicArn: ALERTS,
          EffectiveDeliveryPolicy: '{"http":{"defaultHealthyRetryPolicy":{"numRetries":3}}}',
          SubscriptionsConfirmed: '2',
          DisplayName: 'Security alerts',
          SubscriptionsDeleted: '0',
        },
      })
      .on(GetTopicAttributesCommand, { TopicArn: ORDERS })
      .resolves({
        Attributes: {
          Policy: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: ORDERS, Condition: { Bool: { 'aws:SecureTransport': 'false' } } } }),
          Owner: '123456789012',
          SubscriptionsPending: '0',
          TopicArn: ORDERS,
          FifoTopic: 'true',
          ContentBasedDeduplication: 'false',
          SubscriptionsConfirmed: '0',
          DisplayName: '',
          SubscriptionsDeleted: '0',
        },
      });
    mock
      .on(ListSubscriptionsCommand, { NextToken: undefined })
      .resolves({
        Subscriptions: [
          { SubscriptionArn: `${ALERTS}:0f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b`, Owner: '123456789012', Protocol: 'email', Endpoint: 'secops@example.com', TopicArn: ALERTS },
        ],
        NextToken: 'subs-2',
      })
      .on(ListSubscriptionsCommand, { NextToken: 'subs-2' })
      .resolves({
        Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Owner: '123456789012', Protocol: 'https', Endpoint: 'https://hooks.example.com/sns', TopicArn: ALERTS }],
      });

    const data = await snsCollector.collect(testCollectorContext());

    expect(data.topics.value).toEqual([
      {
        arn: ALERTS,
        name: 'security-alerts',
        attributes: {
          value: {
            policy: {
              Version: '2008-10-17',
              Id: '__default_policy_ID',
              Statement: [
                {
                  Sid: '__default_statement_ID',
                  Effect: 'Allow',
                  Principal: { AWS: ['*'] },
                  Action: ['SNS:GetTopicAttributes', 'SNS:Publish'],
                  Resource: [ALERTS],
                  Condition: { StringEquals: { 'AWS:SourceOwner': ['123456789012'] } },
                },
              ],
            },
            kmsMasterKeyId: 'alias/aws/sns',
            subscriptionsConfirmed: 2,
          },
        },
        tags: {},
      },
      {
        arn: ORDERS,
        name: 'orders.fifo',
        attributes: {
          value: {
            policy: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Deny', Principal: '*', Action: ['sns:Publish'], Resource: [ORDERS], Condition: { Bool: { 'aws:SecureTransport': ['false'] } } }],
            },
            subscriptionsConfirmed: 0,
          },
        },
        tags: {},
      },
    ]);
    expect(data.subscriptions.value).toEqual([
      {
        subscriptionArn: `${ALERTS}:0f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b`,
        topicArn: ALERTS,
        protocol: 'email',
        endpoint: 'secops@example.com',
        owner: '123456789012',
      },
      { subscriptionArn: 'PendingConfirmation', topicArn: ALERTS, protocol: 'https', endpoint: 'https://hooks.example.com/sns', owner: '123456789012' },
    ]);
  });

  it('carries a denied attribute read on that topic only', async () => {
    listTopicsAcrossPages();
    mock
      .on(GetTopicAttributesCommand, { TopicArn: ALERTS })
      .rejects(sdkError('AuthorizationError', 'User is not authorized to perform: SNS:GetTopicAttributes on resource', 403))
      .on(GetTopicAttributesCommand, { TopicArn: ORDERS })
      .resolves({ Attributes: { TopicArn: ORDERS, SubscriptionsConfirmed: '1', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) } });
    mock.on(ListSubscriptionsCommand).resolves({ Subscriptions: [] });

    const data = await snsCollector.collect(testCollectorContext('us-east-1'));

    const [alerts, orders] = data.topics.value ?? [];
    expect(alerts?.arn).toBe(ALERTS);
    expect(alerts?.attributes.error).toMatchObject({ api: 'sns:GetTopicAttributes', code: 'AuthorizationError', region: 'us-east-1', httpStatus: 403, resourceUid: ALERTS });
    expect(orders?.attributes).toEqual({ value: { policy: { Version: '2012-10-17', Statement: [] }, subscriptionsConfirmed: 1 } });
    expect(data.subscriptions).toEqual({ value: [] });
  });

  it('records a malformed topic policy as that topic\'s error', async () => {
    mock.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: ALERTS }] });
    mock.on(GetTopicAttributesCommand).resolves({ Attributes: { TopicArn: ALERTS, SubscriptionsConfirmed: '0', Policy: '{"Statement":[{"Effect":"Maybe"}]}' } });
    mock.on(ListSubscriptionsCommand).resolves({ Subscriptions: [] });

    const data = await snsCollector.collect(testCollectorContext());

    expect(data.topics.value?.[0]?.attributes.error).toMatchObject({ api: 'sns:GetTopicAttributes', code: 'PolicyDocumentError', resourceUid: ALERTS });
    expect(mock.commandCalls(GetTopicAttributesCommand)).toHaveLength(1);
  });

  it('returns each list error on its own field', async () => {
    mock.on(ListTopicsCommand).rejects(sdkError('AuthorizationError', 'not authorized', 403));
    mock.on(ListSubscriptionsCommand).resolves({ Subscriptions: [{ SubscriptionArn: `${ALERTS}:abc`, Owner: '123456789012', Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:123456789012:q', TopicArn: ALERTS }] });

    const data = await snsCollector.collect(testCollectorContext());

    expect(data.topics.error).toMatchObject({ api: 'sns:ListTopics', code: 'AuthorizationError', httpStatus: 403 });
    expect(data.subscriptions.value).toHaveLength(1);
  });
});

describe('sns collector detail cap', () => {
  it('keeps topics past limits.snsTopics with DetailCapReached on their attributes', async () => {
    listTopicsAcrossPages();
    mock.on(GetTopicAttributesCommand).resolves({ Attributes: { TopicArn: ALERTS, SubscriptionsConfirmed: '2' } });
    mock.on(ListSubscriptionsCommand).resolves({ Subscriptions: [] });

    const data = await snsCollector.collect({ ...testCollectorContext('us-east-1'), limits: { snsTopics: 1 } });

    const [alerts, orders] = data.topics.value ?? [];
    expect(alerts?.attributes.value?.subscriptionsConfirmed).toBe(2);
    expect(orders).toMatchObject({ arn: ORDERS, name: 'orders.fifo' });
    expect(orders?.attributes.error).toMatchObject({ api: 'sns:GetTopicAttributes', code: 'DetailCapReached', region: 'us-east-1', resourceUid: ORDERS });
    expect(mock.commandCalls(GetTopicAttributesCommand).map((call) => call.args[0].input.TopicArn)).toEqual([ALERTS]);
  });
});
