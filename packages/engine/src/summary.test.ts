import { describe, expect, it } from 'vitest';
import { pick, seededRandom, shuffled } from '@palisade/core/testing';
import type { Finding } from '@palisade/core';
import { RESOURCE_COUNT_LIMIT, SummaryBuilder } from './summary.ts';
import type { SummaryState } from './summary.ts';

const check = { id: 'aws/x', title: 'X', service: 'ec2', severity: 'high' } as Finding['check'];
const finding = (uid: string, status: Finding['status'], muted = false): Finding =>
  ({
    uid,
    check,
    status,
    severity: 'high',
    accountId: '111111111111',
    resource: { uid, type: 'AwsEc2Instance', name: uid, region: 'us-east-1' },
    ...(muted ? { muted: { reason: 'r', rule: '*/*' } } : {}),
  }) as Finding;

describe('SummaryBuilder', () => {
  it('counts statuses, muted findings apart, and unmuted failures for the exit code', () => {
    const summary = new SummaryBuilder();
    for (const f of [finding('a', 'PASS'), finding('b', 'FAIL'), finding('c', 'FAIL', true), finding('a', 'ERROR')]) summary.add(f);
    const built = summary.build();
    expect(built.total).toEqual({ PASS: 1, FAIL: 1, MANUAL: 0, ERROR: 1, muted: 1 });
    expect(built.unmutedFailures).toBe(1);
    expect(built.resources).toBe(3);
    expect(built.resourcesCapped).toBe(false);
  });

  it('counts muted findings per mutelist rule, listing rules that muted nothing', () => {
    const summary = new SummaryBuilder();
    summary.trackMuteRules([{ rule: '*/*', location: 'm.yaml:5' }, { rule: '*/dead', location: 'm.yaml:9' }]);
    for (const f of [finding('a', 'FAIL', true), finding('b', 'PASS', true), finding('c', 'FAIL')]) summary.add(f);
    expect(summary.build().muteRules).toEqual([
      { rule: '*/*', location: 'm.yaml:5', muted: 2 },
      { rule: '*/dead', location: 'm.yaml:9', muted: 0 },
    ]);
    expect(new SummaryBuilder().build().muteRules).toEqual([]);
  });

  it('counts findings per account, worst account first', () => {
    const summary = new SummaryBuilder();
    const inAccount = (f: Finding, accountId: string, accountName?: string): Finding => ({ ...f, accountId, ...(accountName ? { accountName } : {}) });
    for (const f of [
      inAccount(finding('a', 'PASS'), '111111111111', 'prod'),
      inAccount(finding('b', 'FAIL', true), '111111111111'),
      inAccount(finding('c', 'FAIL'), '222222222222', 'dev'),
      inAccount(finding('d', 'ERROR'), '222222222222'),
      inAccount(finding('e', 'ERROR'), '333333333333'),
    ]) {
      summary.add(f);
    }
    expect(summary.build().byAccount).toEqual([
      { accountId: '222222222222', accountName: 'dev', counts: { PASS: 0, FAIL: 1, MANUAL: 0, ERROR: 1, muted: 0 } },
      { accountId: '333333333333', counts: { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 1, muted: 0 } },
      { accountId: '111111111111', accountName: 'prod', counts: { PASS: 1, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 1 } },
    ]);
  });

  it('reports the resource count as a lower bound once the bound is passed', () => {
    const summary = new SummaryBuilder();
    for (let index = 0; index <= RESOURCE_COUNT_LIMIT; index += 1) summary.add(finding(`r-${index}`, 'PASS'));
    const built = summary.build();
    expect(built.resources).toBe(RESOURCE_COUNT_LIMIT);
    expect(built.resourcesCapped).toBe(true);
  });
});

// --- Mergeable summaries ---------------------------------------------------------------------

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;
const SERVICES = ['ec2', 'iam', 's3', 'kms'] as const;
const CHECKS = Array.from({ length: 12 }, (_, index) => ({
  id: `aws/synthetic-${String(index).padStart(2, '0')}`,
  title: `Synthetic ${index}`,
  service: SERVICES[index % SERVICES.length]!,
  severity: SEVERITIES[index % SEVERITIES.length]!,
}));
const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666'];
const TRACKED_RULES = [
  { rule: '*/aws/synthetic-03', location: 'mutelist.yaml:4' },
  { rule: '111111111111/*', location: 'mutelist.yaml:9' },
  { rule: '*/aws/never-matches', location: 'mutelist.yaml:12' },
];
// Rules met on findings but not listed up front: they follow the tracked ones, by rule.
const UNTRACKED_RULES = ['zzz/untracked', 'aaa/untracked'];

