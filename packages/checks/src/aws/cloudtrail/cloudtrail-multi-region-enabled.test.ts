import { describe, expect, it } from 'vitest';
import type { Fetched } from '@palisade/core';
import type { CloudTrailTrail } from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, accountSnapshot, cloudTrailTrail, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './cloudtrail-multi-region-enabled.ts';

const ROOT = `arn:aws:iam::${TEST_ACCOUNT_ID}:root`;
const withTrails = (trails: Fetched<readonly CloudTrailTrail[]>) => accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails } } } });
const writeOnly = ok({ basic: [{ readWriteType: 'WriteOnly' as const, includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }], advanced: [] });
const advancedManagement = ok({ basic: [], advanced: [{ name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] }] });

describe(check.id, () => {
  it.each([
    ['logging multi-region trail', ok([cloudTrailTrail({ name: 'main' })]), 'PASS'],
    ['advanced selectors on management events', ok([cloudTrailTrail({ name: 'main', eventSelectors: advancedManagement })]), 'PASS'],
    ['one good trail among bad ones', ok([cloudTrailTrail({ name: 'a', status: ok({ isLogging: false }) }), cloudTrailTrail({ name: 'b' })]), 'PASS'],
    ['no trails', ok([]), 'FAIL'],
    ['single-region trail', ok([cloudTrailTrail({ name: 'main', isMultiRegion: false })]), 'FAIL'],
    ['not logging', ok([cloudTrailTrail({ name: 'main', status: ok({ isLogging: false }) })]), 'FAIL'],
    ['write events only', ok([cloudTrailTrail({ name: 'main', eventSelectors: writeOnly })]), 'FAIL'],
    ['trails denied', denied('cloudtrail:DescribeTrails'), 'ERROR'],
    ['status denied', ok([cloudTrailTrail({ name: 'main', status: denied('cloudtrail:GetTrailStatus') })]), 'ERROR'],
    ['selectors denied', ok([cloudTrailTrail({ name: 'main', eventSelectors: denied('cloudtrail:GetEventSelectors') })]), 'ERROR'],
  ] as const)('%s → %s', (_name, trails, expected) => {
    expect(statuses(runCheck(check, withTrails(trails)))).toEqual([[expected, ROOT]]);
  });

  it('counts a trail listed in several regions once and names it', () => {
    const trail = cloudTrailTrail({ name: 'org-trail' });
    const account = accountSnapshot({
      regions: ['us-east-1', 'eu-west-1'],
      regional: { 'us-east-1': { cloudtrail: { trails: ok([trail]) } }, 'eu-west-1': { cloudtrail: { trails: ok([trail]) } } },
    });
    const results = runCheck(check, account);
    expect(statuses(results)).toEqual([['PASS', ROOT]]);
    expect(results[0]?.message).toContain('org-trail');
  });

  it('explains why each multi-region trail falls short', () => {
    const [result] = runCheck(check, withTrails(ok([cloudTrailTrail({ name: 'paused', status: ok({ isLogging: false }) }), cloudTrailTrail({ name: 'writes', eventSelectors: writeOnly })])));
    expect(result?.message).toBe('No multi-region trail qualifies: paused is not logging; writes does not record all (read and write) management events.');
  });

  it('names the failed API on ERROR', () => {
    const [result] = runCheck(check, withTrails(ok([cloudTrailTrail({ name: 'main', status: denied('cloudtrail:GetTrailStatus') })])));
    expect(result?.message).toContain('cloudtrail:GetTrailStatus failed with AccessDenied');
  });
});
