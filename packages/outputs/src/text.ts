/**
 * Shortens `text` to at most `max` UTF-16 code units (so also at most `max` characters), ending
 * with `…` when cut; a surrogate pair is never split. Formats that limit their fields (ASFF, what
 * code scanning services display of SARIF) would otherwise reject the whole record.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
