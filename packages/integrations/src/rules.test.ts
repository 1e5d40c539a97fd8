import { describe, expect, it } from 'vitest';
import { MemoryDedupeStore, notificationsFor, parseAlertRule } from './rules.ts';
import type { AlertRule, AlertRuleBody, AlertScanResult } from './rules.ts';
import { alertFinding, testScan } from './test-support.ts';
import type { AlertFinding } from './types.ts';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const minutesLater = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function rule(body: Record<string, unknown>): AlertRule {
  const parsed = parseAlertRule({ name: 'Test rule', destinations: ['integration-1'], ...body });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { ...parsed.value, id: 'rule-1' };
}

function finding(uid: string, fields: Partial<AlertFinding> = {}): AlertFinding {
  return alertFinding({ uid, resource: { uid: `arn:${uid}`, name: uid, type: 'AwsS3Bucket' }, ...fields });
}

function scanResult(findings: readonly AlertFinding[], extra: Partial<AlertScanResult> = {}): AlertScanResult {
  return { tenantId: 'tenant-a', scan: testScan, findings, ...extra };
}

const uids = (notifications: readonly { findings: readonly AlertFinding[] }[]) => notifications.map((notification) => notification.findings.map((item) => item.uid));

describe('finding rules', () => {
  const findings = [
    finding('new-high'),
    finding('new-critical', { severity: 'critical' }),
    finding('new-low', { severity: 'low' }),
    finding('changed-high', { delta: 'changed', previousStatus: 'PASS' }),
    finding('unchanged-high', { delta: 'unchanged' }),
    finding('resolved-high', { delta: 'resolved', status: 'PASS' }),
    finding('error-high', { status: 'ERROR' }),
    finding('muted-high', { muted: true }),
  ];

  it('by default notify new and changed failures at or above the severity, each on its own, muted ones left out', async () => {
    const notifications = await notificationsFor(rule({ kind: 'finding', minSeverity: 'high' }), scanResult(findings), new MemoryDedupeStore(), NOW);
    expect(uids(notifications)).toEqual([['new-high'], ['new-critical'], ['changed-high']]);
    expect(notifications[0]).toMatchObject({ tenantId: 'tenant-a', kind: 'finding', rule: { id: 'rule-1', name: 'Test rule' }, scan: testScan, createdAt: NOW.toISOString() });
    expect(notifications[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(notifications.map((notification) => notification.id)).size).toBe(3);
  });

  it('make the same ids when a scan is evaluated again', async () => {
    const first = await notificationsFor(rule({ kind: 'finding', minSeverity: 'high', dedupeWindowMinutes: 0 }), scanResult(findings), new MemoryDedupeStore(), NOW);
    const again = await notificationsFor(rule({ kind: 'finding', minSeverity: 'high', dedupeWindowMinutes: 0 }), scanResult(findings), new MemoryDedupeStore(), minutesLater(5));
    expect(again.map((notification) => notification.id)).toEqual(first.map((notification) => notification.id));
  });

  it('take statuses, changes, checks, services and muted findings as asked', async () => {
    const dedupe = new MemoryDedupeStore();
    const resolved = await notificationsFor(rule({ kind: 'finding', minSeverity: 'informational', statuses: ['PASS'], deltas: ['resolved'] }), scanResult(findings), dedupe, NOW);
    expect(uids(resolved)).toEqual([['resolved-high']]);
    const errors = await notificationsFor(rule({ kind: 'finding', minSeverity: 'low', statuses: ['FAIL', 'ERROR'], deltas: ['new'], includeMuted: true }), scanResult(findings), dedupe, NOW);
    expect(uids(errors)).toEqual([['new-high'], ['new-critical'], ['new-low'], ['error-high'], ['muted-high']]);
    const iam = await notificationsFor(rule({ kind: 'finding', minSeverity: 'low', services: ['iam'] }), scanResult(findings), dedupe, NOW);
    expect(iam).toEqual([]);
    const byCheck = await notificationsFor(rule({ kind: 'finding', minSeverity: 'low', checkIds: ['aws/s3-bucket-public-access'], dedupeWindowMinutes: 0 }), scanResult([finding('x')]), dedupe, NOW);
    expect(uids(byCheck)).toEqual([['x']]);
  });

  it('match only the providers they name', async () => {
    const notifications = await notificationsFor(rule({ kind: 'finding', minSeverity: 'low', providerIds: ['prov-2'] }), scanResult(findings), new MemoryDedupeStore(), NOW);
    expect(notifications).toEqual([]);
  });

  it('in digest mode make one notification per scan, none when nothing matched', async () => {
    const notifications = await notificationsFor(rule({ kind: 'finding', minSeverity: 'high', mode: 'digest' }), scanResult(findings), new MemoryDedupeStore(), NOW);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ kind: 'digest', scan: testScan });
    expect(uids(notifications)).toEqual([['new-high', 'new-critical', 'changed-high']]);
    expect(await notificationsFor(rule({ kind: 'finding', minSeverity: 'critical', mode: 'digest', providerIds: ['other'] }), scanResult(findings), new MemoryDedupeStore(), NOW)).toEqual([]);
  });

  it('send nothing when disabled', async () => {
    expect(await notificationsFor(rule({ kind: 'finding', minSeverity: 'low', enabled: false }), scanResult(findings), new MemoryDedupeStore(), NOW)).toEqual([]);
  });
});

