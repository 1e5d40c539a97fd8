/**
 * @palisade/providers — cloud connections, the gateway every API call goes through, and one
 * collector per service. The only package that imports cloud SDKs.
 */
export { AwsGateway, ScopedGateway, isThrottle, isTransient, toApiError } from './aws/gateway.ts';
export type { CallOptions, CallScope, GatewayOptions, ServiceCounters } from './aws/gateway.ts';
export { DEFAULT_RATE_LIMITS, resolveRateLimit } from './aws/rate-limits.ts';
export type { RateLimit, RateLimitRule } from './aws/rate-limits.ts';
export { AwsClientFactory } from './aws/clients.ts';
export type { ClientSettings } from './aws/clients.ts';
export type { AnyCollector, CollectorContext, GlobalCollector, RegionalCollector } from './aws/collector.ts';
export { GLOBAL_COLLECTORS, REGIONAL_COLLECTORS } from './aws/collectors/index.ts';
export { connectAws } from './aws/session.ts';
export type { AwsSession, ConnectAwsOptions } from './aws/session.ts';
