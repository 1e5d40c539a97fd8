import { describe, expect, it } from 'vitest';
import type { Fetched } from '@palisade/core';
import type { Ec2Route, Ec2VpcPeeringConnection } from '@palisade/core/aws';
import { accountSnapshot, denied, ok, routeTable, runCheck, statuses, vpcPeeringConnection } from '../../testing/aws/index.ts';
import check from './vpc-peering-routing-tables-with-least-privilege.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:route-table/rtb-1';
const viaPeer = (destinationCidrBlock: string, extra: Partial<Ec2Route> = {}): Ec2Route => ({
  destinationCidrBlock,
  vpcPeeringConnectionId: 'pcx-1',
  state: 'active',
  ...extra,
});
// Peer VPC 172.31.0.0/16 plus a secondary block 100.64.0.0/24.
const peerings = ok([vpcPeeringConnection({ id: 'pcx-1', peerCidrBlocks: ['172.31.0.0/16', '100.64.0.0/24'] })]);

const run = (extraRoutes: readonly Ec2Route[], vpcPeeringConnections: Fetched<readonly Ec2VpcPeeringConnection[]> = peerings) =>
  runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { routeTables: ok([routeTable({ id: 'rtb-1', extraRoutes })]), vpcPeeringConnections } } } }));

describe(check.id, () => {
  it.each([
    ['one peer subnet', [viaPeer('172.31.10.0/24')], 'PASS'],
    ['one peer host', [viaPeer('172.31.10.15/32')], 'PASS'],
    ['the whole peer VPC', [viaPeer('172.31.0.0/16')], 'FAIL'],
    ['the whole secondary peer block', [viaPeer('100.64.0.0/24')], 'FAIL'],
    ['a supernet of the peer VPC', [viaPeer('172.16.0.0/12')], 'FAIL'],
    ['everything', [viaPeer('0.0.0.0/0')], 'FAIL'],
    ['IPv6 everything', [{ destinationIpv6CidrBlock: '::/0', vpcPeeringConnectionId: 'pcx-1', state: 'active' }], 'FAIL'],
    ['specific plus broad', [viaPeer('172.31.10.0/24'), viaPeer('10.0.0.0/8')], 'FAIL'],
    ['route through an unknown peering', [viaPeer('192.168.5.0/24', { vpcPeeringConnectionId: 'pcx-gone' })], 'PASS'],
  ] as const)('%s → %s', (_name, routes, expected) => {
    expect(statuses(run(routes))).toEqual([[expected, ARN]]);
  });

  it('finds the peer side when the route table belongs to the accepter VPC', () => {
    const connection = vpcPeeringConnection({ id: 'pcx-1' });
    const accepterSide = { ...connection, requester: connection.accepter, accepter: connection.requester };
    const results = runCheck(
      check,
      accountSnapshot({
        regional: {
          'us-east-1': { ec2: { routeTables: ok([routeTable({ id: 'rtb-1', extraRoutes: [viaPeer('172.31.0.0/16')] })]), vpcPeeringConnections: ok([accepterSide]) } },
        },
      }),
    );
    expect(statuses(results)).toEqual([['FAIL', ARN]]);
  });

  it('ignores route tables without peering routes and blackhole routes', () => {
    expect(run([])).toEqual([]);
    expect(run([viaPeer('0.0.0.0/0', { state: 'blackhole' })])).toEqual([]);
  });

  it('still FAILs a route wider than any VPC when peerings could not be read', () => {
    expect(statuses(run([viaPeer('10.0.0.0/8')], denied('ec2:DescribeVpcPeeringConnections')))).toEqual([['FAIL', ARN]]);
  });

  it('reports ERROR when peerings are needed but could not be read', () => {
    const results = run([viaPeer('172.31.0.0/16')], denied('ec2:DescribeVpcPeeringConnections'));
    expect(statuses(results)).toEqual([['ERROR', ARN]]);
    expect(results[0]?.message).toContain('ec2:DescribeVpcPeeringConnections failed with AccessDenied');
  });

  it('reports ERROR when route tables could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { routeTables: denied('ec2:DescribeRouteTables') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
