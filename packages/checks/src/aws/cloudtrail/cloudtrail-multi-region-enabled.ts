import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import { accountResource } from '@palisade/core/aws';
import type { ApiError } from '@palisade/core';
import type { CloudTrailTrail } from '@palisade/core/aws';
import { capturesAllManagementEvents, uniqueTrails } from '../lib/cloudtrail-trails.ts';

type Verdict = { readonly qualifies: true } | { readonly qualifies: false; readonly reason: string } | { readonly error: ApiError; readonly context: string };

function judge(trail: CloudTrailTrail): Verdict {
  if (trail.status.error) return { error: trail.status.error, context: `Status of trail ${trail.name}` };
  if (!trail.status.value.isLogging) return { qualifies: false, reason: `${trail.name} is not logging` };
  if (trail.eventSelectors.error) return { error: trail.eventSelectors.error, context: `Event selectors of trail ${trail.name}` };
  if (!capturesAllManagementEvents(trail.eventSelectors.value)) {
    return { qualifies: false, reason: `${trail.name} does not record all (read and write) management events` };
  }
  return { qualifies: true };
}

export default defineCheck({
  id: 'aws/cloudtrail-multi-region-enabled',
  provider: 'aws',
  service: 'cloudtrail',
  requires: ['cloudtrail'],
  resourceType: 'AwsAccount',
  severity: 'high',
  title: 'CloudTrail is enabled in all regions with a multi-region trail recording all management events',
  description:
    'Checks that the account has at least one multi-region CloudTrail trail that is logging and records all management events, read and write (a basic event selector with IncludeManagementEvents true and ReadWriteType All, or an advanced selector on the Management category without a readOnly filter). Trails listed in several regions are counted once.',
  risk: 'Without a logging multi-region trail, API activity in some regions (or read-only activity, or all activity) goes unrecorded: reconnaissance, resource abuse in unused regions and changes to security settings leave no audit trail for detection or forensics.',
  remediation: {
    summary: 'Create (or convert) a trail that applies to all regions, records all read and write management events, and has logging started.',
    cli:
      'aws cloudtrail create-trail --name management-events --s3-bucket-name <log-bucket> --is-multi-region-trail --enable-log-file-validation\n' +
      'aws cloudtrail put-event-selectors --trail-name management-events --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\'\n' +
      'aws cloudtrail start-logging --name management-events',
    terraform:
      'resource "aws_cloudtrail" "management_events" {\n  name                       = "management-events"\n  s3_bucket_name             = aws_s3_bucket.cloudtrail.id\n  is_multi_region_trail      = true\n  include_global_service_events = true\n  enable_log_file_validation = true\n  enable_logging             = true\n\n  event_selector {\n    read_write_type           = "All"\n    include_management_events = true\n  }\n}',
    console:
      'CloudTrail console → Trails → Create trail (or select a trail → General details → Edit): the trail applies to all regions. Under Management events choose Read and Write, then make sure Logging is on.',
  },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1',
  ],
  categories: ['logging'],
  evaluate: (account) => {
    const target = accountResource(account);
    const trails = uniqueTrails(account);
    if (trails.error) return [errorResult(target, trails.error, 'CloudTrail trails could not be listed')];
    const multiRegion = trails.value.filter((trail) => trail.isMultiRegion);
    if (multiRegion.length === 0) {
      const others = trails.value.length > 0 ? ` Its ${trails.value.length} trail(s) cover a single region each.` : ' It has no trails at all.';
      return [fail(target, `The account has no multi-region CloudTrail trail.${others}`)];
    }
    const verdicts = multiRegion.map((trail) => ({ trail, verdict: judge(trail) }));
    const qualifying = verdicts.find(({ verdict }) => 'qualifies' in verdict && verdict.qualifies);
    if (qualifying) {
      return [pass(target, `Multi-region trail ${qualifying.trail.name} is logging and records all management events.`)];
    }
    for (const { verdict } of verdicts) if ('error' in verdict) return [errorResult(target, verdict.error, verdict.context)];
    const reasons = verdicts.flatMap(({ verdict }) => ('reason' in verdict ? [verdict.reason] : []));
    return [fail(target, `No multi-region trail qualifies: ${reasons.join('; ')}.`)];
  },
});
