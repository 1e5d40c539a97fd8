import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_CONFIG, InputError } from '@palisade/core';
import { DEFAULT_SCAN_CONFIG } from './config.ts';
import { parseMutelist } from './mutelist.ts';
import { parseScanRequest } from './request.ts';
import type { ScanRequest } from './request.ts';

const mutelist = parseMutelist(
  'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        "iam_root_mfa_enabled":\n          Regions: ["*"]\n          Resources: ["*"]\n          Tags: ["env=dev"]\n          Exceptions:\n            Accounts: ["222222222222"]\n          Reason: accepted\n          Expires: 2030-01-31\n',
  'mute.yaml',
);

/** Every field a request can have. */
const full: ScanRequest = {
  version: 1,
  provider: 'aws',
  scanId: 'scan-1',
  tenantId: 'tenant-a',
  source: {
    kind: 'live',
    credentials: { profile: 'audit', endpointUrl: 'http://127.0.0.1:4566', assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/audit', externalId: 'x', sessionName: 's', durationSeconds: 3600 } },
    targets: { organization: { accounts: ['111111111111'], excludedAccounts: ['222222222222'], ous: ['ou-ab12-cdef3456'] }, roleName: 'OrganizationAccountAccessRole', externalId: 'x' },
  },
  scope: {
    regions: ['us-east-1', 'eu-west-1'],
    checks: ['aws/iam-root-mfa-enabled', 'aws/s3-bucket-public-access'],
    frameworks: ['cis-aws-3.0'],
    resources: { tags: ['env=prod'], arns: ['arn:aws:s3:::logs'] },
    accounts: ['111111111111'],
  },
  config: { ...DEFAULT_SCAN_CONFIG, gateway: { maxAttempts: 3, rateLimits: [{ pattern: 'ec2:Describe*', capacity: 10, refillPerSecond: 5 }] }, limits: { s3Buckets: 100 } },
  mutelist: mutelist.spec,
  limits: { maxConcurrency: 8, maxAccountsInFlight: 2, timeoutSeconds: 600 },
  output: { statuses: ['FAIL', 'ERROR'], snapshotOut: '/tmp/inventory.json.gz' },
  execution: { workers: 2 },
  transport: { module: '/abs/sim.ts', export: 'simulatedAws', options: { scenario: 'big', seeds: [1, 2], nested: { on: true, none: null } } },
};

const snapshotRequest: ScanRequest = {
  version: 1,
  provider: 'aws',
  source: { kind: 'snapshot', path: 'examples/demo-aws.json.gz' },
  scope: { checks: ['aws/iam-root-mfa-enabled'], frameworks: [] },
  config: DEFAULT_SCAN_CONFIG,
  limits: {},
  output: {},
};

/** `request` with the value at `path` replaced (undefined deletes it). */
function withField(request: ScanRequest, path: string, value: unknown): unknown {
  const copy = structuredClone(request) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  if (value === undefined) delete target[keys.at(-1)!];
  else target[keys.at(-1)!] = value;
  return copy;
}

function problemOf(json: unknown): { code: string; message: string } {
  try {
    parseScanRequest(json);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error('the request was accepted');
}

describe('parseScanRequest', () => {
  it('accepts every field and survives JSON text unchanged', () => {
    const parsed = parseScanRequest(full);
    expect(parsed).toEqual(full);
    const text = JSON.stringify(parsed);
    expect(parseScanRequest(JSON.parse(text))).toEqual(parsed);
    expect(JSON.stringify(parseScanRequest(JSON.parse(text)))).toBe(text);
  });

  it('returns a copy the caller cannot change afterwards', () => {
    const input = structuredClone(snapshotRequest) as unknown as { scope: { checks: string[] } };
    const parsed = parseScanRequest(input);
    input.scope.checks.push('aws/s3-bucket-public-access');
    expect(parsed.scope.checks).toEqual(['aws/iam-root-mfa-enabled']);
  });

  it('fills the thresholds a config leaves out with their defaults', () => {
    const parsed = parseScanRequest(withField(snapshotRequest, 'config', { checks: { maxAccessKeyAgeDays: 30 }, gateway: {} }));
    expect(parsed.config.checks).toEqual({ ...DEFAULT_CHECK_CONFIG, maxAccessKeyAgeDays: 30 });
  });

  it('carries the mutelist as data that compiles to the same rules', () => {
    const spec = parseScanRequest(full).mutelist!;
    expect(spec.rules[0]).toEqual({
      account: '*',
      check: 'iam_root_mfa_enabled',
      regions: ['*'],
      resources: ['*'],
      tags: ['env=dev'],
      exceptions: { accounts: ['222222222222'], regions: [], resources: [], tags: [] },
      reason: 'accepted',
      expires: '2030-01-31T00:00:00.000Z',
      line: 5,
    });
  });

  it.each([
    ['an unknown check, by its index', 'scope.checks', ['aws/iam-root-mfa-enabled', 'aws/s3-bucket-public-access', 'aws/iam-no-root-access-key', 'aws/s3-bucket-public-acess'], 'scope.checks[3]: unknown check "aws/s3-bucket-public-acess" — did you mean "aws/s3-bucket-public-access"?'],
    ['a check listed twice', 'scope.checks', ['aws/iam-root-mfa-enabled', 'aws/iam-root-mfa-enabled'], 'scope.checks[1]: "aws/iam-root-mfa-enabled" is listed twice'],
    ['no check', 'scope.checks', [], 'scope.checks: must name at least one check'],
    ['an unknown framework', 'scope.frameworks', ['cis-aws-3.1'], 'scope.frameworks[0]: unknown framework "cis-aws-3.1" — did you mean "cis-aws-3.0"?'],
    ['an unknown region', 'scope.regions', ['eu-wset-1'], 'scope.regions[0]: unknown AWS region "eu-wset-1"'],
    ['a tag without a value', 'scope.resources', { tags: ['env'] }, 'scope.resources.tags[0]: "env" must be key=value'],
    ['an account id of the wrong length', 'scope.accounts', ['12345'], 'scope.accounts[0]: "12345" is not a 12-digit account id'],
    ['another version', 'version', 2, 'version: must be 1 (got 2)'],
    ['an unknown provider', 'provider', 'gcp', 'provider: unknown provider "gcp"; known: aws, azure'],
    ['a misspelt field', 'scope.check', ['aws/iam-root-mfa-enabled'], 'scope.check: unknown field — did you mean "checks"?'],
    ['an unknown source kind', 'source', { kind: 'file', path: 'x' }, 'source.kind: must be "snapshot", "live" (AWS) or "azure" (got "file")'],
    ['a snapshot source with credentials', 'source', { kind: 'snapshot', path: 'x', credentials: {} }, 'source.credentials: unknown field'],
    ['a config with a bad threshold', 'config', { checks: { maxAccessKeyAgeDays: 0 }, gateway: {} }, 'config.checks.maxAccessKeyAgeDays: Too small: expected number to be >=1'],
    ['a config with an unknown field', 'config', { checks: {}, gateway: { retries: 3 } }, 'config.gateway.retries: unknown field "retries"'],
    ['a negative concurrency', 'limits', { maxConcurrency: -1 }, 'limits.maxConcurrency: must be a positive whole number (got -1)'],
    ['a fractional timeout', 'limits', { timeoutSeconds: 1.5 }, 'limits.timeoutSeconds: must be a positive whole number (got 1.5)'],
    ['an unknown retry policy', 'limits', { retryPolicy: 'aggressive' }, 'limits.retryPolicy: must be "classified" or "uniform" (got "aggressive")'],
    ['a mutelist account of the wrong format', 'mutelist', { file: 'm.yaml', rules: [{ account: '1234', check: '*', regions: [], resources: [], tags: [], reason: 'r' }] }, 'mutelist.rules[0].account: "1234" must be a 12-digit account id or "*"'],
    ['an unknown status', 'output', { statuses: ['FAILED'] }, 'output.statuses[0]: unknown status "FAILED"; valid: PASS, FAIL, MANUAL, ERROR'],
    ['a snapshot saved from a snapshot', 'output', { snapshotOut: 'again.json.gz' }, 'output.snapshotOut: a snapshot scan collects nothing to save; remove it or scan a live source'],
    ['no workers', 'execution', { workers: 0 }, 'execution.workers: must be a positive whole number (got 0)'],
    ['a mutelist pattern that does not compile', 'mutelist', { file: 'm.yaml', rules: [{ account: '*', check: '*', regions: ['('], resources: [], tags: [], reason: 'r' }] }, 'mutelist.rules[0].regions[0]: invalid pattern "("'],
    ['a mutelist rule without a reason', 'mutelist', { file: 'm.yaml', rules: [{ account: '*', check: '*', regions: [], resources: [], tags: [], reason: ' ' }] }, 'mutelist.rules[0].reason: must say why the findings are muted'],
  ])('rejects %s, naming the field', (_name, path, value, message) => {
    const problem = problemOf(withField(snapshotRequest, path, value));
    expect(problem.code).toBe('REQUEST_INVALID');
    expect(problem.message.startsWith(message)).toBe(true);
  });

  it.each([
    ['a Date', 'mutelist', { file: 'm.yaml', rules: [{ account: '*', check: '*', regions: [], resources: [], tags: [], reason: 'r', expires: new Date('2030-01-01') }] }, 'mutelist.rules[0].expires: must be a string (got a Date)'],
    ['a Set', 'scope.checks', new Set(['aws/iam-root-mfa-enabled']), 'scope.checks: must be a list (got a Set)'],
    ['a function', 'transport', { module: 'm', export: 'e', options: { build: () => 1 } }, 'transport.options.build: must be JSON data (got a function)'],
    ['a class instance', 'source', new (class Source {})(), 'source: must be an object (got a Source)'],
    ['an infinite number', 'transport', { module: 'm', export: 'e', options: { rate: Number.POSITIVE_INFINITY } }, 'transport.options.rate: Infinity is not a JSON number'],
  ])('rejects %s, which JSON would not carry', (_name, path, value, message) => {
    const problem = problemOf(withField(snapshotRequest, path, value));
    expect(problem).toEqual({ code: 'REQUEST_INVALID', message });
  });

  it('rejects what is not an object at all', () => {
    expect(problemOf('{"version":1}')).toEqual({ code: 'REQUEST_INVALID', message: 'a scan request must be an object (got "{\\"version\\":1}")' });
    expect(problemOf(null).message).toBe('a scan request must be an object (got null)');
  });
});
