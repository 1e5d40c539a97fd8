/**
 * `@palisade/store/dynamodb` — the store on one DynamoDB table, for the serverless deployment. An
 * entry point of its own, so that importers of `@palisade/store` (the CLI, `palisade serve`) do not
 * load the DynamoDB client.
 */
export { createDynamoStore, type DynamoStoreOptions } from './store.ts';
export { dynamoTableDefinition } from './table.ts';
