/**
 * Network reasoning shared by the security group, network ACL and VPC peering checks: CIDR
 * arithmetic, protocol and port coverage, and network ACL rule evaluation in rule-number order.
 */
import type { Ec2IpPermission, Ec2NetworkAcl, Ec2NetworkAclEntry, Ec2SecurityGroup } from '@palisade/core';

export type IpFamily = 'ipv4' | 'ipv6';

export interface ParsedCidr {
  readonly family: IpFamily;
  /** The network address as an unsigned integer (32 bits for IPv4, 128 for IPv6). */
  readonly address: bigint;
  readonly prefixLength: number;
}

const FAMILY_BITS: Readonly<Record<IpFamily, number>> = { ipv4: 32, ipv6: 128 };

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0n;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet)) return undefined;
    const n = Number(octet);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' || halves[0] === undefined ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' && halves[1] !== undefined ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(`0x${group}`);
  }
  return value;
}

/** Parses `a.b.c.d/n` or an IPv6 `x::y/n`; `undefined` for anything malformed. */
export function parseCidr(cidr: string): ParsedCidr | undefined {
  const [ip, prefix, ...rest] = cidr.trim().split('/');
  if (ip === undefined || prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) return undefined;
  const family: IpFamily = ip.includes(':') ? 'ipv6' : 'ipv4';
  const prefixLength = Number(prefix);
  const bits = FAMILY_BITS[family];
  if (prefixLength > bits) return undefined;
  const raw = family === 'ipv4' ? parseIpv4(ip) : parseIpv6(ip);
  if (raw === undefined) return undefined;
  const hostBits = BigInt(bits - prefixLength);
  return { family, address: (raw >> hostBits) << hostBits, prefixLength };
}

export function cidrFamily(cidr: string): IpFamily {
  return cidr.includes(':') ? 'ipv6' : 'ipv4';
}

/**
 * True for a block that spans every address of its family (`0.0.0.0/0`, `::/0`). Any /0 is the
 * whole address space whatever address it is written with, so the prefix length alone decides.
 */
export function isInternetCidr(cidr: string): boolean {
  return parseCidr(cidr)?.prefixLength === 0;
}

/** True when every address of `inner` lies inside `outer` (same family only). */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (a === undefined || b === undefined || a.family !== b.family || a.prefixLength > b.prefixLength) return false;
  const hostBits = BigInt(FAMILY_BITS[a.family] - a.prefixLength);
  return b.address >> hostBits === a.address >> hostBits;
}

const TCP_PROTOCOLS = new Set(['tcp', '6']);
const PORTED_PROTOCOLS = new Set(['tcp', '6', 'udp', '17']);
const ALL_PROTOCOLS = '-1';
const MAX_PORT = 65_535;

/** True when a security group rule lets TCP traffic reach `port` (all-protocol rules included). */
export function permissionCoversTcpPort(permission: Ec2IpPermission, port: number): boolean {
  const protocol = permission.protocol.toLowerCase();
  if (protocol === ALL_PROTOCOLS) return true;
  if (!TCP_PROTOCOLS.has(protocol)) return false;
  // TCP rules always carry ports; a missing bound is read as open-ended so a malformed rule is not trusted.
  return (permission.fromPort ?? 0) <= port && port <= (permission.toPort ?? MAX_PORT);
}

/**
 * True when a rule opens every port: all protocols, or a TCP/UDP range from 0 (or 1, since port 0
 * is reserved and `1-65535` is the usual way to write "everything") to 65535.
 */
export function permissionCoversAllPorts(permission: Ec2IpPermission): boolean {
  const protocol = permission.protocol.toLowerCase();
  if (protocol === ALL_PROTOCOLS) return true;
  if (!PORTED_PROTOCOLS.has(protocol)) return false;
  return (permission.fromPort ?? 0) <= 1 && (permission.toPort ?? MAX_PORT) >= MAX_PORT;
}

/** The internet-wide source blocks of a rule for the given families. */
export function internetSources(permission: Ec2IpPermission, families: readonly IpFamily[]): string[] {
  const sources = [
    ...(families.includes('ipv4') ? permission.ipv4Ranges : []),
    ...(families.includes('ipv6') ? permission.ipv6Ranges : []),
  ];
  return sources.filter((cidr) => isInternetCidr(cidr) && families.includes(cidrFamily(cidr)));
}

