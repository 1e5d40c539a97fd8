import { defineCheck } from '@palisade/core';
import { evaluateS3DataEvents } from '../lib/cloudtrail-trails.ts';

export default defineCheck({
  id: 'aws/cloudtrail-s3-dataevents-read-enabled',
  provider: 'aws',
  service: 'cloudtrail',
  requires: ['cloudtrail'],
  resourceType: 'AwsAccount',
  severity: 'low',
  title: 'Object-level logging for S3 read events is enabled for all buckets',
  description:
    'Checks that a logging multi-region CloudTrail trail records S3 object-level read data events (GetObject, ...) for all current and future buckets: a basic data resource of type AWS::S3::Object for all buckets with ReadWriteType All or ReadOnly, or an advanced selector on eventCategory Data and resources.type AWS::S3::Object with readOnly true or unfiltered. A single-region trail records data events only for buckets in its own region and does not pass.',
  risk: 'Management events do not record who read or downloaded objects. Without object-level read logging, data exfiltration from S3 (by a leaked key, an over-permissive role or a public grant) cannot be detected or scoped: there is no record of which objects left and who took them.',
  remediation: {
    summary: 'Add an S3 data event selector for read events on all buckets to a multi-region trail. Data events are billed per event; scope with advanced selectors if needed.',
    cli:
      'aws cloudtrail put-event-selectors --trail-name <multi-region-trail> --advanced-event-selectors \'[\n' +
      '  {"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},\n' +
      '  {"Name":"S3 object reads","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"readOnly","Equals":["true"]}]}\n' +
      ']\'',
    terraform:
      'resource "aws_cloudtrail" "management_events" {\n  # ...\n  is_multi_region_trail = true\n\n  advanced_event_selector {\n    name = "Management events"\n    field_selector {\n      field  = "eventCategory"\n      equals = ["Management"]\n    }\n  }\n\n  advanced_event_selector {\n    name = "S3 object reads"\n    field_selector {\n      field  = "eventCategory"\n      equals = ["Data"]\n    }\n    field_selector {\n      field  = "resources.type"\n      equals = ["AWS::S3::Object"]\n    }\n    field_selector {\n      field  = "readOnly"\n      equals = ["true"]\n    }\n  }\n}',
    console:
      'CloudTrail console → Trails → select the multi-region trail → Data events → Edit → Add data event type: S3 → Log selector template: Log readonly events (or Log all events) for all current and future buckets → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html',
    'https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-all-read-s3-data-event-check.html',
  ],
  categories: ['logging', 'data-protection'],
  evaluate: (account) => evaluateS3DataEvents(account, 'read'),
});