/** Findings over several accounts, checks, statuses, mutes and error codes, with resources seen by several checks. */
function syntheticFindings(seed: number, count: number): Finding[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const accountId = pick(random, ACCOUNTS);
    const meta = pick(random, CHECKS);
    const roll = random();
    const status: Finding['status'] = roll < 0.5 ? 'PASS' : roll < 0.8 ? 'FAIL' : roll < 0.9 ? 'MANUAL' : 'ERROR';
    const muted = random() < 0.15 ? pick(random, [...TRACKED_RULES.slice(0, 2).map((rule) => rule.rule), ...UNTRACKED_RULES]) : undefined;
    const uid = `arn:aws:${meta.service}:us-east-1:${accountId}:resource/r${Math.floor(random() * 120)}`;
    // Account names vary between findings of one account, so the smallest-name rule is exercised.
    const accountName = accountId === ACCOUNTS[0] ? pick(random, ['prod', 'production', undefined]) : accountId === ACCOUNTS[1] ? 'dev' : undefined;
    return {
      uid: `finding-${index}`,
      scanId: 'scan-merge',
      check: { ...meta, provider: 'aws', resourceType: 'AwsResource', description: '', risk: '', remediation: { summary: '' }, references: [], categories: [] },
      status,
      message: `${status} on ${uid}`,
      severity: meta.severity,
      provider: 'aws',
      accountId,
      ...(accountName ? { accountName } : {}),
      region: 'us-east-1',
      resource: { uid, type: 'AwsResource', name: uid, region: 'us-east-1' },
      ...(status === 'ERROR'
        ? { error: { api: pick(random, ['ec2:DescribeInstances', 'iam:GetCredentialReport', 's3:GetBucketPolicy']), code: pick(random, ['AccessDenied', 'Throttling', 'InternalError']), message: `denied in ${accountId}` } }
        : {}),
      ...(muted ? { muted: { reason: 'accepted', rule: muted } } : {}),
      time: '2025-01-01T00:00:00.000Z',
      compliance: [],
    } as Finding;
  });
}

function summaryOf(findings: readonly Finding[], track = true): SummaryBuilder {
  const builder = new SummaryBuilder();
  if (track) builder.trackMuteRules(TRACKED_RULES);
  for (const f of findings) builder.add(f);
  return builder;
}

/** Splits findings into `parts` groups at random, keeping each resource's findings in one group. */
function splitByResource(random: () => number, findings: readonly Finding[], parts: number): Finding[][] {
  const partOf = new Map<string, number>();
  const groups: Finding[][] = Array.from({ length: parts }, () => []);
  for (const f of findings) {
    const key = `${f.accountId}\u0000${f.resource.uid}`;
    let part = partOf.get(key);
    if (part === undefined) {
      part = Math.floor(random() * parts);
      partOf.set(key, part);
    }
    groups[part]!.push(f);
  }
  return groups;
}

/** Merges parts pairwise in a random grouping, each step through a builder or through a JSON round trip of its state. */
function mergeRandomly(random: () => number, parts: SummaryBuilder[]): SummaryBuilder {
  const pending = [...parts];
  while (pending.length > 1) {
    const [left] = pending.splice(Math.floor(random() * pending.length), 1);
    const [right] = pending.splice(Math.floor(random() * pending.length), 1);
    const other = random() < 0.5 ? right! : (JSON.parse(JSON.stringify(right!.state())) as SummaryState);
    pending.push(left!.merge(other));
  }
  return pending[0]!;
}

