/** Typed fixture builders for Azure checks: scopes, and one module of resource builders per service family. */
export { TEST_LOCATION, TEST_NOW, TEST_SUBSCRIPTION_ID, TEST_TENANT_ID, armId, daysAgo, denied, ok, subscriptionSnapshot, tenantSnapshot } from './scope.ts';
export { runAzureCheck, statuses } from './run.ts';
export { AKS_TEST_VERSIONS, aksCluster, aksData } from './aks.ts';
export { APP_SERVICE_TEST_WORKSPACE_ID, appServiceSite, appServiceSiteConfig } from './appservice.ts';
export { azureCustomRole, azureRoleAssignment } from './authorization.ts';
export { TEST_DISK_ENCRYPTION_SET, computeData, managedDisk, unattachedDisk, virtualMachine, vmExtension } from './compute.ts';
export { cosmosDbAccount, cosmosDbAccountId, cosmosDbSnapshot } from './cosmosdb.ts';
export { DEFENDER_AUTO_PROVISIONING_ID, defenderAssessment, defenderAutoProvisioningSetting, defenderData, defenderMachineId, defenderPlanExtension, defenderPricing, defenderPricingId, defenderSecurityContact, defenderSetting, defenderSettingId, defenderVulnerabilityAssessmentsSetting } from './defender.ts';
export { ENTRA_GLOBAL_ADMINISTRATOR_TEMPLATE, ENTRA_TENANT_UID, entraApplication, entraAuthorizationPolicy, entraConditionalAccessPolicy, entraCountryLocation, entraCredential, entraData, entraDirectoryRole, entraDirectorySetting, entraIpLocation, entraRoleMember, entraUid, entraUser, entraUserRegistration } from './entra.ts';
export { keyVault, keyVaultDiagnosticSetting, keyVaultId, keyVaultKey, keyVaultManagedHsm, keyVaultScope, keyVaultSecret, keyVaultTimeIn } from './keyvault.ts';
export { lockableResource, locksData, managementLock } from './locks.ts';
export { MONITOR_ACTION_GROUP_ID, MONITOR_SUBSCRIPTION_UID, MONITOR_WORKSPACE_ID, activityLogAlert, activityLogStorageAccount, activityLogStorageAccountId, applicationInsightsComponent, archivingDiagnosticSetting, monitorData, monitorDiagnosticSetting } from './monitor.ts';
export { MYSQL_SECURE_PARAMETERS, mySqlParameters, mySqlServer, mySqlServerId, mySqlServerWith, mySqlSnapshot } from './mysql.ts';
export { bastionHost, networkData, networkFlowLog, networkSecurityGroup, networkSecurityRule, networkWatcher, nsgDefaultRules, nsgInboundRule, publicIpAddress, subscriptionLocation, virtualNetwork } from './network.ts';
export { POSTGRESQL_SECURE_PARAMETERS, postgreSqlFirewallRule, postgreSqlParameters, postgreSqlServer, postgreSqlServerId, postgreSqlServerWith, postgreSqlSnapshot } from './postgresql.ts';
export { sqlDatabase, sqlFirewallRule, sqlServer, sqlServerId, sqlSnapshot } from './sql.ts';
export { storageAccount, storageAccountId, storageDiagnosticSetting, storageScope } from './storage.ts';
