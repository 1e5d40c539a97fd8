/**
 * The requests the DynamoDB store makes, on one table: single-item reads and conditional writes,
 * queries page by page, batches (100 keys per BatchGetItem, 25 writes per BatchWriteItem, what the
 * service leaves unprocessed sent again with back-off) and transactions (TransactWriteItems, up to
 * 100 actions, all or nothing). Reads of the table are strongly consistent; the indexes cannot be.
 *
 * A conditional write whose condition fails is an expected outcome and comes back as data (`false`,
 * `undefined`, the failed action's index); every other error propagates as the SDK raised it.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { Expression, marshalItem, unmarshalItem, updateExpression, type Changes, type Condition, type Item, type StoredItem } from './codec.ts';
import { HISTORY_INDEX, QUEUES_INDEX, type Key } from './table.ts';

const BATCH_GET_SIZE = 100;
const BATCH_WRITE_SIZE = 25;
/** BatchWriteItem requests of one call in flight at once: a scan's completion writes one item per finding. */
const BATCH_WRITE_CONCURRENCY = 16;
export const TRANSACTION_SIZE = 100;
/** Attempts after a conflict with another transaction. */
const CONFLICT_RETRIES = 5;

export type TransactAction =
  | { readonly put: Item; readonly condition?: Condition }
  | { readonly update: Key; readonly changes: Changes; readonly condition?: Condition }
  | { readonly delete: Key; readonly condition?: Condition }
  | { readonly check: Key; readonly condition: Condition };

export interface QuerySpec {
  /** The base table (default) or an index; an index's reads are eventually consistent. */
  readonly index?: typeof HISTORY_INDEX | typeof QUEUES_INDEX;
  readonly partition: string;
  /** The sort key: starting with `prefix`, or below / above a bound (exclusive). */
  readonly prefix?: string;
  readonly below?: string;
  readonly above?: string;
  /** Base table only: resume after this sort key (a page's last one). */
  readonly startAfter?: string;
  readonly descending?: boolean;
  /** Items per request (DynamoDB also stops at 1 MB). */
  readonly pageSize?: number;
  /** Only these attributes. */
  readonly attributes?: readonly string[];
}

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}

async function backOff(attempt: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2)));
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += size) result.push(values.slice(start, start + size));
  return result;
}

/** `pk` and `sk` joined, for maps keyed by item. */
export function keyString(key: { readonly pk?: unknown; readonly sk?: unknown }): string {
  return `${String(key.pk)}\u0000${String(key.sk)}`;
}

export class DynamoTable {
  constructor(
    readonly client: DynamoDBClient,
    readonly name: string,
    /** Items per Query request when the query names none (default: DynamoDB's pages of up to 1 MB); tests make pages small. */
    private readonly pageSize?: number,
  ) {}

