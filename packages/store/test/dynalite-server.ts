/**
 * dynalite (an in-process DynamoDB on LevelDB) for the DynamoDB store's tests: a server on a free
 * loopback port, and clients of it with static dummy credentials.
 *
 * dynalite has no TransactWriteItems. The clients made here answer it themselves, faithfully enough
 * for the store's use: the actions (at most 100, at most one per item) are applied one by one with
 * ordinary conditional requests, each returning the item's previous image; when one's condition
 * fails, the ones applied are restored from their images and the call fails as DynamoDB fails it,
 * with TransactionCanceledException and a cancellation reason per action (`ConditionalCheckFailed`
 * for the failed one). A ConditionCheck is a conditional update that changes nothing, undone at once.
 * While a transaction runs, no other request of these clients does (every request takes a shared
 * turn, a transaction an exclusive one), so that no reader sees it half applied.
 */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactionCanceledException,
  UpdateItemCommand,
  type AttributeValue,
  type TransactWriteItem,
  type TransactWriteItemsCommandInput,
  type TransactWriteItemsCommandOutput,
} from '@aws-sdk/client-dynamodb';

const dynalite = createRequire(import.meta.url)('dynalite') as (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;

type Image = Record<string, AttributeValue>;

/** Shared turns for requests, exclusive ones for transactions. */
class Turns {
  private active = 0;
  private exclusive: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  async shared<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive;
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      if (this.active === 0) this.drained?.();
    }
  }

  async alone<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive;
    let release!: () => void;
    this.exclusive = new Promise((resolve) => (release = resolve));
    try {
      if (this.active > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
      return await work();
    } finally {
      this.exclusive = undefined;
      release();
    }
  }
}

function validation(message: string): Error {
  return Object.assign(new Error(message), { name: 'ValidationException' });
}

class TransactionEmulator {
  private readonly keyNames = new Map<string, Promise<string[]>>();

  constructor(private readonly raw: DynamoDBClient) {}

  private keysOf(table: string): Promise<string[]> {
    let names = this.keyNames.get(table);
    if (!names) {
      names = this.raw.send(new DescribeTableCommand({ TableName: table })).then((result) => (result.Table?.KeySchema ?? []).map((key) => key.AttributeName!));
      this.keyNames.set(table, names);
    }
    return names;
  }

  private async restore(table: string, key: Image, previous: Image | undefined): Promise<void> {
    if (previous) await this.raw.send(new PutItemCommand({ TableName: table, Item: previous }));
    else await this.raw.send(new DeleteItemCommand({ TableName: table, Key: key }));
  }

  /** Applies one action; returns how to undo it. */
  private async apply(action: TransactWriteItem): Promise<() => Promise<void>> {
    if (action.Put) {
      const { TableName, Item } = action.Put;
      const names = await this.keysOf(TableName!);
      const key = Object.fromEntries(names.map((name) => [name, Item![name]!]));
      const result = await this.raw.send(new PutItemCommand({ ...action.Put, ReturnValues: 'ALL_OLD' }));
      return () => this.restore(TableName!, key, result.Attributes);
    }
    if (action.Update) {
      const result = await this.raw.send(new UpdateItemCommand({ ...action.Update, ReturnValues: 'ALL_OLD' }));
      return () => this.restore(action.Update!.TableName!, action.Update!.Key!, result.Attributes);
    }
    if (action.Delete) {
      const result = await this.raw.send(new DeleteItemCommand({ ...action.Delete, ReturnValues: 'ALL_OLD' }));
      return () => this.restore(action.Delete!.TableName!, action.Delete!.Key!, result.Attributes);
    }
    if (action.ConditionCheck) {
      const { TableName, Key, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } = action.ConditionCheck;
      const result = await this.raw.send(
        new UpdateItemCommand({
          TableName,
          Key,
          UpdateExpression: 'REMOVE #transactionCheck',
          ConditionExpression,
          ExpressionAttributeNames: { ...ExpressionAttributeNames, '#transactionCheck': 'transactionCheck' },
          ExpressionAttributeValues,
          ReturnValues: 'ALL_OLD',
        }),
      );
      // A check changes nothing: an item the update created (keys only) goes again now.
      if (!result.Attributes) await this.restore(TableName!, Key!, undefined);
      return async () => undefined;
    }
    throw validation('a transaction action is Put, Update, Delete or ConditionCheck');
  }

  async run(input: TransactWriteItemsCommandInput): Promise<TransactWriteItemsCommandOutput> {
    const actions = input.TransactItems ?? [];
    if (actions.length === 0 || actions.length > 100) throw validation('a transaction holds 1 to 100 actions');
    const seen = new Set<string>();
    for (const action of actions) {
      const target = action.Put ?? action.Update ?? action.Delete ?? action.ConditionCheck;
      const names = await this.keysOf(target!.TableName!);
      const key = action.Put ? Object.fromEntries(names.map((name) => [name, action.Put!.Item![name]])) : (action.Update ?? action.Delete ?? action.ConditionCheck)!.Key!;
      const identity = JSON.stringify([target!.TableName, ...names.map((name) => key[name])]);
      if (seen.has(identity)) throw validation('Transaction request cannot include multiple operations on one item');
      seen.add(identity);
    }
    const undo: (() => Promise<void>)[] = [];
    for (const [index, action] of actions.entries()) {
      try {
        undo.push(await this.apply(action));
      } catch (error) {
        for (const step of undo.reverse()) await step();
        if ((error as { name?: unknown }).name !== 'ConditionalCheckFailedException') throw error;
        const reasons = actions.map((_, position) => (position === index ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' } : { Code: 'None' }));
        throw new TransactionCanceledException({
          message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
          $metadata: {},
          CancellationReasons: reasons,
        });
      }
    }
    return { $metadata: {} };
  }
}

export interface Dynalite {
  readonly endpoint: string;
  /** A new client of the server (the caller destroys it). */
  client(): DynamoDBClient;
  close(): Promise<void>;
}

export async function startDynalite(): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = { region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const raw = new DynamoDBClient(config);
  const emulator = new TransactionEmulator(raw);
  const turns = new Turns();
  return {
    endpoint,
    client() {
      const client = new DynamoDBClient(config);
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'TransactWriteItemsCommand') {
            const output = await turns.alone(() => emulator.run(args.input as TransactWriteItemsCommandInput));
            return { output, response: {} } as Awaited<ReturnType<typeof next>>;
          }
          return turns.shared(() => next(args));
        },
        { step: 'initialize', name: 'dynaliteTransactions' },
      );
      return client;
    },
    async close() {
      raw.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
