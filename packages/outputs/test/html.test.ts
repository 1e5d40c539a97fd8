import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { CIS_AWS_3_0, ComplianceAccumulator, defineFramework } from '@palisade/compliance';
import type { ComplianceReport } from '@palisade/compliance';
import type { Finding } from '@palisade/core';
import { afterEach, describe, expect, it } from 'vitest';
import { HTML_FINDING_FIELDS, createHtmlWriter, scriptJson } from '../src/html.ts';
import type { HtmlWriterOptions } from '../src/html.ts';
import { FakeDocument } from './fake-dom.ts';
import type { FakeElement } from './fake-dom.ts';
import { CLOUDTRAIL_CHECK, EC2_CHECK, IAM_CHECK, SCAN, finding, manyFindings, realisticFindings } from './fixtures.ts';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});
async function tempPath(name: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'palisade-html-'));
  directories.push(directory);
  return join(directory, 'html', name);
}

async function writeReport(batches: readonly (readonly Finding[])[], name = 'report.html', options: HtmlWriterOptions = {}): Promise<string> {
  const path = await tempPath(name);
  const writer = await createHtmlWriter(path, SCAN, options);
  for (const batch of batches) await writer.write(batch);
  await writer.close();
  await writer.close();
  return readFile(path, 'utf8');
}

/** Element text as an HTML parser sees it: everything up to the first `</script`. */
function scriptText(html: string, opening: string): string {
  const start = html.indexOf(opening);
  expect(start, `${opening} present`).toBeGreaterThanOrEqual(0);
  const from = start + opening.length;
  return html.slice(from, html.toLowerCase().indexOf('</script', from));
}

function embedded(html: string) {
  const scan = scriptText(html, '<script type="application/json" id="scan">');
  const data = scriptText(html, '<script type="application/json" id="findings">');
  const compliance = scriptText(html, '<script type="application/json" id="compliance">');
  const lines = data.split('\n').filter(Boolean);
  const parsed = lines.map((line) => JSON.parse(line) as unknown);
  return {
    scan,
    data,
    compliance,
    checks: parsed.filter((value) => !Array.isArray(value) && (value as { check?: unknown }).check),
    rows: parsed.filter((value): value is unknown[] => Array.isArray(value)),
  };
}

interface ClientApi {
  PAGE_SIZE: number;
  parseReport(scan: string, findings: string): { findings: { uid: string; message: string; status: string; check: { id: string }; muted: unknown }[] };
  filterFindings(findings: unknown[], filters: Record<string, string>): { uid: string }[];
  sortFindings(findings: unknown[], key: string, direction: string): { uid: string; severity: string }[];
  summarize(findings: unknown[]): { totals: Record<string, number>; bySeverity: Record<string, Record<string, number>> };
  safeUrl(value: unknown): string | null;
  compareRefs(a: string, b: string): number;
  formatShare(part: number, whole: number): string;
  summarizeAccounts(findings: unknown[]): { accountId: string; FAIL: number; ERROR: number; PASS: number }[];
  boot(document: FakeDocument): { state: { visible: unknown[]; page: number; filters: Record<string, string> } };
}

function clientScript(html: string): string {
  const marker = '<script>\n';
  const start = html.lastIndexOf(marker);
  return html.slice(start + marker.length, html.lastIndexOf('</script>'));
}

function loadClient(html: string): ClientApi {
  const context: { PalisadeReport?: ClientApi; setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout } = { setTimeout, clearTimeout };
  runInNewContext(clientScript(html), context);
  return context.PalisadeReport!;
}

function bootReport(html: string) {
  const client = loadClient(html);
  const { scan, data, compliance } = embedded(html);
  const document = new FakeDocument(scan, data, compliance);
  const view = client.boot(document);
  const app = document.getElementById('app')!;
  const rows = () => document.getElementById('rows')!.children;
  const select = (id: string) => document.getElementById(id)!;
  return { client, document, view, app, rows, select };
}

const cellTexts = (row: FakeElement) => row.children.map((cell) => cell.textContent);

