/**
 * The schema's history: one numbered list of migrations for both dialects, run by Kysely's
 * `Migrator` from this in-code provider (no files are read at run time). A migration is SQL text
 * written once, with the column types that differ between the dialects taken from `COLUMN_TYPES`.
 * Applied migrations never change; a schema change is a new entry at the end.
 *
 * On PostgreSQL the first migration also turns on row-level security (see postgres.ts for the roles):
 * every table a tenant owns gets ENABLE and FORCE ROW LEVEL SECURITY, a `tenant_isolation` policy
 * comparing its tenant column with the transaction's `app.tenant_id`, and — only where a system
 * operation needs it, only for the commands it needs — a `system_*` policy keyed by `app.system`.
 * A later migration that creates a tenant table does the same for its own tables.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { FINDING_STATUSES } from '@palisade/core';
import { SCAN_STATES } from './types.ts';
import { TENANT_COLUMN, type TenantTable } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/** Column types per dialect: ids, sortable keys (bytewise order on PostgreSQL, as on SQLite), times, JSON and flags. */
const COLUMN_TYPES = {
  postgres: { id: 'uuid', key: 'text COLLATE "C"', time: 'timestamptz', json: 'jsonb', flag: 'boolean', true: 'true', false: 'false' },
  sqlite: { id: 'text', key: 'text', time: 'text', json: 'text', flag: 'integer', true: '1', false: '0' },
} as const;

/** Tenant condition of a policy: NULLIF because a transaction-local setting reads back as '' once its transaction ended. */
const CURRENT_TENANT = `NULLIF(current_setting('app.tenant_id', true), '')::uuid`;
const SYSTEM_ON = `current_setting('app.system', true) = 'on'`;

type Command = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'ALL';

