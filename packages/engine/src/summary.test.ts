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

  it('reports the resource count as a lower bound once the bound is passed', () => {
    const summary = new SummaryBuilder();
    for (let index = 0; index <= RESOURCE_COUNT_LIMIT; index += 1) summary.add(finding(`r-${index}`, 'PASS'));
    const built = summary.build();
    expect(built.resources).toBe(RESOURCE_COUNT_LIMIT);
    expect(built.resourcesCapped).toBe(true);
  });
});
