/**
 * A second provider through the whole shared path: "stubcloud", a fake provider with two services
 * (a global `directory` and a regional `vault`), two checks and a two-requirement framework. Its
 * scopes are read from a snapshot file in its own format, evaluated by the engine, muted by a
 * mutelist keyed by its own scope ids, written by the real OCSF, CSV and HTML writers, and scored by
 * the compliance accumulator and its report files. Nothing AWS-specific may appear on the way.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, defineCheck, eachFetched, errorResult, fail, fromFetched, pass, resource } from '@palisade/core';
import type { Check, CheckResult, Fetched, Finding, ResourceRef, ScanError, ScopeSnapshot } from '@palisade/core';
import { ComplianceAccumulator } from '@palisade/compliance';
import type { Framework } from '@palisade/compliance';
import { DEFAULT_SCAN_CONFIG, SnapshotWriter, executeScan, parseMutelist, readScopeSnapshots, readSnapshot, registerProvider } from '@palisade/engine';
import type { ProviderModule, ScanOptions, SnapshotFormat } from '@palisade/engine';
import { createComplianceFindingsCsvWriter, createCsvWriter, createHtmlWriter, createOcsfWriter, writeComplianceCsv, writeComplianceJson } from '@palisade/outputs';
import type { OcsfDetectionFinding } from '@palisade/outputs';

// ---- The stub provider: its snapshot shape, module, checks and framework ----

interface StubVault {
  readonly id: string;
  readonly encrypted: boolean;
}

interface StubSnapshot extends ScopeSnapshot {
  readonly name: string;
  /** Global service: the scope's directory settings. */
  readonly directory?: { readonly mfaRequired: Fetched<boolean> };
  /** Regional service: the vaults of each location. */
  readonly vault: Readonly<Record<string, { readonly vaults: Fetched<readonly StubVault[]> }>>;
  readonly errors: readonly ScanError[];
}

const STUB_FORMAT: SnapshotFormat<StubSnapshot> = {
  provider: 'stubcloud',
  validateScope(value, file, line): asserts value is StubSnapshot {
    const scope = value as Partial<StubSnapshot> | null;
    if (typeof scope?.accountId !== 'string' || !/^stub-[a-z]+$/.test(scope.accountId)) {
      throw new InputError('SNAPSHOT_INVALID', 'must be a stub scope id', { file, line, field: 'account.accountId' });
    }
  },
};

const scopeResource = (scope: StubSnapshot): ResourceRef => ({ uid: `stubcloud://${scope.accountId}`, type: 'StubScope', name: scope.name, region: 'global' });

const STUB_PROVIDER: ProviderModule<StubSnapshot> = {
  id: 'stubcloud',
  scopeKind: 'account',
  services: ['directory', 'vault'],
  scopeIdFormat: { pattern: /^stub-[a-z]+$/, description: 'a stub scope id (stub-…)' },
  readSnapshot: (path, options) => readScopeSnapshots(path, STUB_FORMAT, options),
  openSnapshotWriter: (path, producer) => SnapshotWriter.open(path, producer, 'stubcloud'),
  describeScope: (scope) => ({ alias: scope.name }),
  scopeResource,
  scopeErrors: (scope) => scope.errors,
  narrowRegions: (scope, regions) => ({ ...scope, regions: scope.regions.filter((region) => regions.includes(region)) }),
  releaseService: () => undefined,
};

const directoryMfaRequired = defineCheck({
  id: 'stubcloud/directory-mfa-required',
  provider: 'stubcloud',
  service: 'directory',
  requires: ['directory'],
  resourceType: 'StubScope',
  severity: 'high',
  title: 'The directory requires MFA',
  description: 'Checks the directory setting that makes every sign-in use a second factor.',
  risk: 'A password alone lets anyone who learns it sign in.',
  remediation: { summary: 'Turn on required MFA in the directory settings.' },
  references: [],
  categories: ['identity-and-access'],
  evaluate: (scope: StubSnapshot): readonly CheckResult[] => {
    const root = scopeResource(scope);
    if (!scope.directory) return [errorResult(root, { api: 'directory:*', code: 'NotCollected', message: 'directory was not collected' })];
    return fromFetched(scope.directory.mfaRequired, root, (required) => [required ? pass(root, 'MFA is required.') : fail(root, 'MFA is not required.')]);
  },
});