function list(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

function initialSchema(dialect: DialectName): string[] {
  const t = COLUMN_TYPES[dialect];
  const statements = [
    `CREATE TABLE tenants (
      id ${t.id} PRIMARY KEY,
      name text NOT NULL,
      created_at ${t.time} NOT NULL,
      retention_days integer CHECK (retention_days > 0),
      external_id text NOT NULL UNIQUE
    )`,
    `CREATE TABLE users (
      id ${t.id} PRIMARY KEY,
      email ${t.key} NOT NULL UNIQUE,
      password_hash text NOT NULL,
      created_at ${t.time} NOT NULL,
      disabled ${t.flag} NOT NULL DEFAULT ${t.false},
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until ${t.time},
      last_login_at ${t.time}
    )`,
    `CREATE TABLE memberships (
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      user_id ${t.id} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      role ${t.key} NOT NULL,
      created_at ${t.time} NOT NULL,
      PRIMARY KEY (tenant_id, user_id)
    )`,
    `CREATE INDEX memberships_user ON memberships (user_id)`,
    `CREATE INDEX memberships_order ON memberships (tenant_id, created_at, user_id)`,
    `CREATE TABLE custom_roles (
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name ${t.key} NOT NULL,
      permissions ${t.json} NOT NULL,
      created_at ${t.time} NOT NULL,
      PRIMARY KEY (tenant_id, name)
    )`,
    `CREATE TABLE invitations (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      email ${t.key} NOT NULL,
      role ${t.key} NOT NULL,
      token_hash text NOT NULL,
      invited_by text NOT NULL,
      created_at ${t.time} NOT NULL,
      expires_at ${t.time} NOT NULL,
      accepted_at ${t.time}
    )`,
    `CREATE INDEX invitations_order ON invitations (tenant_id, created_at, id)`,
    `CREATE TABLE api_keys (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name text NOT NULL,
      prefix ${t.key} NOT NULL UNIQUE,
      hash text NOT NULL,
      role ${t.key} NOT NULL,
      created_by text NOT NULL,
      created_at ${t.time} NOT NULL,
      expires_at ${t.time},
      last_used_at ${t.time},
      revoked_at ${t.time}
    )`,
    `CREATE INDEX api_keys_order ON api_keys (tenant_id, created_at, id)`,
    `CREATE TABLE refresh_tokens (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      user_id ${t.id} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      hash ${t.key} NOT NULL UNIQUE,
      family_id ${t.id} NOT NULL,
      created_at ${t.time} NOT NULL,
      expires_at ${t.time} NOT NULL,
      used_at ${t.time},
      revoked_at ${t.time}
    )`,
    `CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)`,
    `CREATE INDEX refresh_tokens_tenant ON refresh_tokens (tenant_id)`,
    `CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)`,
    `CREATE TABLE secrets (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      ciphertext text NOT NULL,
      iv text NOT NULL,
      auth_tag text NOT NULL,
      wrapped_key text NOT NULL,
      wrap_iv text NOT NULL,
      wrap_auth_tag text NOT NULL,
      kek_id text NOT NULL,
      created_at ${t.time} NOT NULL,
      UNIQUE (tenant_id, id)
    )`,
    // References between a tenant's rows name the tenant too, so that a foreign key (which is
    // checked without row-level security) can never point at another tenant's row.
    `CREATE TABLE providers (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      type ${t.key} NOT NULL,
      alias text NOT NULL,
      config ${t.json} NOT NULL,
      secret_id ${t.id},
      created_at ${t.time} NOT NULL,
      updated_at ${t.time} NOT NULL,
      last_test ${t.json},
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, secret_id) REFERENCES secrets (tenant_id, id)
    )`,
    `CREATE INDEX providers_order ON providers (tenant_id, created_at, id)`,
    `CREATE INDEX providers_secret ON providers (tenant_id, secret_id)`,
    `CREATE TABLE schedules (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      provider_id ${t.id} NOT NULL,
      cron text NOT NULL,
      timezone text NOT NULL,
      scope ${t.json},
      enabled ${t.flag} NOT NULL,
      next_run_at ${t.time} NOT NULL,
      last_run_at ${t.time},
      created_by text NOT NULL,
      created_at ${t.time} NOT NULL,
      lease_owner text,
      lease_until ${t.time},
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id) ON DELETE CASCADE
    )`,
    `CREATE INDEX schedules_order ON schedules (tenant_id, created_at, id)`,
    `CREATE INDEX schedules_provider ON schedules (tenant_id, provider_id)`,
    `CREATE INDEX schedules_due ON schedules (next_run_at) WHERE enabled = ${t.true}`,
    `CREATE TABLE scans (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      provider_id ${t.id} NOT NULL,
      state ${t.key} NOT NULL CHECK (state IN (${list(SCAN_STATES)})),
      trigger ${t.key} NOT NULL CHECK (trigger IN ('manual', 'schedule', 'event')),
      schedule_id ${t.id},
      scope ${t.json},
      request ${t.json},
      progress ${t.json} NOT NULL,
      summary ${t.json},
      error ${t.json},
      created_by text,
      created_at ${t.time} NOT NULL,
      started_at ${t.time},
      finished_at ${t.time},
      worker text,
      lease_until ${t.time},
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, schedule_id) REFERENCES schedules (tenant_id, id)
    )`,
    `CREATE INDEX scans_order ON scans (tenant_id, created_at, id)`,
    `CREATE INDEX scans_provider ON scans (tenant_id, provider_id, state, finished_at)`,
    `CREATE INDEX scans_schedule ON scans (tenant_id, schedule_id)`,
    `CREATE INDEX scans_finished ON scans (tenant_id, finished_at)`,
    `CREATE INDEX scans_unfinished ON scans (state, lease_until) WHERE state IN ('queued', 'running')`,
    `CREATE TABLE findings (
      tenant_id ${t.id} NOT NULL,
      scan_id ${t.id} NOT NULL,
      uid ${t.key} NOT NULL,
      provider_id ${t.id} NOT NULL,
      check_id ${t.key} NOT NULL,
      service ${t.key} NOT NULL,
      status ${t.key} NOT NULL CHECK (status IN (${list(FINDING_STATUSES)})),
      severity integer NOT NULL CHECK (severity BETWEEN 0 AND 4),
      account_uid ${t.key} NOT NULL,
      region ${t.key} NOT NULL,
      resource_uid ${t.key} NOT NULL,
      compliance text NOT NULL,
      muted ${t.flag} NOT NULL,
      mute_reason text,
      mute_rule text,
      mute_expires text,
      delta ${t.key} NOT NULL CHECK (delta IN ('new', 'changed', 'unchanged', 'resolved')),
      present ${t.flag} NOT NULL,
      is_latest ${t.flag} NOT NULL,
      time ${t.time} NOT NULL,
      first_seen ${t.time} NOT NULL,
      last_seen ${t.time} NOT NULL,
      data ${t.json} NOT NULL,
      PRIMARY KEY (tenant_id, uid, scan_id),
      FOREIGN KEY (tenant_id, scan_id) REFERENCES scans (tenant_id, id) ON DELETE CASCADE
    )`,
    // Few indexes, since each one costs every insert. The primary key serves a uid's rows (history,
    // a scan's row of a uid); then a scan's findings and the latest view (a partial index over the
    // latest rows only) in the default order; then the selective filters (check, account, service,
    // resource), also followed by the default order, so that a page of them is read in order instead
    // of sorted — and the planners pick them without statistics. The muted findings are few: a
    // partial index costs only their rows. Other filters (status, severity, region, …) narrow what
    // these indexes walk; status, muted and present trail the scan and latest indexes, so that those
    // filters and the posture counts read the index alone.
    `CREATE INDEX findings_scan ON findings (tenant_id, scan_id, severity, uid, status, muted, present)`,
    `CREATE INDEX findings_latest ON findings (tenant_id, severity, uid, scan_id, status, muted) WHERE is_latest = ${t.true}`,
    `CREATE INDEX findings_check ON findings (tenant_id, check_id, severity, uid, scan_id)`,
    `CREATE INDEX findings_account ON findings (tenant_id, account_uid, severity, uid, scan_id)`,
    `CREATE INDEX findings_service ON findings (tenant_id, service, severity, uid, scan_id)`,
    `CREATE INDEX findings_resource ON findings (tenant_id, resource_uid, severity, uid, scan_id)`,
    `CREATE INDEX findings_muted ON findings (tenant_id, severity, uid, scan_id) WHERE muted = ${t.true}`,
    `CREATE TABLE finding_tracks (
      tenant_id ${t.id} NOT NULL,
      provider_id ${t.id} NOT NULL,
      uid ${t.key} NOT NULL,
      first_seen ${t.time} NOT NULL,
      last_seen ${t.time} NOT NULL,
      latest_scan_id ${t.id},
      latest_status ${t.key},
      PRIMARY KEY (tenant_id, provider_id, uid),
      FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id) ON DELETE CASCADE
    )`,
    `CREATE TABLE mutes (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      finding_uid ${t.key},
      provider_id ${t.key},
      account ${t.key},
      check_id ${t.key},
      region ${t.key},
      resource ${t.key},
      reason text NOT NULL,
      expires_at ${t.time},
      created_by text NOT NULL,
      created_at ${t.time} NOT NULL
    )`,
    `CREATE INDEX mutes_order ON mutes (tenant_id, created_at, id)`,
    `CREATE TABLE notes (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      finding_uid ${t.key} NOT NULL,
      text text NOT NULL,
      author text NOT NULL,
      created_at ${t.time} NOT NULL
    )`,
    `CREATE INDEX notes_finding ON notes (tenant_id, finding_uid, created_at, id)`,
    `CREATE TABLE audit_log (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      actor ${t.key} NOT NULL,
      action ${t.key} NOT NULL,
      target text,
      details ${t.json},
      ip text,
      at ${t.time} NOT NULL
    )`,
    `CREATE INDEX audit_log_order ON audit_log (tenant_id, at, id)`,
  ];
  if (dialect === 'postgres') statements.push(...rowLevelSecurity());
  return statements;
}

/**
 * What system operations may do on each table outside a tenant (app.system = 'on'): reads for
 * sign-in, key lookup, scheduling, recovery and rotation; writes only for users, refresh tokens,
 * API key use and schedule leases. Everything else is reachable only inside one tenant.
 */
const SYSTEM_ACCESS: Readonly<Partial<Record<TenantTable | 'users', readonly Command[]>>> = {
  tenants: ['SELECT'],
  users: ['ALL'],
  memberships: ['SELECT'],
  invitations: ['SELECT'],
  api_keys: ['SELECT', 'UPDATE'],
  refresh_tokens: ['ALL'],
  secrets: ['SELECT'],
  schedules: ['SELECT', 'UPDATE'],
  scans: ['SELECT'],
};

/** The tenant tables the first migration creates; later migrations secure the tables they create themselves. */
const INITIAL_TENANT_TABLES: readonly TenantTable[] = [
  'tenants',
  'memberships',
  'custom_roles',
  'invitations',
  'api_keys',
  'refresh_tokens',
  'secrets',
  'providers',
  'schedules',
  'scans',
  'findings',
  'finding_tracks',
  'mutes',
  'notes',
  'audit_log',
];

/** ENABLE and FORCE row-level security on a table, with the `system_*` policies SYSTEM_ACCESS gives it. */
function securedTable(table: TenantTable | 'users'): string[] {
  const statements = [`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`, `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`];
  for (const command of SYSTEM_ACCESS[table] ?? []) {
    const name = `system_${command.toLowerCase()}`;
    const using = command === 'INSERT' ? '' : ` USING (${SYSTEM_ON})`;
    const check = command === 'SELECT' || command === 'DELETE' ? '' : ` WITH CHECK (${SYSTEM_ON})`;
    statements.push(`CREATE POLICY ${name} ON ${table} FOR ${command} TO PUBLIC${using}${check}`);
  }
  return statements;
}

/** Row-level security on tenant tables: secured, and each row visible and writable only within its tenant. */
function tenantIsolation(tables: readonly TenantTable[]): string[] {
  return tables.flatMap((table) => {
    const condition = `${TENANT_COLUMN[table]} = ${CURRENT_TENANT}`;
    return [...securedTable(table), `CREATE POLICY tenant_isolation ON ${table} FOR ALL TO PUBLIC USING (${condition}) WITH CHECK (${condition})`];
  });
}

function rowLevelSecurity(): string[] {
  const statements = tenantIsolation(INITIAL_TENANT_TABLES);
  // Users belong to no tenant: a tenant sees the users who are its members (their e-mail in the member list).
  statements.push(...securedTable('users'));
  statements.push(
    `CREATE POLICY tenant_members ON users FOR SELECT TO PUBLIC USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = ${CURRENT_TENANT}))`,
  );
  // Only a table's owner may ANALYZE it. After a bulk load the planner must not wait for autovacuum
  // (up to a minute) to learn the findings' new size, or it joins them row by row: the store calls
  // this before and after completing a scan, and it analyzes the two tables when they have none or stale
  // statistics. It runs as the owner and does nothing else.
  statements.push(`CREATE FUNCTION palisade_refresh_statistics() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DECLARE stale text;
    BEGIN
      FOR stale IN
        SELECT s.relname FROM pg_stat_user_tables s
        WHERE s.relid IN ('findings'::regclass, 'finding_tracks'::regclass)
          AND (COALESCE(s.last_analyze, s.last_autoanalyze) IS NULL OR s.n_mod_since_analyze > s.n_live_tup / 10)
      LOOP
        EXECUTE format('ANALYZE %I', stale);
      END LOOP;
    END
  $$`);
  statements.push(`REVOKE ALL ON FUNCTION palisade_refresh_statistics() FROM PUBLIC`);
  return statements;
}

function statements(list: (dialect: DialectName) => string[], dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of list(dialect)) await sql.raw(statement).execute(db);
    },
  };
}