const hostile = (index: number) =>
  finding({
    check: IAM_CHECK,
    status: 'FAIL',
    resource: { uid: `arn:aws:iam::123456789012:user/evil-${index}`, type: 'AwsIamUser', name: `<img src=x onerror=alert(${index})>`, region: 'global' },
    message: `Tag says </script><script>alert(${index})</script> and <!-- comment --> & </SCRIPT >`,
  });

describe('scriptJson', () => {
  it('escapes characters that could end a script element or a line', () => {
    expect(scriptJson({ text: '</script><!--&\u2028' })).toBe('{"text":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028"}');
    expect(JSON.parse(scriptJson({ text: '</script><!--&\u2028' }))).toEqual({ text: '</script><!--&\u2028' });
  });
});

describe('createHtmlWriter', () => {
  it('embeds every finding as parseable JSON, even with </script> and <!-- in the data', async () => {
    const findings = [...realisticFindings(), hostile(1), hostile(2)];
    const html = await writeReport([findings.slice(0, 4), [], findings.slice(4)]);

    const { data, rows, checks, scan } = embedded(html);
    expect(data).not.toMatch(/</);
    expect(rows).toHaveLength(findings.length);
    expect(rows.map((row) => row[HTML_FINDING_FIELDS.indexOf('uid')])).toEqual(findings.map((item) => item.uid));
    expect(rows[6]![HTML_FINDING_FIELDS.indexOf('message')]).toBe('Tag says </script><script>alert(1)</script> and <!-- comment --> & </SCRIPT >');
    expect(JSON.parse(scan)).toMatchObject({ scanId: SCAN.scanId, fields: [...HTML_FINDING_FIELDS] });
    // each check's metadata once, however many findings reference it
    expect(checks.map((entry) => (entry as { check: { id: string } }).check.id)).toEqual([
      'aws/iam-user-mfa-enabled-console-access',
      'aws/ec2-instance-imdsv2-required',
      'aws/account-security-contact-registered',
      'aws/cloudtrail-multi-region-enabled',
    ]);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('is self-contained: no external scripts, styles, images or links in the markup', async () => {
    const html = await writeReport([realisticFindings()]);
    expect(html).not.toMatch(/\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b|@import|url\(\s*["']?(?:https?:)?\/\//i);
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"`);
    // the script ends exactly where the writer ended it
    expect(clientScript(html)).toContain('PalisadeReport');
    expect(clientScript(html).toLowerCase()).not.toContain('<!--');
  });

  it('is a complete page when closed without findings, and holds whole lines while streaming', async () => {
    const html = await writeReport([]);
    expect(embedded(html).rows).toHaveLength(0);
    const report = bootReport(html);
    expect(report.rows()).toHaveLength(0);
    expect(report.app.textContent).toContain('Showing 0–0 of 0 findings');

    const path = await tempPath('partial.html');
    const writer = await createHtmlWriter(path, SCAN);
    await writer.write(manyFindings(30));
    const partial = await readFile(path, 'utf8');
    const lines = partial.slice(partial.indexOf('id="findings">') + 'id="findings">'.length).split('\n').filter(Boolean);
    expect(lines.filter((line) => line.startsWith('['))).toHaveLength(30);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    await writer.close();
  });
});

describe('HTML report client', () => {
  it('parses the embedded data back into findings with their check metadata', async () => {
    const findings = [...realisticFindings(), hostile(1)];
    const html = await writeReport([findings]);
    const client = loadClient(html);
    const { scan, data } = embedded(html);
    const report = client.parseReport(scan, data);
    expect(report.findings.map((item) => [item.uid, item.status, item.check.id])).toEqual(findings.map((item) => [item.uid, item.status, item.check.id]));
    expect(report.findings[6]!.message).toContain('</script><script>alert(1)</script>');
    expect(client.safeUrl('https://docs.aws.amazon.com/x')).toBe('https://docs.aws.amazon.com/x');
    expect(client.safeUrl('javascript:alert(1)')).toBeNull();
  });

  it('filters, sorts and summarizes', async () => {
    const html = await writeReport([realisticFindings()]);
    const client = loadClient(html);
    const { scan, data } = embedded(html);
    const all = client.parseReport(scan, data).findings;
    const uids = (list: { uid: string }[]) => list.map((item) => item.uid.replace('palisade-aws-123456789012-', ''));

    expect(uids(client.filterFindings(all, { status: 'FAIL', muted: 'unmuted' }))).toEqual([
      'iam-user-mfa-enabled-console-access-bob',
      'ec2-instance-imdsv2-required-i-0abc1234def567890',
    ]);
    expect(uids(client.filterFindings(all, { muted: 'muted' }))).toEqual(['iam-user-mfa-enabled-console-access-break-glass']);
    expect(uids(client.filterFindings(all, { region: 'eu-west-1' }))).toEqual(['ec2-instance-imdsv2-required-i-0abc1234def567890']);
    expect(uids(client.filterFindings(all, { service: 'cloudtrail' }))).toEqual(['cloudtrail-multi-region-enabled-cloudtrail us-east-1']);
    expect(uids(client.filterFindings(all, { text: 'IMDSv1 web' }))).toEqual([]);
    expect(uids(client.filterFindings(all, { text: 'imdsv1 i-0abc' }))).toEqual(['ec2-instance-imdsv2-required-i-0abc1234def567890']);
    expect(uids(client.filterFindings(all, { text: 'user/alice' }))).toEqual(['iam-user-mfa-enabled-console-access-alice']);

    expect(client.sortFindings(all, 'severity', 'desc').map((item) => item.severity)).toEqual(['critical', 'high', 'high', 'high', 'medium', 'low']);
    expect(uids(client.sortFindings(all, 'resource', 'asc'))[0]).toBe('cloudtrail-multi-region-enabled-cloudtrail us-east-1');

    const summary = client.summarize(all);
    expect(summary.totals).toEqual({ FAIL: 2, PASS: 1, MANUAL: 1, ERROR: 1, muted: 1, total: 6 });
    expect(summary.bySeverity.high).toEqual({ FAIL: 1, PASS: 1, MANUAL: 0, ERROR: 0, muted: 1, total: 3 });
  });

  it('renders summary, one page of rows, filters and the detail panel in a document', async () => {
    const html = await writeReport([realisticFindings()]);
    const { app, rows, select, document } = bootReport(html);

    expect(app.textContent).toContain(`Scan ${SCAN.scanId}`);
    const cards = app.findAll('button', 'card').map((card) => card.textContent);
    expect(cards).toEqual(['2FAIL', '1PASS', '1MANUAL', '1ERROR', '1Muted']);
    expect(rows()).toHaveLength(6);
    // default order: failures first, then errors; most severe first within a status
    // muted findings need no action and come last.
    expect(rows().map((row) => /^(FAIL|ERROR|MANUAL|PASS)(MUTED)?(critical|high|medium|low|informational)/.exec(row.textContent)?.slice(1, 4).join(' '))).toEqual([
      'FAIL  high',
      'FAIL  medium',
      'ERROR  critical',
      'MANUAL  low',
      'PASS  high',
      'FAIL MUTED high',
    ]);

    const status = select('filter-status');
    status.value = 'FAIL';
    status.dispatch('change');
    expect(rows()).toHaveLength(3);
    const muted = select('filter-muted');
    muted.value = 'unmuted';
    muted.dispatch('change');
    expect(rows().map((row) => row.findAll('div', 'sub')[1]!.textContent)).toEqual([
      'arn:aws:iam::123456789012:user/bob',
      'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc1234def567890',
    ]);

    rows()[0]!.dispatch('click');
    const detail = document.getElementById('detail')!;
    expect(detail.hidden).toBe(false);
    expect(detail.textContent).toContain('A stolen password alone gives console access to the account.');
    expect(detail.textContent).toContain('aws iam enable-mfa-device');
    expect(detail.textContent).toContain('resource "aws_iam_virtual_mfa_device"');
    expect(detail.textContent).toContain('IAM > Users > <user> > Security credentials');
    expect(detail.textContent).toContain('User bob has a console password and no MFA device.');
    expect(detail.findAll('a').map((link) => link.getAttribute('href'))).toEqual([
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html',
    ]);
    document.dispatch('keydown', { key: 'Escape' });
    expect(detail.hidden).toBe(true);

    const sortByRegion = app.findAll('th', 'sortable').find((th) => th.textContent === 'Region')!;
    sortByRegion.dispatch('click');
    expect(sortByRegion.getAttribute('aria-sort')).toBe('ascending');
  });

  it('shows the mute reason and the failed API call in details', async () => {
    const [, , muted, , , error] = realisticFindings();
    const html = await writeReport([[muted!, error!]]);
    const { rows, document } = bootReport(html);
    const byText = (text: string) => rows().find((row) => row.textContent.includes(text))!;
    byText('break-glass').dispatch('click');
    expect(document.getElementById('detail')!.textContent).toContain('Muted becauseBreak-glass user; MFA token is in the safe');
    byText('DescribeTrails').dispatch('click');
    expect(document.getElementById('detail')!.textContent).toContain('Failed callcloudtrail:DescribeTrailsError codeAccessDeniedException');
  });

  it('stays small and fast with 100,000 findings: deduplicated metadata, 200 rendered rows, 50 findings under a requirement', async () => {
    const path = await tempPath('large.html');
    const accumulator = new ComplianceAccumulator(CIS_AWS_3_0);
    const writer = await createHtmlWriter(path, SCAN, { compliance: () => [accumulator.report()] });
    for (let offset = 0; offset < 100_000; offset += 500) {
      const batch = manyFindings(500, offset);
      accumulator.addAll(batch);
      await writer.write(batch);
    }
    await writer.close();
    const size = (await stat(path)).size;
    // about 330 bytes per synthetic finding (ARN, tags, message); check metadata is written only 4 times
    expect(size).toBeLessThan(40 * 1024 * 1024);
    const html = await readFile(path, 'utf8');
    expect(html.split('"risk":').length - 1).toBe(4);

    const started = performance.now();
    const { rows, select, app, view, document } = bootReport(html);
    expect(rows()).toHaveLength(200);
    expect(view.state.visible).toHaveLength(100_000);
    const region = select('filter-region');
    region.value = 'eu-west-1';
    region.dispatch('change');
    expect(app.textContent).toContain('Showing 1–200 of 50000 findings (filtered from 100000)');
    const next = app.findAll('button').find((button) => button.textContent === 'Next ›')!;
    next.dispatch('click');
    expect(app.textContent).toContain('Page 2 of 250');

    // Every synthetic finding carries the ref cis-aws-3.0:1.10; a quarter are of its check.
    document.getElementById('tab-compliance')!.dispatch('click');
    const complianceView = document.getElementById('view-compliance')!;
    const requirement = complianceView.findAll('tr', 'requirement').find((row) => row.children[0]!.textContent === '1.10')!;
    expect(cellTexts(requirement).slice(2, 4)).toEqual(['FAILa finding fails', '16666 FAIL · 8334 PASS']);
    requirement.dispatch('click');
    const expansion = complianceView.findAll('tr', 'requirement-findings').find((row) => !row.hidden)!;
    expect(expansion.findAll('tr')).toHaveLength(50);
    expect(expansion.textContent).toContain('Showing 50 of 100000 findings.');
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('check metadata', () => {
  it('is written once per check even across batches', async () => {
    const html = await writeReport([
      [finding({ check: EC2_CHECK, status: 'PASS', resource: { uid: 'arn:aws:ec2:us-east-1:123456789012:instance/i-1', type: 'AwsEc2Instance', name: 'i-1', region: 'us-east-1' } })],
      [finding({ check: EC2_CHECK, status: 'FAIL', resource: { uid: 'arn:aws:ec2:us-east-1:123456789012:instance/i-2', type: 'AwsEc2Instance', name: 'i-2', region: 'us-east-1' } })],
    ]);
    const { checks, rows } = embedded(html);
    expect(checks).toHaveLength(1);
    expect(rows.map((row) => [row[HTML_FINDING_FIELDS.indexOf('status')], row[HTML_FINDING_FIELDS.indexOf('resourceUid')]])).toEqual([
      ['PASS', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1'],
      ['FAIL', 'arn:aws:ec2:us-east-1:123456789012:instance/i-2'],
    ]);
  });
});

const PROD = '111111111111';
const DEV = '222222222222';
const COMPLIANCE_FRAMEWORK = defineFramework({
  id: 'test-framework',
  name: 'Test framework',
  version: '1.0.0',
  provider: 'aws',
  description: 'Two automated requirements and a manual one.',
  requirements: [
    { id: 'A.1', title: 'Console users have MFA', section: 'A Identity', level: 'Level 1', assessment: 'automated', description: 'MFA.', checks: ['aws/iam-user-mfa-enabled-console-access'] },
    { id: 'A.2', title: 'Activity is recorded', section: 'A Identity', level: 'Level 1', assessment: 'automated', description: 'Trail.', checks: ['aws/cloudtrail-multi-region-enabled'] },
    { id: 'B.1', title: 'Review access yearly', section: 'B Review', level: 'Level 2', assessment: 'manual', description: 'By hand.', checks: [] },
  ],
});

/** prod passes both automated requirements; dev fails A.1 (bob; break-glass is muted) and cannot read its trails. */
function twoAccountFindings(): Finding[] {
  const user = (accountId: string, name: string) => ({ uid: `arn:aws:iam::${accountId}:user/${name}`, type: 'AwsIamUser', name, region: 'global' });
  const trail = (accountId: string) => ({ uid: `arn:aws:cloudtrail:us-east-1:${accountId}:trail/main`, type: 'AwsCloudTrailTrail', name: 'main', region: 'us-east-1' });
  const inAccount = (accountId: string, accountName: string, item: Finding): Finding => ({
    ...item,
    uid: `${item.uid}-${accountId}`,
    accountId,
    accountName,
    compliance: [item.check.id === IAM_CHECK.id ? 'test-framework:A.1' : 'test-framework:A.2'],
  });
  return [
    inAccount(PROD, 'prod', finding({ check: IAM_CHECK, status: 'PASS', resource: user(PROD, 'alice'), message: 'alice has MFA' })),
    inAccount(PROD, 'prod', finding({ check: CLOUDTRAIL_CHECK, status: 'PASS', resource: trail(PROD), message: 'trail logs' })),
    inAccount(DEV, 'dev', finding({ check: IAM_CHECK, status: 'PASS', resource: user(DEV, 'carol'), message: 'carol has MFA' })),
    inAccount(DEV, 'dev', finding({ check: IAM_CHECK, status: 'FAIL', resource: user(DEV, 'bob'), message: 'bob has no MFA' })),
    inAccount(
      DEV,
      'dev',
      finding({ check: IAM_CHECK, status: 'FAIL', resource: user(DEV, 'break-glass'), message: 'break-glass has no MFA', muted: { reason: 'in the safe', rule: `${DEV}/*` } }),
    ),
    inAccount(
      DEV,
      'dev',
      finding({
        check: CLOUDTRAIL_CHECK,
        status: 'ERROR',
        resource: trail(DEV),
        message: 'cloudtrail:DescribeTrails failed',
        error: { api: 'cloudtrail:DescribeTrails', code: 'AccessDeniedException', message: 'denied' },
      }),
    ),
  ];
}

function complianceOf(findings: readonly Finding[], framework = COMPLIANCE_FRAMEWORK): ComplianceReport {
  const accumulator = new ComplianceAccumulator(framework);
  accumulator.addAll(findings);
  return accumulator.report();
}

describe('HTML report compliance', () => {
  it('embeds the compliance status at close, after every finding, as safe JSON', async () => {
    const findings = twoAccountFindings();
    let calledAfter = -1;
    const html = await writeReport([findings.slice(0, 3), findings.slice(3)], 'compliance.html', {
      compliance: () => {
        calledAfter = findings.length;
        return [complianceOf(findings)];
      },
    });
    expect(calledAfter).toBe(6);

    const { compliance } = embedded(html);
    expect(compliance).not.toMatch(/</);
    const document = JSON.parse(compliance);
    expect(document.resultFields).toEqual(['status', 'reason', 'PASS', 'FAIL', 'MANUAL', 'ERROR', 'muted']);
    const [framework] = document.frameworks;
    expect(framework).toMatchObject({ id: 'test-framework', accountIds: [PROD, DEV] });
    expect(framework.accounts.map((account: { accountId: string; passed: number; evaluated: number }) => [account.accountId, account.passed, account.evaluated])).toEqual([
      [DEV, 0, 2],
      [PROD, 2, 2],
    ]);
    expect(framework.requirements[0]).toMatchObject({
      id: 'A.1',
      status: 'FAIL',
      reason: 'failed',
      results: [
        ['PASS', 'passed', 1, 0, 0, 0, 0],
        ['FAIL', 'failed', 1, 1, 0, 0, 1],
      ],
    });
    // the compliance element sits between the findings and the client script
    expect(html.indexOf('id="compliance"')).toBeGreaterThan(html.indexOf('id="findings"'));
    expect(html.indexOf('id="compliance"')).toBeLessThan(html.lastIndexOf('<script>\n'));
  });

  it('shows no compliance tab when no framework was reported, and boots a report without the compliance element', async () => {
    const html = await writeReport([realisticFindings()]);
    expect(JSON.parse(embedded(html).compliance)).toEqual({ resultFields: ['status', 'reason', 'PASS', 'FAIL', 'MANUAL', 'ERROR', 'muted'], frameworks: [] });
    const { app } = bootReport(html);
    expect(app.findAll('button', 'tab')).toEqual([]);

    const client = loadClient(html);
    const { scan, data } = embedded(html);
    const older = new FakeDocument(scan, data);
    client.boot(older);
    expect(older.getElementById('rows')!.children).toHaveLength(6);
  });

  it('walks framework → section → requirement → findings, for all accounts and for one', async () => {
    const findings = twoAccountFindings();
    const html = await writeReport([findings], 'walk.html', { compliance: () => [complianceOf(findings)] });
    const { app, document, rows, view } = bootReport(html);
    const complianceView = document.getElementById('view-compliance')!;
    const findingsView = document.getElementById('view-findings')!;
    expect(complianceView.hidden).toBe(true);

    document.getElementById('tab-compliance')!.dispatch('click');
    expect(complianceView.hidden).toBe(false);
    expect(findingsView.hidden).toBe(true);
    expect(document.getElementById('tab-compliance')!.getAttribute('aria-selected')).toBe('true');
    expect(complianceView.textContent).toContain('Test framework 1.0.0 (test-framework)');

    // accounts, worst first, with both scores
    const accountRows = document.getElementById('compliance-accounts')!.findAll('tr').slice(1);
    expect(accountRows.map(cellTexts)).toEqual([
      [`${DEV} (dev)`, '0% (0/2)', '33% (1/3)', '2', '0', '1'],
      [`${PROD} (prod)`, '100% (2/2)', '100% (2/2)', '0', '0', '1'],
    ]);

    // sections score account results, not all-or-nothing
    const headings = complianceView.findAll('h3').map((heading) => heading.textContent);
    expect(headings).toContain('A Identity 50% (2/4) of account results pass · 0 of 2 automated requirements pass in every account');
    const requirementRows = complianceView.findAll('tr', 'requirement');
    expect(requirementRows.map(cellTexts)).toEqual([
      ['A.1', 'Console users have MFA', 'FAILa finding fails', '1 FAIL · 2 PASS · 1 muted', '1 of 2'],
      ['A.2', 'Activity is recorded', 'FAILa check could not read its input', '1 ERROR · 1 PASS', '1 of 2'],
      ['B.1', 'Review access yearly', 'MANUALmanual: assess by hand', '', 'manual'],
    ]);

    // a requirement opens onto its findings, failures first, muted last
    requirementRows[0]!.dispatch('click');
    const expansion = complianceView.findAll('tr', 'requirement-findings')[0]!;
    expect(expansion.hidden).toBe(false);
    expect(requirementRows[0]!.getAttribute('aria-expanded')).toBe('true');
    const evidence = expansion.findAll('tr');
    expect(evidence.map((row) => row.findAll('div', 'sub')[0]!.textContent)).toEqual([
      `arn:aws:iam::${DEV}:user/bob`,
      `arn:aws:iam::${PROD}:user/alice`,
      `arn:aws:iam::${DEV}:user/carol`,
      `arn:aws:iam::${DEV}:user/break-glass`,
    ]);
    evidence[0]!.dispatch('click');
    expect(document.getElementById('detail')!.hidden).toBe(false);
    expect(document.getElementById('detail')!.textContent).toContain('bob has no MFA');

    // all of them, in the findings table
    expansion.findAll('button', 'open-all')[0]!.dispatch('click');
    expect(findingsView.hidden).toBe(false);
    expect(view.state.filters['compliance']).toBe('test-framework:A.1');
    expect(document.getElementById('filter-compliance')!.value).toBe('test-framework:A.1');
    expect(rows()).toHaveLength(4);

    // one account: its own statuses and scores
    document.getElementById('tab-compliance')!.dispatch('click');
    const account = document.getElementById('compliance-account')!;
    account.value = PROD;
    account.dispatch('change');
    expect(complianceView.findAll('tr', 'requirement').map((row) => cellTexts(row).slice(0, 3))).toEqual([
      ['A.1', 'Console users have MFA', 'PASSevery finding passes'],
      ['A.2', 'Activity is recorded', 'PASSevery finding passes'],
      ['B.1', 'Review access yearly', 'MANUALmanual: assess by hand'],
    ]);
    expect(complianceView.findAll('h3').map((heading) => heading.textContent)).toContain('A Identity 100% (2/2) of evaluated requirements pass');
    complianceView.findAll('tr', 'requirement')[0]!.dispatch('click');
    expect(
      complianceView
        .findAll('tr', 'requirement-findings')[0]!
        .findAll('div', 'sub')
        .map((cell) => cell.textContent),
    ).toEqual([`arn:aws:iam::${PROD}:user/alice`]);

    // clicking an account row narrows the view the same way
    document.getElementById('compliance-accounts')!.findAll('tr')[1]!.dispatch('click');
    expect((document.getElementById('compliance-account')!).value).toBe(DEV);
    expect(app.textContent).toContain('A Identity 0% (0/2) of evaluated requirements pass');
  });

  it('summarizes findings per account, worst first, and filters the table by a clicked account', async () => {
    const findings = twoAccountFindings();
    const html = await writeReport([findings], 'accounts.html');
    const { document, rows, client } = bootReport(html);
    expect(client.summarizeAccounts(findings.map((item) => ({ ...item, muted: item.muted ?? null }))).map((row) => [row.accountId, row.FAIL, row.ERROR, row.PASS])).toEqual([
      [DEV, 1, 1, 1],
      [PROD, 0, 0, 2],
    ]);
    const table = document.getElementById('account-counts')!;
    const accountRows = table.findAll('tr').slice(1);
    expect(accountRows.map(cellTexts)).toEqual([
      [`${DEV} (dev)`, '1', '1', '0', '1', '1'],
      [`${PROD} (prod)`, '0', '0', '0', '2', '0'],
    ]);
    accountRows[0]!.dispatch('click');
    expect(document.getElementById('filter-account')!.value).toBe(DEV);
    expect(rows()).toHaveLength(3);
  });

  it('orders requirement refs numerically and formats shares', async () => {
    const client = loadClient(await writeReport([]));
    expect(['cis:2.1', 'cis:1.10', 'cis:1.9', 'cis:1.1', 'cis:1.2.1'].sort((a, b) => client.compareRefs(a, b))).toEqual(['cis:1.1', 'cis:1.2.1', 'cis:1.9', 'cis:1.10', 'cis:2.1']);
    expect(client.formatShare(5, 11)).toBe('45% (5/11)');
    expect(client.formatShare(0, 0)).toBe('n/a');
  });
});
