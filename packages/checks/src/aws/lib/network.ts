/**
 * Network reasoning shared by the security group, network ACL and VPC peering checks: CIDR and
 * address-range arithmetic, what counts as the public internet, protocol and port coverage,
 * prefix-list resolution, and network ACL rule evaluation in rule-number order.
 *
 * "Open to the internet" means every public address of a family can reach the port: the sources
 * that allow it, taken together, leave out nothing but private, reserved and other addresses that
 * are never internet sources. So `0.0.0.0/0` is the internet, and so are `0.0.0.0/1` and
 * `128.0.0.0/1` in two rules of one group (AWS applies all of a group's rules together). A single
 * block that is public but narrower than the whole internet is the concern of the wide-public-CIDR
 * check instead.
 */
import { errorResult, fail, pass } from '@palisade/core';
import type { ApiError, CheckResult, ResourceRef } from '@palisade/core';
import type { Ec2Data, Ec2IpPermission, Ec2NetworkAcl, Ec2NetworkAclEntry, Ec2SecurityGroup } from '@palisade/core/aws';

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

/** True when every address of `inner` lies inside `outer` (same family only). */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (a === undefined || b === undefined || a.family !== b.family || a.prefixLength > b.prefixLength) return false;
  const hostBits = BigInt(FAMILY_BITS[a.family] - a.prefixLength);
  return b.address >> hostBits === a.address >> hostBits;
}

// ---------- address ranges and the public internet ----------

/** An inclusive run of addresses of one family. */
interface AddressRange {
  readonly start: bigint;
  readonly end: bigint;
}

function rangeOf(cidr: ParsedCidr): AddressRange {
  const size = 1n << BigInt(FAMILY_BITS[cidr.family] - cidr.prefixLength);
  return { start: cidr.address, end: cidr.address + size - 1n };
}