/**
 * Targeted scans. A scan may cover part of a provider (some checks, regions, accounts, resources),
 * so a uid's delta is judged against its own last settled status — its status in the last completed
 * scan that covered it — rather than against one whole previous scan: `finding_tracks` keeps that
 * status and scan. Existing tracks settle on their latest row when its scan completed. Scans record
 * the change event that triggered them, and a tenant the secret its change events are signed with.
 */
function targetedScans(dialect: DialectName): string[] {
  const t = COLUMN_TYPES[dialect];
  return [
    `ALTER TABLE finding_tracks ADD COLUMN settled_scan_id ${t.id}`,
    `ALTER TABLE finding_tracks ADD COLUMN settled_status ${t.key}`,
    `UPDATE finding_tracks SET settled_scan_id = latest_scan_id, settled_status = latest_status
      WHERE latest_scan_id IN (SELECT s.id FROM scans s WHERE s.tenant_id = finding_tracks.tenant_id AND s.state = 'completed')`,
    `ALTER TABLE scans ADD COLUMN event ${t.json}`,
    // The sealed secret change events are signed with (POST /events).
    `ALTER TABLE tenants ADD COLUMN events_secret_id ${t.id}`,
  ];
}

/**
 * Alerts and integrations: where notifications go (`integrations`, their secrets sealed in
 * `secrets`), which findings make them (`alert_rules`), what was sent and how it went
 * (`deliveries`, one per notification × integration, kept after the integration or rule is gone,
 * deleted with their scan), and when a rule last notified about a subject (`alert_dedupe`).
 */
