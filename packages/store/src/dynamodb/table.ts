/**
 * The one DynamoDB table of a DynamoDB store, and every key in it. Single-table design: each item's
 * partition key (`pk`) names its tenant (`T#<tenantId>…`) or, for what is looked up across tenants,
 * its own installation-wide partition; the sort key (`sk`) names the item within the partition.
 *
 * Partitions of a tenant:
 * * `T#<tenant>` — the tenant's configuration: `TENANT`, `MEMBER#<user>`, `ROLE#<name>`,
 *   `INVITATION#<id>`, `APIKEY#<id>`, `SECRET#<id>`, `PROVIDER#<id>`, `SCHEDULE#<id>`, `SCAN#<id>`,
 *   `ACTIVE#<scan>` (a queued or running scan), `MUTE#<id>`, `NOTE#<uid digest>#<id>`,
 *   `AUDIT#<at>#<id>`, `INTEGRATION#<id>`, `ALERTRULE#<id>`, `DELIVERY#<id>`,
 *   `DELIVERYKEY#<integration>#<notification>` (one delivery per pair), `DEDUPE#<key>`.
 * * `T#<tenant>#S#<scan>` — a scan's findings (`F#<uid>`) and its deliveries (`D#<delivery>`).
 * * `T#<tenant>#C` — per provider × uid (`<provider>#<uid>`): first and last seen, latest and
 *   settled scan and status, and a copy of the latest row while the uid is in the latest view.
 *
 * Installation-wide partitions: `USER#<id>` (`USER`, and `MEMBER#<tenant>`: the user's
 * memberships), `EMAIL#<e-mail>`, `KEYPREFIX#<prefix>` and `KEYID#<id>` (API key lookups),
 * `INVITATION#<id>`, `TOKEN#<id>`, `TOKENHASH#<hash>`, `TOKENFAMILY#<family>`.
 *
 * Two global secondary indexes:
 * * `history` (`hpk` = `T#<tenant>#U#<uid>`, `hsk` = `<time>#<scan>`): a uid's rows across scans
 *   in time order; projects status (`st`), muted (`mu`), present (`pr`) and provider (`p`).
 * * `queues` (`qpk`, `qsk`), sparse, keys only plus a lease (`leaseUntil`): `TENANTS` (by id),
 *   `SECRETS` (by id), `UNFINISHED_SCANS` (by scan id) and `DUE_SCHEDULES` (enabled schedules by
 *   `<nextRunAt>#<id>`): the lists that cross tenants.
 *
 * Ids are UUID version 7 and `createdAt` is the millisecond the id was made, so the order of ids is
 * the order of (creation time, id): a partition read in key order is a list in creation order.
 */
import type { CreateTableCommandInput, KeySchemaElement } from '@aws-sdk/client-dynamodb';

export const HISTORY_INDEX = 'history';
export const QUEUES_INDEX = 'queues';

/** The attributes the history index copies besides the keys. */
export const HISTORY_PROJECTION = ['st', 'mu', 'pr', 'p'] as const;
export const QUEUES_PROJECTION = ['leaseUntil'] as const;

export type Queue = 'TENANTS' | 'SECRETS' | 'UNFINISHED_SCANS' | 'DUE_SCHEDULES';

/**
 * The table as `CreateTableCommand` takes it: keys, indexes, on-demand capacity. Deployments declare
 * the same keys and indexes (encryption at rest and backups are theirs to set).
 */
export function dynamoTableDefinition(tableName: string): CreateTableCommandInput & { TableName: string } {
  const keys = (hash: string, range: string): KeySchemaElement[] => [
    { AttributeName: hash, KeyType: 'HASH' },
    { AttributeName: range, KeyType: 'RANGE' },
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'hpk', 'hsk', 'qpk', 'qsk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: keys('pk', 'sk'),
    GlobalSecondaryIndexes: [
      { IndexName: HISTORY_INDEX, KeySchema: keys('hpk', 'hsk'), Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...HISTORY_PROJECTION] } },
      { IndexName: QUEUES_INDEX, KeySchema: keys('qpk', 'qsk'), Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...QUEUES_PROJECTION] } },
    ],
  };
}

export interface Key {
  readonly pk: string;
  readonly sk: string;
}

export type EntityKind =
  | 'MEMBER'
  | 'ROLE'
  | 'INVITATION'
  | 'APIKEY'
  | 'SECRET'
  | 'PROVIDER'
  | 'SCHEDULE'
  | 'SCAN'
  | 'ACTIVE'
  | 'MUTE'
  | 'NOTE'
  | 'AUDIT'
  | 'INTEGRATION'
  | 'ALERTRULE'
  | 'DELIVERY'
  | 'DELIVERYKEY'
  | 'DEDUPE';

/**
 * Every key of one tenant's items. The tenant stores build their keys here only, from the id
 * `forTenant` was given: an id of another tenant names an item of this tenant's partitions, which
 * does not exist.
 */
export class TenantKeys {
  readonly partition: string;

  constructor(readonly tenantId: string) {
    this.partition = `T#${tenantId}`;
  }

  tenant(): Key {
    return { pk: this.partition, sk: 'TENANT' };
  }

  entity(kind: EntityKind, id: string): Key {
    return { pk: this.partition, sk: `${kind}#${id}` };
  }

  /** The sort key prefix of a kind's items in the tenant partition. */
  prefix(kind: EntityKind): string {
    return `${kind}#`;
  }

  scanPartition(scanId: string): string {
    return `${this.partition}#S#${scanId}`;
  }

  findingRow(scanId: string, uid: string): Key {
    return { pk: this.scanPartition(scanId), sk: `F#${uid}` };
  }

  scanDelivery(scanId: string, deliveryId: string): Key {
    return { pk: this.scanPartition(scanId), sk: `D#${deliveryId}` };
  }

  currentPartition(): string {
    return `${this.partition}#C`;
  }

  current(providerId: string, uid: string): Key {
    return { pk: this.currentPartition(), sk: `${providerId}#${uid}` };
  }

  historyPartition(uid: string): string {
    return `${this.partition}#U#${uid}`;
  }
}

/** Installation-wide keys: what is found without knowing the tenant. */
export const systemKeys = {
  user: (id: string): Key => ({ pk: `USER#${id}`, sk: 'USER' }),
  userMembership: (userId: string, tenantId: string): Key => ({ pk: `USER#${userId}`, sk: `MEMBER#${tenantId}` }),
  email: (email: string): Key => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' }),
  keyPrefix: (prefix: string): Key => ({ pk: `KEYPREFIX#${prefix}`, sk: 'KEYPREFIX' }),
  keyId: (id: string): Key => ({ pk: `KEYID#${id}`, sk: 'KEYID' }),
  invitation: (id: string): Key => ({ pk: `INVITATION#${id}`, sk: 'INVITATION' }),
  token: (id: string): Key => ({ pk: `TOKEN#${id}`, sk: 'TOKEN' }),
  tokenHash: (hash: string): Key => ({ pk: `TOKENHASH#${hash}`, sk: 'TOKENHASH' }),
  tokenFamily: (familyId: string, tokenId: string): Key => ({ pk: `TOKENFAMILY#${familyId}`, sk: tokenId }),
  tokenFamilyPartition: (familyId: string): string => `TOKENFAMILY#${familyId}`,
};

/** The tenant of an item in a tenant partition (`T#<tenant>…`). */
export function tenantOfPartition(pk: string): string {
  return pk.slice(2, 38);
}
