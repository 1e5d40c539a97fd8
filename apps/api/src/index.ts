/**
 * @palisade/api — the platform's REST API and the process around it (`palisade serve`).
 */
export { API_PREFIX, API_VERSION, buildServer, principalOf } from './server.ts';
export type { ApiDeps, ServerOptions } from './server.ts';
export { openPlatform, platformServer, providerCredentialsOpener, testConnection } from './platform.ts';
export type { Platform, PlatformOptions } from './platform.ts';
export { createTenant, rotateMasterKey } from './admin.ts';
export type { CreatedTenant } from './admin.ts';
