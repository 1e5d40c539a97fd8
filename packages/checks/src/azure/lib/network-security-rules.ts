/**
 * How a network security group treats traffic from the internet, for the NSG checks.
 *
 * Azure applies a group's inbound rules (custom and default) in ascending priority and the first
 * rule that matches a packet decides. A rule speaks for "the internet" when one of its sources is
 * `*`, `Any`, the `Internet` service tag or a `/0` block (`0.0.0.0/0`, `::/0`); CIS also names the
 * bare `0.0.0.0`. Walking the rules in order, each internet-wide rule decides the ports it covers
 * that no earlier internet-wide rule decided: an Allow opens them, a Deny closes them. Rules with
 * narrower sources neither open a port to the internet nor close it (a Deny for one range leaves
 * the rest of the internet allowed by a later rule), and a Deny only closes a port for every
 * destination when its destination is all addresses.
 */
import type { ResourceRef } from '@palisade/core';
import { armResource } from '@palisade/core/azure';
import type { NetworkSecurityGroup, NetworkSecurityRule } from '@palisade/core/azure';

export type TransportProtocol = 'Tcp' | 'Udp';

/** An inclusive port range. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/** The ports one rule opens to the internet over one protocol, after earlier rules took their share. */
export interface RuleExposure {
  readonly rule: NetworkSecurityRule;
  readonly protocol: TransportProtocol;
  readonly ranges: readonly PortRange[];
}

/** A port of interest, e.g. `{ protocol: 'Tcp', port: 3389 }`. */
export interface PortSpec {
  readonly protocol: TransportProtocol;
  readonly port: number;
}

/** A port of interest that a rule opens to the internet. */
export interface OpenPort extends PortSpec {
  readonly rule: NetworkSecurityRule;
}

/** Whether a source prefix stands for every internet address. */
export function isInternetSource(prefix: string): boolean {
  const value = prefix.trim().toLowerCase();
  return value === '*' || value === 'any' || value === 'internet' || value === '0.0.0.0' || /\/0$/.test(value);
}

function isEveryDestination(prefix: string): boolean {
  const value = prefix.trim().toLowerCase();
  return value === '*' || value === 'any' || value === 'virtualnetwork' || value === '0.0.0.0' || /\/0$/.test(value);
}

/** Parses `*`, `22` or `20-25`; undefined for anything else. */
export function parsePortRange(text: string): PortRange | undefined {
  const value = text.trim();
  if (value === '*') return ALL_PORTS;
  const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(value);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from <= to && to <= 65535 ? { from, to } : undefined;
}

/** Sorted, merged ranges. */
export function mergeRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const out: PortRange[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range.from <= last.to + 1) out[out.length - 1] = { from: last.from, to: Math.max(last.to, range.to) };
    else out.push({ ...range });
  }
  return out;
}

/** `ranges` without the ports in `taken`. */
export function subtractRanges(ranges: readonly PortRange[], taken: readonly PortRange[]): PortRange[] {
  let rest = mergeRanges(ranges);
  for (const cut of mergeRanges(taken)) {
    rest = rest.flatMap((range) => {
      if (cut.to < range.from || cut.from > range.to) return [range];
      const pieces: PortRange[] = [];
      if (cut.from > range.from) pieces.push({ from: range.from, to: cut.from - 1 });
      if (cut.to < range.to) pieces.push({ from: cut.to + 1, to: range.to });
      return pieces;
    });
  }
  return rest;
}

export function coversPort(ranges: readonly PortRange[], port: number): boolean {
  return ranges.some((range) => range.from <= port && port <= range.to);
}

export function coversAllPorts(ranges: readonly PortRange[]): boolean {
  return subtractRanges([ALL_PORTS], ranges).length === 0;
}

function protocolMatches(ruleProtocol: string, protocol: TransportProtocol): boolean {
  const value = ruleProtocol.trim().toLowerCase();
  return value === '*' || value === 'any' || value === protocol.toLowerCase();
}

