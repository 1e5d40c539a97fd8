/**
 * IPv4 firewall ranges of the database services (Azure SQL, PostgreSQL and MySQL flexible servers
 * write `startIpAddress`–`endIpAddress`; Cosmos DB writes an address or a CIDR block): how many
 * addresses a rule admits, and the `0.0.0.0` entries that stand for "any Azure service".
 */

/** `10.1.2.3` → its 32-bit value; undefined for anything else. */
export function ipv4ToNumber(address: string): number | undefined {
  const parts = address.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Addresses in `start`–`end`; undefined when either end is not an IPv4 address or the range is reversed. */
export function ipv4RangeSize(start: string, end: string): number | undefined {
  const first = ipv4ToNumber(start);
  const last = ipv4ToNumber(end);
  if (first === undefined || last === undefined || last < first) return undefined;
  return last - first + 1;
}

/** `0.0.0.0`–`0.0.0.0`: the rule the portal writes for "Allow Azure services and resources to access this server". */
export function isAzureServicesRule(rule: { readonly startIpAddress: string; readonly endIpAddress: string }): boolean {
  return rule.startIpAddress.trim() === '0.0.0.0' && rule.endIpAddress.trim() === '0.0.0.0';
}

/** The most addresses a rule may admit under a minimum prefix length: /16 → 65,536. */
export function maxAddressesForPrefix(minPrefixLength: number): number {
  return 2 ** (32 - Math.min(32, Math.max(0, minPrefixLength)));
}

/**
 * Whether a start–end rule admits more addresses than a `/minPrefixLength` block (the Azure
 * services rule is not counted here: it admits Azure's addresses, not a block of the internet).
 */
export function isWideRange(rule: { readonly startIpAddress: string; readonly endIpAddress: string }, minPrefixLength: number): boolean {
  if (isAzureServicesRule(rule)) return false;
  const size = ipv4RangeSize(rule.startIpAddress, rule.endIpAddress);
  return size !== undefined && size > maxAddressesForPrefix(minPrefixLength);
}

/** `203.0.113.0/24` → 24, `203.0.113.7` → 32; undefined when not an IPv4 address or block. */
export function ipv4PrefixLength(addressOrRange: string): number | undefined {
  const [address = '', prefix] = addressOrRange.trim().split('/');
  if (ipv4ToNumber(address) === undefined) return undefined;
  if (prefix === undefined) return 32;
  if (!/^\d{1,2}$/.test(prefix) || Number(prefix) > 32) return undefined;
  return Number(prefix);
}

/** `a.b.c.d–e.f.g.h (name)` for messages. */
export function describeRange(rule: { readonly name: string; readonly startIpAddress: string; readonly endIpAddress: string }): string {
  return `${rule.name} (${rule.startIpAddress}–${rule.endIpAddress})`;
}