function integrations(dialect: DialectName): string[] {
  const t = COLUMN_TYPES[dialect];
  const statements = [
    `CREATE TABLE integrations (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      type ${t.key} NOT NULL,
      name text NOT NULL,
      config ${t.json} NOT NULL,
      secret_id ${t.id},
      enabled ${t.flag} NOT NULL,
      created_at ${t.time} NOT NULL,
      updated_at ${t.time} NOT NULL,
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, secret_id) REFERENCES secrets (tenant_id, id)
    )`,
    `CREATE INDEX integrations_order ON integrations (tenant_id, created_at, id)`,
    `CREATE INDEX integrations_secret ON integrations (tenant_id, secret_id)`,
    `CREATE TABLE alert_rules (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name text NOT NULL,
      body ${t.json} NOT NULL,
      enabled ${t.flag} NOT NULL,
      created_at ${t.time} NOT NULL,
      updated_at ${t.time} NOT NULL
    )`,
    `CREATE INDEX alert_rules_order ON alert_rules (tenant_id, created_at, id)`,
    `CREATE TABLE deliveries (
      id ${t.id} PRIMARY KEY,
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      integration_id ${t.id} NOT NULL,
      rule_id ${t.id},
      notification_id ${t.key} NOT NULL,
      scan_id ${t.id},
      kind ${t.key} NOT NULL CHECK (kind IN ('finding', 'digest', 'test', 'export')),
      status ${t.key} NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts ${t.json} NOT NULL,
      last_error ${t.json},
      created_at ${t.time} NOT NULL,
      finished_at ${t.time},
      UNIQUE (tenant_id, integration_id, notification_id),
      FOREIGN KEY (tenant_id, scan_id) REFERENCES scans (tenant_id, id) ON DELETE CASCADE
    )`,
    `CREATE INDEX deliveries_order ON deliveries (tenant_id, created_at, id)`,
    `CREATE INDEX deliveries_integration ON deliveries (tenant_id, integration_id, created_at, id)`,
    `CREATE INDEX deliveries_scan ON deliveries (tenant_id, scan_id)`,
    `CREATE TABLE alert_dedupe (
      tenant_id ${t.id} NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      key ${t.key} NOT NULL,
      sent_at ${t.time} NOT NULL,
      expires_at ${t.time} NOT NULL,
      PRIMARY KEY (tenant_id, key)
    )`,
    `CREATE INDEX alert_dedupe_expiry ON alert_dedupe (tenant_id, expires_at)`,
  ];
  if (dialect === 'postgres') statements.push(...tenantIsolation(['integrations', 'alert_rules', 'deliveries', 'alert_dedupe']));
  return statements;
}

