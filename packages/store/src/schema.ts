/**
 * The tables as Kysely sees them (migrations.ts creates them). Column names are snake_case; rows.ts
 * maps them to the entity types of types.ts.
 *
 * Three column kinds differ between the dialects and are typed for both here: times (timestamptz on
 * PostgreSQL, read back as ISO strings by the pool's type parser; ISO text on SQLite), flags (boolean
 * on PostgreSQL, 0/1 on SQLite) and JSON (jsonb on PostgreSQL, text on SQLite: written as a string,
 * read back as a value or a string — `readJson` in rows.ts takes both).
 */
import type { ColumnType } from 'kysely';

/** ISO 8601 UTC time, normalized on the way in (`toTime`). */
export type Time = string;
export type Flag = ColumnType<boolean | number, boolean | number, boolean | number>;
export type Json = ColumnType<unknown, string, string>;

export interface TenantsTable {
  id: string;
  name: string;
  created_at: Time;
  retention_days: number | null;
  external_id: string;
  events_secret_id: string | null;
}

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  created_at: Time;
  disabled: Flag;
  failed_logins: number;
  locked_until: Time | null;
  last_login_at: Time | null;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: string;
  created_at: Time;
}

export interface CustomRolesTable {
  tenant_id: string;
  name: string;
  permissions: Json;
  created_at: Time;
}

export interface InvitationsTable {
  id: string;
  tenant_id: string;
  email: string;
  role: string;
  token_hash: string;
  invited_by: string;
  created_at: Time;
  expires_at: Time;
  accepted_at: Time | null;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  name: string;
  prefix: string;
  hash: string;
  role: string;
  created_by: string;
  created_at: Time;
  expires_at: Time | null;
  last_used_at: Time | null;
  revoked_at: Time | null;
}

export interface RefreshTokensTable {
  id: string;
  tenant_id: string;
  user_id: string;
  hash: string;
  family_id: string;
  created_at: Time;
  expires_at: Time;
  used_at: Time | null;
  revoked_at: Time | null;
}

export interface SecretsTable {
  id: string;
  tenant_id: string;
  ciphertext: string;
  iv: string;
  auth_tag: string;
  wrapped_key: string;
  wrap_iv: string;
  wrap_auth_tag: string;
  kek_id: string;
  created_at: Time;
}

export interface ProvidersTable {
  id: string;
  tenant_id: string;
  type: string;
  alias: string;
  config: Json;
  secret_id: string | null;
  created_at: Time;
  updated_at: Time;
  last_test: Json | null;
}

export interface SchedulesTable {
  id: string;
  tenant_id: string;
  provider_id: string;
  cron: string;
  timezone: string;
  scope: Json | null;
  enabled: Flag;
  next_run_at: Time;
  last_run_at: Time | null;
  created_by: string;
  created_at: Time;
  lease_owner: string | null;
  lease_until: Time | null;
}

export interface ScansTable {
  id: string;
  tenant_id: string;
  provider_id: string;
  state: string;
  trigger: string;
  schedule_id: string | null;
  scope: Json | null;
  request: Json | null;
  progress: Json;
  summary: Json | null;
  error: Json | null;
  created_by: string | null;
  created_at: Time;
  started_at: Time | null;
  finished_at: Time | null;
  worker: string | null;
  lease_until: Time | null;
  /** The change event that triggered the scan (trigger `event`). */
  event: Json | null;
}

/**
 * One row per (scan, finding uid). The columns are what queries filter and sort on; the rest of the
 * finding (title, message, resource name and type, account name, error) is the `data` document.
 */
export interface FindingsTable {
  tenant_id: string;
  scan_id: string;
  uid: string;
  provider_id: string;
  check_id: string;
  service: string;
  status: string;
  /** 0 = critical … 4 = informational (SEVERITIES order), so ascending is worst first. */
  severity: number;
  account_uid: string;
  region: string;
  resource_uid: string;
  /** `|req-a|req-b|`: a requirement or framework is found with one substring test. */
  compliance: string;
  muted: Flag;
  mute_reason: string | null;
  mute_rule: string | null;
  mute_expires: string | null;
  delta: string;
  /** False for a copy recording a finding the scan no longer reported (delta `resolved`). */
  present: Flag;
  /** True on the provider's latest reported row of this uid: what `latestFindings` reads. */
  is_latest: Flag;
  time: Time;
  first_seen: Time;
  last_seen: Time;
  data: Json;
}

