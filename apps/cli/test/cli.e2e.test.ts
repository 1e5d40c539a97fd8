/**
 * End-to-end: the `palisade` command as a user runs it, on the bundled demo estate.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OCSF_SCHEMA_DIR, asffSchemaErrors, loadOcsfSchema, parseCsv, sarifSchemaErrors, validateOcsfEvent } from '@palisade/outputs/testing';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'apps/cli/bin/palisade.js');
const demo = join(root, 'examples/demo-aws.json.gz');
const work = mkdtempSync(join(tmpdir(), 'palisade-e2e-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { env?: NodeJS.ProcessEnv; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Scans stay in one thread here whatever the machine (`--workers` defaults to its cores for large scans).
    const child = spawn(process.execPath, [bin, ...args], { cwd: work, env: { PALISADE_WORKERS: '1', ...(options.env ?? { ...process.env, NO_COLOR: '1' }) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}


interface OcsfFinding {
  status_code: string;
  metadata: { event_code: string };
  cloud: { account: { uid: string } };
  resources: { uid: string }[];
  unmapped?: { error?: { api: string; code: string }; muted?: boolean };
}

/** The demo's accounts repeated under new ids, for scans long enough to interrupt. */
function demoAccounts(name: string, count: number, firstId: number): string {
  const [header, ...accounts] = gunzipSync(readFileSync(demo)).toString('utf8').trim().split('\n');
  const lines = [header];
  for (let index = 0; index < count; index += 1) lines.push(accounts[index % accounts.length]!.replace(/(111111111111|222222222222)/g, String(firstId + index)));
  const path = join(work, name);
  writeFileSync(path, gzipSync(lines.join('\n')));
  return path;
}

const readOcsf = (dir: string, name: string): OcsfFinding[] => JSON.parse(readFileSync(join(dir, `${name}.ocsf.json`), 'utf8'));
const statusOf = (findings: OcsfFinding[], check: string, resource: string) =>
  findings.filter((f) => f.metadata.event_code === check && f.resources[0]?.uid === resource).map((f) => f.status_code);
const cis = (dir: string, name: string) =>
  JSON.parse(readFileSync(join(dir, `compliance/${name}_cis-aws-3.0.json`), 'utf8')) as {
    framework: string;
    requirements: { id: string; status: string; accounts: { accountId: string; status: string; evidence: { checkId: string; status: string; resourceUid: string }[] }[] }[];
  };

