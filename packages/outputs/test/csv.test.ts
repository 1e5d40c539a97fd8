import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AZURE_CSV_COLUMNS, CSV_COLUMNS, createCsvWriter, csvCell, formatTags } from '../src/csv.ts';
import { EC2_CHECK, SCAN, finding, manyFindings, realisticFindings } from './fixtures.ts';
import { parseCsv } from './csv-reader.ts';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});
async function tempPath(name: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'palisade-csv-'));
  directories.push(directory);
  return join(directory, 'reports', name);
}


function byColumn(rows: string[][]): Record<string, string>[] {
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header!.map((name, index) => [name, cells[index] ?? '<missing>'])));
}

describe('csvCell', () => {
  it('quotes cells holding a comma, quote or line break and doubles quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('prefixes formula triggers with an apostrophe', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('formatTags', () => {
  it('joins k=v pairs with ; and escapes separators inside keys and values', () => {
    expect(formatTags({ Name: 'web-1', env: 'prod' })).toBe('Name=web-1;env=prod');
    expect(formatTags({ 'cost=center': 'a;b', path: 'c:\\x' })).toBe('cost\\=center=a\\;b;path=c:\\\\x');
    expect(formatTags(undefined)).toBe('');
  });
});

describe('createCsvWriter', () => {
  it('adds the tenant beside the subscription or tenant scope in an Azure scan’s file', async () => {
    const path = await tempPath('azure.csv');
    const writer = await createCsvWriter(path, { ...SCAN, provider: 'azure' });
    const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const base = finding({ check: { ...EC2_CHECK, id: 'azure/storage-secure-transfer-required', provider: 'azure' }, status: 'FAIL', resource: { uid: '/subscriptions/7948bcee-488c-47ce-941c-38e20ede803d/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs', type: 'Microsoft.Storage/storageAccounts', name: 'logs', region: 'eastus' } });
    const { partition: _partition, ...azure } = base;
    await writer.write([{ ...azure, provider: 'azure', accountId: '7948bcee-488c-47ce-941c-38e20ede803d', accountName: 'Production', scopeKind: 'subscription', organization: { organizationId: tenantId } }]);
    await writer.close();
    const rows = parseCsv(await readFile(path, 'utf8'));
    expect(rows[0]).toEqual([...AZURE_CSV_COLUMNS]);
    expect(AZURE_CSV_COLUMNS.filter((column) => column !== 'tenant_id')).toEqual([...CSV_COLUMNS]);
    expect(byColumn(rows)[0]).toMatchObject({ provider: 'azure', account_id: '7948bcee-488c-47ce-941c-38e20ede803d', account_name: 'Production', tenant_id: tenantId, region: 'eastus' });
  });

  it('writes a header and one row per finding with every column', async () => {
    const path = await tempPath('scan.csv');
    const writer = await createCsvWriter(path, SCAN);
    const findings = realisticFindings();
    await writer.write(findings.slice(0, 3));
    await writer.write(findings.slice(3));
    await writer.close();
    await writer.close();

    const rows = parseCsv(await readFile(path, 'utf8'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const records = byColumn(rows);
    expect(records.map((record) => [record.status, record.resource_uid])).toEqual(findings.map((item) => [item.status, item.resource.uid]));

    const [, fail, muted, ec2, , error] = records;
    expect(fail).toMatchObject({
      finding_uid: 'palisade-aws-123456789012-iam-user-mfa-enabled-console-access-bob',
      scan_id: SCAN.scanId,
      time: '2025-03-01T10:05:00.000Z',
      provider: 'aws',
      account_id: '123456789012',
      account_name: 'production',
      region: 'global',
      check_id: 'aws/iam-user-mfa-enabled-console-access',
      service: 'iam',
      severity: 'high',
      muted: 'false',
      mute_reason: '',
      status_extended: 'User bob has a console password and no MFA device.',
      resource_type: 'AwsIamUser',
      risk: 'A stolen password alone gives console access to the account.',
      remediation: 'Enable a virtual or hardware MFA device for each console user.',
      compliance: 'cis-aws-3.0:1.10|iso27001-2022:A.8.5',
    });
    expect(muted).toMatchObject({ status: 'FAIL', muted: 'true', mute_reason: 'Break-glass user; MFA token is in the safe' });
    expect(ec2).toMatchObject({ region: 'eu-west-1', resource_tags: 'Name=web-1;env=prod;cost\\=center=a\\;b' });
    expect(error).toMatchObject({ status: 'ERROR', error_api: 'cloudtrail:DescribeTrails', error_code: 'AccessDeniedException' });
    expect(writer.format).toBe('csv');
  });

  it('round-trips quotes, commas and line breaks and defuses formulas from account data', async () => {
    const path = await tempPath('tricky.csv');
    const writer = await createCsvWriter(path, SCAN);
    await writer.write([
      finding({
        check: EC2_CHECK,
        status: 'FAIL',
        resource: {
          uid: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-1',
          type: 'AwsEc2Instance',
          name: '=HYPERLINK("http://evil.example","open")',
          region: 'eu-west-1',
          tags: { owner: '+cmd|calc' },
        },
        message: 'Line one, with "quotes"\nline two',
        accountName: '@ops',
      }),
    ]);
    await writer.close();
    const [record] = byColumn(parseCsv(await readFile(path, 'utf8')));
    expect(record).toMatchObject({
      resource_name: `'=HYPERLINK("http://evil.example","open")`,
      resource_tags: 'owner=+cmd|calc',
      status_extended: 'Line one, with "quotes"\nline two',
      account_name: "'@ops",
      resource_uid: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-1',
    });
  });

  it('has only whole rows after each write and the header alone when nothing was written', async () => {
    const path = await tempPath('stream.csv');
    const writer = await createCsvWriter(path, SCAN);
    expect(parseCsv(await readFile(path, 'utf8'))).toEqual([[...CSV_COLUMNS]]);
    await writer.write(manyFindings(120));
    expect(parseCsv(await readFile(path, 'utf8'))).toHaveLength(121);
    await writer.close();
    const rows = byColumn(parseCsv(await readFile(path, 'utf8')));
    expect(rows).toHaveLength(120);
    expect(rows[119]).toMatchObject({ status: 'FAIL', resource_tags: 'index=119' });
  });
});