describe('the dedupe window', () => {
  it('keeps a rule × finding × status from being sent again within the window, and lets it through after', async () => {
    const dedupe = new MemoryDedupeStore();
    const hourly = rule({ kind: 'finding', minSeverity: 'low', deltas: ['new', 'changed', 'unchanged'], dedupeWindowMinutes: 60 });
    const failing = finding('bucket-1');
    expect(uids(await notificationsFor(hourly, scanResult([failing]), dedupe, NOW))).toEqual([['bucket-1']]);
    expect(await notificationsFor(hourly, scanResult([{ ...failing, delta: 'unchanged' }]), dedupe, minutesLater(59))).toEqual([]);
    expect(uids(await notificationsFor(hourly, scanResult([{ ...failing, delta: 'unchanged' }]), dedupe, minutesLater(61)))).toEqual([['bucket-1']]);
    // Another status is another key: the FAIL sent a minute ago does not hold back an ERROR.
    const withErrors = rule({ kind: 'finding', minSeverity: 'low', statuses: ['FAIL', 'ERROR'], dedupeWindowMinutes: 60 });
    expect(uids(await notificationsFor(withErrors, scanResult([{ ...failing, status: 'ERROR', delta: 'changed' }]), dedupe, minutesLater(62)))).toEqual([['bucket-1']]);
  });

  it('leaves a digest only the findings not sent within the window', async () => {
    const dedupe = new MemoryDedupeStore();
    const digest = rule({ kind: 'finding', minSeverity: 'low', mode: 'digest', deltas: ['new', 'unchanged'] });
    await notificationsFor(digest, scanResult([finding('a')]), dedupe, NOW);
    const next = await notificationsFor(digest, scanResult([finding('a', { delta: 'unchanged' }), finding('b')]), dedupe, minutesLater(10));
    expect(uids(next)).toEqual([['b']]);
  });

  it('is off at zero minutes', async () => {
    const dedupe = new MemoryDedupeStore();
    const always = rule({ kind: 'finding', minSeverity: 'low', dedupeWindowMinutes: 0 });
    await notificationsFor(always, scanResult([finding('a')]), dedupe, NOW);
    expect(uids(await notificationsFor(always, scanResult([finding('a')]), dedupe, NOW))).toEqual([['a']]);
    expect(dedupe.size).toBe(0);
  });
});

describe('provider-change rules', () => {
  it('notify any new, changed or resolved finding of the provider, of any severity', async () => {
    const findings = [
      finding('new-low', { severity: 'low' }),
      finding('changed', { delta: 'changed', status: 'PASS', previousStatus: 'FAIL' }),
      finding('resolved', { delta: 'resolved', status: 'PASS' }),
      finding('unchanged', { delta: 'unchanged' }),
      finding('muted', { muted: true }),
    ];
    const changes = rule({ kind: 'provider-change', providerIds: ['prov-1'], mode: 'digest' });
    expect(uids(await notificationsFor(changes, scanResult(findings), new MemoryDedupeStore(), NOW))).toEqual([['new-low', 'changed', 'resolved']]);
    const elsewhere = rule({ kind: 'provider-change', providerIds: ['prov-9'] });
    expect(await notificationsFor(elsewhere, scanResult(findings), new MemoryDedupeStore(), NOW)).toEqual([]);
  });
});

