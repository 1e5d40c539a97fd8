/**
 * The walk every Azure SQL check makes — each logical server of a subscription as a result
 * resource, ERROR on the subscription when servers could not be listed and on the server when the
 * setting a check reads could not be — and the server's vulnerability assessment, which lives in
 * one of two configurations.
 */
import type { CheckResult, Fetched, ResourceRef } from '@palisade/core';
import { eachFetched, fromFetched } from '@palisade/core';
import type { AzureScopeSnapshot, SqlDatabase, SqlServer, SqlServerVulnerabilityAssessment } from '@palisade/core/azure';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export const SQL_SERVER_TYPE = 'Microsoft.Sql/servers';
export const SQL_DATABASE_TYPE = 'Microsoft.Sql/servers/databases';

export function sqlServerResource(server: SqlServer): ResourceRef {
  return armResource(server.id, SQL_SERVER_TYPE, server.name, server.location, server.tags);
}

export function sqlDatabaseResource(server: SqlServer, database: SqlDatabase): ResourceRef {
  return armResource(database.id, SQL_DATABASE_TYPE, `${server.name}/${database.name}`, database.location, database.tags);
}

const asList = (result: CheckResult | readonly CheckResult[]): readonly CheckResult[] => (Array.isArray(result) ? result : [result as CheckResult]);

/** Maps each server of the scope to results; ERROR on the subscription when servers were not listed or not collected. */
export function eachSqlServer(scope: AzureScopeSnapshot, evaluate: (server: SqlServer, target: ResourceRef) => CheckResult | readonly CheckResult[]): readonly CheckResult[] {
  return withService(scope, 'sql', (sql) => eachFetched(sql.servers, scopeResource(scope), (server) => evaluate(server, sqlServerResource(server))));
}

/** Each server's setting `pick(server)`, with ERROR on the server when that setting could not be read. */
export function eachSqlServerDetail<T>(
  scope: AzureScopeSnapshot,
  pick: (server: SqlServer) => Fetched<T>,
  evaluate: (server: SqlServer, detail: T, target: ResourceRef) => CheckResult | readonly CheckResult[],
): readonly CheckResult[] {
  return eachSqlServer(scope, (server, target) => fromFetched(pick(server), target, (detail) => asList(evaluate(server, detail, target))));
}

/**
 * Where a server's vulnerability assessment stands: the express configuration (no storage account,
 * always scanning on the service's schedule, notifications only through Logic Apps), the classic
 * one (results in a storage container, recurring scans and mail recipients set per server), or off.
 */
export type SqlVulnerabilityAssessmentMode =
  | { readonly kind: 'express' }
  | { readonly kind: 'classic'; readonly settings: SqlServerVulnerabilityAssessment }
  | { readonly kind: 'off' };

/** The express configuration wins when both exist, as in the portal; an unreadable setting that decides it is an error. */
export function sqlVulnerabilityAssessmentMode(server: SqlServer): Fetched<SqlVulnerabilityAssessmentMode> {
  const express = server.expressVulnerabilityAssessment;
  if (express.value?.state === 'Enabled') return { value: { kind: 'express' } };
  if (express.error) return { error: express.error };
  const classic = server.vulnerabilityAssessment;
  if (classic.error) return { error: classic.error };
  return { value: classic.value?.storageContainerPath ? { kind: 'classic', settings: classic.value } : { kind: 'off' } };
}