describe('palisade scan aws --from-snapshot (demo estate)', () => {
  it('scans the demo estate, writes every output and exits 3 on failures', async () => {
    const out = join(work, 'demo');
    const result = await run(['scan', 'aws', '--from-snapshot', demo, '-o', out, '-F', 'demo']);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/2 account\(s\), \d+ resources, \d+ checks, [\d,]+ findings/);
    expect(result.stdout).toContain('CIS Amazon Web Services Foundations Benchmark');
    expect(result.stdout).toContain('account:GetAlternateContact AccessDeniedException ×2');
    expect(readdirSync(out).sort()).toEqual(['compliance', 'demo.csv', 'demo.html', 'demo.ocsf.json']);

    const findings = readOcsf(out, 'demo');
    // Every finding of the run validates against OCSF 1.8.0 as strictly as the schema server does.
    const schema = loadOcsfSchema(OCSF_SCHEMA_DIR);
    const invalid = findings.map((finding) => validateOcsfEvent(schema, finding).errors).filter((errors) => errors.length > 0);
    expect(invalid.slice(0, 3)).toEqual([]);
    const csv = parseCsv(readFileSync(join(out, 'demo.csv'), 'utf8'));
    expect(csv.length - 1).toBe(findings.length);
    const total = Number(/([\d,]+) findings/.exec(result.stdout)![1]!.replaceAll(',', ''));
    expect(findings.length).toBe(total);

    // Deliberate weaknesses of the dev account fail; the same checks pass in prod.
    expect(statusOf(findings, 'aws/iam-no-root-access-key', 'arn:aws:iam::222222222222:root')).toEqual(['FAIL']);
    expect(statusOf(findings, 'aws/iam-no-root-access-key', 'arn:aws:iam::111111111111:root')).toEqual(['PASS']);
    expect(statusOf(findings, 'aws/s3-bucket-public-access', 'arn:aws:s3:::acme-dev-static-site-us-east-1')).toEqual(['FAIL']);
    expect(statusOf(findings, 'aws/s3-bucket-public-access', 'arn:aws:s3:::acme-prod-static-site-us-east-1')).toEqual(['PASS']);
    expect(statusOf(findings, 'aws/iam-password-policy-minimum-length-14', 'arn:aws:iam::222222222222:root')).toEqual(['FAIL']);
    expect(statusOf(findings, 'aws/iam-password-policy-minimum-length-14', 'arn:aws:iam::111111111111:root')).toEqual(['PASS']);
    expect(statusOf(findings, 'aws/iam-user-mfa-enabled-console-access', 'arn:aws:iam::222222222222:user/ivan')).toEqual(['FAIL']);
    expect(statusOf(findings, 'aws/iam-user-mfa-enabled-console-access', 'arn:aws:iam::111111111111:user/alice')).toEqual(['PASS']);
    // A denied API is an ERROR naming the API and code, not a pass.
    const denied = findings.filter((f) => f.metadata.event_code === 'aws/account-security-contact-information-is-registered' && f.cloud.account.uid === '222222222222');
    expect(denied.map((f) => [f.status_code, f.unmapped?.error?.api, f.unmapped?.error?.code])).toEqual([['ERROR', 'account:GetAlternateContact', 'AccessDeniedException']]);

    const report = cis(out, 'demo');
    expect(report.framework).toBe('cis-aws-3.0');
    const requirement = (id: string) => report.requirements.find((r) => r.id === id)!;
    expect(requirement('1.4').status).toBe('FAIL');
    // Per account: the dev account fails 1.4, prod passes it; all accounts together fail.
    const inAccount = (id: string, accountId: string) => requirement(id).accounts.find((result) => result.accountId === accountId);
    expect(inAccount('1.4', '222222222222')).toMatchObject({
      status: 'FAIL',
      evidence: [{ checkId: 'aws/iam-no-root-access-key', status: 'FAIL', resourceUid: 'arn:aws:iam::222222222222:root', muted: false }],
    });
    expect(inAccount('1.4', '111111111111')).toMatchObject({
      status: 'PASS',
      evidence: [{ checkId: 'aws/iam-no-root-access-key', status: 'PASS', resourceUid: 'arn:aws:iam::111111111111:root', muted: false }],
    });
    expect(result.stdout).toMatch(/111111111111 \(acme-prod\)\s+\d+% \(\d+\/\d+\)/);
    expect(requirement('1.3').status).toBe('MANUAL');
    expect(requirement('3.1').status).toBe('FAIL');
    expect(report.requirements).toHaveLength(62);
    expect(readFileSync(join(out, 'compliance/demo_cis-aws-3.0.csv'), 'utf8').split('\n')[0]).toContain('requirement');
    expect(readdirSync(join(out, 'compliance')).sort()).toEqual(['demo_cis-aws-3.0.csv', 'demo_cis-aws-3.0.findings.csv', 'demo_cis-aws-3.0.findings.jsonl', 'demo_cis-aws-3.0.json']);
    // The findings file lists every finding behind 1.4, both accounts' root users.
    const rootKeyRows = readFileSync(join(out, 'compliance/demo_cis-aws-3.0.findings.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { requirementId: string; status: string; resourceUid: string })
      .filter((row) => row.requirementId === '1.4');
    expect(rootKeyRows.map((row) => [row.status, row.resourceUid]).sort()).toEqual([
      ['FAIL', 'arn:aws:iam::222222222222:root'],
      ['PASS', 'arn:aws:iam::111111111111:root'],
    ]);
  });

  it('mutes by mutelist: muted findings stay reported and stop failing requirements', async () => {
    const out = join(work, 'muted');
    const mutelist = join(work, 'mute-dev.yaml');
    writeFileSync(mutelist, 'Mutelist:\n  Accounts:\n    "222222222222":\n      Checks:\n        "*":\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: Sandbox account, accepted risk\n');
    const result = await run(['scan', 'aws', '--from-snapshot', demo, '-o', out, '-F', 'm', '--mutelist', mutelist, '-M', 'json-ocsf']);
    // Prod still has unmuted failures (e.g. its NACL's ephemeral-port rule opens RDP), so still 3.
    expect(result.code).toBe(3);
    const findings = readOcsf(out, 'm');
    const dev = findings.filter((f) => f.cloud.account.uid === '222222222222');
    expect(dev.length).toBeGreaterThan(100);
    expect(dev.every((f) => f.unmapped?.muted === true)).toBe(true);
    const report = cis(out, 'm');
    const status = (id: string) => report.requirements.find((r) => r.id === id)!.status;
    expect([status('1.4'), status('3.1'), status('4.16'), status('5.1')]).toEqual(['PASS', 'PASS', 'PASS', 'FAIL']);
  });

  it('writes SARIF and ASFF with -M: the FAIL and ERROR findings as results, every finding for Security Hub', async () => {
    const out = join(work, 'ci');
    const result = await run(['scan', 'aws', '--from-snapshot', demo, '-o', out, '-F', 'ci', '-M', 'sarif,asff,json-ocsf', '-q']);
    expect(result.code).toBe(3);
    expect(readdirSync(out).sort()).toEqual(['ci.asff.json', 'ci.ocsf.json', 'ci.sarif', 'compliance']);
    const findings = readOcsf(out, 'ci');
    const sarif = JSON.parse(readFileSync(join(out, 'ci.sarif'), 'utf8')) as { runs: { results: { ruleId: string; kind?: string; partialFingerprints: Record<string, string> }[] }[] };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const results = sarif.runs[0]!.results;
    expect(results.length).toBe(findings.filter((f) => f.status_code === 'FAIL' || f.status_code === 'ERROR').length);
    expect(results.filter((r) => r.kind === 'open').length).toBe(findings.filter((f) => f.status_code === 'ERROR').length);
    const asff = JSON.parse(readFileSync(join(out, 'ci.asff.json'), 'utf8')) as { Id: string; Compliance: { Status: string } }[];
    expect(asff.length).toBe(findings.length);
    expect(asff.flatMap(asffSchemaErrors)).toEqual([]);
    expect(asff.filter((f) => f.Compliance.Status === 'FAILED').length).toBe(findings.filter((f) => f.status_code === 'FAIL').length);
  });

  it('exits 0 when every failure is muted', async () => {
    const mutelist = join(work, 'mute-all.yaml');
    writeFileSync(mutelist, 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        "*":\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: accepted\n');
    const result = await run(['scan', 'aws', '--from-snapshot', demo, '-o', join(work, 'all-muted'), '--mutelist', mutelist, '-q']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('warns on stderr of mutelist rules naming no check and reports what each rule muted', async () => {
    const mutelist = join(work, 'mute-typo.yaml');
    const rule = (check: string) => `        ${check}:\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: r\n`;
    writeFileSync(mutelist, `Mutelist:\n  Accounts:\n    "*":\n      Checks:\n${rule('iam_no_root_access_keys')}${rule('iam_no_root_access_key')}`);
    const result = await run(['scan', 'aws', '--from-snapshot', demo, '-o', join(work, 'typo'), '-M', 'csv', '--mutelist', mutelist]);
    expect(result.stderr).toContain(
      `warning: ${mutelist}:5: mutelist check key "iam_no_root_access_keys" (account "*") names no known check, so the rule mutes nothing (did you mean "iam_no_root_access_key"?)`,
    );
    expect(result.stdout).toContain(`rule */iam_no_root_access_keys (${mutelist}:5) muted 0 findings`);
    // The check reports once per account, and the demo estate has two.
    expect(result.stdout).toContain(`rule */iam_no_root_access_key (${mutelist}:9) muted 2 findings`);
  });

  it('narrows by check, region, service and status', async () => {
    const out = join(work, 'filtered');
    const byCheck = await run(['scan', 'aws', '--from-snapshot', demo, '-o', out, '-F', 'one', '-M', 'csv', '--checks', 'iam_no_root_access_key']);
    expect(byCheck.code).toBe(3);
    const rows = parseCsv(readFileSync(join(out, 'one.csv'), 'utf8'));
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    expect(rows.slice(1).map((row) => [row[col('check_id')], row[col('account_id')], row[col('status')]])).toEqual([
      ['aws/iam-no-root-access-key', '111111111111', 'PASS'],
      ['aws/iam-no-root-access-key', '222222222222', 'FAIL'],
    ]);

    const passOnly = await run(['scan', 'aws', '--from-snapshot', demo, '-o', out, '-F', 's3', '-M', 'csv', '--services', 's3', '--region', 'eu-west-1', '--status', 'PASS']);
    expect(passOnly.code).toBe(3);
    const s3 = parseCsv(readFileSync(join(out, 's3.csv'), 'utf8')).slice(1);
    expect(s3.length).toBeGreaterThan(10);
    expect(new Set(s3.map((row) => row[col('status')]))).toEqual(new Set(['PASS']));
    expect(new Set(s3.map((row) => row[col('service')]))).toEqual(new Set(['s3']));
  });

  it('--region leaves out S3 buckets and trails of other regions, and the exit code follows', async () => {
    const out = join(work, 'by-region');
    const scan = async (name: string, args: string[]) => {
      const result = await run(['scan', 'aws', '--from-snapshot', demo, '-o', out, '-F', name, '-M', 'csv', ...args]);
      const [header, ...rows] = parseCsv(readFileSync(join(out, `${name}.csv`), 'utf8'));
      const col = (column: string) => header!.indexOf(column);
      return { code: result.code, rows: rows.map((row) => ({ region: row[col('region')], uid: row[col('resource_uid')], status: row[col('status')], check: row[col('check_id')] })) };
    };
    // Buckets are listed once per account; the demo has buckets in all three of its regions.
    const all = await scan('s3-all', ['--services', 's3']);
    // (Account-wide S3 settings are global and stay in every scan.)
    expect(new Set(all.rows.map((row) => row.region))).toEqual(new Set(['global', 'us-east-1', 'eu-west-1', 'ap-southeast-2']));
    const eu = await scan('s3-eu', ['--services', 's3', '--region', 'eu-west-1']);
    expect(new Set(eu.rows.map((row) => row.region))).toEqual(new Set(['global', 'eu-west-1']));
    expect(eu.rows.filter((row) => row.check === 'aws/s3-bucket-public-access').map((row) => [row.uid, row.status])).toEqual(
      all.rows.filter((row) => row.check === 'aws/s3-bucket-public-access' && row.region === 'eu-west-1').map((row) => [row.uid, row.status]),
    );
    expect(eu.rows.some((row) => row.uid === 'arn:aws:s3:::acme-dev-static-site-us-east-1')).toBe(false);
    // The us-east-1 trail's findings stay with us-east-1, although the trail is listed in every region.
    const trails = await scan('trail-eu', ['--checks', 'cloudtrail_log_file_validation_enabled', '--region', 'eu-west-1']);
    expect(trails.rows.filter((row) => row.region !== 'global')).toEqual([]);
    const trailsUs = await scan('trail-us', ['--checks', 'cloudtrail_log_file_validation_enabled', '--region', 'us-east-1']);
    expect(trailsUs.rows.map((row) => row.region)).toContain('us-east-1');
    // In the prod account only a us-east-1 bucket lacks access logging: a scan of eu-west-1 passes and exits 0.
    const prod = demoAccounts('prod-only.json.gz', 1, 900000000000);
    const logging = async (region: string) => {
      const result = await run(['scan', 'aws', '--from-snapshot', prod, '-o', out, '-F', `logging-${region}`, '-M', 'csv', '--checks', 's3_bucket_server_access_logging_enabled', '--region', region]);
      const [header, ...rows] = parseCsv(readFileSync(join(out, `logging-${region}.csv`), 'utf8'));
      return { code: result.code, failed: rows.filter((row) => row[header!.indexOf('status')] === 'FAIL').map((row) => row[header!.indexOf('region')]) };
    };
    expect(await logging('us-east-1')).toEqual({ code: 3, failed: ['us-east-1'] });
    expect(await logging('eu-west-1')).toEqual({ code: 0, failed: [] });
  });

  it('accepts the common framework id cis_3.0_aws for cis-aws-3.0', async () => {
    const out = join(work, 'alias');
    const result = await run(['scan', 'aws', '--from-snapshot', demo, '-o', out, '-F', 'alias', '-M', 'csv', '--compliance', 'cis_3.0_aws']);
    expect(result.code).toBe(3);
    expect(cis(out, 'alias').framework).toBe('cis-aws-3.0');
  });

  it('lists checks, services and frameworks', async () => {
    const checks = await run(['list', 'checks', '--json']);
    expect(checks.code).toBe(0);
    const parsed = JSON.parse(checks.stdout) as { id: string; compliance: string[] }[];
    expect(parsed.length).toBeGreaterThanOrEqual(60);
    expect(parsed.find((check) => check.id === 'aws/iam-no-root-access-key')?.compliance).toEqual(['cis-aws-3.0:1.4']);
    const frameworks = await run(['list', 'compliance']);
    expect(frameworks.stdout).toMatch(/cis-aws-3\.0\s+CIS Amazon Web Services Foundations Benchmark/);
  });
});

describe('bad input and faults', () => {
  it.each([
    ['a malformed mutelist', ['--mutelist', 'bad-mutelist.yaml'], /bad-mutelist\.yaml:6 \(Mutelist\.Accounts\.\*\.Checks\.x\.Regions\): must be a list of strings/],
    ['a malformed config', ['--config', 'bad-config.yaml'], /bad-config\.yaml:2 \(checks\.maxAccessKeyAgeDays\)/],
    ['a missing snapshot', ['--from-snapshot', 'absent.json.gz'], /absent\.json\.gz: file not found/],
    ['an unknown check', ['--checks', 'no-such-check'], /--checks: unknown check "no-such-check"/],
    ['a misspelt check', ['--checks', 's3_bucket_public_acess'], /--checks: unknown check "s3_bucket_public_acess" — did you mean "aws\/s3-bucket-public-access"\?/],
    ['a misspelt framework', ['--compliance', 'cis-aws-3.1'], /--compliance: unknown framework "cis-aws-3.1" — did you mean "cis-aws-3\.0"\? \(available: cis-aws-3\.0\)/],
    ['a CIS version this build does not have', ['--compliance', 'cis_1.4_aws'], /--compliance: unknown framework "cis_1\.4_aws" — did you mean "cis-aws-3\.0"\?/],
    ['an unknown region', ['--region', 'eu-wset-1'], /--region: unknown AWS region "eu-wset-1" — did you mean "eu-west-1"\?/],
    ['a region no account of the snapshot has', ['--region', 'eu-west-1,eu-south-2'], /--region: eu-south-2 is in no account of the snapshot .*demo-aws\.json\.gz/],
    ['an output directory that cannot be created', ['-o', '/proc/palisade-out'], /--output-dir: cannot create the directory \/proc\/palisade-out \(ENOENT\)/],
    ['an unknown option', ['--frobnicate'], /unknown option '--frobnicate'/],
    ['an unknown output format', ['-M', 'pdf'], /--output-formats: unknown format "pdf"/],
    ['account filters without --organization', ['--accounts', '123456789012'], /--accounts, --excluded-accounts and --ou narrow --organization; add --organization/],
    ['an organization scan of a snapshot', ['--organization'], /--organization\/--accounts-file cannot be combined with --from-snapshot/],
    ['a malformed OU id', ['--organization', '--ou', 'workloads'], /--ou: "workloads" is not an organizational unit id/],
  ])('rejects %s with exit 2, a precise message, and no outputs', async (_name, args, message) => {
    writeFileSync(join(work, 'bad-mutelist.yaml'), 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: us-east-1\n          Resources: ["*"]\n          Reason: r\n');
    writeFileSync(join(work, 'bad-config.yaml'), 'checks:\n  maxAccessKeyAgeDays: ninety\n');
    const out = join(work, `bad-${_name.replaceAll(' ', '-')}`);
    const started = Date.now();
    const result = await run(['scan', 'aws', ...(args.includes('--from-snapshot') ? [] : ['--from-snapshot', demo]), '-o', out, ...args]);
    // Promptly: an output directory that cannot be created used to spin forever.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects an output directory that is an existing file with exit 2, naming it, and leaves the file alone', async () => {
    const file = join(work, 'existing-report.json');
    writeFileSync(file, '{"keep":true}\n');
    const result = await run(['scan', 'aws', '--from-snapshot', demo, '-o', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--output-dir: cannot create the directory ${file} (ENOTDIR: a file is in the way)`);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe('{"keep":true}\n');
  });

  it('rejects a truncated snapshot naming the file', async () => {
    const truncated = join(work, 'truncated.json.gz');
    writeFileSync(truncated, readFileSync(demo).subarray(0, 4000));
    const out = join(work, 'trunc-out');
    const result = await run(['scan', 'aws', '--from-snapshot', truncated, '-o', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/truncated\.json\.gz/);
    // Reports of a run cut short by bad input would look complete: none are left behind.
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('without credentials: one clear line, exit 1, no stack trace', async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: work,
      NO_COLOR: '1',
      AWS_CONFIG_FILE: join(work, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
    };
    const out = join(work, 'no-creds');
    const result = await run(['scan', 'aws', '-o', out], { env });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n').filter((line) => !line.startsWith('connecting'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^palisade: No AWS credentials found \(tried .*\): run `aws configure`/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 60_000);

  it('--scan-timeout stops the scan with exit 4, valid outputs, and what was not scanned', async () => {
    const lines = gunzipSync(readFileSync(demo)).toString('utf8').trim().split('\n');
    const [header, ...accounts] = lines;
    const many = [header];
    for (let index = 0; index < 400; index += 1) many.push(accounts[index % accounts.length]!.replace(/(111111111111|222222222222)/g, String(500000000000 + index)));
    const big = join(work, 'timeout.json.gz');
    writeFileSync(big, gzipSync(many.join('\n')));
    const out = join(work, 'timed-out');
    const result = await run(['scan', 'aws', '--from-snapshot', big, '-o', out, '-F', 'to', '-M', 'json-ocsf,csv', '--scan-timeout', '2']);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('INTERRUPTED');
    expect(result.stdout).toContain('--scan-timeout 2s reached');
    // Hundreds of accounts not scanned are counted, and listed in a file beside the outputs.
    const notScannedFile = join(out, 'to.not-scanned.txt');
    expect(result.stdout).not.toMatch(/not scanned: account /);
    const listed = readFileSync(notScannedFile, 'utf8').trimEnd().split('\n');
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.every((line) => /^account 5\d{11}: not evaluated \(interrupted\)$/.test(line))).toBe(true);
    expect(result.stdout).toContain(`not scanned: ${listed.length} accounts, listed in ${notScannedFile}\n`);
    const findings = readOcsf(out, 'to');
    expect(findings.length).toBeGreaterThan(0);
    expect(parseCsv(readFileSync(join(out, 'to.csv'), 'utf8')).length - 1).toBe(findings.length);
  }, 120_000);

  it('Ctrl-C stops cleanly and leaves complete, valid outputs', async () => {
    // A larger estate (the demo's accounts repeated) so the scan is still running at the signal.
    const lines = gunzipSync(readFileSync(demo)).toString('utf8').trim().split('\n');
    const [header, ...accounts] = lines;
    const many = [header];
    for (let index = 0; index < 80; index += 1) {
      const account = accounts[index % accounts.length]!;
      const accountId = String(300000000000 + index);
      many.push(account.replace(/(111111111111|222222222222)/g, accountId));
    }
    const big = join(work, 'big.json.gz');
    writeFileSync(big, gzipSync(many.join('\n')));
    const out = join(work, 'interrupted');
    let signalled = false;
    const result = await run(['scan', 'aws', '--from-snapshot', big, '-o', out, '-F', 'int', '-M', 'json-ocsf,csv,html'], {
      onStderr: (text, child) => {
        if (!signalled && /progress: /.test(text)) {
          signalled = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(signalled).toBe(true);
    expect(result.code).toBe(130);
    const findings = readOcsf(out, 'int');
    expect(findings.length).toBeGreaterThan(0);
    const rows = parseCsv(readFileSync(join(out, 'int.csv'), 'utf8'));
    const width = rows[0]!.length;
    expect(rows.every((row) => row.length === width)).toBe(true);
    expect(rows.length - 1).toBe(findings.length);
    expect(readFileSync(join(out, 'int.html'), 'utf8').trimEnd()).toMatch(/<\/html>$/);
    expect(result.stdout).toContain('INTERRUPTED');
  }, 120_000);

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s (docker stop, a cancelled CI job; a closed terminal) stops like Ctrl-C: complete outputs, exit %i', async (signal, exitCode) => {
    const big = demoAccounts(`${signal}.json.gz`, 80, 900000000000);
    const out = join(work, `stopped-${signal}`);
    let signalled = false;
    const result = await run(['scan', 'aws', '--from-snapshot', big, '-o', out, '-F', 'stopped', '-M', 'json-ocsf,csv'], {
      onStderr: (text, child) => {
        if (!signalled && /progress: /.test(text)) {
          signalled = true;
          child.kill(signal);
        }
      },
    });
    expect(signalled).toBe(true);
    expect(result.code).toBe(exitCode);
    expect(result.stderr).toContain(`Stopped by ${signal}: finishing the files already started`);
    // The OCSF JSON is a complete array, however far the scan got.
    const findings = readOcsf(out, 'stopped');
    expect(findings.length).toBeGreaterThan(0);
    const rows = parseCsv(readFileSync(join(out, 'stopped.csv'), 'utf8'));
    expect(rows.length - 1).toBe(findings.length);
    expect(result.stdout).toContain('INTERRUPTED');
  }, 120_000);

  it('a second Ctrl-C skips the summary but still completes every file, compliance reports included', async () => {
    const big = demoAccounts('twice.json.gz', 400, 700000000000);
    const out = join(work, 'twice');
    let signals = 0;
    const result = await run(['scan', 'aws', '--from-snapshot', big, '-o', out, '-F', 'twice', '-M', 'json-ocsf,csv,html'], {
      onStderr: (text, child) => {
        // The second signal is sent once the first was handled, so the two are not merged into one.
        if (signals === 0 && /progress: /.test(text)) {
          signals = 1;
          child.kill('SIGINT');
        } else if (signals === 1 && /Interrupted: /.test(text)) {
          signals = 2;
          child.kill('SIGINT');
        }
      },
    });
    expect(signals).toBe(2);
    expect(result.code).toBe(130);
    expect(cis(out, 'twice').framework).toBe('cis-aws-3.0');
    const findings = readOcsf(out, 'twice');
    expect(findings.length).toBeGreaterThan(0);
    const rows = parseCsv(readFileSync(join(out, 'twice.csv'), 'utf8'));
    expect(rows.every((row) => row.length === rows[0]!.length)).toBe(true);
    expect(readFileSync(join(out, 'twice.html'), 'utf8').trimEnd()).toMatch(/<\/html>$/);
    expect(result.stderr).toContain('Stopped at the second Ctrl-C; summary skipped.');
    expect(result.stdout).not.toContain('INTERRUPTED');
    expect(result.stderr).toContain(join(out, 'compliance', 'twice_cis-aws-3.0.json'));
  }, 120_000);

  it('keeps the accounts read before a snapshot breaks off, and exits 2 naming the file and how far it was readable', async () => {
    const whole = demoAccounts('three.json.gz', 3, 800000000000);
    const bytes = readFileSync(whole);
    const cut = join(work, 'cut-copy.json.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.9)));
    const out = join(work, 'cut-out');
    const result = await run(['scan', 'aws', '--from-snapshot', cut, '-o', out, '-F', 'cut', '-M', 'json-ocsf']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /palisade: \S*cut-copy\.json\.gz: truncated: the gzip data ends early \(unexpected end of file\) at byte [\d,]+ of [\d,]+; readable up to line 3 \(the header and 2 accounts, the last 800000000001\)/,
    );
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(result.stdout).toContain('Scan INCOMPLETE');
    const accounts = new Set(readOcsf(out, 'cut').map((finding) => finding.cloud.account.uid));
    expect(accounts).toEqual(new Set(['800000000000', '800000000001']));
  });
});

describe('output names and pipes', () => {
  it('gives two scans started together their own files', async () => {
    const out = join(work, 'same-second');
    const args = ['scan', 'aws', '--from-snapshot', demo, '-o', out, '-M', 'json-ocsf', '--checks', 'iam_no_root_access_key', '-q'];
    const [first, second] = await Promise.all([run(args), run(args)]);
    expect([first.code, second.code]).toEqual([3, 3]);
    const files = readdirSync(out).filter((name) => name.endsWith('.ocsf.json'));
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file).toMatch(/^palisade-\d{8}T\d{6}Z-[0-9a-f]{8}\.ocsf\.json$/);
      expect(JSON.parse(readFileSync(join(out, file), 'utf8'))).toHaveLength(2);
    }
    // Compliance reports carry the run's name too: each scan keeps its own.
    const reports = readdirSync(join(out, 'compliance')).filter((name) => name.endsWith('_cis-aws-3.0.json'));
    expect(reports.sort()).toEqual(files.map((file) => file.replace('.ocsf.json', '_cis-aws-3.0.json')).sort());
  });

  it('ends quietly with exit 0 when the reader of stdout goes away (`list checks --json | head`)', async () => {
    const result = await new Promise<Run>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, 'list', 'checks', '--json'], { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
      let stderr = '';
      child.stdout.once('data', () => child.stdout.destroy());
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout: '', stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
