import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import type { AwsAccountSnapshot, ConfigRecorder } from '@palisade/core/aws';

const isRecordingAll = (recorder: ConfigRecorder): boolean =>
  recorder.allSupported && recorder.status.value?.recording === true && recorder.status.value.lastStatus !== 'FAILURE';

/**
 * Whether some scanned region records global resource types (IAM users, groups, roles, policies);
 * `undefined` when a region's recorders could not be read and none seen so far does.
 */
function globalTypesRecorded(account: AwsAccountSnapshot): boolean | undefined {
  let unknown = false;
  for (const region of account.regions) {
    const recorders = account.regional[region]?.config?.recorders;
    if (recorders === undefined || recorders.error) {
      unknown = true;
      continue;
    }
    if (recorders.value.some((recorder) => recorder.includeGlobalResourceTypes && isRecordingAll(recorder))) return true;
  }
  return unknown ? undefined : false;
}

export default defineCheck({
  id: 'aws/config-recorder-all-regions-enabled',
  provider: 'aws',
  service: 'config',
  requires: ['config'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'AWS Config is enabled in all regions, recording all resource types',
  description:
    'Checks, in every scanned region, that an AWS Config configuration recorder records all supported resource types (allSupported), is recording, and whose last delivery did not fail. Global resource types (IAM) need to be recorded in only one region; a region that otherwise passes fails while no scanned region records them (includeGlobalResourceTypes).',
  risk: 'Without a configuration recorder there is no history of resource configurations: changes that opened access (a security group rule, a bucket policy) cannot be traced or timed, and Config rules and conformance packs do not evaluate anything in that region.',
  remediation: {
    summary: 'Create and start a configuration recorder for all supported resource types in every region, with a delivery channel to S3; record global (IAM) resource types in one region.',
    cli:
      'aws configservice put-configuration-recorder --region <region> \\\n  --configuration-recorder name=default,roleARN=arn:aws:iam::<account-id>:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig \\\n  --recording-group allSupported=true,includeGlobalResourceTypes=true\n' +
      'aws configservice put-delivery-channel --region <region> --delivery-channel name=default,s3BucketName=<config-bucket>\n' +
      'aws configservice start-configuration-recorder --region <region> --configuration-recorder-name default',
    terraform:
      'resource "aws_config_configuration_recorder" "this" {\n  name     = "default"\n  role_arn = aws_iam_service_linked_role.config.arn\n\n  recording_group {\n    all_supported                 = true\n    include_global_resource_types = true # in one region only\n  }\n}\n\nresource "aws_config_delivery_channel" "this" {\n  name           = "default"\n  s3_bucket_name = aws_s3_bucket.config.id\n  depends_on     = [aws_config_configuration_recorder.this]\n}\n\nresource "aws_config_configuration_recorder_status" "this" {\n  name       = aws_config_configuration_recorder.this.name\n  is_enabled = true\n  depends_on = [aws_config_delivery_channel.this]\n}',
    console:
      'AWS Config console (in each region) → Settings → Edit → Recording strategy: All resource types with customizable overrides → include globally recorded IAM resource types in one region → choose the S3 bucket and the service-linked role → Save, then make sure Recording is on.',
  },
  references: [
    'https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html',
    'https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1',
  ],
  categories: ['logging', 'governance'],
  evaluate: (account) => {
    const globalRecorded = globalTypesRecorded(account);
    return eachRegion(account, 'config', (config, region) => {
      const target = regionResource(account, 'config', region);
      if (config.recorders.error) return [errorResult(target, config.recorders.error)];
      const recorders = config.recorders.value;
      if (recorders.length === 0) return [fail(target, `AWS Config has no configuration recorder in ${region}.`)];
      const recording = recorders.find(isRecordingAll);
      if (recording) {
        return globalRecorded === false
          ? [fail(target, `Recorder ${recording.name} records all regional resource types in ${region}, but no scanned region records global resource types (IAM); set includeGlobalResourceTypes in one region.`)]
          : [pass(target, `Recorder ${recording.name} records all supported resource types in ${region} and is recording.`)];
      }
      const unreadable = recorders.find((recorder) => recorder.status.error);
      if (unreadable?.status.error) return [errorResult(target, unreadable.status.error, `Status of recorder ${unreadable.name}`)];
      const reasons = recorders.map((recorder) => {
        if (!recorder.allSupported) return `${recorder.name} records only ${recorder.resourceTypes.length} selected resource type(s)`;
        if (recorder.status.value?.recording !== true) return `${recorder.name} is stopped`;
        return `${recorder.name} failed its last delivery`;
      });
      return [fail(target, `AWS Config does not record all resources in ${region}: ${reasons.join('; ')}.`)];
    });
  },
});
