import { describe, expect, it } from 'vitest';
import type { Ec2NetworkAclEntry } from '@palisade/core/aws';
import { NACL_DEFAULT_DENY, accountSnapshot, denied, naclEntry, networkAcl, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './ec2-networkacl-no-internet-ingress-to-admin-ports.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:network-acl/acl-1';
const tcp = (ruleNumber: number, from: number, to: number, extra: Partial<Ec2NetworkAclEntry> = {}): Ec2NetworkAclEntry =>
  naclEntry({ ruleNumber, protocol: '6', portRange: { from, to }, ...extra });

const run = (entries: readonly Ec2NetworkAclEntry[], config = {}) =>
  runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { networkAcls: ok([networkAcl({ id: 'acl-1', entries: [...entries, ...NACL_DEFAULT_DENY] })]) } } } }), config);

describe(check.id, () => {
  it.each([
    ['only the default deny', [], 'PASS'],
    ['default ACL allow-all (rule 100, -1)', [naclEntry({ ruleNumber: 100 })], 'FAIL'],
    ['allow all over IPv6 only', [naclEntry({ ruleNumber: 101, cidrBlock: undefined, ipv6CidrBlock: '::/0' })], 'FAIL'],
    ['tcp 22 from the internet', [tcp(100, 22, 22)], 'FAIL'],
    ['tcp 3380-3390 covers RDP', [tcp(100, 3380, 3390)], 'FAIL'],
    ['tcp 80/443 only', [tcp(100, 80, 80), tcp(110, 443, 443)], 'PASS'],
    ['udp 22 (protocol 17) is not ssh', [naclEntry({ ruleNumber: 100, protocol: '17', portRange: { from: 22, to: 22 } })], 'PASS'],
    ['udp 3389 is rdp', [naclEntry({ ruleNumber: 100, protocol: '17', portRange: { from: 3389, to: 3389 } })], 'FAIL'],
    ['tcp 22 from 0.0.0.0/1 and 128.0.0.0/1', [tcp(100, 22, 22, { cidrBlock: '0.0.0.0/1' }), tcp(110, 22, 22, { cidrBlock: '128.0.0.0/1' })], 'FAIL'],
    ['tcp 22 from 0.0.0.0/1 only', [tcp(100, 22, 22, { cidrBlock: '0.0.0.0/1' })], 'PASS'],
    [
      'two denies covering the internet before allow-all',
      [naclEntry({ ruleNumber: 90, ruleAction: 'deny', cidrBlock: '0.0.0.0/1' }), naclEntry({ ruleNumber: 91, ruleAction: 'deny', cidrBlock: '128.0.0.0/1' }), naclEntry({ ruleNumber: 100 })],
      'PASS',
    ],
    ['22 from a private range only', [tcp(100, 22, 22, { cidrBlock: '10.0.0.0/8' })], 'PASS'],
    ['egress allow-all does not count', [naclEntry({ ruleNumber: 100, egress: true })], 'PASS'],
    [
      'denies at 90-92 (tcp 22, tcp and udp 3389) before allow-all at 100',
      [tcp(90, 22, 22, { ruleAction: 'deny' }), tcp(91, 3389, 3389, { ruleAction: 'deny' }), naclEntry({ ruleNumber: 92, protocol: '17', portRange: { from: 3389, to: 3389 }, ruleAction: 'deny' }), naclEntry({ ruleNumber: 100 })],
      'PASS',
    ],
    ['tcp-only denies before allow-all leave udp 3389 open', [tcp(90, 22, 22, { ruleAction: 'deny' }), tcp(91, 3389, 3389, { ruleAction: 'deny' }), naclEntry({ ruleNumber: 100 })], 'FAIL'],
    ['deny of 22 only leaves 3389 open', [tcp(90, 22, 22, { ruleAction: 'deny' }), naclEntry({ ruleNumber: 100 })], 'FAIL'],
    ['deny numbered after the allow does not help', [naclEntry({ ruleNumber: 100 }), tcp(110, 22, 22, { ruleAction: 'deny' }), tcp(111, 3389, 3389, { ruleAction: 'deny' })], 'FAIL'],
    ['a narrow deny before the allow does not close the port', [tcp(90, 0, 65535, { ruleAction: 'deny', cidrBlock: '198.51.100.0/24' }), naclEntry({ ruleNumber: 100 })], 'FAIL'],
    [
      'IPv4 denied but IPv6 still allowed',
      [naclEntry({ ruleNumber: 90, ruleAction: 'deny' }), naclEntry({ ruleNumber: 100, cidrBlock: undefined, ipv6CidrBlock: '::/0' })],
      'FAIL',
    ],
  ] as const)('%s → %s', (_name, entries, expected) => {
    expect(statuses(run(entries))).toEqual([[expected, ARN]]);
  });

  it('evaluates rules by number, not by list order', () => {
    const results = run([naclEntry({ ruleNumber: 100 }), naclEntry({ ruleNumber: 50, ruleAction: 'deny' })]);
    expect(statuses(results)).toEqual([['PASS', ARN]]);
  });

  it('names the port, protocol and allowing rules', () => {
    const [result] = run([tcp(120, 22, 22)]);
    expect(result?.message).toContain('22/tcp from the whole IPv4 internet (rule 120)');
    const [split] = run([tcp(100, 22, 22, { cidrBlock: '0.0.0.0/1' }), tcp(110, 22, 22, { cidrBlock: '128.0.0.0/1' })]);
    expect(split?.message).toContain('22/tcp from the whole IPv4 internet (rules 100, 110)');
  });

  it('honours configured admin ports', () => {
    expect(statuses(run([tcp(100, 5985, 5986)]))).toEqual([['PASS', ARN]]);
    expect(statuses(run([tcp(100, 5985, 5986)], { adminPorts: [22, 3389, 5985] }))).toEqual([['FAIL', ARN]]);
  });

  it('reports ERROR when network ACLs could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { networkAcls: denied('ec2:DescribeNetworkAcls') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
