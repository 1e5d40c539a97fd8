/**
 * `@palisade/providers/azure` — Azure's connection and collection: the ARM and Microsoft Graph
 * clients (REST over `fetch`, one gateway discipline), the credential chain, discovery of the
 * subscriptions and the tenant, and the collectors of every service family. Loading this entry
 * loads no cloud SDK: `@azure/identity` is imported on the first sign-in (connect.ts).
 */
export { AZURE_ENDPOINTS, createAzureClients, errorOfResponse, fetchTransport, serviceOfApi } from './client.ts';
export type { ArmClient, AzureClientOptions, AzureClients, AzureEndpoints, GraphClient, HttpRequest, HttpResponse, HttpTransport, RequestOptions, TokenSource } from './client.ts';
export { azureCredentialChain, cachedTokens, servicePrincipalCandidate, signInToAzure } from './connect.ts';
export type { AzureCredentialSettings, AzureServicePrincipal, AzureSignIn, CredentialCandidate, IdentityClasses, TokenCredentialLike } from './connect.ts';
export { LIST_LOCATIONS_API, LIST_SUBSCRIPTIONS_API, READ_ORGANIZATION_API, SUBSCRIPTIONS_API_VERSION, discoverAzure, listLocations } from './discovery.ts';
export type { AzureDiscovery, AzureSubscription, AzureTenant, DiscoverAzureOptions } from './discovery.ts';
export { inLocations, mapLimit, resourceGroupOf } from './collector.ts';
export type { AzureCollector, AzureCollectorContext } from './collector.ts';
export { AZURE_SUBSCRIPTION_COLLECTORS, AZURE_TENANT_COLLECTORS } from './collectors/index.ts';
