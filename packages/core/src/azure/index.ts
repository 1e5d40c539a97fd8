/**
 * `@palisade/core/azure` — Azure's part of the domain: the scope snapshot schema (a subscription or
 * a Microsoft Entra tenant; one type per service's data) and the result builders. Azure checks, the
 * Azure collectors and the Azure provider module import it; the shared engine, outputs and
 * compliance do not.
 */
export { armResource, directoryResource, normalizeLocation, notCollectedError, scopeResource, withService } from './results.ts';
export type {
  AzureCloud,
  AzureScopeSnapshot,
  AzureServiceName,
  AzureServices,
  AzureSubscriptionServiceName,
  AzureSubscriptionServices,
  AzureTenantServiceName,
  AzureTenantServices,
} from './snapshot.ts';
export { AZURE_CLOUDS, AZURE_SERVICES, AZURE_SUBSCRIPTION_SERVICES, AZURE_TENANT_SERVICES, isTenantService } from './snapshot.ts';
export type { AksAgentPool, AksCluster, AksData, AksKubernetesVersion } from './aks.ts';
export type { AppServiceAuthSettings, AppServiceData, AppServiceDiagnosticSetting, AppServiceIdentity, AppServicePublishingCredentialsPolicy, AppServiceSite, AppServiceSiteConfig } from './appservice.ts';
export type { AuthorizationData, AzureRoleAssignment, AzureRoleDefinition, AzureRolePermission } from './authorization.ts';
export type { ComputeData, ManagedDisk, VirtualMachine, VirtualMachineDisk, VirtualMachineExtension } from './compute.ts';
export type { CosmosDbAccount, CosmosDbData, CosmosDbIpRule, CosmosDbPrivateEndpointConnection } from './cosmosdb.ts';
export type { DefenderAssessment, DefenderAssessmentKey, DefenderAutoProvisioningSetting, DefenderData, DefenderNotificationSource, DefenderPlanExtension, DefenderPricing, DefenderSecurityContact, DefenderServerVulnerabilityAssessmentsSetting, DefenderSetting } from './defender.ts';
export type { EntraApplication, EntraApplicationCredential, EntraAuthorizationPolicy, EntraConditionalAccessApplications, EntraConditionalAccessConditions, EntraConditionalAccessGrantControls, EntraConditionalAccessPolicy, EntraConditionalAccessUsers, EntraCountryNamedLocation, EntraData, EntraDefaultUserRolePermissions, EntraDeviceRegistrationPolicy, EntraDirectoryRole, EntraDirectorySetting, EntraIpNamedLocation, EntraNamedLocation, EntraOrganization, EntraRoleMember, EntraSecurityDefaultsPolicy, EntraUser, EntraUserRegistration } from './entra.ts';
export type { KeyVault, KeyVaultData, KeyVaultDiagnosticLog, KeyVaultDiagnosticSetting, KeyVaultKey, KeyVaultKeyRotationPolicy, KeyVaultManagedHsm, KeyVaultNetworkRuleSet, KeyVaultObjectAttributes, KeyVaultPrivateEndpointConnection, KeyVaultSecret } from './keyvault.ts';
export type { LockableResource, LocksData, ManagementLock } from './locks.ts';
export type { ActivityLogAlert, ActivityLogAlertCondition, ActivityLogStorageAccount, ApplicationInsightsComponent, MonitorData, MonitorDiagnosticSetting, MonitorLogSetting } from './monitor.ts';
export type { MySqlConfiguration, MySqlData, MySqlFlexibleServer } from './mysql.ts';
export type { BastionHost, NetworkData, NetworkFlowLog, NetworkSecurityGroup, NetworkSecurityRule, NetworkWatcher, PublicIpAddress, SubscriptionLocation, VirtualNetwork, VirtualNetworkSubnet } from './network.ts';
export type { PostgreSqlConfiguration, PostgreSqlData, PostgreSqlFirewallRule, PostgreSqlFlexibleServer } from './postgresql.ts';
export type { SqlData, SqlDatabase, SqlDatabaseTransparentDataEncryption, SqlFirewallRule, SqlServer, SqlServerAuditingSettings, SqlServerEncryptionProtector, SqlServerEntraAdministrator, SqlServerExpressVulnerabilityAssessment, SqlServerSecurityAlertPolicy, SqlServerVulnerabilityAssessment } from './sql.ts';
export type { StorageAccount, StorageBlobServiceProperties, StorageData, StorageDiagnosticLog, StorageDiagnosticSetting, StorageEncryption, StorageFileServiceProperties, StorageNetworkRuleSet, StoragePrivateEndpointConnection, StorageServiceName } from './storage.ts';
