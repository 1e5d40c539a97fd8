import { describe, expect, it } from 'vitest';
import type { Fetched } from '@palisade/core';
import { allFetched } from './fetched-all.ts';

const failed = (api: string): Fetched<never> => ({ error: { api, code: 'AccessDenied', message: 'denied' } });

describe('allFetched', () => {
  it('joins the values when every read succeeded', () => {
    const joined = allFetched({ users: { value: ['alice'] }, count: { value: 2 } });
    expect(joined).toEqual({ value: { users: ['alice'], count: 2 } });
  });

  it('returns the first error met', () => {
    const joined = allFetched({ users: { value: ['alice'] }, groups: failed('iam:ListGroups'), roles: failed('iam:ListRoles') });
    expect(joined.error?.api).toBe('iam:ListGroups');
  });
});
