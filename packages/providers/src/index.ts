/**
 * @palisade/providers — cloud connections, the gateway every API call goes through, and one
 * collector per service. The only package that imports cloud SDKs.
 *
 * Importing this entry loads the SDK that connecting needs (credentials, STS, EC2, Organizations,
 * the HTTP handler). Code that also runs offline imports `@palisade/providers/sdk-free` and this
 * entry only with `import()` when it connects (see sdk-free.ts).
 */
export { AwsGateway, ScopedGateway, classifyFailure, createRateLimitBudgets, isThrottle, isTransient, isUnreadableAnswer, toApiError } from './aws/gateway.ts';
export type { CallOptions, CallScope, CountsByClass, FailureClass, GatewayOptions, RateLimitBudgets, RetryPolicy, ServiceCounters } from './aws/gateway.ts';
export { DEFAULT_RATE_LIMITS, resolveRateLimit } from './aws/rate-limits.ts';
export type { RateLimit, RateLimitRule } from './aws/rate-limits.ts';
export type { SharedRateLimiter } from './aws/shared-budget.ts';
export { AwsClientFactory } from './aws/clients.ts';
export type { ClientSettings } from './aws/clients.ts';
export { COLLECTOR_LIMIT_NAMES, DETAIL_CAP_REACHED, capDetails, validateCollectorLimits } from './aws/collector.ts';
export type { AnyCollector, CollectorContext, CollectorLimitName, CollectorLimits, DetailCap, GlobalCollector, RegionalCollector } from './aws/collector.ts';
export { connectMember, listOrganizationAccounts, memberRoleArn, parseAccountsFile, readAccountsFile } from './aws/organization.ts';
export type { AccountRole, ListOrganizationAccountsOptions, MemberAccount, OrganizationAccount, OrganizationAccounts, OrganizationConnection, OrganizationFilters, SkippedAccount } from './aws/organization.ts';
export { GLOBAL_COLLECTORS, REGIONAL_COLLECTORS } from './aws/collectors/index.ts';
export { connectAws, providerErrorOf } from './aws/session.ts';
export type { AwsSession, ConnectAwsOptions } from './aws/session.ts';
export { SqsReadError, readSqsMessages } from './aws/sqs-messages.ts';
export type { SqsMessage, SqsReadOptions } from './aws/sqs-messages.ts';
