import { describe, expect, it } from 'vitest';
import { xml, xmlDocument } from '../xml.ts';
import { ec2Filters, indexedList, memberList, pageOf, stableId, wireTimestamp } from './query-protocol.ts';

describe('query protocol helpers', () => {
  it('reads awsQuery member lists, EC2 indexed lists and EC2 filters from a form body', () => {
    const params = new URLSearchParams('Action=X&Filter.member.1=User&Filter.member.2=Role&Owner.1=self&Owner.2=123&Filter.1.Name=tag%3AName&Filter.1.Value.1=a&Filter.1.Value.2=b*&Filter.2.Name=vpc-id');
    expect(memberList(params, 'Filter')).toEqual(['User', 'Role']);
    expect(indexedList(params, 'Owner')).toEqual(['self', '123']);
    expect(ec2Filters(params)).toEqual([
      { name: 'tag:Name', values: ['a', 'b*'] },
      { name: 'vpc-id', values: [] },
    ]);
  });

  it('pages with tokens bound to their listing and rejects foreign or made-up ones', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    const first = pageOf(items, 'list-a', null, 2);
    expect(first).toMatchObject({ items: ['a', 'b'] });
    const next = first === 'invalid-token' ? undefined : first.next;
    expect(next).toBeDefined();
    expect(pageOf(items, 'list-a', next ?? null, 10)).toEqual({ items: ['c', 'd', 'e'] });
    expect(pageOf(items, 'list-b', next ?? null, 10)).toBe('invalid-token');
    expect(pageOf(items, 'list-a', 'not-a-token', 10)).toBe('invalid-token');
    expect(pageOf(items, 'list-a', null, undefined)).toEqual({ items });
  });

  it('writes IAM timestamps in whole seconds, keeps fractions, and leaves out dates the estate lacks', () => {
    expect(wireTimestamp('2026-06-01T00:00:00.000Z', 'seconds')).toBe('2026-06-01T00:00:00Z');
    expect(wireTimestamp('2026-06-01T00:00:00.250Z', 'seconds')).toBe('2026-06-01T00:00:00.250Z');
    expect(wireTimestamp('2026-06-01T00:00:00.000Z', 'millis')).toBe('2026-06-01T00:00:00.000Z');
    expect(wireTimestamp('', 'seconds')).toBeUndefined();
    expect(wireTimestamp('not a date', 'millis')).toBeUndefined();
  });

  it('makes stable ids in the requested alphabet', () => {
    expect(stableId('AROA', 'seed', 17, 'upper')).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(stableId('r-', 'seed', 17)).toMatch(/^r-[0-9a-f]{17}$/);
    expect(stableId('r-', 'seed', 17)).toBe(stableId('r-', 'seed', 17));
    expect(stableId('r-', 'seed', 17)).not.toBe(stableId('r-', 'other', 17));
  });

  it('writes empty lists as empty elements and escapes values and attributes', () => {
    expect(xml({ tagSet: { item: [] }, name: '', groups: {}, n: 0, missing: undefined })).toBe('<tagSet/><name></name><groups/><n>0</n>');
    expect(xmlDocument('R', { xmlns: 'urn:"x"' }, { a: '<&>' })).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:&quot;x&quot;"><a>&lt;&amp;&gt;</a></R>');
  });
});