describe('compliance rules', () => {
  const requirements = [
    { frameworkId: 'cis-aws-3.0', requirementId: '2.1.4', title: 'Ensure S3 buckets block public access', previousStatus: 'PASS', status: 'FAIL' },
    { frameworkId: 'cis-aws-3.0', requirementId: '1.10', status: 'FAIL' },
    { frameworkId: 'cis-aws-3.0', requirementId: '1.4', previousStatus: 'FAIL', status: 'FAIL' },
    { frameworkId: 'cis-aws-3.0', requirementId: '3.1', previousStatus: 'FAIL', status: 'PASS' },
    { frameworkId: 'other-1.0', requirementId: '2.1.4', previousStatus: 'PASS', status: 'FAIL' },
  ] as const;
  const findings = [finding('s3-public'), finding('s3-muted', { muted: true }), finding('s3-passing', { status: 'PASS' }), finding('unrelated', { compliance: [] })];

  it('notify a requirement that turned FAIL, with its failing findings', async () => {
    const notifications = await notificationsFor(rule({ kind: 'compliance', frameworkId: 'cis-aws-3.0' }), scanResult(findings, { requirements }), new MemoryDedupeStore(), NOW);
    expect(notifications.map((notification) => notification.requirements)).toEqual([
      [{ frameworkId: 'cis-aws-3.0', requirementId: '2.1.4', title: 'Ensure S3 buckets block public access', previousStatus: 'PASS', status: 'FAIL' }],
      [{ frameworkId: 'cis-aws-3.0', requirementId: '1.10', status: 'FAIL' }],
    ]);
    expect(uids(notifications)).toEqual([['s3-public'], []]);
  });

  it('narrow to the requirements named, gather a digest, and dedupe by requirement', async () => {
    const dedupe = new MemoryDedupeStore();
    const digest = rule({ kind: 'compliance', frameworkId: 'cis-aws-3.0', requirementIds: ['2.1.4', '1.4'], mode: 'digest' });
    const [notification] = await notificationsFor(digest, scanResult(findings, { requirements }), dedupe, NOW);
    expect(notification).toMatchObject({ kind: 'digest', requirements: [{ requirementId: '2.1.4' }] });
    expect(await notificationsFor(digest, scanResult(findings, { requirements }), dedupe, minutesLater(1))).toEqual([]);
  });

  it('need requirement statuses to match anything', async () => {
    expect(await notificationsFor(rule({ kind: 'compliance', frameworkId: 'cis-aws-3.0' }), scanResult(findings), new MemoryDedupeStore(), NOW)).toEqual([]);
  });
});

describe('parseAlertRule', () => {
  it('fills the defaults', () => {
    const parsed = parseAlertRule({ kind: 'finding', name: ' Critical ', minSeverity: 'critical', destinations: ['i-1'] });
    expect(parsed).toEqual({
      ok: true,
      value: { kind: 'finding', name: 'Critical', minSeverity: 'critical', destinations: ['i-1'], enabled: true, mode: 'each', dedupeWindowMinutes: 60 } satisfies AlertRuleBody,
    });
  });

  it('names the field of every problem', () => {
    expect(parseAlertRule({ kind: 'finding', name: 'x', minSeverity: 'severe', destinations: [], statuses: ['BROKEN'], dedupeWindowMinutes: -1 })).toEqual({
      ok: false,
      problems: [
        { field: 'minSeverity', message: expect.stringContaining('critical') as string },
        { field: 'statuses[0]', message: expect.stringContaining('FAIL') as string },
        { field: 'dedupeWindowMinutes', message: expect.stringContaining('0') as string },
        { field: 'destinations', message: 'must name at least one integration' },
      ],
    });
    expect(parseAlertRule({ kind: 'provider-change', name: 'x', destinations: ['i'], providerIds: [], colour: 'red' })).toEqual({
      ok: false,
      problems: [
        { field: 'providerIds', message: expect.any(String) as string },
        { field: 'colour', message: 'is not a known field' },
      ],
    });
    expect(parseAlertRule({ kind: 'compliance', name: 'x', destinations: ['i'] })).toEqual({ ok: false, problems: [{ field: 'frameworkId', message: 'is required' }] });
    expect(parseAlertRule({ kind: 'everything', name: 'x' })).toEqual({ ok: false, problems: [{ field: 'kind', message: 'kind must be one of finding, provider-change, compliance' }] });
  });
});
