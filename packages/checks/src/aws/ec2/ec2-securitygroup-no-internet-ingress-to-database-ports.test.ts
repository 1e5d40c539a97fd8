import { describe, expect, it } from 'vitest';
import type { Ec2Data, Ec2IpPermission } from '@palisade/core/aws';
import { accountSnapshot, denied, ipPermission, managedPrefixList, ok, runCheck, securityGroup, statuses, tcpRule } from '../../testing/aws/index.ts';
import check from './ec2-securitygroup-no-internet-ingress-to-database-ports.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1';
const LISTS = ok([managedPrefixList({ id: 'pl-0anywhere', cidrs: ['0.0.0.0/0'] }), managedPrefixList({ id: 'pl-0apps', cidrs: ['10.20.0.0/16'] })]);
const run = (ingress: readonly Ec2IpPermission[], config = {}, managedPrefixLists: Ec2Data['managedPrefixLists'] = LISTS) =>
  runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: ok([securityGroup({ id: 'sg-1', ingress })]), managedPrefixLists } } } }), config);

describe(check.id, () => {
  it.each([
    ['https only', [tcpRule(443, 443, '0.0.0.0/0')], 'PASS'],
    ['postgres from the internet', [tcpRule(5432, 5432, '0.0.0.0/0')], 'FAIL'],
    ['mysql from ::/0', [tcpRule(3306, 3306, '::/0')], 'FAIL'],
    ['redis from the internet', [tcpRule(6379, 6379, '0.0.0.0/0')], 'FAIL'],
    ['all traffic from the internet', [ipPermission({ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'] })], 'FAIL'],
    ['postgres from the app security group', [ipPermission({ fromPort: 5432, toPort: 5432, referencedGroupIds: ['sg-app'] })], 'PASS'],
    ['postgres from a private range', [tcpRule(5432, 5432, '10.0.0.0/16')], 'PASS'],
    ['postgres from two halves of the internet', [tcpRule(5432, 5432, '0.0.0.0/1'), tcpRule(5000, 6000, '128.0.0.0/1')], 'FAIL'],
    ['memcached over udp from the internet', [ipPermission({ protocol: 'udp', fromPort: 11211, toPort: 11211, ipv4Ranges: ['0.0.0.0/0'] })], 'FAIL'],
    ['udp 5432 is not postgres', [ipPermission({ protocol: 'udp', fromPort: 5432, toPort: 5432, ipv4Ranges: ['0.0.0.0/0'] })], 'PASS'],
    ['postgres from a prefix list holding 0.0.0.0/0', [ipPermission({ fromPort: 5432, toPort: 5432, prefixListIds: ['pl-0anywhere'] })], 'FAIL'],
    ['postgres from a prefix list of private ranges', [ipPermission({ fromPort: 5432, toPort: 5432, prefixListIds: ['pl-0apps'] })], 'PASS'],
  ] as const)('%s → %s', (_name, ingress, expected) => {
    expect(statuses(run(ingress))).toEqual([[expected, ARN]]);
  });

  it('honours configured database ports', () => {
    expect(statuses(run([tcpRule(8123, 8123, '0.0.0.0/0')]))).toEqual([['PASS', ARN]]);
    expect(statuses(run([tcpRule(8123, 8123, '0.0.0.0/0')], { databasePorts: [8123] }))).toEqual([['FAIL', ARN]]);
  });

  it('reports ERROR naming the API and code when a rule\'s prefix list cannot be resolved', () => {
    const denied500 = ok([managedPrefixList({ id: 'pl-0apps', entries: { error: { api: 'ec2:GetManagedPrefixListEntries', code: 'InternalError', message: 'An internal error has occurred', httpStatus: 500 } } })]);
    const [result, ...others] = run([ipPermission({ fromPort: 5432, toPort: 5432, prefixListIds: ['pl-0apps'] })], {}, denied500);
    expect(others).toEqual([]);
    expect([result?.status, result?.resource.uid, result?.error?.api, result?.error?.code]).toEqual(['ERROR', ARN, 'ec2:GetManagedPrefixListEntries', 'InternalError']);
  });

  it('reports ERROR when security groups could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: denied('ec2:DescribeSecurityGroups') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
