import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { CIS_AWS_3_0, frameworksOfProvider } from '@palisade/compliance';
import { DEFAULT_SCAN_CONFIG, parseMutelist, parseScanRequest } from '@palisade/engine';
import { SNAPSHOT_WORKERS_FROM_BYTES, countAccountsInFile, defaultWorkers, requestFromFlags, selectionFromFlags } from '../src/scan-command.ts';
import type { ScanAwsFlags } from '../src/scan-command.ts';

const defaults: ScanAwsFlags = { outputDir: 'output', orgRole: 'OrganizationAccountAccessRole' };
const inputs = { scanId: '00000000-0000-4000-8000-000000000001', config: DEFAULT_SCAN_CONFIG };

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('USAGE');
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('defaultWorkers', () => {
  const large = SNAPSHOT_WORKERS_FROM_BYTES;
  it.each<[string, Partial<ScanAwsFlags>, { snapshotBytes?: number; accountsInFile?: number }, number]>([
    ['an organization', { organization: true }, {}, 4],
    ['an organization narrowed to two accounts', { organization: true, accounts: ['111111111111', '222222222222'] }, {}, 4],
    ['an organization narrowed to one account', { organization: true, accounts: ['111111111111'] }, {}, 1],
    ['an accounts file of two accounts', { accountsFile: 'roles.txt' }, { accountsInFile: 2 }, 4],
    ['an accounts file of one account', { accountsFile: 'roles.txt' }, { accountsInFile: 1 }, 1],
    ['a large snapshot', { fromSnapshot: 'estate.json.gz' }, { snapshotBytes: large }, 4],
    ['a small snapshot', { fromSnapshot: 'estate.json.gz' }, { snapshotBytes: large - 1 }, 1],
    ["the credentials' own account", {}, {}, 1],
    ['an organization scan saving a snapshot', { organization: true, snapshotOut: 'estate.json.gz' }, {}, 1],
  ])('%s: %s thread(s) on 4 cores', (_name, flags, files, expected) => {
    expect(defaultWorkers({ ...defaults, ...flags }, { cores: 4, ...files })).toBe(expected);
  });

  it('stays in one thread on one core', () => {
    expect(defaultWorkers({ ...defaults, organization: true }, { cores: 1 })).toBe(1);
  });

  it('counts the role ARNs of an accounts file, not its comments and blank lines', () => {
    expect(countAccountsInFile('# audit roles\narn:aws:iam::111111111111:role/a\n\n  arn:aws:iam::222222222222:role/a # prod\r\n#arn:aws:iam::333333333333:role/a\n')).toBe(2);
  });
});

