import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { eachSqlServer, sqlDatabaseResource } from '../lib/sql-servers.ts';

export default defineCheck({
  id: 'azure/sql-database-tde-enabled',
  provider: 'azure',
  service: 'sql',
  requires: ['sql'],
  resourceType: 'Microsoft.Sql/servers/databases',
  severity: 'high',
  title: 'SQL databases have transparent data encryption on',
  description:
    'Checks that transparent data encryption (TDE) is Enabled on every user database of each Azure SQL logical server (CIS 5.1.5). The `master` system database is left out: its encryption is managed by the service. ERROR lands on the server when its databases could not be listed and on the database when its TDE state could not be read.',
  risk:
    'An unencrypted database leaves its data files, transaction log and backups readable to anyone who obtains a copy of the storage, a backup or an export of it.',
  remediation: {
    summary: 'Turn on transparent data encryption for the database (on by default for databases created since 2017; usually off only on older or restored ones).',
    cli: 'az sql db tde set --resource-group <resource-group> --server <server> --database <database> --status Enabled',
    terraform: 'resource "azurerm_mssql_database" "this" {\n  # ...\n  transparent_data_encryption_enabled = true\n}',
    console: 'Azure portal → SQL databases → select the database → Security → Data encryption → Transparent data encryption: On → Save.',
  },
  references: ['https://learn.microsoft.com/azure/azure-sql/database/transparent-data-encryption-tde-overview'],
  categories: ['encryption', 'data-protection'],
  evaluate: (scope) =>
    eachSqlServer(scope, (server, serverTarget) =>
      eachFetched(server.databases, serverTarget, (database) => {
        const target = sqlDatabaseResource(server, database);
        return fromFetched(database.transparentDataEncryption, target, (tde) =>
          tde?.state === 'Enabled'
            ? [pass(target, `Database ${database.name} on SQL server ${server.name} has transparent data encryption on.`)]
            : [fail(target, `Database ${database.name} on SQL server ${server.name} has transparent data encryption off.`)],
        );
      }),
    ),
});
