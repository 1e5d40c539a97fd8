/**
 * Fixture builders for CloudTrail, CloudWatch Logs, CloudWatch alarms, SNS and AWS Config, plus a
 * whole "trail → log group → metric filter → alarm → SNS topic → subscriber" chain for the CIS
 * monitoring checks.
 */
import type {
  AwsAccountSnapshot,
  CloudTrailBasicEventSelector,
  CloudTrailTrail,
  CloudWatchAlarm,
  ConfigRecorder,
  LogsLogGroup,
  LogsMetricFilter,
  SnsSubscription,
  SnsTopic,
} from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, TEST_REGION, accountSnapshot, daysAgo, ok } from './account.ts';

/** A basic selector recording all management events, read and write (what CIS 3.1 asks for). */
export const ALL_MANAGEMENT_EVENTS: CloudTrailBasicEventSelector = {
  readWriteType: 'All',
  includeManagementEvents: true,
  dataResources: [],
  excludeManagementEventSources: [],
};

/** A logging multi-region trail recording all management events; optional settings (KMS, CloudWatch Logs) are off. */
export function cloudTrailTrail(overrides: Partial<CloudTrailTrail> & { name: string }): CloudTrailTrail {
  const homeRegion = overrides.homeRegion ?? TEST_REGION;
  return {
    arn: `arn:aws:cloudtrail:${homeRegion}:${TEST_ACCOUNT_ID}:trail/${overrides.name}`,
    homeRegion,
    isMultiRegion: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    s3BucketName: `${overrides.name}-logs-${TEST_ACCOUNT_ID}`,
    status: ok({ isLogging: true, latestDeliveryTime: daysAgo(0) }),
    eventSelectors: ok({ basic: [ALL_MANAGEMENT_EVENTS], advanced: [] }),
    ...overrides,
  };
}

export function logGroupArn(name: string, region: string = TEST_REGION): string {
  return `arn:aws:logs:${region}:${TEST_ACCOUNT_ID}:log-group:${name}:*`;
}

export function logGroup(overrides: Partial<LogsLogGroup> & { name: string }): LogsLogGroup {
  return {
    arn: logGroupArn(overrides.name),
    storedBytes: 1024,
    tags: {},
    ...overrides,
  };
}

export function metricFilter(overrides: Partial<LogsMetricFilter> & { name: string; filterPattern: string; logGroupName: string }): LogsMetricFilter {
  return {
    metricTransformations: [{ metricName: `${overrides.name}-count`, metricNamespace: 'CISBenchmark' }],
    ...overrides,
  };
}

export function snsTopicArn(name: string, region: string = TEST_REGION): string {
  return `arn:aws:sns:${region}:${TEST_ACCOUNT_ID}:${name}`;
}

export function metricAlarm(overrides: Partial<CloudWatchAlarm> & { name: string }): CloudWatchAlarm {
  return {
    arn: `arn:aws:cloudwatch:${TEST_REGION}:${TEST_ACCOUNT_ID}:alarm:${overrides.name}`,
    actionsEnabled: true,
    alarmActions: [],
    stateValue: 'OK',
    ...overrides,
  };
}

/** A topic with the default SNS access policy (everyone, restricted by `AWS:SourceOwner`) and no encryption. */
export function snsTopic(overrides: Partial<SnsTopic> & { name: string }): SnsTopic {
  const arn = overrides.arn ?? snsTopicArn(overrides.name);
  return {
    arn,
    attributes: ok({
      policy: {
        Version: '2008-10-17',
        Id: '__default_policy_ID',
        Statement: [
          {
            Sid: '__default_statement_ID',
            Effect: 'Allow',
            Principal: { AWS: ['*'] },
            Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:Subscribe', 'SNS:Publish'],
            Resource: [arn],
            Condition: { StringEquals: { 'AWS:SourceOwner': [TEST_ACCOUNT_ID] } },
          },
        ],
      },
      subscriptionsConfirmed: 0,
    }),
    tags: {},
    ...overrides,
  };
}

/** A confirmed e-mail subscription. */
export function snsSubscription(overrides: Partial<SnsSubscription> & { topicArn: string }): SnsSubscription {
  return {
    subscriptionArn: `${overrides.topicArn}:0b0a6f2e-1d2c-4b8e-9f3a-2c5d7e8f9a01`,
    protocol: 'email',
    endpoint: 'security-alerts@example.com',
    owner: TEST_ACCOUNT_ID,
    ...overrides,
  };
}

/** A recorder of all supported resource types, global ones included, that is recording. */
export function configRecorder(overrides: Partial<ConfigRecorder> = {}): ConfigRecorder {
  return {
    name: 'default',
    roleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    allSupported: true,
    includeGlobalResourceTypes: true,
    resourceTypes: [],
    status: ok({ recording: true, lastStatus: 'SUCCESS' }),
    ...overrides,
  };
}

export const MONITORING_TRAIL = 'management-events';
export const MONITORING_LOG_GROUP = 'aws-cloudtrail-logs-management-events';
export const MONITORING_FILTER = 'cis-monitoring-filter';
export const MONITORING_ALARM = 'cis-monitoring-alarm';
export const MONITORING_TOPIC = 'security-alerts';

export interface MonitoringChainOptions {
  /** The metric filter's pattern. */
  readonly pattern: string;
  readonly trail?: Partial<CloudTrailTrail>;
  /** `null` removes the alarm; an object overrides its fields. */
  readonly alarm?: Partial<CloudWatchAlarm> | null;
  /** `null` removes the subscription; an object overrides its fields. */
  readonly subscription?: Partial<SnsSubscription> | null;
}

/**
 * An account whose multi-region trail delivers to a CloudWatch Logs group carrying one metric
 * filter, with an alarm on its metric notifying an SNS topic that has a confirmed subscriber.
 */
export function monitoringChainSnapshot(options: MonitoringChainOptions): AwsAccountSnapshot {
  const topicArn = snsTopicArn(MONITORING_TOPIC);
  const metricName = `${MONITORING_FILTER}-count`;
  const alarms = options.alarm === null ? [] : [metricAlarm({ name: MONITORING_ALARM, metricName, namespace: 'CISBenchmark', alarmActions: [topicArn], ...options.alarm })];
  const subscriptions = options.subscription === null ? [] : [snsSubscription({ topicArn, ...options.subscription })];
  return accountSnapshot({
    regional: {
      [TEST_REGION]: {
        cloudtrail: {
          trails: ok([cloudTrailTrail({ name: MONITORING_TRAIL, cloudWatchLogsLogGroupArn: logGroupArn(MONITORING_LOG_GROUP), ...options.trail })]),
        },
        logs: {
          logGroups: ok([logGroup({ name: MONITORING_LOG_GROUP })]),
          metricFilters: ok([metricFilter({ name: MONITORING_FILTER, logGroupName: MONITORING_LOG_GROUP, filterPattern: options.pattern })]),
        },
        cloudwatch: { alarms: ok(alarms) },
        sns: { topics: ok([snsTopic({ name: MONITORING_TOPIC })]), subscriptions: ok(subscriptions) },
      },
    },
  });
}