const vaultEncrypted = defineCheck({
  id: 'stubcloud/vault-encrypted',
  provider: 'stubcloud',
  service: 'vault',
  requires: ['vault'],
  resourceType: 'StubVault',
  severity: 'medium',
  title: 'Vaults are encrypted',
  description: 'Checks that every vault encrypts what it stores.',
  risk: 'Unencrypted vault contents can be read by whoever reaches the storage.',
  remediation: { summary: 'Enable encryption on the vault.' },
  references: [],
  categories: ['encryption'],
  evaluate: (scope: StubSnapshot): readonly CheckResult[] =>
    scope.regions.flatMap((region) => {
      const where = { uid: `stubcloud://${scope.accountId}/${region}/vaults`, type: 'StubScope', name: `vaults ${region}`, region };
      const data = scope.vault[region];
      if (!data) return [errorResult(where, { api: 'vault:*', code: 'NotCollected', message: `vault was not collected in ${region}`, region })];
      return eachFetched(data.vaults, where, (vault) => {
        const ref = resource(`stubcloud://${scope.accountId}/${region}/vault/${vault.id}`, 'StubVault', vault.id, region);
        return vault.encrypted ? pass(ref, `Vault ${vault.id} is encrypted.`) : fail(ref, `Vault ${vault.id} is not encrypted.`);
      });
    }),
});

const STUB_CHECKS: readonly Check[] = [directoryMfaRequired, vaultEncrypted];

const STUB_FRAMEWORK = {
  id: 'stub-baseline-1.0',
  name: 'Stub Baseline',
  version: '1.0',
  provider: 'stubcloud',
  description: 'Two requirements over the stub provider’s two services.',
  requirements: [
    { id: '1', title: 'Sign-in needs MFA', section: '1 Identity', level: 'Level 1', assessment: 'automated', description: 'MFA for every sign-in.', checks: ['stubcloud/directory-mfa-required'] },
    { id: '2', title: 'Vaults are encrypted', section: '2 Data', level: 'Level 1', assessment: 'automated', description: 'Encryption at rest.', checks: ['stubcloud/vault-encrypted'] },
  ],
  // Framework requirement check ids are typed against the registry of built-in checks; the stub's are not in it.
} as unknown as Framework;

const complianceRefs = (checkId: string): readonly string[] =>
  STUB_FRAMEWORK.requirements.filter((requirement) => (requirement.checks as readonly string[]).includes(checkId)).map((requirement) => `${STUB_FRAMEWORK.id}:${requirement.id}`);

const ALPHA: StubSnapshot = {
  accountId: 'stub-alpha',
  name: 'Alpha',
  collectedAt: '2026-01-15T10:00:00.000Z',
  regions: ['north', 'south'],
  directory: { mfaRequired: { value: true } },
  vault: {
    north: { vaults: { value: [{ id: 'v1', encrypted: true }] } },
    south: { vaults: { value: [{ id: 'v2', encrypted: false }] } },
  },
  errors: [],
};

const BETA: StubSnapshot = {
  accountId: 'stub-beta',
  name: 'Beta',
  collectedAt: '2026-01-15T10:00:00.000Z',
  regions: ['north'],
  directory: { mfaRequired: { value: false } },
  vault: { north: { vaults: { error: { api: 'vault:ListVaults', code: 'Forbidden', message: 'not allowed', region: 'north' } } } },
  errors: [{ accountId: 'stub-beta', region: 'east', error: { api: 'stub:ListLocations', code: 'LocationDisabled', message: 'east is disabled', region: 'east' } }],
};

const MUTELIST = `Mutelist:
  Accounts:
    "stub-beta":
      Checks:
        "directory-mfa-required":
          Regions: ["*"]
          Resources: ["*"]
          Reason: "Beta signs in through an external identity provider"
`;

// ---- The scan ----