/** The group's inbound rules in the order Azure applies them. */
export function inboundRules(group: NetworkSecurityGroup): NetworkSecurityRule[] {
  return [...group.securityRules, ...group.defaultSecurityRules].filter((rule) => rule.direction === 'Inbound').sort((a, b) => a.priority - b.priority);
}

/** The destination ports a rule names, merged. */
export function ruleRanges(rule: NetworkSecurityRule): PortRange[] {
  return mergeRanges(rule.destinationPortRanges.flatMap((text) => parsePortRange(text) ?? []));
}

/** The Allow rules that open ports to the internet over `protocol`, with the ports each one opens. */
export function internetExposures(group: NetworkSecurityGroup, protocol: TransportProtocol): RuleExposure[] {
  const exposures: RuleExposure[] = [];
  let decided: PortRange[] = [];
  for (const rule of inboundRules(group)) {
    if (!protocolMatches(rule.protocol, protocol) || !rule.sourceAddressPrefixes.some(isInternetSource)) continue;
    const ranges = ruleRanges(rule);
    if (rule.access === 'Allow') {
      const fresh = subtractRanges(ranges, decided);
      if (fresh.length > 0) exposures.push({ rule, protocol, ranges: fresh });
      decided = mergeRanges([...decided, ...ranges]);
    } else if (rule.destinationAddressPrefixes.some(isEveryDestination)) {
      decided = mergeRanges([...decided, ...ranges]);
    }
  }
  return exposures;
}

/** The ports of `specs` that the group opens to the internet, each with the rule that opens it. */
export function openToInternet(group: NetworkSecurityGroup, specs: readonly PortSpec[]): OpenPort[] {
  const byProtocol = new Map<TransportProtocol, RuleExposure[]>();
  const exposuresOf = (protocol: TransportProtocol) => {
    let exposures = byProtocol.get(protocol);
    if (!exposures) byProtocol.set(protocol, (exposures = internetExposures(group, protocol)));
    return exposures;
  };
  return specs.flatMap((spec) => {
    const exposure = exposuresOf(spec.protocol).find((candidate) => coversPort(candidate.ranges, spec.port));
    return exposure ? [{ ...spec, rule: exposure.rule }] : [];
  });
}

export function describeRanges(ranges: readonly PortRange[]): string {
  if (coversAllPorts(ranges)) return 'all ports';
  return ranges.map((range) => (range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`)).join(', ');
}

export function describeRule(rule: NetworkSecurityRule): string {
  const sources = rule.sourceAddressPrefixes.filter(isInternetSource).join(', ');
  return `rule ${rule.name} (priority ${rule.priority}, source ${sources})`;
}

/** e.g. `TCP 3389 through rule allow-rdp (priority 100, source Internet)`; ports one rule opens are named together (`TCP 80, 443 through …`). */
export function describeOpenPorts(open: readonly OpenPort[]): string {
  const byRule = new Map<string, { readonly rule: NetworkSecurityRule; readonly protocol: TransportProtocol; readonly ports: number[] }>();
  for (const port of open) {
    const key = `${port.protocol} ${port.rule.id || port.rule.name}`;
    const entry = byRule.get(key) ?? { rule: port.rule, protocol: port.protocol, ports: [] };
    entry.ports.push(port.port);
    byRule.set(key, entry);
  }
  return [...byRule.values()].map((entry) => `${entry.protocol.toUpperCase()} ${entry.ports.join(', ')} through ${describeRule(entry.rule)}`).join('; ');
}

/** A note for messages about a group that filters no traffic yet. */
export function associationNote(group: NetworkSecurityGroup): string {
  return group.subnetIds.length === 0 && group.networkInterfaceIds.length === 0 ? ' The group is not associated with any subnet or network interface yet.' : '';
}

export function securityGroupResource(group: NetworkSecurityGroup): ResourceRef {
  return armResource(group.id, 'Microsoft.Network/networkSecurityGroups', group.name, group.location, group.tags);
}
