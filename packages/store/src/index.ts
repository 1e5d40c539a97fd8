/**
 * @palisade/store — the platform's persistent state: one `Store` interface (types.ts), implemented
 * on SQLite (embedded default), PostgreSQL (row-level security) and DynamoDB (one table), one
 * conformance suite for all three (test/conformance.ts). The DynamoDB store is the entry point
 * `@palisade/store/dynamodb`.
 */
export { createSqliteStore, type SqliteStoreOptions } from './sqlite.ts';
export { createPostgresStore, type PostgresStoreOptions } from './postgres.ts';
export { BUILT_IN_ROLES, DELIVERY_KINDS, DELIVERY_STATUSES, PERMISSIONS, SCAN_STATES, StoreError } from './types.ts';
export type {
  ApiKey,
  AuditEntry,
  CompletedScanSummary,
  CustomRole,
  Delivery,
  DeliveryAttemptRecord,
  DeliveryFilter,
  DeliveryPatch,
  DeliveryStatus,
  FindingDelta,
  FindingHistoryEntry,
  FindingInput,
  FindingNote,
  FindingQuery,
  Integration,
  Invitation,
  Membership,
  MuteRule,
  Page,
  PageRequest,
  Permission,
  Provider,
  ProviderType,
  RefreshToken,
  Scan,
  ScanCoverage,
  ScanEvent,
  ScanFilter,
  ScanProgressRecord,
  ScanState,
  Schedule,
  SealedSecret,
  Store,
  StoredAlertRule,
  StoredFinding,
  StoredSecret,
  SystemStore,
  Tenant,
  TenantStore,
  User,
} from './types.ts';