let dir: string;
let unregister: () => void;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palisade-stub-'));
  unregister = registerProvider(STUB_PROVIDER);
});

afterAll(async () => {
  unregister();
  await rm(dir, { recursive: true, force: true });
});

async function writeStubSnapshot(path: string, scopes: readonly StubSnapshot[]): Promise<void> {
  const writer = await SnapshotWriter.open(path, 'stub test', 'stubcloud');
  for (const scope of scopes) await writer.add(scope);
  await writer.commit();
}

interface StubScan {
  readonly findings: Finding[];
  readonly result: Awaited<ReturnType<typeof executeScan>>;
  readonly files: { readonly ocsf: string; readonly csv: string; readonly html: string; readonly complianceFindings: string; readonly complianceJson: string; readonly complianceCsv: string };
  readonly compliance: ReturnType<ComplianceAccumulator['report']>;
}

async function scanStub(name: string, scopes: readonly StubSnapshot[], extra: Partial<ScanOptions> = {}): Promise<StubScan> {
  const snapshot = join(dir, `${name}.json.gz`);
  await writeStubSnapshot(snapshot, scopes);
  const scan = { scanId: `scan-${name}`, startedAt: '2026-01-15T11:00:00.000Z', productVersion: 'test' };
  const accumulator = new ComplianceAccumulator(STUB_FRAMEWORK);
  const files = {
    ocsf: join(dir, `${name}.ocsf.json`),
    csv: join(dir, `${name}.csv`),
    html: join(dir, `${name}.html`),
    complianceFindings: join(dir, `${name}_stub-baseline-1.0.findings.csv`),
    complianceJson: join(dir, `${name}_stub-baseline-1.0.json`),
    complianceCsv: join(dir, `${name}_stub-baseline-1.0.csv`),
  };
  const writers = [
    await createOcsfWriter(files.ocsf, scan),
    await createCsvWriter(files.csv, scan),
    await createHtmlWriter(files.html, scan, { compliance: () => [accumulator.report()] }),
    await createComplianceFindingsCsvWriter(files.complianceFindings, STUB_FRAMEWORK),
  ];
  const findings: Finding[] = [];
  const result = await executeScan({
    provider: 'stubcloud',
    source: { kind: 'snapshot', path: snapshot },
    checks: STUB_CHECKS,
    config: DEFAULT_SCAN_CONFIG,
    sinks: [...writers, { write: async (batch) => void findings.push(...batch) }],
    observers: [(finding) => accumulator.add(finding)],
    complianceRefs,
    productVersion: 'test',
    scanId: scan.scanId,
    now: () => new Date('2026-01-15T11:00:00.000Z'),
    ...extra,
  });
  for (const writer of writers) await writer.close();
  const compliance = accumulator.report();
  await writeComplianceJson(compliance, files.complianceJson, name);
  await writeComplianceCsv(compliance, files.complianceCsv);
  return { findings, result, files, compliance };
}

const statusOf = (findings: readonly Finding[], resourceUid: string) => findings.find((finding) => finding.resource.uid === resourceUid)?.status;

