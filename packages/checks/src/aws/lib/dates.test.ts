import { describe, expect, it } from 'vitest';
import { daysSince, daysUntil, formatDay, isBefore, parseTimestamp } from './dates.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');

describe('dates', () => {
  it.each([
    ['2026-06-01T00:00:00Z', 0],
    ['2026-05-31T00:00:01Z', 0],
    ['2026-05-31T00:00:00Z', 1],
    ['2026-03-03T00:00:00Z', 90],
    ['2026-06-03T00:00:00Z', -2],
  ])('daysSince(%s) = %i whole days', (iso, days) => {
    expect(daysSince(iso, NOW)).toBe(days);
  });

  it('counts whole days until a future date and negative days after it', () => {
    expect(daysUntil('2026-06-11T12:00:00Z', NOW)).toBe(10);
    expect(daysUntil('2026-05-30T00:00:00Z', NOW)).toBe(-2);
  });

  it('compares strictly with isBefore', () => {
    expect(isBefore('2026-05-31T23:59:59Z', NOW)).toBe(true);
    expect(isBefore('2026-06-01T00:00:00Z', NOW)).toBe(false);
  });

  it('formats the UTC day', () => {
    expect(formatDay('2026-05-01T23:30:00-02:00')).toBe('2026-05-02');
  });

  it('throws on an unparseable timestamp instead of comparing NaN', () => {
    expect(() => parseTimestamp('N/A')).toThrow(RangeError);
    expect(() => daysSince('no_information', NOW)).toThrow('not a valid timestamp');
  });
});
