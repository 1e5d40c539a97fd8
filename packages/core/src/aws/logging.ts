import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';
import type { PolicyDocument } from './policy.ts';

export interface CloudTrailBasicEventSelector {
  readonly readWriteType: 'ReadOnly' | 'WriteOnly' | 'All';
  readonly includeManagementEvents: boolean;
  readonly dataResources: readonly { readonly type: string; readonly values: readonly string[] }[];
  readonly excludeManagementEventSources: readonly string[];
}

export interface CloudTrailAdvancedFieldSelector {
  readonly field: string;
  readonly equals?: readonly string[];
  readonly startsWith?: readonly string[];
  readonly endsWith?: readonly string[];
  readonly notEquals?: readonly string[];
  readonly notStartsWith?: readonly string[];
  readonly notEndsWith?: readonly string[];
}

export interface CloudTrailAdvancedEventSelector {
  readonly name?: string;
  readonly fieldSelectors: readonly CloudTrailAdvancedFieldSelector[];
}

export interface CloudTrailTrail {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string;
  readonly isMultiRegion: boolean;
  readonly isOrganizationTrail: boolean;
  readonly includeGlobalServiceEvents: boolean;
  readonly logFileValidationEnabled: boolean;
  readonly s3BucketName?: string;
  readonly kmsKeyId?: string;
  readonly cloudWatchLogsLogGroupArn?: string;
  readonly cloudWatchLogsRoleArn?: string;
  readonly snsTopicArn?: string;
  /** GetTrailStatus. */
  readonly status: Fetched<{
    readonly isLogging: boolean;
    readonly latestDeliveryTime?: string;
    readonly latestCloudWatchLogsDeliveryTime?: string;
  }>;
  /** GetEventSelectors: a trail uses either basic or advanced selectors. */
  readonly eventSelectors: Fetched<{
    readonly basic: readonly CloudTrailBasicEventSelector[];
    readonly advanced: readonly CloudTrailAdvancedEventSelector[];
  }>;
}

export interface CloudTrailData {
  /**
   * DescribeTrails with shadow trails: a multi-region or organization trail appears in every
   * region it covers, so checks dedupe by ARN.
   */
  readonly trails: Fetched<readonly CloudTrailTrail[]>;
}

export interface LogsMetricFilter {
  readonly name: string;
  readonly logGroupName: string;
  readonly filterPattern: string;
  readonly metricTransformations: readonly { readonly metricName: string; readonly metricNamespace: string }[];
}

export interface LogsLogGroup {
  readonly name: string;
  readonly arn: string;
  readonly retentionInDays?: number;
  readonly kmsKeyId?: string;
  readonly storedBytes?: number;
  readonly tags: Tags;
}

export interface CloudWatchLogsData {
  readonly logGroups: Fetched<readonly LogsLogGroup[]>;
  readonly metricFilters: Fetched<readonly LogsMetricFilter[]>;
}

export interface CloudWatchAlarm {
  readonly name: string;
  readonly arn: string;
  readonly metricName?: string;
  readonly namespace?: string;
  readonly actionsEnabled: boolean;
  readonly alarmActions: readonly string[];
  readonly stateValue: string;
}

export interface CloudWatchData {
  /** DescribeAlarms (metric alarms). */
  readonly alarms: Fetched<readonly CloudWatchAlarm[]>;
}

export interface SnsSubscription {
  readonly subscriptionArn: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly owner: string;
}

export interface SnsTopic {
  readonly arn: string;
  readonly name: string;
  /** From GetTopicAttributes. */
  readonly attributes: Fetched<{
    readonly policy?: PolicyDocument;
    readonly kmsMasterKeyId?: string;
    readonly subscriptionsConfirmed: number;
  }>;
  readonly tags: Tags;
}

export interface SnsData {
  readonly topics: Fetched<readonly SnsTopic[]>;
  /** ListSubscriptions; `PendingConfirmation` subscriptions carry that as their ARN. */
  readonly subscriptions: Fetched<readonly SnsSubscription[]>;
}

export interface ConfigRecorder {
  readonly name: string;
  readonly roleArn: string;
  readonly allSupported: boolean;
  readonly includeGlobalResourceTypes: boolean;
  readonly resourceTypes: readonly string[];
  /** DescribeConfigurationRecorderStatus. */
  readonly status: Fetched<{ readonly recording: boolean; readonly lastStatus?: string }>;
}

export interface ConfigData {
  readonly recorders: Fetched<readonly ConfigRecorder[]>;
  readonly deliveryChannels: Fetched<readonly { readonly name: string; readonly s3BucketName?: string; readonly snsTopicArn?: string }[]>;
}
