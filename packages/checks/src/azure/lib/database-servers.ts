/**
 * The walks of the open-source database checks (PostgreSQL and MySQL flexible servers) and the
 * Cosmos DB checks: each server or account as a result resource, ERROR on the subscription when
 * they could not be listed; and the reading of one server parameter, ERROR on the server when its
 * parameters could not be read.
 */
import type { CheckResult, Fetched, ResourceRef } from '@palisade/core';
import { eachFetched, fail, fromFetched, pass } from '@palisade/core';
import type { AzureScopeSnapshot, CosmosDbAccount, MySqlFlexibleServer, PostgreSqlFlexibleServer } from '@palisade/core/azure';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export const POSTGRESQL_SERVER_TYPE = 'Microsoft.DBforPostgreSQL/flexibleServers';
export const MYSQL_SERVER_TYPE = 'Microsoft.DBforMySQL/flexibleServers';
export const COSMOSDB_ACCOUNT_TYPE = 'Microsoft.DocumentDB/databaseAccounts';

export function eachPostgreSqlServer(scope: AzureScopeSnapshot, evaluate: (server: PostgreSqlFlexibleServer, target: ResourceRef) => CheckResult | readonly CheckResult[]): readonly CheckResult[] {
  return withService(scope, 'postgresql', (postgresql) =>
    eachFetched(postgresql.flexibleServers, scopeResource(scope), (server) => evaluate(server, armResource(server.id, POSTGRESQL_SERVER_TYPE, server.name, server.location, server.tags))),
  );
}

export function eachMySqlServer(scope: AzureScopeSnapshot, evaluate: (server: MySqlFlexibleServer, target: ResourceRef) => CheckResult | readonly CheckResult[]): readonly CheckResult[] {
  return withService(scope, 'mysql', (mysql) =>
    eachFetched(mysql.flexibleServers, scopeResource(scope), (server) => evaluate(server, armResource(server.id, MYSQL_SERVER_TYPE, server.name, server.location, server.tags))),
  );
}

export function eachCosmosDbAccount(scope: AzureScopeSnapshot, evaluate: (account: CosmosDbAccount, target: ResourceRef) => CheckResult | readonly CheckResult[]): readonly CheckResult[] {
  return withService(scope, 'cosmosdb', (cosmosdb) =>
    eachFetched(cosmosdb.accounts, scopeResource(scope), (account) => evaluate(account, armResource(account.id, COSMOSDB_ACCOUNT_TYPE, account.name, account.location, account.tags))),
  );
}

export interface ServerParameterRule {
  /** The parameter, e.g. `log_checkpoints`. */
  readonly name: string;
  /** Whether the value (as ARM writes it) is the wanted one. */
  readonly holds: (value: string) => boolean;
  /** What is wanted, for the FAIL message: `on`, `greater than 3`. */
  readonly expected: string;
}

/**
 * PASS or FAIL on one parameter of a server (`label` such as `PostgreSQL server pg-orders`); FAIL
 * when the server does not report the parameter; ERROR when its parameters could not be read.
 */
export function evaluateServerParameter(
  target: ResourceRef,
  label: string,
  configurations: Fetched<readonly { readonly name: string; readonly value: string }[]>,
  rule: ServerParameterRule,
): readonly CheckResult[] {
  return fromFetched(configurations, target, (parameters) => {
    const parameter = parameters.find((candidate) => candidate.name === rule.name);
    if (parameter === undefined) return [fail(target, `${label} does not report the ${rule.name} parameter; expected ${rule.expected}.`)];
    return rule.holds(parameter.value)
      ? [pass(target, `${label} has ${rule.name} = ${parameter.value}.`)]
      : [fail(target, `${label} has ${rule.name} = ${parameter.value || '(empty)'}; expected ${rule.expected}.`)];
  });
}

/** `on`/`ON` (PostgreSQL writes lower case, MySQL upper case). */
export function isOn(value: string): boolean {
  return value.trim().toLowerCase() === 'on';
}
