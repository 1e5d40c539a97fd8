import type { AwsPartition } from './snapshot.ts';

/**
 * The region codes of each supported partition, as AWS publishes them (including regions
 * announced ahead of opening). `--region` accepts only these, so a typo is a usage error instead
 * of a scan that silently skips every regional check. A new region is added here.
 */
export const AWS_REGIONS: Readonly<Record<AwsPartition, readonly string[]>> = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'me-west-1',
    'mx-central-1',
    'sa-east-1',
    'sa-west-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
};

/** Every known region of every supported partition. */
export const ALL_AWS_REGIONS: readonly string[] = Object.values(AWS_REGIONS).flat();

const known = new Set(ALL_AWS_REGIONS);

export function isKnownAwsRegion(region: string): boolean {
  return known.has(region);
}