/** The migrations in order; names sort in application order. */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    getMigrations: async () => ({
      '0001_initial': statements(initialSchema, dialect),
      '0002_targeted_scans': statements(targetedScans, dialect),
      '0003_integrations': statements(integrations, dialect),
    }),
  };
}

/**
 * The application role's privileges per table on PostgreSQL (postgres.ts grants them after
 * migrating): the audit log is append-only, tenants are never deleted by the application.
 */
export const APP_PRIVILEGES: Readonly<Record<TenantTable | 'users', string>> = {
  tenants: 'SELECT, INSERT, UPDATE',
  users: 'SELECT, INSERT, UPDATE',
  memberships: 'SELECT, INSERT, UPDATE, DELETE',
  custom_roles: 'SELECT, INSERT, UPDATE, DELETE',
  invitations: 'SELECT, INSERT, UPDATE, DELETE',
  api_keys: 'SELECT, INSERT, UPDATE, DELETE',
  refresh_tokens: 'SELECT, INSERT, UPDATE, DELETE',
  secrets: 'SELECT, INSERT, UPDATE, DELETE',
  providers: 'SELECT, INSERT, UPDATE, DELETE',
  schedules: 'SELECT, INSERT, UPDATE, DELETE',
  scans: 'SELECT, INSERT, UPDATE, DELETE',
  findings: 'SELECT, INSERT, UPDATE, DELETE',
  finding_tracks: 'SELECT, INSERT, UPDATE, DELETE',
  mutes: 'SELECT, INSERT, UPDATE, DELETE',
  notes: 'SELECT, INSERT, UPDATE, DELETE',
  audit_log: 'SELECT, INSERT',
  integrations: 'SELECT, INSERT, UPDATE, DELETE',
  alert_rules: 'SELECT, INSERT, UPDATE, DELETE',
  deliveries: 'SELECT, INSERT, UPDATE, DELETE',
  alert_dedupe: 'SELECT, INSERT, UPDATE, DELETE',
};
