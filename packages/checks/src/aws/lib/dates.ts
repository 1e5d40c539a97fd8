/**
 * Whole-day date arithmetic for credential, certificate and usage thresholds. Thresholds in the
 * check config are in days, so every comparison is made on whole elapsed days.
 */

const DAY_MS = 86_400_000;

/** Milliseconds since the epoch; throws on an unparseable timestamp rather than comparing NaN. */
export function parseTimestamp(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a valid timestamp: ${JSON.stringify(iso)}`);
  return ms;
}

/** Whole days elapsed from `iso` to `now` (negative when `iso` lies in the future). */
export function daysSince(iso: string, now: Date): number {
  return Math.floor((now.getTime() - parseTimestamp(iso)) / DAY_MS);
}

/** Whole days left from `now` until `iso` (negative once `iso` has passed). */
export function daysUntil(iso: string, now: Date): number {
  return Math.floor((parseTimestamp(iso) - now.getTime()) / DAY_MS);
}

/** True when `iso` is strictly before `now`. */
export function isBefore(iso: string, now: Date): boolean {
  return parseTimestamp(iso) < now.getTime();
}

/** The calendar day (UTC) of a timestamp, e.g. `2026-05-01`, for messages. */
export function formatDay(iso: string): string {
  return new Date(parseTimestamp(iso)).toISOString().slice(0, 10);
}

