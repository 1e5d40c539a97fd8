import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import type { AdvancedEventSelector, EventSelector, GetEventSelectorsCommandOutput, GetTrailStatusCommandOutput, Trail } from '@aws-sdk/client-cloudtrail';
import type { Fetched } from '@palisade/core';
import type { CloudTrailAdvancedEventSelector, CloudTrailBasicEventSelector, CloudTrailTrail } from '@palisade/core/aws';
import { capDetails, isoDate, mapLimit } from '../collector.ts';
import type { RegionalCollector } from '../collector.ts';

export const cloudTrailCollector: RegionalCollector<'cloudtrail'> = {
  service: 'cloudtrail',
  scope: 'regional',
  async collect(context) {
    const { gateway, clients, region } = context;
    const client = clients.get(CloudTrailClient, region);
    // Shadow trails are included so a multi-region or organization trail is visible in every
    // region it covers; DescribeTrails is not paginated.
    const described = await gateway.call('cloudtrail:DescribeTrails', (abortSignal) =>
      client.send(new DescribeTrailsCommand({ includeShadowTrails: true }), { abortSignal }),
    );
    if (described.error) return { trails: described };
    const cap = capDetails(described.value.trailList ?? [], context, 'cloudTrailTrails');
    const detailed = await mapLimit(cap.detailed, 4, async (trail): Promise<CloudTrailTrail> => {
      const arn = trail.TrailARN ?? '';
      // The ARN (not the name) addresses a shadow trail from outside its home region.
      const [status, selectors] = await Promise.all([
        gateway.call('cloudtrail:GetTrailStatus', (abortSignal) => client.send(new GetTrailStatusCommand({ Name: arn }), { abortSignal }), { resourceUid: arn }),
        gateway.call('cloudtrail:GetEventSelectors', (abortSignal) => client.send(new GetEventSelectorsCommand({ TrailName: arn }), { abortSignal }), {
          resourceUid: arn,
        }),
      ]);
      return toTrail(trail, status, selectors);
    });
    const capped = cap.capped.map((trail) => {
      const arn = trail.TrailARN ?? '';
      return toTrail(trail, { error: cap.capError('cloudtrail:GetTrailStatus', arn) }, { error: cap.capError('cloudtrail:GetEventSelectors', arn) });
    });
    return { trails: { value: [...detailed, ...capped] } };
  },
};

function toTrail(trail: Trail, status: Fetched<GetTrailStatusCommandOutput>, selectors: Fetched<GetEventSelectorsCommandOutput>): CloudTrailTrail {
  return {
    name: trail.Name ?? '',
    arn: trail.TrailARN ?? '',
    homeRegion: trail.HomeRegion ?? '',
    isMultiRegion: trail.IsMultiRegionTrail ?? false,
    isOrganizationTrail: trail.IsOrganizationTrail ?? false,
    includeGlobalServiceEvents: trail.IncludeGlobalServiceEvents ?? false,
    logFileValidationEnabled: trail.LogFileValidationEnabled ?? false,
    s3BucketName: trail.S3BucketName,
    kmsKeyId: trail.KmsKeyId,
    cloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn,
    cloudWatchLogsRoleArn: trail.CloudWatchLogsRoleArn,
    snsTopicArn: trail.SnsTopicARN,
    status: status.error
      ? status
      : {
          value: {
            isLogging: status.value.IsLogging ?? false,
            latestDeliveryTime: isoDate(status.value.LatestDeliveryTime),
            latestCloudWatchLogsDeliveryTime: isoDate(status.value.LatestCloudWatchLogsDeliveryTime),
          },
        },
    eventSelectors: selectors.error
      ? selectors
      : {
          value: {
            basic: (selectors.value.EventSelectors ?? []).map(toBasicSelector),
            advanced: (selectors.value.AdvancedEventSelectors ?? []).map(toAdvancedSelector),
          },
        },
  };
}

function toBasicSelector(selector: EventSelector): CloudTrailBasicEventSelector {
  return {
    // Both defaults are the service's own when the field is omitted.
    readWriteType: selector.ReadWriteType ?? 'All',
    includeManagementEvents: selector.IncludeManagementEvents ?? true,
    dataResources: (selector.DataResources ?? []).map((resource) => ({ type: resource.Type ?? '', values: resource.Values ?? [] })),
    excludeManagementEventSources: selector.ExcludeManagementEventSources ?? [],
  };
}

function toAdvancedSelector(selector: AdvancedEventSelector): CloudTrailAdvancedEventSelector {
  return {
    name: selector.Name,
    fieldSelectors: (selector.FieldSelectors ?? []).map((field) => ({
      field: field.Field ?? '',
      equals: field.Equals,
      startsWith: field.StartsWith,
      endsWith: field.EndsWith,
      notEquals: field.NotEquals,
      notStartsWith: field.NotStartsWith,
      notEndsWith: field.NotEndsWith,
    })),
  };
}
