import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import { CIS_AWS_3_0, frameworksOfProvider } from '@palisade/compliance';
import { resolveFrameworks, resolveRegions } from '../src/options.ts';

function usageError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    return error as InputError;
  }
  throw new Error('expected a usage error');
}

describe('--region', () => {
  it('accepts region codes of every supported partition, once each', () => {
    expect(resolveRegions(['eu-west-1', 'EU-WEST-1', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-5'])).toEqual(['eu-west-1', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-5']);
    expect(resolveRegions(undefined)).toBeUndefined();
  });

  it('rejects a typo with the closest region code', () => {
    const error = usageError(() => resolveRegions(['us-east-1', 'eu-wset-1']));
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe('--region: unknown AWS region "eu-wset-1" — did you mean "eu-west-1"?');
  });

  it('lists the known regions when nothing is close', () => {
    const error = usageError(() => resolveRegions(['localhost']));
    expect(error.code).toBe('USAGE');
    expect(error.message).toMatch(/^--region: unknown AWS region "localhost" \(known regions: aws: af-south-1 .*; aws-cn: cn-north-1 cn-northwest-1; aws-us-gov: us-gov-east-1 us-gov-west-1\)$/);
  });
});

describe('--compliance', () => {
  // What `scan aws` resolves against: the frameworks of its provider.
  const AWS_FRAMEWORKS = frameworksOfProvider('aws');

  it('accepts framework ids and their aliases, whatever the case and separators', () => {
    expect(resolveFrameworks(['cis-aws-3.0', 'cis_3.0_aws', 'CIS-3.0-AWS'], AWS_FRAMEWORKS)).toEqual([CIS_AWS_3_0]);
  });

  it('suggests the framework we have for another version of it', () => {
    const error = usageError(() => resolveFrameworks(['cis_1.4_aws'], AWS_FRAMEWORKS));
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe('--compliance: unknown framework "cis_1.4_aws" — did you mean "cis-aws-3.0"? (available: cis-aws-3.0)');
  });

  it('lists the frameworks when nothing is close', () => {
    expect(usageError(() => resolveFrameworks(['pci-dss-4.0'], AWS_FRAMEWORKS)).message).toBe('--compliance: unknown framework "pci-dss-4.0"; available: cis-aws-3.0');
  });
});