/** Human form of a rule's protocol and ports, e.g. `tcp 22`, `tcp 0-65535`, `all traffic`. */
export function describePermission(permission: Ec2IpPermission): string {
  if (permission.protocol === ALL_PROTOCOLS) return 'all traffic';
  const { fromPort, toPort } = permission;
  if (fromPort === undefined || toPort === undefined) return permission.protocol;
  return fromPort === toPort ? `${permission.protocol} ${fromPort}` : `${permission.protocol} ${fromPort}-${toPort}`;
}

export interface InternetOpenPort {
  readonly port: number;
  readonly cidr: string;
  readonly rule: string;
}

/** Each `port` that an ingress rule of the group opens to the internet, with the source block that opens it. */
export function securityGroupInternetOpenPorts(
  group: Ec2SecurityGroup,
  ports: readonly number[],
  families: readonly IpFamily[],
): InternetOpenPort[] {
  const open: InternetOpenPort[] = [];
  for (const port of ports) {
    for (const permission of group.ingress) {
      if (!permissionCoversTcpPort(permission, port)) continue;
      const [cidr] = internetSources(permission, families);
      if (cidr !== undefined) {
        open.push({ port, cidr, rule: describePermission(permission) });
        break;
      }
    }
  }
  return open;
}

/** Formats open ports as `22 (tcp 22 from 0.0.0.0/0), 3389 (...)` for result messages. */
export function describeOpenPorts(open: readonly InternetOpenPort[]): string {
  return open.map((item) => `${item.port} (${item.rule} from ${item.cidr})`).join(', ');
}

function naclEntryCoversTcpPort(entry: Ec2NetworkAclEntry, port: number): boolean {
  const protocol = entry.protocol.toLowerCase();
  if (protocol === ALL_PROTOCOLS) return true;
  if (!TCP_PROTOCOLS.has(protocol)) return false;
  if (entry.portRange === undefined) return true;
  return entry.portRange.from <= port && port <= entry.portRange.to;
}

function naclEntrySource(entry: Ec2NetworkAclEntry): string | undefined {
  return entry.cidrBlock ?? entry.ipv6CidrBlock;
}

export interface NaclDecision {
  readonly action: 'allow' | 'deny';
  /** The rule that decided, or `undefined` for the implicit deny when no rule matched. */
  readonly ruleNumber?: number;
}

/**
 * How the network ACL treats inbound TCP traffic to `port` from any internet address of `family`.
 * Rules are evaluated lowest number first and the first match wins, as AWS does. Only rules whose
 * source is the whole address space decide here: an allow for a narrower block does not open the
 * port to the internet, and a deny for a narrower block does not close it. When nothing matches,
 * traffic is denied (the `*` rule, 32767, which DescribeNetworkAcls may or may not list).
 */
export function naclIngressDecision(entries: readonly Ec2NetworkAclEntry[], port: number, family: IpFamily): NaclDecision {
  const ordered = entries.filter((entry) => !entry.egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const entry of ordered) {
    const source = naclEntrySource(entry);
    if (source === undefined || cidrFamily(source) !== family || !isInternetCidr(source)) continue;
    if (!naclEntryCoversTcpPort(entry, port)) continue;
    return { action: entry.ruleAction, ruleNumber: entry.ruleNumber };
  }
  return { action: 'deny' };
}

export interface NaclOpenPort {
  readonly port: number;
  readonly family: IpFamily;
  readonly ruleNumber: number;
}

/** Each `port` × family that the network ACL admits from the internet, with the allowing rule. */
export function naclInternetOpenPorts(acl: Ec2NetworkAcl, ports: readonly number[]): NaclOpenPort[] {
  const open: NaclOpenPort[] = [];
  for (const port of ports) {
    for (const family of ['ipv4', 'ipv6'] as const) {
      const decision = naclIngressDecision(acl.entries, port, family);
      if (decision.action === 'allow' && decision.ruleNumber !== undefined) open.push({ port, family, ruleNumber: decision.ruleNumber });
    }
  }
  return open;
}

/**
 * The widest CIDR block a VPC can hold: /16 for IPv4 and /44 for IPv6 (IPAM-allocated; Amazon-provided
 * blocks are /56). A route wider than this necessarily reaches beyond any single peer VPC.
 */
export const WIDEST_VPC_PREFIX: Readonly<Record<IpFamily, number>> = { ipv4: 16, ipv6: 44 };

/** True for a destination wider than any VPC could be, e.g. `0.0.0.0/0`, `10.0.0.0/8`, `172.16.0.0/12`. */
export function isWiderThanAnyVpc(cidr: string): boolean {
  const parsed = parseCidr(cidr);
  return parsed !== undefined && parsed.prefixLength < WIDEST_VPC_PREFIX[parsed.family];
}