describe('requestFromFlags', () => {
  it('turns a snapshot scan with filters into a valid request that survives JSON', () => {
    const mutelist = parseMutelist('Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        "*":\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: r\n', 'mute.yaml');
    const flags: ScanAwsFlags = {
      ...defaults,
      fromSnapshot: 'estate.json.gz',
      region: ['EU-WEST-1', 'us-east-1', 'eu-west-1'],
      services: ['iam'],
      severity: ['critical'],
      status: ['fail', 'FAIL', 'error'],
      resourceTag: ['env=prod'],
      resourceArn: ['arn:aws:iam::111111111111:root'],
      scanTimeout: 30,
      maxConcurrency: 8,
      workers: 3,
    };
    const request = requestFromFlags(flags, { ...inputs, mutelist: mutelist.spec });
    const checks = ALL_CHECKS.filter((check) => check.service === 'iam' && check.severity === 'critical').map((check) => check.id);
    expect(checks.length).toBeGreaterThan(1);
    expect(request).toEqual({
      version: 1,
      provider: 'aws',
      scanId: inputs.scanId,
      source: { kind: 'snapshot', path: 'estate.json.gz' },
      scope: {
        regions: ['eu-west-1', 'us-east-1'],
        checks,
        frameworks: frameworksOfProvider('aws').map((framework) => framework.id),
        resources: { tags: ['env=prod'], arns: ['arn:aws:iam::111111111111:root'] },
      },
      config: DEFAULT_SCAN_CONFIG,
      mutelist: mutelist.spec,
      limits: { maxConcurrency: 8, timeoutSeconds: 30 },
      output: { statuses: ['FAIL', 'ERROR'] },
      execution: { workers: 3 },
    });
    expect(parseScanRequest(JSON.parse(JSON.stringify(request)))).toEqual(request);
  });

  it('runs in this process unless --workers or the default the command worked out says otherwise', () => {
    expect(requestFromFlags({ ...defaults, fromSnapshot: 'estate.json.gz' }, inputs).execution).toEqual({ workers: 1 });
    expect(requestFromFlags({ ...defaults, fromSnapshot: 'estate.json.gz' }, { ...inputs, defaultWorkers: 4 }).execution).toEqual({ workers: 4 });
    expect(requestFromFlags({ ...defaults, fromSnapshot: 'estate.json.gz', workers: 1 }, { ...inputs, defaultWorkers: 4 }).execution).toEqual({ workers: 1 });
  });

  it('narrows checks and reports to the --compliance frameworks', () => {
    const request = requestFromFlags({ ...defaults, fromSnapshot: 'estate.json.gz', compliance: ['cis_3.0_aws'] }, inputs);
    expect(request.scope.frameworks).toEqual(['cis-aws-3.0']);
    const frameworkChecks = new Set<string>(CIS_AWS_3_0.requirements.flatMap((requirement) => requirement.checks));
    expect(request.scope.checks.length).toBe(frameworkChecks.size);
    expect(request.scope.checks.every((id) => frameworkChecks.has(id))).toBe(true);
  });

  it('reports on the AWS frameworks only and refuses the framework of another provider', () => {
    expect(selectionFromFlags(defaults).frameworks).toEqual(['cis-aws-3.0']);
    expect(usageError(() => selectionFromFlags({ ...defaults, compliance: ['cis-azure-3.0'] }))).toMatch(/^--compliance: unknown framework "cis-azure-3\.0"/);
  });

  it('describes an organization scan by reference: role names and filters, no credentials', () => {
    const request = requestFromFlags({ ...defaults, organization: true, accounts: ['111111111111'], ou: ['ou-ab12-cdef3456'], externalId: 'ext', profile: 'management', endpointUrl: 'http://127.0.0.1:4566' }, inputs);
    expect(request.source).toEqual({
      kind: 'live',
      credentials: { profile: 'management', endpointUrl: 'http://127.0.0.1:4566' },
      targets: { roleName: 'OrganizationAccountAccessRole', externalId: 'ext', organization: { accounts: ['111111111111'], excludedAccounts: [], ous: ['ou-ab12-cdef3456'] } },
    });
    expect(parseScanRequest(request)).toEqual(request);
  });

  it('assumes --role-arn with its session settings', () => {
    const request = requestFromFlags({ ...defaults, roleArn: 'arn:aws:iam::111111111111:role/audit', externalId: 'ext', roleSessionName: 'palisade', sessionDuration: 3600, snapshotOut: 'inventory.json.gz' }, inputs);
    expect(request.source).toEqual({ kind: 'live', credentials: { assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/audit', externalId: 'ext', sessionName: 'palisade', durationSeconds: 3600 } } });
    expect(request.output).toEqual({ snapshotOut: 'inventory.json.gz' });
  });

  it.each([
    ['conflicting sources', { fromSnapshot: 'estate.json.gz', profile: 'p' }, '--from-snapshot scans offline; it cannot be combined with --profile, --role-arn or --endpoint-url'],
    ['a snapshot saved from a snapshot', { fromSnapshot: 'estate.json.gz', snapshotOut: 'again.json.gz' }, '--from-snapshot and --snapshot-out cannot be combined'],
    ['account filters without --organization', { accounts: ['111111111111'] }, '--accounts, --excluded-accounts and --ou narrow --organization; add --organization'],
    ['a malformed account id', { organization: true, accounts: ['1111'] }, '"1111" is not a 12-digit AWS account id'],
    ['a tag without a value', { resourceTag: ['env'] }, '--resource-tag: "env" must be key=value'],
    ['an unknown status', { status: ['failed'] }, '--status: unknown status "failed"; valid: PASS, FAIL, MANUAL, ERROR'],
    ['an unknown format', { outputFormats: ['pdf'] }, '--output-formats: unknown format "pdf"; valid: json-ocsf, csv, html, sarif, asff'],
  ])('rejects %s naming the flags', (_name, extra, message) => {
    expect(usageError(() => requestFromFlags({ ...defaults, ...extra }, inputs))).toBe(message);
  });

  it('writes OCSF JSON, CSV and HTML unless -M names formats, SARIF and ASFF among them', () => {
    expect(selectionFromFlags(defaults).formats).toEqual(['json-ocsf', 'csv', 'html']);
    expect(selectionFromFlags({ ...defaults, outputFormats: ['sarif', 'asff'] }).formats).toEqual(['sarif', 'asff']);
  });

  it('reports the selection flags in the order a user reads them', () => {
    // Both are wrong: checks are resolved before statuses, so the check is the one named.
    expect(usageError(() => selectionFromFlags({ ...defaults, checks: ['nope'], status: ['nope'] }))).toMatch(/^--checks: unknown check "nope"/);
  });
});
