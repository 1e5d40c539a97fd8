/**
 * EC2 over its own query protocol (`<item>` lists, `<Response><Errors>` errors), served from the
 * caller account's Ec2Data in the signing region. Describe calls honour ids, filters, MaxResults
 * and NextToken the way EC2 does; snapshots and images see other estate accounts' public ones.
 * The estate's regions are the enabled ones: any other region answers AuthFailure.
 */
import type { Fetched, Tags } from '@palisade/core';
import type {
  EbsSnapshot,
  Ec2Data,
  Ec2FlowLog,
  Ec2Image,
  Ec2Instance,
  Ec2IpPermission,
  Ec2ManagedPrefixList,
  Ec2NetworkAcl,
  Ec2RouteTable,
  Ec2SecurityGroup,
  Ec2Volume,
  Ec2Vpc,
  Ec2VpcPeeringConnection,
  Ec2VpcPeeringSide,
} from '@palisade/core/aws';
import type { ServiceSimulator, SimContext, SimEstate, SimRequest, SimResponse } from '../types.ts';
import { xmlDocument } from '../xml.ts';
import type { XmlNode, XmlValue } from '../xml.ts';
import { ec2Filters, indexedList, integerParam, pageOf, queryParams, requestId, served, stableId, wireTimestamp } from './query-protocol.ts';
import type { EstateError } from './query-protocol.ts';

const NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const XML_HEADERS = { 'content-type': 'text/xml;charset=UTF-8' } as const;

/** Commercial regions; those not in the estate answer as opt-in regions that were never enabled. */
const ALL_REGIONS = [
  'af-south-1', 'ap-east-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2', 'ap-southeast-1',
  'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1',
  'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'sa-east-1',
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];
const OPT_IN_REGIONS = new Set([
  'af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2',
  'il-central-1', 'me-central-1', 'me-south-1',
]);

const EMPTY_EC2: Ec2Data = {
  instances: { value: [] },
  securityGroups: { value: [] },
  networkAcls: { value: [] },
  volumes: { value: [] },
  snapshots: { value: [] },
  images: { value: [] },
  ebsEncryptionByDefault: { value: { enabled: false } },
  ebsDefaultKmsKeyId: { value: null },
  vpcs: { value: [] },
  flowLogs: { value: [] },
  routeTables: { value: [] },
  vpcPeeringConnections: { value: [] },
  managedPrefixLists: { value: [] },
};

/** An estate recorded before prefix lists were collected has none to serve. */
const prefixListsOf = (ec2: Ec2Data): Fetched<readonly Ec2ManagedPrefixList[]> => ec2.managedPrefixLists ?? { value: [] };
const PREFIX_LIST_PAGE = { min: 1, max: 100 } as const;
const prefixListNotFound = (id: string): [code: string, message: string] => ['InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist`];

const INSTANCE_STATE_CODES: Readonly<Record<string, number>> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };

/** What a listing needs to know about the call. */
interface Scope {
  readonly request: SimRequest;
  readonly params: URLSearchParams;
  readonly context: SimContext;
  readonly region: string;
  readonly accountId: string;
  readonly ec2: Ec2Data;
}

type FilterValues = readonly (string | number | boolean | undefined)[];

/** One Describe action over one kind of resource. */
interface Listing<T> {
  readonly element: string;
  /** The resources the caller may see, before ids and filters. */
  readonly select: (scope: Scope) => { value: readonly T[] } | { failure: EstateError };
  readonly id: (item: T) => string;
  /** `InstanceId` → `InstanceId.1`, ...; absent ids answer `notFound`. */
  readonly ids?: { readonly param: string; readonly notFound: (id: string) => [code: string, message: string] };
  readonly filters: Readonly<Record<string, (item: T) => FilterValues>>;
  readonly tags: (item: T) => Tags;
  readonly maxResults: { readonly min: number; readonly max: number; readonly clampAbove?: boolean };
  readonly render: (items: readonly T[], scope: Scope) => XmlValue;
}

function listing<T>(spec: Listing<T>): Listing<unknown> {
  return spec as unknown as Listing<unknown>;
}

const own = <T>(read: (ec2: Ec2Data) => Fetched<readonly T[]>) => (scope: Scope) => served(read(scope.ec2));

interface OwnedSnapshot {
  readonly snapshot: EbsSnapshot;
  readonly ownerId: string;
  readonly volumeSizeGiB: number;
}

interface OwnedImage {
  readonly image: Ec2Image;
  readonly ownerId: string;
}

