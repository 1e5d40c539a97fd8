import { describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import { RESOURCE_COUNT_LIMIT, SummaryBuilder } from './summary.ts';

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
