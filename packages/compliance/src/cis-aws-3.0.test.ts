import { describe, expect, it } from 'vitest';
import { CIS_AWS_3_0 } from './frameworks/cis-aws-3.0.ts';

const requirements = CIS_AWS_3_0.requirements;
const ids = requirements.map((requirement) => requirement.id);

/** `2.1.10` → [2, 1, 10], so ids compare numerically per segment. */
const segments = (id: string) => id.split('.').map(Number);
const compareIds = (a: string, b: string) => {
  const [x, y] = [segments(a), segments(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const difference = (x[i] ?? -1) - (y[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
};

describe('CIS AWS Foundations Benchmark v3.0.0', () => {
  it('is identified as cis-aws-3.0 for AWS', () => {
    expect(CIS_AWS_3_0).toMatchObject({ id: 'cis-aws-3.0', version: '3.0.0', provider: 'aws' });
  });

  it('has every requirement id once, in benchmark order', () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort(compareIds));
  });

  it('has the 62 recommendations of v3.0.0: 22 + 9 + 9 + 16 + 6 across sections 1–5', () => {
    expect(requirements).toHaveLength(62);
    const countBySection = Object.fromEntries(
      [...new Set(requirements.map((requirement) => requirement.section))].map((section) => [section, requirements.filter((requirement) => requirement.section === section).length]),
    );
    expect(countBySection).toEqual({
      '1 Identity and Access Management': 22,
      '2 Storage': 9,
      '3 Logging': 9,
      '4 Monitoring': 16,
      '5 Networking': 6,
    });
  });

  it('numbers each requirement inside its own section and storage subsection', () => {
    for (const requirement of requirements) {
      expect(requirement.section.split(' ')[0], requirement.id).toBe(requirement.id.split('.')[0]);
      if (requirement.section === '2 Storage') {
        expect(requirement.subsection?.split(' ')[0], requirement.id).toBe(requirement.id.split('.').slice(0, 2).join('.'));
      } else {
        expect(requirement.subsection, requirement.id).toBeUndefined();
      }
    }
    expect(new Set(requirements.flatMap((requirement) => (requirement.subsection ? [requirement.subsection] : [])))).toEqual(
      new Set(['2.1 Simple Storage Service (S3)', '2.2 Elastic Compute Cloud (EC2)', '2.3 Relational Database Service (RDS)', '2.4 Elastic File System (EFS)']),
    );
  });

  it('marks as manual exactly the recommendations v3.0.0 assesses manually', () => {
    const manual = requirements.filter((requirement) => requirement.assessment === 'manual').map((requirement) => requirement.id);
    expect(manual).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '1.6',
      '1.7',
      '1.11',
      '1.21',
      '1.22',
      '2.1.2',
      '2.1.3',
      '2.4.1',
      '4.1',
      '4.2',
      '4.3',
      '4.4',
      '4.5',
      '4.6',
      '4.7',
      '4.8',
      '4.9',
      '4.10',
      '4.11',
      '4.12',
      '4.13',
      '4.14',
      '4.15',
      '5.5',
    ]);
  });

  it('puts exactly the Level 2 recommendations in the Level 2 profile', () => {
    const level2 = requirements.filter((requirement) => requirement.level === 'Level 2').map((requirement) => requirement.id);
    expect(level2).toEqual(['1.6', '1.18', '1.21', '2.1.1', '2.1.2', '2.1.3', '3.2', '3.3', '3.5', '3.6', '3.7', '3.8', '3.9', '4.1', '4.6', '4.7', '4.9', '4.10', '4.11', '4.16', '5.4', '5.5']);
  });

  it('gives every automated requirement at least one check', () => {
    const withoutChecks = requirements.filter((requirement) => requirement.assessment === 'automated' && requirement.checks.length === 0).map((requirement) => requirement.id);
    expect(withoutChecks).toEqual([]);
  });

  it('leaves only 1.3 and 1.21 without checks, as nothing in an API can assess them', () => {
    expect(requirements.filter((requirement) => requirement.checks.length === 0).map((requirement) => requirement.id)).toEqual(['1.3', '1.21']);
  });

  it('references checks by namespaced id, each once per requirement', () => {
    for (const requirement of requirements) {
      expect(new Set(requirement.checks).size, requirement.id).toBe(requirement.checks.length);
      for (const checkId of requirement.checks) expect(checkId, requirement.id).toMatch(/^aws\/[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('maps the checks planned for a few representative recommendations', () => {
    const checksOf = (id: string) => requirements.find((requirement) => requirement.id === id)?.checks;
    expect(checksOf('1.8')).toEqual(['aws/iam-password-policy-minimum-length-14']);
    expect(checksOf('1.12')).toEqual(['aws/iam-user-accesskey-unused', 'aws/iam-user-console-access-unused']);
    expect(checksOf('2.1.4')).toEqual(['aws/s3-bucket-level-public-access-block', 'aws/s3-account-level-public-access-blocks']);
    expect(checksOf('4.16')).toEqual(['aws/securityhub-enabled']);
    expect(checksOf('5.6')).toEqual(['aws/ec2-instance-imdsv2-enabled']);
  });

  it('describes every requirement in a sentence or more', () => {
    for (const requirement of requirements) {
      expect(requirement.title.length, requirement.id).toBeGreaterThan(10);
      expect(requirement.description.length, requirement.id).toBeGreaterThan(80);
    }
  });
});
