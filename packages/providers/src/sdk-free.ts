/**
 * `@palisade/providers/sdk-free` — the part of the providers package whose import loads no cloud
 * SDK: the gateway, rate limits, collector limits and the collector registry (each collector loads
 * its SDK client on first use). The engine imports this entry statically and the full
 * `@palisade/providers` only with `import()` when a scan connects to AWS, so an offline scan never
 * evaluates the SDK, and a live scan loads the clients of the services it reads and no others.
 */
export { AwsGateway, ScopedGateway, classifyFailure, createRateLimitBudgets, isThrottle, isTransient, isUnreadableAnswer, toApiError } from './aws/gateway.ts';
export type { CallOptions, CallScope, CountsByClass, FailureClass, GatewayOptions, RateLimitBudgets, RetryPolicy, ServiceCounters } from './aws/gateway.ts';
export { DEFAULT_RATE_LIMITS, resolveRateLimit } from './aws/rate-limits.ts';
export type { RateLimit, RateLimitRule } from './aws/rate-limits.ts';
export type { SharedRateLimiter } from './aws/shared-budget.ts';
export { COLLECTOR_LIMIT_NAMES, DETAIL_CAP_REACHED, capDetails, validateCollectorLimits } from './aws/collector.ts';
export type { AnyCollector, CollectorContext, CollectorLimitName, CollectorLimits, DetailCap, GlobalCollector, RegionalCollector } from './aws/collector.ts';
export { GLOBAL_COLLECTORS, REGIONAL_COLLECTORS } from './aws/collectors/index.ts';
