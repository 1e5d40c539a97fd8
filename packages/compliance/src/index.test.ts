import { describe, expect, it } from 'vitest';
import { CIS_AWS_3_0, CIS_AZURE_3_0, FRAMEWORKS, frameworksForCheck, frameworksOfProvider, getFramework } from './index.ts';

describe('framework registry', () => {
  it('finds frameworks by id and only by id', () => {
    expect(FRAMEWORKS.map((framework) => framework.id)).toEqual(['cis-aws-3.0', 'cis-azure-3.0']);
    expect(getFramework('cis-aws-3.0')).toBe(CIS_AWS_3_0);
    expect(getFramework('cis-azure-3.0')).toBe(CIS_AZURE_3_0);
    expect(getFramework('cis-aws-9.9')).toBeUndefined();
    expect(getFramework('cis_3.0_azure')).toBeUndefined();
  });

  it('lists the frameworks of each provider', () => {
    expect(frameworksOfProvider('aws')).toEqual([CIS_AWS_3_0]);
    expect(frameworksOfProvider('azure')).toEqual([CIS_AZURE_3_0]);
    expect(frameworksOfProvider('gcp')).toEqual([]);
  });

  it('maps every framework to checks of its own provider only', () => {
    for (const framework of FRAMEWORKS) {
      for (const requirement of framework.requirements) {
        for (const checkId of requirement.checks) expect(checkId.split('/')[0], `${framework.id}:${requirement.id}`).toBe(framework.provider);
      }
    }
  });

  it('has unique framework ids', () => {
    expect(new Set(FRAMEWORKS.map((framework) => framework.id)).size).toBe(FRAMEWORKS.length);
  });
});

describe('frameworksForCheck', () => {
  it('returns the requirement refs that list a check', () => {
    expect(frameworksForCheck('aws/iam-user-mfa-enabled-console-access')).toEqual(['cis-aws-3.0:1.10']);
    expect(frameworksForCheck('aws/iam-password-policy-minimum-length-14')).toEqual(['cis-aws-3.0:1.8']);
    expect(frameworksForCheck('aws/s3-account-level-public-access-blocks')).toEqual(['cis-aws-3.0:2.1.4']);
  });

  it('returns nothing for a check no framework lists', () => {
    expect(frameworksForCheck('aws/s3-bucket-versioning-enabled')).toEqual([]);
    expect(frameworksForCheck('aws/does-not-exist')).toEqual([]);
  });

  it('agrees with the framework data for every check it lists', () => {
    for (const framework of FRAMEWORKS) {
      for (const requirement of framework.requirements) {
        for (const checkId of requirement.checks) expect(frameworksForCheck(checkId)).toContain(`${framework.id}:${requirement.id}`);
      }
    }
  });
});
