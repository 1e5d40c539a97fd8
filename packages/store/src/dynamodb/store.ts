/**
 * The DynamoDB store: one table (table.ts), on-demand capacity, encrypted at rest by the table's own
 * setting. `migrate()` has no schema to migrate: it makes sure the table is there with the keys and
 * indexes the store uses — creating it when `createTable` is set (tests, development; several
 * processes may start at once: the one whose CreateTable loses sees ResourceInUseException and
 * waits like the others), otherwise checking it and naming it when it is missing.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, type DynamoDBClientConfig, type TableDescription } from '@aws-sdk/client-dynamodb';
import { isUuid } from '../rows.ts';
import { StoreError, type Store, type SystemStore, type TenantStore } from '../types.ts';
import { DynamoTable } from './requests.ts';
import { DynamoSystemStore } from './system-store.ts';
import { dynamoTableDefinition } from './table.ts';
import { DynamoTenantStore } from './tenant-store.ts';

export interface DynamoStoreOptions {
  readonly tableName: string;
  /** A client to use (the store leaves it open on `close()`); else one is made from `clientConfig`. */
  readonly client?: DynamoDBClient;
  readonly clientConfig?: DynamoDBClientConfig;
  /** `migrate()` creates the table when it is missing (tests, development); deployments create it themselves. */
  readonly createTable?: boolean;
  /** How long `migrate()` waits for the table and its indexes to become active (default 300,000 ms). */
  readonly activeTimeoutMs?: number;
  /** Items per Query request (default: DynamoDB's pages of up to 1 MB); tests make pages small to exercise paging. */
  readonly queryPageSize?: number;
}

class DynamoStore implements Store {
  readonly dialect = 'dynamodb';
  readonly system: SystemStore;
  private readonly table: DynamoTable;

  constructor(
    private readonly options: DynamoStoreOptions,
    private readonly client: DynamoDBClient,
    private readonly ownsClient: boolean,
  ) {
    this.table = new DynamoTable(client, options.tableName, options.queryPageSize);
    this.system = new DynamoSystemStore(this.table);
  }

  async migrate(): Promise<void> {
    const name = this.options.tableName;
    if (!(await describe(this.client, name))) {
      if (!this.options.createTable) throw new Error(`DynamoDB table ${name} does not exist: create it (dynamoTableDefinition) or open the store with createTable: true`);
      try {
        await this.client.send(new CreateTableCommand(dynamoTableDefinition(name)));
      } catch (error) {
        // Another process created it meanwhile.
        if ((error as { name?: unknown }).name !== 'ResourceInUseException') throw error;
      }
    }
    const table = await waitUntilActive(this.client, name, this.options.activeTimeoutMs ?? 300_000);
    checkShape(name, table);
  }

  forTenant(tenantId: string): TenantStore {
    if (!isUuid(tenantId)) throw new StoreError('InvalidInput', `a tenant id is a UUID, not ${tenantId}`, 'tenantId');
    return new DynamoTenantStore(this.table, tenantId);
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }
}

export function createDynamoStore(options: DynamoStoreOptions): Store {
  const client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
  return new DynamoStore(options, client, options.client === undefined);
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if ((error as { name?: unknown }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, name: string, timeoutMs: number): Promise<TableDescription> {
  const started = Date.now();
  for (let delay = 20; ; delay = Math.min(delay * 2, 2_000)) {
    const table = await describe(client, name);
    if (table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')) return table;
    if (Date.now() - started > timeoutMs) throw new Error(`DynamoDB table ${name} is not active after ${timeoutMs} ms (status ${table?.TableStatus ?? 'missing'})`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** The table has the keys and indexes the store reads (a table made for something else is refused). */
function checkShape(name: string, table: TableDescription): void {
  const expected = dynamoTableDefinition(name);
  const keys = (schema: readonly { AttributeName?: string; KeyType?: string }[] | undefined) => JSON.stringify((schema ?? []).map((key) => [key.AttributeName, key.KeyType]));
  const problems: string[] = [];
  if (keys(table.KeySchema) !== keys(expected.KeySchema)) problems.push(`its key is ${keys(table.KeySchema)}, not ${keys(expected.KeySchema)}`);
  for (const index of expected.GlobalSecondaryIndexes ?? []) {
    const found = table.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === index.IndexName);
    if (!found) problems.push(`it has no index ${index.IndexName}`);
    else if (keys(found.KeySchema) !== keys(index.KeySchema)) problems.push(`index ${index.IndexName} is keyed ${keys(found.KeySchema)}, not ${keys(index.KeySchema)}`);
  }
  if (problems.length > 0) throw new Error(`DynamoDB table ${name} does not fit the store: ${problems.join('; ')}`);
}
