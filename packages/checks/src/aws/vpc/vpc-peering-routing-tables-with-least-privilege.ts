import type { ApiError, CheckResult, Fetched } from '@palisade/core';
import type { Ec2Route, Ec2RouteTable, Ec2VpcPeeringConnection } from '@palisade/core/aws';
import { defineCheck, eachFetched, errorResult, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import { WIDEST_VPC_PREFIX, cidrContains, isWiderThanAnyVpc } from '../lib/network.ts';

function peerCidrBlocks(connection: Ec2VpcPeeringConnection, localVpcId: string): readonly string[] {
  return connection.requester.vpcId === localVpcId ? connection.accepter.cidrBlocks : connection.requester.cidrBlocks;
}

/** Why the route grants more than least access, `undefined` when it does not, or the error that hides the peer's CIDRs. */
function judgeRoute(
  route: Ec2Route,
  table: Ec2RouteTable,
  peerings: Fetched<readonly Ec2VpcPeeringConnection[]>,
): { readonly violation: string } | { readonly error: ApiError } | undefined {
  const destination = route.destinationCidrBlock ?? route.destinationIpv6CidrBlock;
  // Prefix-list destinations are curated address sets; they cannot be judged from the route alone.
  if (destination === undefined) return undefined;
  const via = route.vpcPeeringConnectionId;
  if (isWiderThanAnyVpc(destination)) return { violation: `${destination} via ${via} is wider than any VPC` };
  if (peerings.error) return { error: peerings.error };
  const connection = peerings.value.find((candidate) => candidate.id === via);
  if (connection === undefined) return undefined;
  const whole = peerCidrBlocks(connection, table.vpcId).find((peerCidr) => cidrContains(destination, peerCidr));
  return whole === undefined ? undefined : { violation: `${destination} via ${via} covers the whole peer VPC block ${whole}` };
}

export default defineCheck({
  id: 'aws/vpc-peering-routing-tables-with-least-privilege',
  provider: 'aws',
  service: 'vpc',
  requires: ['ec2'],
  resourceType: 'AwsEc2RouteTable',
  severity: 'medium',
  title: 'Route tables route only the needed subnets or hosts over VPC peering connections',
  description: `Checks each route table that has active routes through a VPC peering connection (CIS 5.5, a manual recommendation automated here by heuristic). A route FAILS when its destination is wider than any VPC can be (IPv4 shorter than /${WIDEST_VPC_PREFIX.ipv4}, IPv6 shorter than /${WIDEST_VPC_PREFIX.ipv6}, e.g. 0.0.0.0/0 or 10.0.0.0/8) or when it covers an entire CIDR block of the peer VPC; routes to specific peer subnets or hosts pass. Blackhole routes and prefix-list destinations are not judged. A FAIL can be an accepted design decision: mute it with a reason when routing the whole peer VPC is intended.`,
  risk:
    'A peering route to the whole peer VPC (or wider) lets every subnet reach every workload on the other side. If either VPC is compromised, the attacker inherits that reach, turning one breach into two.',
  remediation: {
    summary: 'Replace broad peering routes with routes to only the subnets or hosts that must communicate, in the route tables of only the subnets that need them.',
    cli:
      'aws ec2 delete-route --route-table-id <route-table-id> --destination-cidr-block <broad-cidr>\naws ec2 create-route --route-table-id <route-table-id> --destination-cidr-block <peer-subnet-cidr> --vpc-peering-connection-id <pcx-id>',
    terraform:
      'resource "aws_route" "to_peer_db_subnet" {\n  route_table_id            = aws_route_table.app.id\n  destination_cidr_block    = "172.31.10.0/24" # a peer subnet, not the whole peer VPC\n  vpc_peering_connection_id = aws_vpc_peering_connection.peer.id\n}',
    console: 'VPC console → Route tables → select the table → Routes → Edit routes → replace destinations that target the pcx- connection with the specific peer subnet or host CIDRs → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-partial-access.html',
    'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html',
  ],
  categories: ['network'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.routeTables, regionResource(account, 'ec2', region), (table): CheckResult[] => {
        const peeringRoutes = table.routes.filter((route) => route.vpcPeeringConnectionId !== undefined && route.state !== 'blackhole');
        if (peeringRoutes.length === 0) return [];
        const target = resource(table.arn, 'AwsEc2RouteTable', table.id, region, table.tags);
        const judged = peeringRoutes.map((route) => judgeRoute(route, table, ec2.vpcPeeringConnections));
        const violations = judged.flatMap((outcome) => (outcome !== undefined && 'violation' in outcome ? [outcome.violation] : []));
        if (violations.length > 0) return [fail(target, `Route table ${table.id} (${table.vpcId}) has broad peering routes: ${violations.join('; ')}.`)];
        const unknown = judged.find((outcome) => outcome !== undefined && 'error' in outcome);
        if (unknown !== undefined && 'error' in unknown) return [errorResult(target, unknown.error, 'Peer VPC CIDR blocks could not be read')];
        const destinations = peeringRoutes.map((route) => route.destinationCidrBlock ?? route.destinationIpv6CidrBlock ?? route.destinationPrefixListId).join(', ');
        return [pass(target, `Route table ${table.id} (${table.vpcId}) routes only specific destinations over peering: ${destinations}.`)];
      }),
    ),
});
