import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import type { Finding } from '@palisade/core';
import { afterEach, describe, expect, it } from 'vitest';
import { HTML_FINDING_FIELDS, createHtmlWriter, scriptJson } from '../src/html.ts';
import { FakeDocument } from './fake-dom.ts';
import { EC2_CHECK, IAM_CHECK, SCAN, finding, manyFindings, realisticFindings } from './fixtures.ts';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});
async function tempPath(name: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'palisade-html-'));
  directories.push(directory);
  return join(directory, 'html', name);
}

async function writeReport(batches: readonly (readonly Finding[])[], name = 'report.html'): Promise<string> {
  const path = await tempPath(name);
  const writer = await createHtmlWriter(path, SCAN);
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
  const lines = data.split('\n').filter(Boolean);
  const parsed = lines.map((line) => JSON.parse(line) as unknown);
  return {
    scan,
    data,
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
  boot(document: FakeDocument): { state: { visible: unknown[]; page: number } };
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
  const { scan, data } = embedded(html);
  const document = new FakeDocument(scan, data);
  const view = client.boot(document);
  const app = document.getElementById('app')!;
  const rows = () => document.getElementById('rows')!.children;
  const select = (id: string) => document.getElementById(id)!;
  return { client, document, view, app, rows, select };
}

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

  it('stays small and fast with 100,000 findings: deduplicated metadata, 200 rendered rows', async () => {
    const path = await tempPath('large.html');
    const writer = await createHtmlWriter(path, SCAN);
    for (let offset = 0; offset < 100_000; offset += 500) await writer.write(manyFindings(500, offset));
    await writer.close();
    const size = (await stat(path)).size;
    // about 330 bytes per synthetic finding (ARN, tags, message); check metadata is written only 4 times
    expect(size).toBeLessThan(40 * 1024 * 1024);
    const html = await readFile(path, 'utf8');
    expect(html.split('"risk":').length - 1).toBe(4);

    const started = performance.now();
    const { rows, select, app, view } = bootReport(html);
    expect(rows()).toHaveLength(200);
    expect(view.state.visible).toHaveLength(100_000);
    const region = select('filter-region');
    region.value = 'eu-west-1';
    region.dispatch('change');
    expect(app.textContent).toContain('Showing 1–200 of 50000 findings (filtered from 100000)');
    const next = app.findAll('button').find((button) => button.textContent === 'Next ›')!;
    next.dispatch('click');
    expect(app.textContent).toContain('Page 2 of 250');
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
