import { defineCheck, fail, pass } from '@palisade/core';
import { eachCosmosDbAccount } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/cosmosdb-account-minimum-tls-1-2',
  provider: 'azure',
  service: 'cosmosdb',
  requires: ['cosmosdb'],
  resourceType: 'Microsoft.DocumentDB/databaseAccounts',
  severity: 'medium',
  title: 'Cosmos DB accounts require TLS 1.2',
  description: 'Checks that the minimal TLS version of each Azure Cosmos DB account is Tls12, so the account refuses TLS 1.0 and 1.1 connections. Accounts that do not report the setting accept any version and fail.',
  risk: 'TLS 1.0 and 1.1 have known weaknesses and no longer receive fixes; connections that fall back to them expose keys, tokens and documents in transit.',
  remediation: {
    summary: 'Set the account\'s minimal TLS version to TLS 1.2 after confirming that every client SDK supports it.',
    cli: 'az cosmosdb update --resource-group <resource-group> --name <account> --minimal-tls-version Tls12',
    terraform: 'resource "azurerm_cosmosdb_account" "this" {\n  # ...\n  minimal_tls_version = "Tls12"\n}',
    console: 'Azure portal → Azure Cosmos DB → select the account → Settings → Networking → Connectivity → Minimum TLS protocol: TLS 1.2 → Save.',
  },
  references: ['https://learn.microsoft.com/azure/cosmos-db/self-serve-minimum-tls-enforcement'],
  categories: ['encryption'],
  evaluate: (scope) =>
    eachCosmosDbAccount(scope, (account, target) =>
      account.minimalTlsVersion === 'Tls12'
        ? pass(target, `Cosmos DB account ${account.name} requires TLS 1.2.`)
        : fail(target, `Cosmos DB account ${account.name} accepts ${account.minimalTlsVersion === 'Tls11' ? 'TLS 1.1' : 'any TLS version'}; TLS 1.2 is required.`),
    ),
});
