import { defineCheck } from '@palisade/core';
import { evaluateS3DataEvents } from '../lib/cloudtrail-trails.ts';

export default defineCheck({
  id: 'aws/cloudtrail-s3-dataevents-write-enabled',
  provider: 'aws',
  service: 'cloudtrail',
  requires: ['cloudtrail'],
  resourceType: 'AwsAccount',
  severity: 'low',
  title: 'Object-level logging for S3 write events is enabled for all buckets',
  description:
    'Checks that a logging multi-region CloudTrail trail records S3 object-level write data events (PutObject, DeleteObject, ...) for all current and future buckets: a basic data resource of type AWS::S3::Object for all buckets with ReadWriteType All or WriteOnly, or an advanced selector on eventCategory Data and resources.type AWS::S3::Object with readOnly false or unfiltered. A single-region trail records data events only for buckets in its own region and does not pass.',
  risk: 'Management events do not record who wrote, overwrote or deleted objects. Without object-level write logging, tampering with or destruction of data (including ransomware-style overwrites) cannot be attributed or scoped during an investigation.',
  remediation: {
    summary: 'Add an S3 data event selector for write events on all buckets to a multi-region trail. Data events are billed per event; scope with advanced selectors if needed.',
    cli:
      'aws cloudtrail put-event-selectors --trail-name <multi-region-trail> --advanced-event-selectors \'[\n' +
      '  {"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},\n' +
      '  {"Name":"S3 object writes","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"readOnly","Equals":["false"]}]}\n' +
      ']\'',
    terraform:
      'resource "aws_cloudtrail" "management_events" {\n  # ...\n  is_multi_region_trail = true\n\n  advanced_event_selector {\n    name = "Management events"\n    field_selector {\n      field  = "eventCategory"\n      equals = ["Management"]\n    }\n  }\n\n  advanced_event_selector {\n    name = "S3 object writes"\n    field_selector {\n      field  = "eventCategory"\n      equals = ["Data"]\n    }\n    field_selector {\n      field  = "resources.type"\n      equals = ["AWS::S3::Object"]\n    }\n    field_selector {\n      field  = "readOnly"\n      equals = ["false"]\n    }\n  }\n}',
    console:
      'CloudTrail console → Trails → select the multi-region trail → Data events → Edit → Add data event type: S3 → Log selector template: Log writeonly events (or Log all events) for all current and future buckets → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html',
    'https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-all-write-s3-data-event-check.html',
  ],
  categories: ['logging', 'data-protection'],
  evaluate: (account) => evaluateS3DataEvents(account, 'write'),
});
