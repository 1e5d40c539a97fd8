/**
 * The store's conformance suite on the AWS emulator's DynamoDB, which implements TransactWriteItems
 * itself (dynalite, used by packages/store/test/dynamodb.test.ts, lacks it and has its transactions
 * applied by the test client): uniqueness guards, guarded state changes and races go through the
 * emulator's own transactions here. A table of its own per store, deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, inject, it, vi } from 'vitest';
import { createDynamoStore } from '@palisade/store/dynamodb';
import { describeStoreConformance } from '../../packages/store/test/conformance.ts';
import { REGION, credentialsFor, randomAccountId } from './seed.ts';

// The emulator answers a BatchWriteItem of 25 items in tens of milliseconds, far slower than
// DynamoDB: the bulk and isolation cases write thousands of items, which on a busy 2-core machine
// takes more than the suite's default minute.
vi.setConfig({ testTimeout: 240_000 });

const emulator = inject('awsEmulator');
const endpoint = 'url' in emulator ? emulator.url : undefined;
const skipped = 'skipped' in emulator ? ` (SKIPPED: ${emulator.skipped})` : '';

if (endpoint) {
  describeStoreConformance('DynamoDB (AWS emulator, native transactions)', async () => {
    const tableName = `palisade-conformance-${randomBytes(6).toString('hex')}`;
    const credentials = await credentialsFor(endpoint, randomAccountId());
    const clients: DynamoDBClient[] = [];
    const open = () => {
      const client = new DynamoDBClient({ endpoint, region: REGION, credentials });
      clients.push(client);
      return createDynamoStore({ tableName, client, createTable: true });
    };
    return {
      store: open(),
      openAnother: async () => open(),
      async dispose() {
        await clients[0]!.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
        for (const client of clients) client.destroy();
      },
    };
  });
} else {
  describe.skip(`DynamoDB store conformance on the AWS emulator${skipped}`, () => {
    it('needs the emulator', () => undefined);
  });
}