describe('a second provider through the engine, outputs and compliance', () => {
  it('evaluates the stub scopes and writes OCSF, CSV, HTML and compliance reports that name stubcloud and nothing of AWS', async () => {
    const mutelist = parseMutelist(MUTELIST, 'stub-mutelist.yaml', new Date('2026-01-15T00:00:00Z'), STUB_PROVIDER.scopeIdFormat);
    const { findings, result, files, compliance } = await scanStub('full', [ALPHA, BETA], { mutelist });

    // Findings: provider, scope and location from the stub; no partition; status per resource.
    expect(findings).toHaveLength(5);
    expect(new Set(findings.map((finding) => finding.provider))).toEqual(new Set(['stubcloud']));
    expect(findings.every((finding) => finding.partition === undefined)).toBe(true);
    expect(findings.every((finding) => finding.uid.startsWith('palisade-stubcloud-'))).toBe(true);
    expect(statusOf(findings, 'stubcloud://stub-alpha')).toBe('PASS');
    expect(statusOf(findings, 'stubcloud://stub-beta')).toBe('FAIL');
    expect(statusOf(findings, 'stubcloud://stub-alpha/north/vault/v1')).toBe('PASS');
    expect(statusOf(findings, 'stubcloud://stub-alpha/south/vault/v2')).toBe('FAIL');
    const error = findings.find((finding) => finding.resource.uid === 'stubcloud://stub-beta/north/vaults');
    expect(error).toMatchObject({ status: 'ERROR', accountId: 'stub-beta', accountName: 'Beta', region: 'north', error: { api: 'vault:ListVaults', code: 'Forbidden' } });
    // The mutelist keyed by the stub's scope id muted Beta's directory finding.
    expect(findings.find((finding) => finding.resource.uid === 'stubcloud://stub-beta')?.muted).toEqual({
      reason: 'Beta signs in through an external identity provider',
      rule: 'stub-beta/directory-mfa-required',
    });
    expect(findings.find((finding) => finding.resource.uid === 'stubcloud://stub-alpha/south/vault/v2')?.compliance).toEqual(['stub-baseline-1.0:2']);

    // The scan result: both scopes, the stub's own scan error, no API counters (nothing live).
    expect(result.accountsScanned).toEqual(['stub-alpha', 'stub-beta']);
    expect(result.errors).toEqual([BETA.errors[0]]);
    expect(result.apiCounters).toEqual({});
    expect(result.summary.total).toMatchObject({ PASS: 2, FAIL: 1, ERROR: 1, muted: 1 });
    expect(result.summary.accounts).toBe(2);

    // OCSF: the provider's own name and scope type (not an AWS account), no partition, the stub's resource uids.
    const ocsf = JSON.parse(await readFile(files.ocsf, 'utf8')) as OcsfDetectionFinding[];
    expect(ocsf).toHaveLength(5);
    for (const record of ocsf) {
      expect(record.cloud.provider).toBe('stubcloud');
      expect(record.cloud.account.type).toBe('Other');
      expect(record.cloud.account.type_id).toBe(99);
      expect(record.cloud).not.toHaveProperty('cloud_partition');
      expect(record.resources[0]!.provider).toBe('stubcloud');
      expect(record.resources[0]).not.toHaveProperty('cloud_partition');
    }
    const ocsfError = ocsf.find((record) => record.resources[0]!.uid === 'stubcloud://stub-beta/north/vaults');
    expect(ocsfError).toMatchObject({ status_code: 'ERROR', cloud: { account: { uid: 'stub-beta', name: 'Beta' }, region: 'north' }, unmapped: { error: { api: 'vault:ListVaults', code: 'Forbidden' } } });
    expect(ocsf.find((record) => record.resources[0]!.uid === 'stubcloud://stub-beta')).toMatchObject({ status_code: 'FAIL', status: 'Suppressed', is_alert: false });

    // CSV: the provider column and the scopes.
    const csv = (await readFile(files.csv, 'utf8')).trim().split('\r\n');
    const header = csv[0]!.split(',');
    const rows = csv.slice(1).map((line) => Object.fromEntries(line.split(',').map((cell, index) => [header[index], cell])));
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((row) => row['provider']))).toEqual(new Set(['stubcloud']));
    expect(new Set(rows.map((row) => row['account_id']))).toEqual(new Set(['stub-alpha', 'stub-beta']));
    expect(rows.find((row) => row['resource_uid'] === 'stubcloud://stub-alpha/south/vault/v2')?.['status']).toBe('FAIL');

    // Compliance: requirement 1 passes (Beta's failure is muted), requirement 2 fails (Alpha's unencrypted vault; Beta's error).
    expect(compliance.framework).toBe('stub-baseline-1.0');
    const [mfa, vaults] = compliance.requirements;
    expect(mfa).toMatchObject({ id: '1', status: 'PASS', reason: 'passed' });
    expect(vaults).toMatchObject({ id: '2', status: 'FAIL', reason: 'failed' });
    expect(vaults!.accounts.map((account) => [account.accountId, account.status, account.reason])).toEqual([
      ['stub-alpha', 'FAIL', 'failed'],
      ['stub-beta', 'FAIL', 'error'],
    ]);
    const complianceJson = await readFile(files.complianceJson, 'utf8');
    expect(complianceJson).toContain('"stub-baseline-1.0"');
    const complianceFindings = await readFile(files.complianceFindings, 'utf8');
    expect(complianceFindings).toContain('stub-baseline-1.0,2,stub-alpha,Alpha,south,stubcloud/vault-encrypted,FAIL');

    // HTML: the findings and the embedded compliance status.
    const html = await readFile(files.html, 'utf8');
    expect(html).toContain('"stubcloud://stub-alpha/south/vault/v2"');
    expect(html).toContain('"stub-baseline-1.0"');

    // Nothing AWS-specific anywhere.
    for (const path of Object.values(files)) {
      const text = await readFile(path, 'utf8');
      expect(text, path).not.toMatch(/arn:aws|"AWS"|AWS Account|AwsAccount|"aws"/);
    }
  });

  it('reports a check that throws as ERROR on the stub scope itself, not on an AWS root ARN', async () => {
    const crashing = defineCheck({
      ...directoryMfaRequired,
      id: 'stubcloud/directory-crashes',
      evaluate: (): readonly CheckResult[] => {
        throw new Error('boom');
      },
    });
    const { findings } = await scanStub('crash', [ALPHA], { checks: [crashing] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status: 'ERROR',
      provider: 'stubcloud',
      accountId: 'stub-alpha',
      resource: { uid: 'stubcloud://stub-alpha', type: 'StubScope', name: 'Alpha', region: 'global' },
      error: { api: 'stubcloud/directory-crashes', code: 'CheckFailed', message: 'boom' },
    });
  });

  it('narrows a stub snapshot to the requested locations and reports a location it does not hold', async () => {
    const { findings, result } = await scanStub('narrow', [ALPHA, BETA], { source: { kind: 'snapshot', path: join(dir, 'narrow.json.gz'), regions: ['south'] } });
    expect(findings.filter((finding) => finding.check.id === 'stubcloud/vault-encrypted').map((finding) => [finding.resource.uid, finding.status])).toEqual([
      ['stubcloud://stub-alpha/south/vault/v2', 'FAIL'],
    ]);
    expect(result.errors).toContainEqual(expect.objectContaining({ accountId: 'stub-beta', region: 'south', error: expect.objectContaining({ code: 'RegionNotInSnapshot' }) }));
  });

  it('refuses a live scan of a provider that only reads snapshots', async () => {
    await expect(
      executeScan({
        provider: 'stubcloud',
        source: { kind: 'aws', connect: {} },
        checks: STUB_CHECKS,
        config: DEFAULT_SCAN_CONFIG,
        sinks: [],
        productVersion: 'test',
      }),
    ).rejects.toThrow('the stubcloud provider reads snapshots only; it cannot scan live');
  });

  it('keeps each provider to its own snapshot files', async () => {
    const path = join(dir, 'own-format.json.gz');
    await writeStubSnapshot(path, [ALPHA]);
    // The AWS reader refuses the stub's file by its header.
    await expect(readSnapshot(path).next()).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID', message: expect.stringContaining('unsupported provider stubcloud') });
  });

  it('validates mutelist account keys by the provider’s scope id format', () => {
    // The stub's scope id is not an AWS account id: the default (AWS) format rejects it, the stub's accepts it.
    expect(() => parseMutelist(MUTELIST, 'stub-mutelist.yaml')).toThrow('account key "stub-beta" must be a 12-digit account id or "*"');
    expect(() => parseMutelist(MUTELIST.replace('"stub-beta"', '"123456789012"'), 'stub-mutelist.yaml', new Date(), STUB_PROVIDER.scopeIdFormat)).toThrow(
      'account key "123456789012" must be a stub scope id (stub-…) or "*"',
    );
    expect(parseMutelist(MUTELIST, 'stub-mutelist.yaml', new Date(), STUB_PROVIDER.scopeIdFormat).rules.map((rule) => rule.label)).toEqual(['stub-beta/directory-mfa-required']);
  });
});
