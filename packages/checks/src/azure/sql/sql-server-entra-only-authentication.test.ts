import { describe, expect, it } from 'vitest';
import type { SqlServerEntraAdministrator } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, TEST_TENANT_ID, denied, ok, runAzureCheck, sqlServer, sqlServerId, sqlSnapshot, statuses } from '../../testing/azure/index.ts';
import check from './sql-server-entra-only-authentication.ts';

const SERVER = sqlServerId('sql-prod');
const admin = (azureADOnlyAuthentication: boolean) =>
  ok<SqlServerEntraAdministrator | null>({ administratorType: 'ActiveDirectory', login: 'sql-admins', sid: 'a3f2c1d0-5b6e-4c7d-8e9f-0a1b2c3d4e5f', tenantId: TEST_TENANT_ID, azureADOnlyAuthentication });

describe(check.id, () => {
  it.each([
    ['Entra-only', admin(true), 'PASS'],
    ['Entra admin, SQL authentication still on', admin(false), 'FAIL'],
    ['no Entra admin', ok(null), 'FAIL'],
    ['denied', denied('Microsoft.Sql/servers/administrators/read', SERVER), 'ERROR'],
  ] as const)('%s → %s', (_name, entraAdministrator, expected) => {
    expect(statuses(runAzureCheck(check, sqlSnapshot([sqlServer({ name: 'sql-prod', entraAdministrator })])))).toEqual([[expected, SERVER]]);
  });

  it('reports ERROR on the subscription when servers could not be listed, nothing without servers', () => {
    expect(statuses(runAzureCheck(check, sqlSnapshot(denied('Microsoft.Sql/servers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, sqlSnapshot([]))).toEqual([]);
  });
});