/** Sorted, with overlapping and adjacent ranges joined. */
function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: AddressRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.start <= last.end + 1n) {
      if (range.end > last.end) merged[merged.length - 1] = { start: last.start, end: range.end };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/**
 * Blocks that never appear as sources on the internet (IANA special-purpose registries): for IPv4
 * "this network", private (RFC 1918), shared CGNAT space (RFC 6598), loopback, link-local, IETF
 * protocol assignments, documentation, benchmarking, multicast and reserved; for IPv6 everything
 * outside global unicast 2000::/3 (which holds loopback, unique-local fc00::/7, link-local and
 * multicast) and the documentation block.
 */
const NOT_PUBLIC_CIDRS: Readonly<Record<IpFamily, readonly string[]>> = {
  ipv4: [
    '0.0.0.0/8',
    '10.0.0.0/8',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '172.16.0.0/12',
    '192.0.0.0/24',
    '192.0.2.0/24',
    '192.168.0.0/16',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '224.0.0.0/3',
  ],
  ipv6: ['::/3', '4000::/2', '8000::/1', '2001:db8::/32'],
};

function rangesOf(cidrs: readonly string[], family: IpFamily): AddressRange[] {
  return cidrs.flatMap((cidr) => {
    const parsed = parseCidr(cidr);
    return parsed?.family === family ? [rangeOf(parsed)] : [];
  });
}

const NOT_PUBLIC: Readonly<Record<IpFamily, readonly AddressRange[]>> = {
  ipv4: mergeRanges(rangesOf(NOT_PUBLIC_CIDRS.ipv4, 'ipv4')),
  ipv6: mergeRanges(rangesOf(NOT_PUBLIC_CIDRS.ipv6, 'ipv6')),
};

const LAST_ADDRESS: Readonly<Record<IpFamily, bigint>> = { ipv4: (1n << 32n) - 1n, ipv6: (1n << 128n) - 1n };

/**
 * True when the blocks of `family` among `cidrs` together hold every public address of the family.
 * What they leave out may only be private, reserved or otherwise never an internet source, so a
 * list of every public block that skips 10.0.0.0/8 is still the whole internet.
 */
export function coversPublicInternet(cidrs: readonly string[], family: IpFamily): boolean {
  const sources = rangesOf(cidrs, family);
  if (sources.length === 0) return false;
  const merged = mergeRanges([...sources, ...NOT_PUBLIC[family]]);
  return merged.length === 1 && merged[0]?.start === 0n && merged[0].end === LAST_ADDRESS[family];
}

/** True for a block that on its own is the whole internet of its family (`0.0.0.0/0`, `::/0`). */
export function isInternetCidr(cidr: string): boolean {
  const parsed = parseCidr(cidr);
  return parsed !== undefined && coversPublicInternet([cidr], parsed.family);
}

/** How many public addresses the block holds: 0 for a private or reserved block, or one that does not parse. */
export function publicAddressCount(cidr: string): bigint {
  const parsed = parseCidr(cidr);
  if (parsed === undefined) return 0n;
  const range = rangeOf(parsed);
  let notPublic = 0n;
  for (const excluded of NOT_PUBLIC[parsed.family]) {
    const start = excluded.start > range.start ? excluded.start : range.start;
    const end = excluded.end < range.end ? excluded.end : range.end;
    if (start <= end) notPublic += end - start + 1n;
  }
  return range.end - range.start + 1n - notPublic;
}

// ---------- protocols and ports ----------

export type PortProtocol = 'tcp' | 'udp';

const PORT_PROTOCOLS: ReadonlyMap<string, PortProtocol> = new Map([
  ['tcp', 'tcp'],
  ['6', 'tcp'],
  ['udp', 'udp'],
  ['17', 'udp'],
]);
const ALL_PROTOCOLS = '-1';
const MAX_PORT = 65_535;

/**
 * Ports whose usual service answers on UDP as well as TCP: DNS 53, SNMP 161, the SQL Server Browser
 * 1434, RDP 3389 (its UDP transport) and Memcached 11211 (the UDP listener behind amplification
 * attacks). Every other port is checked over TCP only, so UDP 22 does not count as SSH.
 */
const TCP_AND_UDP_PORTS: ReadonlySet<number> = new Set([53, 161, 1434, 3389, 11211]);

/** The protocols whose traffic to `port` reaches the service that usually listens there. */
export function serviceProtocols(port: number): readonly PortProtocol[] {
  return TCP_AND_UDP_PORTS.has(port) ? ['tcp', 'udp'] : ['tcp'];
}

interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** The ports of `protocol` a security group rule admits, or `undefined` when it admits none. */
function permissionPortRange(permission: Ec2IpPermission, protocol: PortProtocol): PortRange | undefined {
  const ruleProtocol = permission.protocol.toLowerCase();
  if (ruleProtocol === ALL_PROTOCOLS) return { from: 0, to: MAX_PORT };
  if (PORT_PROTOCOLS.get(ruleProtocol) !== protocol) return undefined;
  // TCP and UDP rules always carry ports; a missing bound is read as open-ended so a malformed rule is not trusted.
  return { from: permission.fromPort ?? 0, to: permission.toPort ?? MAX_PORT };
}

/** True when a security group rule lets `protocol` traffic reach `port` (all-protocol rules included). */
export function permissionCoversPort(permission: Ec2IpPermission, protocol: PortProtocol, port: number): boolean {
  const range = permissionPortRange(permission, protocol);
  return range !== undefined && range.from <= port && port <= range.to;
}

/** Human form of a rule's protocol and ports, e.g. `tcp 22`, `tcp 0-65535`, `all traffic`. */
export function describePermission(permission: Ec2IpPermission): string {
  if (permission.protocol === ALL_PROTOCOLS) return 'all traffic';
  const { fromPort, toPort } = permission;
  if (fromPort === undefined || toPort === undefined) return permission.protocol;
  return fromPort === toPort ? `${permission.protocol} ${fromPort}` : `${permission.protocol} ${fromPort}-${toPort}`;
}

// ---------- prefix lists and rule sources ----------

/** A prefix list as rules see it: its blocks, or the error that keeps them unknown. */
export type ResolvedPrefixList =
  | { readonly family: IpFamily; readonly awsManaged: boolean; readonly cidrs: readonly string[]; readonly error?: undefined }
  | { readonly family?: IpFamily; readonly awsManaged?: boolean; readonly error: ApiError };

export type PrefixListResolver = (prefixListId: string) => ResolvedPrefixList;

/**
 * Looks prefix lists up in the region's collected lists. A list that cannot be read, is not among
 * them, or a snapshot written before prefix lists were collected yields an error, never an empty list.
 */
export function prefixListResolver(ec2: Pick<Ec2Data, 'managedPrefixLists'>, region: string): PrefixListResolver {
  const fetched = ec2.managedPrefixLists;
  if (fetched === undefined) {
    const error: ApiError = {
      api: 'ec2:DescribeManagedPrefixLists',
      code: 'NotCollected',
      message: `prefix lists are not in this snapshot (written before they were collected) for ${region}; rules naming one cannot be evaluated`,
      region,
    };
    return () => ({ error });
  }
  if (fetched.error) {
    const { error } = fetched;
    return () => ({ error });
  }
  const byId = new Map(fetched.value.map((list) => [list.id, list]));
  return (prefixListId) => {
    const list = byId.get(prefixListId);
    if (list === undefined) {
      return {
        error: {
          api: 'ec2:DescribeManagedPrefixLists',
          code: 'PrefixListNotFound',
          message: `prefix list ${prefixListId} is not among the ${byId.size} prefix lists visible in ${region}`,
          region,
        },
      };
    }
    const family: IpFamily = list.addressFamily === 'IPv6' ? 'ipv6' : 'ipv4';
    const awsManaged = list.ownerId === 'AWS';
    if (list.entries.error) return { family, awsManaged, error: list.entries.error };
    return { family, awsManaged, cidrs: list.entries.value.map((entry) => entry.cidr) };
  };
}

/** One source block of a rule: written in the rule, or an entry of a prefix list the rule names. */
export interface RuleSource {
  readonly cidr: string;
  readonly family: IpFamily;
  readonly prefixList?: { readonly id: string; readonly awsManaged: boolean };
}

/** A prefix list a rule names whose entries are unknown. */
export interface UnresolvedPrefixList {
  readonly prefixListId: string;
  /** Known when the list was described but its entries could not be read. */
  readonly family?: IpFamily;
  readonly awsManaged?: boolean;
  readonly error: ApiError;
}

export interface PermissionSources {
  readonly sources: readonly RuleSource[];
  readonly unresolved: readonly UnresolvedPrefixList[];
}

/** Every source block of a rule, with the prefix lists it names resolved to their entries. */
export function permissionSources(permission: Ec2IpPermission, resolve: PrefixListResolver): PermissionSources {
  const sources: RuleSource[] = [...permission.ipv4Ranges, ...permission.ipv6Ranges].map((cidr) => ({ cidr, family: cidrFamily(cidr) }));
  const unresolved: UnresolvedPrefixList[] = [];
  for (const prefixListId of permission.prefixListIds) {
    const list = resolve(prefixListId);
    if (list.error) {
      unresolved.push({
        prefixListId,
        ...(list.family === undefined ? {} : { family: list.family }),
        ...(list.awsManaged === undefined ? {} : { awsManaged: list.awsManaged }),
        error: list.error,
      });
      continue;
    }
    for (const cidr of list.cidrs) sources.push({ cidr, family: cidrFamily(cidr), prefixList: { id: prefixListId, awsManaged: list.awsManaged } });
  }
  return { sources, unresolved };
}

/** `0.0.0.0/0`, or `0.0.0.0/0 (prefix list pl-0abc)` for an entry of a list. */
export function describeSource(source: RuleSource): string {
  return source.prefixList ? `${source.cidr} (prefix list ${source.prefixList.id})` : source.cidr;
}

// ---------- security group exposure ----------

/** What a check found in a group on the blocks its rules name, and the prefix lists whose blocks are unknown. */
export interface ExposureReport<T> {
  readonly found: readonly T[];
  /**
   * Prefix lists that could not be resolved on rules where they could add to what was found.
   * Non-empty with nothing found means the outcome is unknown (ERROR), never a PASS.
   */
  readonly unresolved: readonly UnresolvedPrefixList[];
}

interface ReadRule {
  readonly permission: Ec2IpPermission;
  readonly label: string;
  readonly sources: readonly RuleSource[];
  readonly unresolved: readonly UnresolvedPrefixList[];
}

function readRules(group: Ec2SecurityGroup, resolve: PrefixListResolver): ReadRule[] {
  return group.ingress.map((permission) => ({ permission, label: describePermission(permission), ...permissionSources(permission, resolve) }));
}

function publicSources(rules: readonly ReadRule[], family: IpFamily): { readonly rule: ReadRule; readonly source: RuleSource }[] {
  return rules.flatMap((rule) => rule.sources.filter((source) => source.family === family && publicAddressCount(source.cidr) > 0n).map((source) => ({ rule, source })));
}

function unresolvedFor(rules: readonly ReadRule[], family: IpFamily): UnresolvedPrefixList[] {
  return rules.flatMap((rule) => rule.unresolved.filter((list) => list.family === undefined || list.family === family));
}

function uniqueLists(lists: readonly UnresolvedPrefixList[]): UnresolvedPrefixList[] {
  const seen = new Map<string, UnresolvedPrefixList>();
  for (const list of lists) if (!seen.has(list.prefixListId)) seen.set(list.prefixListId, list);
  return [...seen.values()];
}

/**
 * A group's result from what a check found: FAIL when something was found (unreadable prefix lists
 * cannot undo it), ERROR naming the first list's API and code when nothing was but an unreadable
 * list could hide it, PASS otherwise.
 */
export function exposureResult<T>(
  report: ExposureReport<T>,
  target: ResourceRef,
  group: Ec2SecurityGroup,
  messages: { readonly pass: string; readonly fail: (found: readonly T[]) => string },
): CheckResult {
  if (report.found.length > 0) return fail(target, messages.fail(report.found));
  const [first] = report.unresolved;
  if (first === undefined) return pass(target, messages.pass);
  const ids = report.unresolved.map((list) => list.prefixListId).join(', ');
  return errorResult(target, first.error, `Security group ${group.id} (${group.name}) has rules from prefix list ${ids}, which could not be resolved to its entries`);
}

export interface InternetExposure {
  readonly port: number;
  readonly protocol: PortProtocol;
  readonly families: readonly IpFamily[];
  /** Each rule and public source that admits the port, e.g. `tcp 22 from 0.0.0.0/1`. */
  readonly openedBy: readonly string[];
}

/**
 * Each port, over each protocol its service listens on, that the group's ingress rules together
 * open to the whole internet of one of `families`.
 */
export function securityGroupInternetExposure(
  group: Ec2SecurityGroup,
  ports: readonly number[],
  families: readonly IpFamily[],
  resolve: PrefixListResolver,
): ExposureReport<InternetExposure> {
  const rules = readRules(group, resolve);
  const open: InternetExposure[] = [];
  const unresolved: UnresolvedPrefixList[] = [];
  for (const port of ports) {
    for (const protocol of serviceProtocols(port)) {
      const covering = rules.filter((rule) => permissionCoversPort(rule.permission, protocol, port));
      const openFamilies: IpFamily[] = [];
      const openedBy: string[] = [];
      for (const family of families) {
        const sources = publicSources(covering, family);
        if (coversPublicInternet(sources.map(({ source }) => source.cidr), family)) {
          openFamilies.push(family);
          openedBy.push(...sources.map(({ rule, source }) => `${rule.label} from ${describeSource(source)}`));
        } else {
          unresolved.push(...unresolvedFor(covering, family));
        }
      }
      if (openFamilies.length > 0) open.push({ port, protocol, families: openFamilies, openedBy });
    }
  }
  return { found: open, unresolved: uniqueLists(unresolved) };
}

/** `22/tcp (tcp 22 from 0.0.0.0/0), 3389/udp (...)` for result messages. */
export function describeExposures(open: readonly InternetExposure[]): string {
  return open.map((item) => `${item.port}/${item.protocol} (${item.openedBy.join(', ')})`).join(', ');
}

export interface AllPortsExposure {
  readonly protocol: PortProtocol;
  readonly families: readonly IpFamily[];
  readonly openedBy: readonly string[];
}

/**
 * True when, for every port from 1 to 65535 (port 0 is reserved, so `1-65535` is the usual way to
 * write "everything"), the rules admitting that port together cover the whole internet. Rules may
 * split the ports as well as the addresses, so the port space is cut at every rule's bounds and
 * each piece checked on its own.
 */
function opensEveryPort(rules: readonly { readonly range: PortRange; readonly cidrs: readonly string[] }[], family: IpFamily): boolean {
  const cuts = new Set<number>([1]);
  for (const { range } of rules) {
    if (range.from > 1 && range.from <= MAX_PORT) cuts.add(range.from);
    if (range.to + 1 > 1 && range.to + 1 <= MAX_PORT) cuts.add(range.to + 1);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  return starts.every((start, index) => {
    const end = (starts[index + 1] ?? MAX_PORT + 1) - 1;
    const cidrs = rules.filter(({ range }) => range.from <= start && end <= range.to).flatMap((rule) => rule.cidrs);
    return coversPublicInternet(cidrs, family);
  });
}

/** Each protocol (TCP, UDP) whose every port the group's ingress rules together open to the internet. */
export function securityGroupAllPortsExposure(group: Ec2SecurityGroup, families: readonly IpFamily[], resolve: PrefixListResolver): ExposureReport<AllPortsExposure> {
  const rules = readRules(group, resolve);
  const open: AllPortsExposure[] = [];
  const unresolved: UnresolvedPrefixList[] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    const admitting = rules.flatMap((rule) => {
      const range = permissionPortRange(rule.permission, protocol);
      return range === undefined || range.from > range.to ? [] : [{ rule, range }];
    });
    const openFamilies: IpFamily[] = [];
    const openedBy: string[] = [];
    for (const family of families) {
      const ranged = admitting.map(({ rule, range }) => ({ range, cidrs: publicSources([rule], family).map(({ source }) => source.cidr) }));
      if (opensEveryPort(ranged, family)) {
        openFamilies.push(family);
        openedBy.push(...publicSources(admitting.map(({ rule }) => rule), family).map(({ rule, source }) => `${rule.label} from ${describeSource(source)}`));
      } else {
        unresolved.push(...unresolvedFor(admitting.map(({ rule }) => rule), family));
      }
    }
    if (openFamilies.length > 0) open.push({ protocol, families: openFamilies, openedBy });
  }
  return { found: open, unresolved: uniqueLists(unresolved) };
}

export interface WidePublicSource {
  readonly rule: string;
  readonly source: RuleSource;
  readonly publicAddresses: bigint;
}

/** Rules that carry ports: TCP, UDP and all-traffic rules (ICMP and other protocols have no ports). */
function carriesPorts(permission: Ec2IpPermission): boolean {
  const protocol = permission.protocol.toLowerCase();
  return protocol === ALL_PROTOCOLS || PORT_PROTOCOLS.has(protocol);
}

/**
 * Source blocks of ingress rules that hold more public addresses than a block of
 * `minPrefixLength[family]` does, e.g. 52.0.0.0/8 under a /16 limit, short of the whole internet
 * (0.0.0.0/0, ::/0), which the internet-exposure checks judge. Entries of AWS-managed prefix
 * lists are skipped: they are the address ranges of an AWS service (CloudFront, S3, ...) that the
 * rule names on purpose, not a range someone chose too wide.
 */
export function securityGroupWidePublicSources(
  group: Ec2SecurityGroup,
  resolve: PrefixListResolver,
  minPrefixLength: Readonly<Record<IpFamily, number>>,
): ExposureReport<WidePublicSource> {
  const wide: WidePublicSource[] = [];
  const unresolved: UnresolvedPrefixList[] = [];
  for (const rule of readRules(group, resolve)) {
    if (!carriesPorts(rule.permission)) continue;
    for (const source of rule.sources) {
      if (source.prefixList?.awsManaged) continue;
      // A source that is the whole internet is judged by the internet-exposure checks (admin,
      // database and all ports); this check is about ranges chosen too wide, not public services.
      if (isInternetCidr(source.cidr)) continue;
      const limit = 1n << BigInt(Math.max(0, FAMILY_BITS[source.family] - minPrefixLength[source.family]));
      const publicAddresses = publicAddressCount(source.cidr);
      if (publicAddresses > limit) wide.push({ rule: rule.label, source, publicAddresses });
    }
    unresolved.push(...rule.unresolved.filter((list) => list.awsManaged !== true));
  }
  return { found: wide, unresolved: uniqueLists(unresolved) };
}

// ---------- network ACLs ----------

/** The ports of `protocol` a network ACL entry matches, or `undefined` when it matches none. */
function naclEntryPortRange(entry: Ec2NetworkAclEntry, protocol: PortProtocol): PortRange | undefined {
  const entryProtocol = entry.protocol.toLowerCase();
  if (entryProtocol === ALL_PROTOCOLS) return { from: 0, to: MAX_PORT };
  if (PORT_PROTOCOLS.get(entryProtocol) !== protocol) return undefined;
  return entry.portRange ?? { from: 0, to: MAX_PORT };
}

function naclEntrySource(entry: Ec2NetworkAclEntry): string | undefined {
  return entry.cidrBlock ?? entry.ipv6CidrBlock;
}

export interface NaclDecision {
  readonly action: 'allow' | 'deny';
  /** The rules that together decided; empty for the implicit deny when none did. */
  readonly ruleNumbers: readonly number[];
}

/**
 * How the network ACL treats inbound `protocol` traffic to `port` from the internet of `family`.
 * Rules are read lowest number first, as AWS evaluates them. Allow rules add up: once the allows
 * read so far cover every public address, the port is open to the internet, whether one rule says
 * 0.0.0.0/0 or several split it. Deny rules add up the same way and close the port once they cover
 * every public address first. A deny for only part of the internet does not close the port: a
 * few blocked ranges leave it reachable from everywhere else, so it is still reported. Rules for
 * private blocks only neither open nor close it. When nothing decides, traffic is denied (the `*`
 * rule, 32767, which DescribeNetworkAcls may or may not list).
 */
export function naclIngressDecision(entries: readonly Ec2NetworkAclEntry[], protocol: PortProtocol, port: number, family: IpFamily): NaclDecision {
  const ordered = entries.filter((entry) => !entry.egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  const seen = { allow: { cidrs: [] as string[], rules: [] as number[] }, deny: { cidrs: [] as string[], rules: [] as number[] } };
  for (const entry of ordered) {
    const source = naclEntrySource(entry);
    if (source === undefined || cidrFamily(source) !== family || publicAddressCount(source) === 0n) continue;
    const range = naclEntryPortRange(entry, protocol);
    if (range === undefined || port < range.from || port > range.to) continue;
    const side = seen[entry.ruleAction];
    side.cidrs.push(source);
    side.rules.push(entry.ruleNumber);
    if (coversPublicInternet(side.cidrs, family)) return { action: entry.ruleAction, ruleNumbers: side.rules };
  }
  return { action: 'deny', ruleNumbers: [] };
}

export interface NaclOpenPort {
  readonly port: number;
  readonly protocol: PortProtocol;
  readonly family: IpFamily;
  readonly ruleNumbers: readonly number[];
}

/** Each `port` × protocol its service listens on × family that the network ACL admits from the internet. */
export function naclInternetOpenPorts(acl: Ec2NetworkAcl, ports: readonly number[]): NaclOpenPort[] {
  const open: NaclOpenPort[] = [];
  for (const port of ports) {
    for (const protocol of serviceProtocols(port)) {
      for (const family of ['ipv4', 'ipv6'] as const) {
        const decision = naclIngressDecision(acl.entries, protocol, port, family);
        if (decision.action === 'allow') open.push({ port, protocol, family, ruleNumbers: decision.ruleNumbers });
      }
    }
  }
  return open;
}

// ---------- VPC peering ----------

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
