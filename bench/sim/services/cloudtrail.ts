/**
 * CloudTrail over JSON 1.1: the trails of the caller's account as seen from the signing region,
 * from `snapshot.regional[region].cloudtrail` (which already holds the shadow copies of
 * multi-region and organization trails). A shadow trail is addressed by ARN only, as in AWS.
 */
import type { CloudTrailAdvancedEventSelector, CloudTrailBasicEventSelector, CloudTrailTrail } from '@palisade/core/aws';
import type { SimContext } from '../types.ts';
import { epochSeconds, failure, fromEstate } from './estate-answer.ts';
import type { Answer } from './estate-answer.ts';
import { jsonRpcSimulator } from './json-rpc.ts';

const statusFor = (code: string): number => (/Internal|Unavailable/.test(code) ? 500 : 400);

export const cloudTrailSimulator = jsonRpcSimulator({
  signingName: 'cloudtrail',
  actionPrefix: 'cloudtrail',
  // The installed SDK sends the short form; the service model's full name is accepted too.
  targetPrefixes: ['CloudTrail_20131101', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101'],
  validationCode: 'InvalidParameterException',
  throttle: { code: 'ThrottlingException', status: 400 },
  denied: { code: 'AccessDeniedException', status: 400 },
  operations: {
    DescribeTrails(input, context) {
      const trails = trailsOf(context);
      if (trails.failure) return trails;
      const names = input.stringList('trailNameList') ?? [];
      const includeShadows = input.boolean('includeShadowTrails') ?? true;
      const listed = trails.value.filter(
        (trail) => (includeShadows || trail.homeRegion === context.region) && (names.length === 0 || names.includes(trail.name) || names.includes(trail.arn)),
      );
      return { value: { trailList: listed.map(describeTrail) } };
    },
    GetTrailStatus(input, context) {
      const trail = findTrail(context, input.requiredString('Name'));
      if (trail.failure) return trail;
      const status = fromEstate(trail.value.status, { isLogging: false }, statusFor);
      if (status.failure) return status;
      const { isLogging, latestDeliveryTime, latestCloudWatchLogsDeliveryTime } = status.value;
      return {
        value: {
          IsLogging: isLogging,
          LatestDeliveryTime: latestDeliveryTime === undefined ? undefined : epochSeconds(latestDeliveryTime),
          LatestCloudWatchLogsDeliveryTime: latestCloudWatchLogsDeliveryTime === undefined ? undefined : epochSeconds(latestCloudWatchLogsDeliveryTime),
        },
      };
    },
    GetEventSelectors(input, context) {
      const trail = findTrail(context, input.requiredString('TrailName'));
      if (trail.failure) return trail;
      const selectors = fromEstate(trail.value.eventSelectors, { basic: [], advanced: [] }, statusFor);
      if (selectors.failure) return selectors;
      const { basic, advanced } = selectors.value;
      // A trail holds one kind of selector; AWS answers with that kind only.
      return {
        value: {
          TrailARN: trail.value.arn,
          ...(advanced.length > 0 ? { AdvancedEventSelectors: advanced.map(advancedSelector) } : { EventSelectors: basic.map(basicSelector) }),
        },
      };
    },
  },
});

function trailsOf(context: SimContext): Answer<readonly CloudTrailTrail[]> {
  return fromEstate(context.account.snapshot.regional[context.region]?.cloudtrail?.trails, [], statusFor);
}

function findTrail(context: SimContext, nameOrArn: string): Answer<CloudTrailTrail> {
  const trails = trailsOf(context);
  if (trails.failure) return trails;
  const trail = nameOrArn.startsWith('arn:')
    ? trails.value.find((candidate) => candidate.arn === nameOrArn)
    : trails.value.find((candidate) => candidate.name === nameOrArn && candidate.homeRegion === context.region);
  if (!trail) {
    const arn = nameOrArn.startsWith('arn:') ? nameOrArn : `arn:${context.account.snapshot.partition}:cloudtrail:${context.region}:${context.account.accountId}:trail/${nameOrArn}`;
    return failure('TrailNotFoundException', `Unknown trail: ${arn} for the user: ${context.account.accountId}`, 400);
  }
  return { value: trail };
}

function describeTrail(trail: CloudTrailTrail): object {
  const selectors = trail.eventSelectors.value;
  return {
    Name: trail.name,
    S3BucketName: trail.s3BucketName,
    SnsTopicName: trail.snsTopicArn?.split(':').pop(),
    SnsTopicARN: trail.snsTopicArn,
    IncludeGlobalServiceEvents: trail.includeGlobalServiceEvents,
    IsMultiRegionTrail: trail.isMultiRegion,
    HomeRegion: trail.homeRegion,
    TrailARN: trail.arn,
    LogFileValidationEnabled: trail.logFileValidationEnabled,
    CloudWatchLogsLogGroupArn: trail.cloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: trail.cloudWatchLogsRoleArn,
    KmsKeyId: trail.kmsKeyId,
    HasCustomEventSelectors: selectors ? selectors.advanced.length > 0 || selectors.basic.some((selector) => selector.dataResources.length > 0) : false,
    HasInsightSelectors: false,
    IsOrganizationTrail: trail.isOrganizationTrail,
  };
}

function basicSelector(selector: CloudTrailBasicEventSelector): object {
  return {
    ReadWriteType: selector.readWriteType,
    IncludeManagementEvents: selector.includeManagementEvents,
    DataResources: selector.dataResources.map((resource) => ({ Type: resource.type, Values: resource.values })),
    ExcludeManagementEventSources: selector.excludeManagementEventSources,
  };
}

function advancedSelector(selector: CloudTrailAdvancedEventSelector): object {
  return {
    Name: selector.name,
    FieldSelectors: selector.fieldSelectors.map((field) => ({
      Field: field.field,
      Equals: field.equals,
      StartsWith: field.startsWith,
      EndsWith: field.endsWith,
      NotEquals: field.notEquals,
      NotStartsWith: field.notStartsWith,
      NotEndsWith: field.notEndsWith,
    })),
  };
}