const LISTINGS: Readonly<Record<string, Listing<unknown>>> = {
  DescribeInstances: listing<Ec2Instance>({
    element: 'reservationSet',
    select: own((ec2) => ec2.instances),
    id: (instance) => instance.id,
    ids: { param: 'InstanceId', notFound: (id) => ['InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`] },
    filters: {
      'instance-id': (instance) => [instance.id],
      'instance-state-name': (instance) => [instance.state],
      'instance-state-code': (instance) => [INSTANCE_STATE_CODES[instance.state]],
      'instance-type': (instance) => [instance.instanceType],
      'image-id': (instance) => [instance.imageId],
      'vpc-id': (instance) => [instance.vpcId],
      'subnet-id': (instance) => [instance.subnetId],
      'private-ip-address': (instance) => [instance.privateIpAddress],
      'ip-address': (instance) => [instance.publicIpAddress],
      'instance.group-id': (instance) => instance.securityGroupIds,
      'iam-instance-profile.arn': (instance) => [instance.iamInstanceProfileArn],
      'metadata-options.http-tokens': (instance) => [instance.metadataOptions.httpTokens],
      'metadata-options.http-endpoint': (instance) => [instance.metadataOptions.httpEndpoint],
    },
    tags: (instance) => instance.tags,
    maxResults: { min: 5, max: 1000 },
    render: (instances, scope) => ({ item: reservations(instances, scope) }),
  }),
  DescribeSecurityGroups: listing<Ec2SecurityGroup>({
    element: 'securityGroupInfo',
    select: own((ec2) => ec2.securityGroups),
    id: (group) => group.id,
    ids: { param: 'GroupId', notFound: (id) => ['InvalidGroup.NotFound', `The security group '${id}' does not exist`] },
    filters: {
      'group-id': (group) => [group.id],
      'group-name': (group) => [group.name],
      description: (group) => [group.description],
      'vpc-id': (group) => [group.vpcId],
      'owner-id': (group) => [group.ownerId],
      'ip-permission.protocol': (group) => group.ingress.map((permission) => permission.protocol),
      'ip-permission.cidr': (group) => group.ingress.flatMap((permission) => permission.ipv4Ranges),
      'ip-permission.ipv6-cidr': (group) => group.ingress.flatMap((permission) => permission.ipv6Ranges),
      'ip-permission.from-port': (group) => group.ingress.map((permission) => permission.fromPort),
      'ip-permission.to-port': (group) => group.ingress.map((permission) => permission.toPort),
      'ip-permission.prefix-list-id': (group) => group.ingress.flatMap((permission) => permission.prefixListIds),
    },
    tags: (group) => group.tags,
    maxResults: { min: 5, max: 1000 },
    render: (groups) => ({ item: groups.map(securityGroupItem) }),
  }),
  DescribeNetworkAcls: listing<Ec2NetworkAcl>({
    element: 'networkAclSet',
    select: own((ec2) => ec2.networkAcls),
    id: (acl) => acl.id,
    ids: { param: 'NetworkAclId', notFound: (id) => ['InvalidNetworkAclID.NotFound', `The networkAcl ID '${id}' does not exist`] },
    filters: {
      'network-acl-id': (acl) => [acl.id],
      'vpc-id': (acl) => [acl.vpcId],
      default: (acl) => [acl.isDefault],
      'association.subnet-id': (acl) => acl.subnetIds,
    },
    tags: (acl) => acl.tags,
    maxResults: { min: 5, max: 1000 },
    render: (acls, scope) => ({ item: acls.map((acl) => networkAclItem(acl, scope.accountId)) }),
  }),
  DescribeVolumes: listing<Ec2Volume>({
    element: 'volumeSet',
    select: own((ec2) => ec2.volumes),
    id: (volume) => volume.id,
    ids: { param: 'VolumeId', notFound: (id) => ['InvalidVolume.NotFound', `The volume '${id}' does not exist.`] },
    filters: {
      'volume-id': (volume) => [volume.id],
      encrypted: (volume) => [volume.encrypted],
      status: (volume) => [volume.state],
      size: (volume) => [volume.sizeGiB],
      'attachment.instance-id': (volume) => volume.attachedInstanceIds,
    },
    tags: (volume) => volume.tags,
    maxResults: { min: 5, max: 1000 },
    render: (volumes, scope) => ({ item: volumes.map((volume) => volumeItem(volume, scope)) }),
  }),
  DescribeSnapshots: listing<OwnedSnapshot>({
    element: 'snapshotSet',
    select: visibleSnapshots,
    id: (owned) => owned.snapshot.id,
    ids: { param: 'SnapshotId', notFound: (id) => ['InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`] },
    filters: {
      'snapshot-id': (owned) => [owned.snapshot.id],
      'volume-id': (owned) => [owned.snapshot.volumeId],
      encrypted: (owned) => [owned.snapshot.encrypted],
      'owner-id': (owned) => [owned.ownerId],
      status: () => ['completed'],
    },
    tags: (owned) => owned.snapshot.tags,
    // EC2 answers at most 1,000 snapshots a page, whatever MaxResults asks for.
    maxResults: { min: 5, max: 1000, clampAbove: true },
    render: (snapshots) => ({ item: snapshots.map(snapshotItem) }),
  }),
  DescribeImages: listing<OwnedImage>({
    element: 'imagesSet',
    select: visibleImages,
    id: (owned) => owned.image.id,
    ids: { param: 'ImageId', notFound: (id) => ['InvalidAMIID.NotFound', `The image id '[${id}]' does not exist`] },
    filters: {
      'image-id': (owned) => [owned.image.id],
      name: (owned) => [owned.image.name],
      state: (owned) => [owned.image.state],
      'is-public': (owned) => [owned.image.public],
      'owner-id': (owned) => [owned.ownerId],
    },
    tags: (owned) => owned.image.tags,
    maxResults: { min: 1, max: 1000 },
    render: (images) => ({ item: images.map(imageItem) }),
  }),
  DescribeVpcs: listing<Ec2Vpc>({
    element: 'vpcSet',
    select: own((ec2) => ec2.vpcs),
    id: (vpc) => vpc.id,
    ids: { param: 'VpcId', notFound: (id) => ['InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`] },
    filters: {
      'vpc-id': (vpc) => [vpc.id],
      cidr: (vpc) => [vpc.cidrBlock],
      'cidr-block-association.cidr-block': (vpc) => [vpc.cidrBlock],
      'is-default': (vpc) => [vpc.isDefault],
      state: (vpc) => [vpc.state],
    },
    tags: (vpc) => vpc.tags,
    maxResults: { min: 5, max: 1000 },
    render: (vpcs, scope) => ({ item: vpcs.map((vpc) => vpcItem(vpc, scope.accountId)) }),
  }),
  DescribeFlowLogs: listing<Ec2FlowLog>({
    element: 'flowLogSet',
    select: own((ec2) => ec2.flowLogs),
    id: (flowLog) => flowLog.id,
    filters: {
      'flow-log-id': (flowLog) => [flowLog.id],
      'resource-id': (flowLog) => [flowLog.resourceId],
      'traffic-type': (flowLog) => [flowLog.trafficType],
      'log-destination-type': (flowLog) => [flowLog.logDestinationType],
      'deliver-log-status': (flowLog) => [flowLog.deliverLogsStatus],
    },
    tags: () => ({}),
    maxResults: { min: 1, max: 1000 },
    render: (flowLogs, scope) => ({ item: flowLogs.map((flowLog) => flowLogItem(flowLog, scope)) }),
  }),
  DescribeRouteTables: listing<Ec2RouteTable>({
    element: 'routeTableSet',
    select: own((ec2) => ec2.routeTables),
    id: (table) => table.id,
    ids: { param: 'RouteTableId', notFound: (id) => ['InvalidRouteTableID.NotFound', `The routeTable ID '${id}' does not exist`] },
    filters: {
      'route-table-id': (table) => [table.id],
      'vpc-id': (table) => [table.vpcId],
      'association.main': (table) => table.associations.map((association) => association.main),
      'association.subnet-id': (table) => table.associations.map((association) => association.subnetId),
      'route.destination-cidr-block': (table) => table.routes.map((route) => route.destinationCidrBlock),
      'route.gateway-id': (table) => table.routes.map((route) => route.gatewayId),
      'route.vpc-peering-connection-id': (table) => table.routes.map((route) => route.vpcPeeringConnectionId),
    },
    tags: (table) => table.tags,
    maxResults: { min: 5, max: 100 },
    render: (tables, scope) => ({ item: tables.map((table) => routeTableItem(table, scope.accountId)) }),
  }),
  DescribeVpcPeeringConnections: listing<Ec2VpcPeeringConnection>({
    element: 'vpcPeeringConnectionSet',
    select: own((ec2) => ec2.vpcPeeringConnections),
    id: (connection) => connection.id,
    ids: { param: 'VpcPeeringConnectionId', notFound: (id) => ['InvalidVpcPeeringConnectionID.NotFound', `The vpcPeeringConnection ID '${id}' does not exist`] },
    filters: {
      'vpc-peering-connection-id': (connection) => [connection.id],
      'status-code': (connection) => [connection.status],
      'requester-vpc-info.vpc-id': (connection) => [connection.requester.vpcId],
      'requester-vpc-info.owner-id': (connection) => [connection.requester.ownerId],
      'accepter-vpc-info.vpc-id': (connection) => [connection.accepter.vpcId],
      'accepter-vpc-info.owner-id': (connection) => [connection.accepter.ownerId],
    },
    tags: (connection) => connection.tags,
    maxResults: { min: 5, max: 1000 },
    render: (connections) => ({ item: connections.map(peeringItem) }),
  }),
  DescribeManagedPrefixLists: listing<Ec2ManagedPrefixList>({
    element: 'prefixListSet',
    select: own(prefixListsOf),
    id: (list) => list.id,
    ids: { param: 'PrefixListId', notFound: prefixListNotFound },
    filters: {
      'prefix-list-id': (list) => [list.id],
      'prefix-list-name': (list) => [list.name],
      'owner-id': (list) => [list.ownerId],
    },
    tags: (list) => list.tags,
    maxResults: PREFIX_LIST_PAGE,
    render: (lists) => ({ item: lists.map(prefixListItem) }),
  }),
};

const OTHER_ACTIONS = new Set(['DescribeRegions', 'GetEbsEncryptionByDefault', 'GetEbsDefaultKmsKeyId', 'GetManagedPrefixListEntries']);

export const ec2Simulator: ServiceSimulator = {
  signingNames: ['ec2'],
  throttle: { code: 'RequestLimitExceeded', status: 503 },
  denied: { code: 'UnauthorizedOperation', status: 403 },
  operation(request) {
    const action = queryParams(request).get('Action');
    return action && (action in LISTINGS || OTHER_ACTIONS.has(action)) ? `ec2:${action}` : undefined;
  },
  respond(operation, request, context) {
    const action = operation.slice('ec2:'.length);
    const params = queryParams(request);
    const enabled = context.estate.regions.includes(request.region);
    if (!enabled) return ec2Error(request, 'AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
    if (params.get('DryRun') === 'true') return ec2Error(request, 'DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    const scope: Scope = {
      request,
      params,
      context,
      region: request.region,
      accountId: context.account.accountId,
      ec2: context.account.snapshot.regional[request.region]?.ec2 ?? EMPTY_EC2,
    };
    if (action === 'DescribeRegions') return describeRegions(scope);
    if (action === 'GetEbsEncryptionByDefault' || action === 'GetEbsDefaultKmsKeyId') return ebsDefaults(action, scope);
    if (action === 'GetManagedPrefixListEntries') return prefixListEntries(scope);
    const spec = LISTINGS[action];
    return spec ? describe(action, spec, scope) : ec2Error(request, 'InvalidAction', `The action ${action} is not valid for this web service.`, 400);
  },
  error: ec2Error,
};

/** EC2's error document, which differs from the other query services'. */
function ec2Error(request: SimRequest, code: string, message: string, status: number): SimResponse {
  const body = xmlDocument('Response', {}, { Errors: { Error: { Code: code, Message: message } }, RequestID: requestId(request) });
  return { status, headers: XML_HEADERS, body };
}

function ec2Response(request: SimRequest, action: string, body: XmlNode): SimResponse {
  return { status: 200, headers: XML_HEADERS, body: xmlDocument(`${action}Response`, { xmlns: NAMESPACE }, { requestId: requestId(request), ...body }) };
}

function failWith(request: SimRequest, failure: EstateError): SimResponse {
  return ec2Error(request, failure.code, failure.message, failure.status);
}

function describe(action: string, spec: Listing<unknown>, scope: Scope): SimResponse {
  const { request, params } = scope;
  const selected = spec.select(scope);
  if ('failure' in selected) return failWith(request, selected.failure);
  let items = selected.value;

  if (spec.ids) {
    const wanted = indexedList(params, spec.ids.param);
    if (wanted.length > 0) {
      const known = new Set(items.map(spec.id));
      const missing = wanted.find((id) => !known.has(id));
      if (missing !== undefined) {
        const [code, message] = spec.ids.notFound(missing);
        return ec2Error(request, code, message, 400);
      }
      items = items.filter((item) => wanted.includes(spec.id(item)));
    }
  }

  for (const filter of ec2Filters(params)) {
    const values = filterValues(spec, filter.name);
    if (!values) return ec2Error(request, 'InvalidParameterValue', `The filter '${filter.name}' is invalid`, 400);
    const patterns = filter.values.map(wildcard);
    items = items.filter((item) => values(item).some((value) => value !== undefined && patterns.some((pattern) => pattern.test(String(value)))));
  }

  const requested = integerParam(params, 'MaxResults');
  const { min, max, clampAbove } = spec.maxResults;
  if (requested === 'invalid' || (requested !== undefined && (requested < min || (requested > max && !clampAbove)))) {
    const bound = requested !== 'invalid' && requested !== undefined && requested > max ? `less than or equal to ${max}` : `greater than or equal to ${min}`;
    return ec2Error(request, 'InvalidParameterValue', `Value ( ${params.get('MaxResults') ?? ''} ) for parameter maxResults is invalid. Expecting a value ${bound}.`, 400);
  }
  const size = requested === undefined ? undefined : Math.min(requested, max);
  const page = pageOf(items, `${action}|${scope.accountId}|${scope.region}`, params.get('NextToken'), size);
  if (page === 'invalid-token') return ec2Error(request, 'InvalidPaginationToken', `The pagination token ${params.get('NextToken') ?? ''} is invalid.`, 400);
  return ec2Response(request, action, { [spec.element]: spec.render(page.items, scope), ...(page.next ? { nextToken: page.next } : {}) });
}

function filterValues(spec: Listing<unknown>, name: string): ((item: unknown) => FilterValues) | undefined {
  if (name.startsWith('tag:')) {
    const key = name.slice('tag:'.length);
    return (item) => [spec.tags(item)[key]];
  }
  if (name === 'tag-key') return (item) => Object.keys(spec.tags(item));
  if (name === 'tag-value') return (item) => Object.values(spec.tags(item));
  return spec.filters[name];
}

/** EC2 filter values match whole strings, with `*` and `?` as wildcards. */
function wildcard(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}

function describeRegions(scope: Scope): SimResponse {
  const { params, request, context } = scope;
  const all = params.get('AllRegions') === 'true';
  const enabled = new Set(context.estate.regions);
  let regions = (all ? [...new Set([...ALL_REGIONS, ...context.estate.regions])].sort() : [...context.estate.regions]).map((name) => ({
    name,
    endpoint: `ec2.${name}.amazonaws.com`,
    optInStatus: !enabled.has(name) ? 'not-opted-in' : OPT_IN_REGIONS.has(name) ? 'opted-in' : 'opt-in-not-required',
  }));
  const named = indexedList(params, 'RegionName');
  if (named.length > 0) {
    const unknown = named.find((name) => !regions.some((region) => region.name === name));
    if (unknown !== undefined) return ec2Error(request, 'InvalidParameterValue', `Invalid region: ${unknown}`, 400);
    regions = regions.filter((region) => named.includes(region.name));
  }
  const fields: Readonly<Record<string, (region: (typeof regions)[number]) => string>> = {
    'region-name': (region) => region.name,
    endpoint: (region) => region.endpoint,
    'opt-in-status': (region) => region.optInStatus,
  };
  for (const filter of ec2Filters(params)) {
    const field = fields[filter.name];
    if (!field) return ec2Error(request, 'InvalidParameterValue', `The filter '${filter.name}' is invalid`, 400);
    const patterns = filter.values.map(wildcard);
    regions = regions.filter((region) => patterns.some((pattern) => pattern.test(field(region))));
  }
  return ec2Response(request, 'DescribeRegions', {
    regionInfo: { item: regions.map((region) => ({ regionName: region.name, regionEndpoint: region.endpoint, optInStatus: region.optInStatus })) },
  });
}

/** Each answer from its own recorded read, so a failed key lookup fails only GetEbsDefaultKmsKeyId. */
function ebsDefaults(action: 'GetEbsEncryptionByDefault' | 'GetEbsDefaultKmsKeyId', scope: Scope): SimResponse {
  const { request } = scope;
  if (action === 'GetEbsEncryptionByDefault') {
    const setting = served(scope.ec2.ebsEncryptionByDefault);
    if ('failure' in setting) return failWith(request, setting.failure);
    return ec2Response(request, action, { ebsEncryptionByDefault: setting.value.enabled, sseType: 'sse-ebs' });
  }
  const key = served(scope.ec2.ebsDefaultKmsKeyId ?? { value: null });
  if ('failure' in key) return failWith(request, key.failure);
  return ec2Response(request, action, { kmsKeyId: key.value ?? undefined });
}

/** GetManagedPrefixListEntries: one list's entries, paged like the Describe calls. */
function prefixListEntries(scope: Scope): SimResponse {
  const { request, params } = scope;
  const id = params.get('PrefixListId');
  if (!id) return ec2Error(request, 'MissingParameter', 'The request must contain the parameter PrefixListId', 400);
  const lists = served(prefixListsOf(scope.ec2));
  if ('failure' in lists) return failWith(request, lists.failure);
  const list = lists.value.find((candidate) => candidate.id === id);
  if (!list) {
    const [code, message] = prefixListNotFound(id);
    return ec2Error(request, code, message, 400);
  }
  const entries = served(list.entries);
  if ('failure' in entries) return failWith(request, entries.failure);
  const requested = integerParam(params, 'MaxResults');
  if (requested === 'invalid' || (requested !== undefined && (requested < PREFIX_LIST_PAGE.min || requested > PREFIX_LIST_PAGE.max))) {
    return ec2Error(request, 'InvalidParameterValue', `Value ( ${params.get('MaxResults') ?? ''} ) for parameter maxResults is invalid.`, 400);
  }
  const page = pageOf(entries.value, `GetManagedPrefixListEntries|${scope.accountId}|${scope.region}|${id}`, params.get('NextToken'), requested);
  if (page === 'invalid-token') return ec2Error(request, 'InvalidPaginationToken', `The pagination token ${params.get('NextToken') ?? ''} is invalid.`, 400);
  return ec2Response(request, 'GetManagedPrefixListEntries', {
    entrySet: { item: page.items.map((entry) => ({ cidr: entry.cidr, description: entry.description })) },
    ...(page.next ? { nextToken: page.next } : {}),
  });
}

interface PublicResources {
  readonly snapshots: OwnedSnapshot[];
  readonly images: OwnedImage[];
}

/**
 * Every account's public snapshots and images in one region, indexed once per estate: a lookup must
 * not walk (and, for a lazily generated estate, rebuild) every account on each Describe call.
 */
const publicIndex = new WeakMap<SimEstate, Map<string, PublicResources>>();

function publicInRegion(scope: Scope): PublicResources {
  let byRegion = publicIndex.get(scope.context.estate);
  if (!byRegion) {
    // Every region at once, in one pass over the accounts: an account's state is generated whole
    // (all regions) and only a few are cached, so a pass per region would generate each again.
    byRegion = new Map();
    for (const account of scope.context.estate.accounts) {
      for (const [region, state] of Object.entries(account.snapshot.regional)) {
        const ec2 = state?.ec2;
        if (!ec2) continue;
        let found = byRegion.get(region);
        if (!found) {
          found = { snapshots: [], images: [] };
          byRegion.set(region, found);
        }
        const sizes = new Map((ec2.volumes.value ?? []).map((volume) => [volume.id, volume.sizeGiB]));
        for (const snapshot of ec2.snapshots.value ?? []) {
          if (snapshot.public) found.snapshots.push({ snapshot, ownerId: account.accountId, volumeSizeGiB: sizes.get(snapshot.volumeId) ?? 8 });
        }
        for (const image of ec2.images.value ?? []) if (image.public) found.images.push({ image, ownerId: account.accountId });
      }
    }
    publicIndex.set(scope.context.estate, byRegion);
  }
  return byRegion.get(scope.region) ?? NO_PUBLIC_RESOURCES;
}

const NO_PUBLIC_RESOURCES: PublicResources = { snapshots: [], images: [] };

/**
 * Whether other accounts' public resources can be in the answer: not when the request names the
 * caller as the only owner (what the collectors ask), so the index of every account's public
 * resources, which generates the whole estate, is built only when a request needs it.
 */
function othersVisible(scope: Scope, owners: readonly string[] | undefined): boolean {
  return !owners || owners.some((owner) => owner !== scope.accountId);
}

/** Owners named by `Owner.N`: `self` is the caller; aliases such as `amazon` own nothing in the estate. */
function ownerIds(scope: Scope): string[] | undefined {
  const owners = indexedList(scope.params, 'Owner');
  return owners.length ? owners.map((owner) => (owner === 'self' ? scope.accountId : owner)) : undefined;
}

/**
 * The caller's own snapshots plus other accounts' public ones; `RestorableBy.N=all` keeps only
 * public snapshots, which is how a reader learns which of its snapshots are public.
 */
function visibleSnapshots(scope: Scope): { value: readonly OwnedSnapshot[] } | { failure: EstateError } {
  const mine = served(scope.ec2.snapshots);
  if ('failure' in mine) return mine;
  const ownSizes = new Map((scope.ec2.volumes.value ?? []).map((volume) => [volume.id, volume.sizeGiB]));
  const owners = ownerIds(scope);
  let visible: OwnedSnapshot[] = [
    ...mine.value.map((snapshot) => ({ snapshot, ownerId: scope.accountId, volumeSizeGiB: ownSizes.get(snapshot.volumeId) ?? 8 })),
    ...(othersVisible(scope, owners) ? publicInRegion(scope).snapshots.filter((owned) => owned.ownerId !== scope.accountId) : []),
  ];
  if (owners) visible = visible.filter((owned) => owners.includes(owned.ownerId));
  const restorableBy = indexedList(scope.params, 'RestorableBy');
  if (restorableBy.length) {
    const accounts = restorableBy.map((id) => (id === 'self' ? scope.accountId : id));
    visible = visible.filter((owned) => owned.snapshot.public || accounts.some((id) => id !== 'all' && id === owned.ownerId));
  }
  return { value: visible };
}

/** The caller's own images plus other accounts' public ones, narrowed by `Owner.N` and `ExecutableBy.N`. */
function visibleImages(scope: Scope): { value: readonly OwnedImage[] } | { failure: EstateError } {
  const mine = served(scope.ec2.images);
  if ('failure' in mine) return mine;
  const owners = ownerIds(scope);
  let visible: OwnedImage[] = [
    ...mine.value.map((image) => ({ image, ownerId: scope.accountId })),
    ...(othersVisible(scope, owners) ? publicInRegion(scope).images.filter((owned) => owned.ownerId !== scope.accountId) : []),
  ];
  if (owners) visible = visible.filter((owned) => owners.includes(owned.ownerId));
  const executableBy = indexedList(scope.params, 'ExecutableBy');
  if (executableBy.length) {
    const accounts = executableBy.map((id) => (id === 'self' ? scope.accountId : id));
    visible = visible.filter((owned) => owned.image.public || accounts.some((id) => id !== 'all' && id === owned.ownerId));
  }
  return { value: visible };
}

function tagSet(tags: Tags): XmlValue {
  const entries = Object.entries(tags);
  // EC2 leaves the element out for a resource without tags.
  return entries.length ? { item: entries.map(([key, value]) => ({ key, value })) } : undefined;
}

/** Instances launched together share a reservation; the estate does not record one, so launch time stands in. */
function reservations(instances: readonly Ec2Instance[], scope: Scope): XmlNode[] {
  const groups: Ec2Instance[][] = [];
  for (const instance of instances) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.launchTime === instance.launchTime) last.push(instance);
    else groups.push([instance]);
  }
  const groupNames = new Map((scope.ec2.securityGroups.value ?? []).map((group) => [group.id, group.name]));
  return groups.map((members) => ({
    reservationId: stableId('r-', members[0]?.id ?? '', 17),
    ownerId: scope.accountId,
    groupSet: {},
    instancesSet: { item: members.map((instance, index) => instanceItem(instance, index, scope, groupNames)) },
  }));
}

function instanceItem(instance: Ec2Instance, launchIndex: number, scope: Scope, groupNames: ReadonlyMap<string, string>): XmlNode {
  const metadata = instance.metadataOptions;
  const privateDns = instance.privateIpAddress ? `ip-${instance.privateIpAddress.replace(/\./g, '-')}.${scope.region === 'us-east-1' ? 'ec2.internal' : `${scope.region}.compute.internal`}` : '';
  return {
    instanceId: instance.id,
    imageId: instance.imageId,
    instanceState: { code: INSTANCE_STATE_CODES[instance.state] ?? 16, name: instance.state },
    privateDnsName: privateDns,
    dnsName: instance.publicIpAddress
      ? `ec2-${instance.publicIpAddress.replace(/\./g, '-')}.${scope.region === 'us-east-1' ? 'compute-1' : `${scope.region}.compute`}.amazonaws.com`
      : '',
    reason: '',
    amiLaunchIndex: launchIndex,
    productCodes: {},
    instanceType: instance.instanceType,
    launchTime: wireTimestamp(instance.launchTime, 'millis'),
    placement: { availabilityZone: `${scope.region}a`, groupName: '', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    subnetId: instance.subnetId,
    vpcId: instance.vpcId,
    privateIpAddress: instance.privateIpAddress,
    ipAddress: instance.publicIpAddress,
    groupSet: { item: instance.securityGroupIds.map((groupId) => ({ groupId, groupName: groupNames.get(groupId) ?? groupId })) },
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    virtualizationType: 'hvm',
    iamInstanceProfile: instance.iamInstanceProfileArn ? { arn: instance.iamInstanceProfileArn, id: stableId('AIPA', instance.iamInstanceProfileArn, 17, 'upper') } : undefined,
    tagSet: tagSet(instance.tags),
    metadataOptions: {
      state: 'applied',
      httpTokens: metadata.httpTokens,
      httpPutResponseHopLimit: metadata.httpPutResponseHopLimit,
      httpEndpoint: metadata.httpEndpoint,
      httpProtocolIpv6: 'disabled',
      instanceMetadataTags: 'disabled',
    },
  };
}

function ipPermissionItem(permission: Ec2IpPermission, ownerId: string): XmlNode {
  return {
    ipProtocol: permission.protocol,
    fromPort: permission.fromPort,
    toPort: permission.toPort,
    groups: { item: permission.referencedGroupIds.map((groupId) => ({ userId: ownerId, groupId })) },
    ipRanges: { item: permission.ipv4Ranges.map((cidrIp) => ({ cidrIp })) },
    ipv6Ranges: { item: permission.ipv6Ranges.map((cidrIpv6) => ({ cidrIpv6 })) },
    prefixListIds: { item: permission.prefixListIds.map((prefixListId) => ({ prefixListId })) },
  };
}

function securityGroupItem(group: Ec2SecurityGroup): XmlNode {
  return {
    ownerId: group.ownerId,
    groupId: group.id,
    groupName: group.name,
    groupDescription: group.description,
    vpcId: group.vpcId,
    securityGroupArn: group.arn,
    ipPermissions: { item: group.ingress.map((permission) => ipPermissionItem(permission, group.ownerId)) },
    ipPermissionsEgress: { item: group.egress.map((permission) => ipPermissionItem(permission, group.ownerId)) },
    tagSet: tagSet(group.tags),
  };
}

function networkAclItem(acl: Ec2NetworkAcl, ownerId: string): XmlNode {
  return {
    networkAclId: acl.id,
    vpcId: acl.vpcId,
    default: acl.isDefault,
    entrySet: {
      item: acl.entries.map((entry) => ({
        ruleNumber: entry.ruleNumber,
        protocol: entry.protocol,
        ruleAction: entry.ruleAction,
        egress: entry.egress,
        cidrBlock: entry.cidrBlock,
        ipv6CidrBlock: entry.ipv6CidrBlock,
        portRange: entry.portRange ? { from: entry.portRange.from, to: entry.portRange.to } : undefined,
      })),
    },
    associationSet: {
      item: acl.subnetIds.map((subnetId) => ({ networkAclAssociationId: stableId('aclassoc-', `${acl.id}/${subnetId}`, 17), networkAclId: acl.id, subnetId })),
    },
    tagSet: tagSet(acl.tags),
    ownerId,
  };
}

function volumeItem(volume: Ec2Volume, scope: Scope): XmlNode {
  const created = wireTimestamp(scope.context.account.snapshot.collectedAt, 'millis');
  return {
    volumeId: volume.id,
    size: volume.sizeGiB,
    availabilityZone: `${scope.region}a`,
    status: volume.state,
    createTime: created,
    attachmentSet: {
      item: volume.attachedInstanceIds.map((instanceId) => ({
        volumeId: volume.id,
        instanceId,
        device: '/dev/xvda',
        status: 'attached',
        attachTime: created,
        deleteOnTermination: true,
      })),
    },
    volumeType: 'gp3',
    encrypted: volume.encrypted,
    kmsKeyId: volume.kmsKeyId,
    tagSet: tagSet(volume.tags),
    multiAttachEnabled: false,
  };
}

function snapshotItem(owned: OwnedSnapshot): XmlNode {
  const { snapshot } = owned;
  return {
    snapshotId: snapshot.id,
    volumeId: snapshot.volumeId,
    status: 'completed',
    startTime: wireTimestamp(snapshot.startTime, 'millis'),
    progress: '100%',
    ownerId: owned.ownerId,
    volumeSize: owned.volumeSizeGiB,
    description: '',
    encrypted: snapshot.encrypted,
    tagSet: tagSet(snapshot.tags),
    storageTier: 'standard',
  };
}

function imageItem(owned: OwnedImage): XmlNode {
  const { image } = owned;
  return {
    imageId: image.id,
    imageLocation: `${owned.ownerId}/${image.name}`,
    imageState: image.state,
    imageOwnerId: owned.ownerId,
    creationDate: image.creationDate,
    isPublic: image.public,
    architecture: 'x86_64',
    imageType: 'machine',
    name: image.name,
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    virtualizationType: 'hvm',
    tagSet: tagSet(image.tags),
  };
}

function vpcItem(vpc: Ec2Vpc, ownerId: string): XmlNode {
  return {
    vpcId: vpc.id,
    ownerId,
    state: vpc.state,
    cidrBlock: vpc.cidrBlock,
    cidrBlockAssociationSet: {
      item: [{ cidrBlock: vpc.cidrBlock, associationId: stableId('vpc-cidr-assoc-', vpc.id, 17), cidrBlockState: { state: 'associated' } }],
    },
    dhcpOptionsId: stableId('dopt-', ownerId, 17),
    tagSet: tagSet(vpc.tags),
    instanceTenancy: 'default',
    isDefault: vpc.isDefault,
  };
}

function flowLogItem(flowLog: Ec2FlowLog, scope: Scope): XmlNode {
  const logGroup = flowLog.logDestinationType === 'cloud-watch-logs' && flowLog.logDestination ? /:log-group:([^:]+)/.exec(flowLog.logDestination)?.[1] : undefined;
  return {
    creationTime: wireTimestamp(scope.context.account.snapshot.collectedAt, 'millis'),
    deliverLogsStatus: flowLog.deliverLogsStatus,
    flowLogId: flowLog.id,
    flowLogStatus: flowLog.status,
    logGroupName: logGroup,
    resourceId: flowLog.resourceId,
    trafficType: flowLog.trafficType,
    logDestinationType: flowLog.logDestinationType,
    logDestination: flowLog.logDestination,
    logFormat: '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}',
    maxAggregationInterval: 600,
  };
}

function routeTableItem(table: Ec2RouteTable, ownerId: string): XmlNode {
  return {
    routeTableId: table.id,
    vpcId: table.vpcId,
    ownerId,
    routeSet: {
      item: table.routes.map((route) => ({
        destinationCidrBlock: route.destinationCidrBlock,
        destinationIpv6CidrBlock: route.destinationIpv6CidrBlock,
        destinationPrefixListId: route.destinationPrefixListId,
        gatewayId: route.gatewayId,
        natGatewayId: route.natGatewayId,
        transitGatewayId: route.transitGatewayId,
        vpcPeeringConnectionId: route.vpcPeeringConnectionId,
        state: route.state,
        origin: route.gatewayId === 'local' ? 'CreateRouteTable' : 'CreateRoute',
      })),
    },
    associationSet: {
      item: table.associations.map((association, index) => ({
        main: association.main,
        routeTableAssociationId: stableId('rtbassoc-', `${table.id}/${association.subnetId ?? index}`, 17),
        routeTableId: table.id,
        subnetId: association.subnetId,
        associationState: { state: 'associated' },
      })),
    },
    propagatingVgwSet: {},
    tagSet: tagSet(table.tags),
  };
}

function prefixListItem(list: Ec2ManagedPrefixList): XmlNode {
  return {
    prefixListId: list.id,
    addressFamily: list.addressFamily,
    state: list.state,
    prefixListArn: list.arn,
    prefixListName: list.name,
    maxEntries: list.maxEntries,
    version: 1,
    tagSet: tagSet(list.tags),
    ownerId: list.ownerId,
  };
}

function peeringSideItem(side: Ec2VpcPeeringSide): XmlNode {
  return {
    cidrBlock: side.cidrBlocks[0],
    cidrBlockSet: { item: side.cidrBlocks.map((cidrBlock) => ({ cidrBlock })) },
    ownerId: side.ownerId,
    vpcId: side.vpcId,
    region: side.region,
  };
}

function peeringItem(connection: Ec2VpcPeeringConnection): XmlNode {
  const message = connection.status ? `${connection.status[0]?.toUpperCase() ?? ''}${connection.status.slice(1)}` : '';
  return {
    accepterVpcInfo: peeringSideItem(connection.accepter),
    requesterVpcInfo: peeringSideItem(connection.requester),
    status: { code: connection.status, message },
    tagSet: tagSet(connection.tags),
    vpcPeeringConnectionId: connection.id,
  };
}