  /**
   * Sends a request (`send` makes it); one that met a transaction in progress on its item
   * (TransactionConflictException) is sent again after a pause.
   */
  private async retrying<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if ((error as { name?: unknown }).name !== 'TransactionConflictException' || attempt >= CONFLICT_RETRIES) throw error;
        await backOff(attempt + 1);
      }
    }
  }

  private static key(key: Key): StoredItem {
    return { pk: { S: key.pk }, sk: { S: key.sk } };
  }

  async get(key: Key, attributes?: readonly string[]): Promise<Item | undefined> {
    const e = new Expression();
    const projection = attributes?.map((name) => e.name(name)).join(', ');
    const command = new GetItemCommand({ TableName: this.name, Key: DynamoTable.key(key), ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}), ...e.attributes() });
    const result = await this.retrying(() => this.client.send(command));
    return result.Item && unmarshalItem(result.Item);
  }

  /** False when `condition` failed. */
  async put(item: Item, condition?: Condition): Promise<boolean> {
    const e = new Expression();
    const expression = condition?.(e);
    const command = new PutItemCommand({ TableName: this.name, Item: marshalItem(item), ...(expression ? { ConditionExpression: expression } : {}), ...e.attributes() });
    try {
      await this.retrying(() => this.client.send(command));
      return true;
    } catch (error) {
      if (condition && isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The item as changed, or undefined when `condition` failed. */
  async update(key: Key, changes: Changes, condition?: Condition): Promise<Item | undefined> {
    const e = new Expression();
    const update = updateExpression(changes, e);
    if (update === undefined) throw new Error('an update changes something');
    const expression = condition?.(e);
    const command = new UpdateItemCommand({
      TableName: this.name,
      Key: DynamoTable.key(key),
      UpdateExpression: update,
      ...(expression ? { ConditionExpression: expression } : {}),
      ...e.attributes(),
      ReturnValues: 'ALL_NEW',
    });
    try {
      const result = await this.retrying(() => this.client.send(command));
      return unmarshalItem(result.Attributes ?? {});
    } catch (error) {
      if (condition && isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** The item deleted, or undefined when there was none (or `condition` failed). */
  async delete(key: Key, condition?: Condition): Promise<Item | undefined> {
    const e = new Expression();
    const expression = condition?.(e);
    const command = new DeleteItemCommand({ TableName: this.name, Key: DynamoTable.key(key), ...(expression ? { ConditionExpression: expression } : {}), ...e.attributes(), ReturnValues: 'ALL_OLD' });
    try {
      const result = await this.retrying(() => this.client.send(command));
      return result.Attributes && unmarshalItem(result.Attributes);
    } catch (error) {
      if (condition && isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** The query's items, one request's page at a time, in key order. */
  async *pages(spec: QuerySpec): AsyncGenerator<Item[]> {
    const e = new Expression();
    const [hash, range] = spec.index === HISTORY_INDEX ? ['hpk', 'hsk'] : spec.index === QUEUES_INDEX ? ['qpk', 'qsk'] : ['pk', 'sk'];
    let condition = `${e.name(hash!)} = ${e.value(spec.partition)}`;
    if (spec.prefix !== undefined) condition += ` AND begins_with(${e.name(range!)}, ${e.value(spec.prefix)})`;
    if (spec.below !== undefined) condition += ` AND ${e.name(range!)} < ${e.value(spec.below)}`;
    if (spec.above !== undefined) condition += ` AND ${e.name(range!)} > ${e.value(spec.above)}`;
    const projection = spec.attributes?.map((name) => e.name(name)).join(', ');
    let start: Record<string, AttributeValue> | undefined = spec.startAfter === undefined ? undefined : { pk: { S: spec.partition }, sk: { S: spec.startAfter } };
    do {
      const command = new QueryCommand({
        TableName: this.name,
        ...(spec.index ? { IndexName: spec.index } : { ConsistentRead: true }),
        KeyConditionExpression: condition,
        ...(projection ? { ProjectionExpression: projection } : {}),
        ...e.attributes(),
        ScanIndexForward: !spec.descending,
        ...((spec.pageSize ?? this.pageSize) ? { Limit: spec.pageSize ?? this.pageSize } : {}),
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      const result = await this.retrying(() => this.client.send(command));
      yield (result.Items ?? []).map(unmarshalItem);
      start = result.LastEvaluatedKey;
    } while (start);
  }

  /**
   * The query's pages as `pages` yields them, each next page requested as soon as the current one
   * is handed out: the caller works on one page while the next is read, and holds two at most.
   */
  async *pagesAhead(spec: QuerySpec): AsyncGenerator<Item[]> {
    const pages = this.pages(spec);
    for (let next = pages.next(); ; ) {
      const page = await next;
      if (page.done) return;
      next = pages.next();
      // Read ahead: a failure is met at the next await, not left unhandled if the caller stops first.
      next.catch(() => undefined);
      yield page.value;
    }
  }

  async queryAll(spec: QuerySpec): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of this.pages(spec)) items.push(...page);
    return items;
  }

  /** The items of `keys` that exist, by `keyString`. */
  async batchGet(keys: readonly Key[], attributes?: readonly string[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    const unique = [...new Map(keys.map((key) => [keyString(key), key])).values()];
    for (const part of chunk(unique, BATCH_GET_SIZE)) {
      let pending: Record<string, AttributeValue>[] = part.map(DynamoTable.key);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await backOff(attempt);
        const e = new Expression();
        const projection = attributes && ['pk', 'sk', ...attributes].map((name) => e.name(name)).join(', ');
        const command = new BatchGetItemCommand({
          RequestItems: { [this.name]: { Keys: pending, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}), ...e.attributes() } },
        });
        const result = await this.retrying(() => this.client.send(command));
        for (const stored of result.Responses?.[this.name] ?? []) {
          const item = unmarshalItem(stored);
          found.set(keyString(item), item);
        }
        pending = result.UnprocessedKeys?.[this.name]?.Keys ?? [];
      }
    }
    return found;
  }

  /** Puts and deletes without conditions (no item twice), 25 per request, several requests at once. */
  async batchWrite(writes: { readonly puts?: readonly Item[]; readonly deletes?: readonly Key[] }): Promise<void> {
    const requests: WriteRequest[] = [
      ...(writes.puts ?? []).map((item) => ({ PutRequest: { Item: marshalItem(item) } })),
      ...(writes.deletes ?? []).map((key) => ({ DeleteRequest: { Key: DynamoTable.key(key) } })),
    ];
    await DynamoTable.forEach(chunk(requests, BATCH_WRITE_SIZE), BATCH_WRITE_CONCURRENCY, (part) => this.writeBatch(part));
  }

  /** One BatchWriteItem of at most 25 writes, and what it leaves unprocessed sent again with back-off. */
  async writeBatch(requests: readonly WriteRequest[]): Promise<void> {
    let pending = requests;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await backOff(attempt);
      const command = new BatchWriteItemCommand({ RequestItems: { [this.name]: [...pending] } });
      const result = await this.retrying(() => this.client.send(command));
      pending = result.UnprocessedItems?.[this.name] ?? [];
    }
  }

  /** Puts without conditions fed in as they are made (see `BatchWriter`). */
  batchWriter(): BatchWriter {
    return new BatchWriter(this);
  }

  /**
   * All of `actions` or none. Undefined when they were applied; else the indexes of the actions
   * whose condition failed. A cancellation by a conflicting transaction alone is tried again a few
   * times; other cancellations (throttling, validation) propagate.
   */
  async transact(actions: readonly TransactAction[]): Promise<readonly number[] | undefined> {
    if (actions.length === 0) return undefined;
    if (actions.length > TRANSACTION_SIZE) throw new Error(`a transaction holds at most ${TRANSACTION_SIZE} actions`);
    const items = actions.map((action): TransactWriteItem => {
      const e = new Expression();
      const condition = action.condition?.(e);
      const conditionPart = condition ? { ConditionExpression: condition } : {};
      if ('put' in action) return { Put: { TableName: this.name, Item: marshalItem(action.put), ...conditionPart, ...e.attributes() } };
      if ('update' in action) {
        const update = updateExpression(action.changes, e);
        if (update === undefined) throw new Error('an update changes something');
        return { Update: { TableName: this.name, Key: DynamoTable.key(action.update), UpdateExpression: update, ...conditionPart, ...e.attributes() } };
      }
      if ('delete' in action) return { Delete: { TableName: this.name, Key: DynamoTable.key(action.delete), ...conditionPart, ...e.attributes() } };
      return { ConditionCheck: { TableName: this.name, Key: DynamoTable.key(action.check), ConditionExpression: condition!, ...e.attributes() } };
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return undefined;
      } catch (error) {
        const reasons = (error as { name?: unknown; CancellationReasons?: readonly { Code?: string }[] }).CancellationReasons;
        if ((error as { name?: unknown }).name !== 'TransactionCanceledException' || !reasons) throw error;
        const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
        if (failed.length > 0) return failed;
        // Another transaction held one of the items: try again, when nothing else went wrong.
        const conflictOnly = reasons.every((reason) => reason.Code === undefined || reason.Code === 'None' || reason.Code === 'TransactionConflict');
        if (!conflictOnly || attempt >= CONFLICT_RETRIES) throw error;
        await backOff(attempt + 1);
      }
    }
  }

  /** Runs `work` over `values`, at most `concurrency` at once. */
  static async forEach<T>(values: readonly T[], concurrency: number, work: (value: T) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < values.length) await work(values[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, values.length) }, worker));
  }
}

/**
 * Puts without conditions (no item twice), fed in as the caller makes them, in requests of 25 with
 * up to 16 in flight — the concurrency of `batchWrite` — so that a long stream of writes keeps the
 * requests going without being held whole: `put` returns once its items are in a request or in
 * the one being filled, waiting while 16 are in flight. `flush` sends the rest and waits for all.
 * The first failure is reported by the next `put` or `flush`, once the requests in flight ended.
 */
export class BatchWriter {
  private filling: WriteRequest[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { readonly error: unknown } | undefined;

  constructor(private readonly table: DynamoTable) {}

  async put(items: readonly Item[]): Promise<void> {
    for (const item of items) {
      this.filling.push({ PutRequest: { Item: marshalItem(item) } });
      if (this.filling.length === BATCH_WRITE_SIZE) await this.send();
    }
    if (this.failure) await this.settled();
  }

  async flush(): Promise<void> {
    if (this.filling.length > 0) await this.send();
    await this.settled();
  }

  private async send(): Promise<void> {
    const requests = this.filling;
    this.filling = [];
    while (this.inFlight.size >= BATCH_WRITE_CONCURRENCY) await Promise.race(this.inFlight);
    if (this.failure) return this.settled();
    const sending: Promise<void> = this.table
      .writeBatch(requests)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** Waits for every request in flight; then throws the first failure, if any. */
  private async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    if (this.failure) throw this.failure.error;
  }
}