/**
 * Per (tenant, provider, uid): first and last seen, and which scan holds the latest row with what
 * status (no scan once a completed scan no longer reported the uid).
 */
export interface FindingTracksTable {
  tenant_id: string;
  provider_id: string;
  uid: string;
  first_seen: Time;
  last_seen: Time;
  latest_scan_id: string | null;
  latest_status: string | null;
  /** The last completed scan that covered the uid, and the uid's status in it: what deltas compare with. */
  settled_scan_id: string | null;
  settled_status: string | null;
}

export interface MutesTable {
  id: string;
  tenant_id: string;
  finding_uid: string | null;
  provider_id: string | null;
  account: string | null;
  check_id: string | null;
  region: string | null;
  resource: string | null;
  reason: string;
  expires_at: Time | null;
  created_by: string;
  created_at: Time;
}

export interface NotesTable {
  id: string;
  tenant_id: string;
  finding_uid: string;
  text: string;
  author: string;
  created_at: Time;
}

export interface AuditLogTable {
  id: string;
  tenant_id: string;
  actor: string;
  action: string;
  target: string | null;
  details: Json | null;
  ip: string | null;
  at: Time;
}

export interface IntegrationsTable {
  id: string;
  tenant_id: string;
  type: string;
  name: string;
  config: Json;
  secret_id: string | null;
  enabled: Flag;
  created_at: Time;
  updated_at: Time;
}

export interface AlertRulesTable {
  id: string;
  tenant_id: string;
  name: string;
  /** The rule as the integrations package parses it (kind, criteria, destinations, mode, window). */
  body: Json;
  enabled: Flag;
  created_at: Time;
  updated_at: Time;
}

/** One notification to one integration: its attempts and outcome. */
export interface DeliveriesTable {
  id: string;
  tenant_id: string;
  integration_id: string;
  rule_id: string | null;
  notification_id: string;
  scan_id: string | null;
  kind: string;
  status: string;
  attempts: Json;
  last_error: Json | null;
  created_at: Time;
  finished_at: Time | null;
}

/** When a rule last notified about a subject (finding uid or requirement) with a status. */
export interface AlertDedupeTable {
  tenant_id: string;
  key: string;
  sent_at: Time;
  expires_at: Time;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  custom_roles: CustomRolesTable;
  invitations: InvitationsTable;
  api_keys: ApiKeysTable;
  refresh_tokens: RefreshTokensTable;
  secrets: SecretsTable;
  providers: ProvidersTable;
  schedules: SchedulesTable;
  scans: ScansTable;
  findings: FindingsTable;
  finding_tracks: FindingTracksTable;
  mutes: MutesTable;
  notes: NotesTable;
  audit_log: AuditLogTable;
  integrations: IntegrationsTable;
  alert_rules: AlertRulesTable;
  deliveries: DeliveriesTable;
  alert_dedupe: AlertDedupeTable;
}

/** Every table a tenant owns, with the column naming the tenant (`tenants` is its own tenant). */
export const TENANT_COLUMN = {
  tenants: 'id',
  memberships: 'tenant_id',
  custom_roles: 'tenant_id',
  invitations: 'tenant_id',
  api_keys: 'tenant_id',
  refresh_tokens: 'tenant_id',
  secrets: 'tenant_id',
  providers: 'tenant_id',
  schedules: 'tenant_id',
  scans: 'tenant_id',
  findings: 'tenant_id',
  finding_tracks: 'tenant_id',
  mutes: 'tenant_id',
  notes: 'tenant_id',
  audit_log: 'tenant_id',
  integrations: 'tenant_id',
  alert_rules: 'tenant_id',
  deliveries: 'tenant_id',
  alert_dedupe: 'tenant_id',
} as const satisfies Partial<Record<keyof Database, string>>;

export type TenantTable = keyof typeof TENANT_COLUMN;