describe('SummaryBuilder merging', () => {
  const findings = syntheticFindings(7, 4_000);
  const expected = summaryOf(findings).build();

  it('builds the same summary from parts fed in any order and merged in any grouping', () => {
    // The generator really covers the cases merging must keep apart.
    expect(expected.errors.length).toBeGreaterThan(5);
    expect(expected.muteRules.map((tally) => tally.rule)).toEqual([...TRACKED_RULES.map((rule) => rule.rule), 'aaa/untracked', 'zzz/untracked']);
    expect(expected.muteRules.find((tally) => tally.rule === '*/aws/never-matches')).toEqual({ rule: '*/aws/never-matches', location: 'mutelist.yaml:12', muted: 0 });
    expect(expected.byAccount.find((tally) => tally.accountId === ACCOUNTS[0])?.accountName).toBe('prod');
    expect(expected.resources).toBeGreaterThan(500);
    const random = seededRandom(42);
    for (let trial = 0; trial < 24; trial += 1) {
      const parts = 2 + (trial % 4);
      // Some parts never saw the mutelist (they tracked nothing): the others carry its rules.
      const builders = splitByResource(random, findings, parts).map((group, index) => summaryOf(shuffled(random, group), index !== 1));
      expect(mergeRandomly(random, builders).build()).toEqual(expected);
    }
  });

  it('builds the same summary whatever order one builder receives the findings in', () => {
    const random = seededRandom(3);
    const reordered = summaryOf(shuffled(random, findings)).build();
    expect(reordered).toEqual(expected);
    // Sets compare without order in toEqual; the order they list in is pinned too.
    expect(reordered.errors.map((tally) => [tally.api, tally.code, [...tally.checks], [...tally.accounts], tally.message])).toEqual(
      expected.errors.map((tally) => [tally.api, tally.code, [...tally.checks], [...tally.accounts], tally.message]),
    );
    expect(Object.keys(reordered.byService)).toEqual([...SERVICES].sort());
    expect(reordered.errors.every((tally) => [...tally.checks].join() === [...tally.checks].sort().join())).toBe(true);
  });

  it('round-trips its state through JSON', () => {
    const builder = summaryOf(findings);
    const state = builder.state();
    const parsed = JSON.parse(JSON.stringify(state)) as SummaryState;
    expect(parsed).toEqual(state);
    expect(SummaryBuilder.fromState(parsed).build()).toEqual(expected);
    expect(SummaryBuilder.fromState(parsed).state()).toEqual(state);
    expect(SummaryBuilder.fromState(new SummaryBuilder().state()).build()).toEqual(new SummaryBuilder().build());
  });

  it('merges associatively and commutatively', () => {
    const random = seededRandom(11);
    const [a, b, c] = splitByResource(random, findings, 3).map((group) => summaryOf(group).state());
    const left = SummaryBuilder.fromState(a!).merge(b!).merge(c!);
    const right = SummaryBuilder.fromState(a!).merge(SummaryBuilder.fromState(b!).merge(c!));
    const reversed = SummaryBuilder.fromState(c!).merge(b!).merge(a!);
    expect(left.state()).toEqual(right.state());
    expect(left.state()).toEqual(reversed.state());
    expect(left.build()).toEqual(expected);
  });

  it('counts a resource once per part when its findings were split over parts, everything else exact', () => {
    // Parts of a scan are whole accounts, so this does not happen there; the rule is that summing counts.
    const random = seededRandom(5);
    const groups: Finding[][] = [[], [], []];
    for (const f of findings) groups[Math.floor(random() * 3)]!.push(f);
    const merged = mergeRandomly(random, groups.map((group) => summaryOf(group))).build();
    expect({ ...merged, resources: 0 }).toEqual({ ...expected, resources: 0 });
    expect(merged.resources).toBeGreaterThan(expected.resources);
  });

  it('keeps the resource cap when merged parts pass it together', () => {
    const half = { ...new SummaryBuilder().state(), resources: RESOURCE_COUNT_LIMIT / 2 + 1 };
    const merged = SummaryBuilder.fromState(half).merge(half).build();
    expect(merged.resources).toBe(RESOURCE_COUNT_LIMIT);
    expect(merged.resourcesCapped).toBe(true);
    expect(SummaryBuilder.fromState(half).build()).toMatchObject({ resources: RESOURCE_COUNT_LIMIT / 2 + 1, resourcesCapped: false });
    // A builder already at the bound through merging reports any further new resource as past it.
    const full = SummaryBuilder.fromState({ ...new SummaryBuilder().state(), resources: RESOURCE_COUNT_LIMIT });
    expect(full.build()).toMatchObject({ resources: RESOURCE_COUNT_LIMIT, resourcesCapped: false });
    full.add(finding('one-more', 'PASS'));
    expect(full.build()).toMatchObject({ resources: RESOURCE_COUNT_LIMIT, resourcesCapped: true });
  });

  it('refuses a state of another version', () => {
    expect(() => new SummaryBuilder().merge({ ...new SummaryBuilder().state(), version: 2 } as unknown as SummaryState)).toThrow(/version 2/);
  });
});
