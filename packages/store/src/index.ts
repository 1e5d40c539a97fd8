/**
 * @palisade/store — the platform's persistent state: one `Store` interface (types.ts), implemented
 * on SQLite (embedded default) and PostgreSQL (row-level security), one conformance suite for both
 * (test/conformance.ts).
 */
export { createSqliteStore, type SqliteStoreOptions } from './sqlite.ts';
export { createPostgresStore, type PostgresStoreOptions } from './postgres.ts';
export { BUILT_IN_ROLES, PERMISSIONS, SCAN_STATES, StoreError } from './types.ts';
export type {
  ApiKey,
  AuditEntry,
  CustomRole,
  FindingDelta,
  FindingHistoryEntry,
  FindingInput,
  FindingNote,
  FindingQuery,
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
  ScanFilter,
  ScanProgressRecord,
  ScanState,
  Schedule,
  SealedSecret,
  Store,
  StoredFinding,
  StoredSecret,
  SystemStore,
  Tenant,
  TenantStore,
  User,
} from './types.ts';
