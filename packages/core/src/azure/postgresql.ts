/**
 * Azure Database for PostgreSQL flexible servers (`Microsoft.DBforPostgreSQL/flexibleServers`), as
 * ARM returns them (API version 2024-08-01): network access, the server parameters security checks
 * read, and the firewall rules.
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/**
 * One server parameter (`configurations/<name>`), its value as ARM writes it (`on`/`off` for
 * booleans, numbers as strings).
 */
export interface PostgreSqlConfiguration {
  readonly name: string;
  readonly value: string;
  readonly defaultValue?: string;
  /** `system-default` or `user-override`. */
  readonly source?: string;
}

/** A firewall rule; `0.0.0.0`–`0.0.0.0` admits every Azure service, whoever runs it. */
export interface PostgreSqlFirewallRule {
  readonly id: string;
  readonly name: string;
  readonly startIpAddress: string;
  readonly endIpAddress: string;
}

export interface PostgreSqlFlexibleServer {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags;
  /** Major version, e.g. `16`. */
  readonly version?: string;
  readonly state?: string;
  /**
   * `Disabled` for servers integrated into a virtual network and for servers reached only over
   * private endpoints; `Enabled` when absent from the answer.
   */
  readonly publicNetworkAccess: 'Enabled' | 'Disabled';
  /** The delegated subnet of a server integrated into a virtual network. */
  readonly delegatedSubnetResourceId?: string;
  /** `Enabled` when Microsoft Entra authentication is turned on. */
  readonly activeDirectoryAuth?: 'Enabled' | 'Disabled';
  readonly passwordAuth?: 'Enabled' | 'Disabled';
  /**
   * The server parameters security checks read (see `POSTGRESQL_PARAMETERS` in the collector):
   * `require_secure_transport`, `ssl_min_protocol_version`, `log_checkpoints`, `log_connections`,
   * `log_disconnections`, `connection_throttle.enable`, `logfiles.retention_days`. A parameter the
   * server does not report is absent.
   */
  readonly configurations: Fetched<readonly PostgreSqlConfiguration[]>;
  readonly firewallRules: Fetched<readonly PostgreSqlFirewallRule[]>;
}

export interface PostgreSqlData {
  /** Flexible servers of the subscription in the scanned locations. */
  readonly flexibleServers: Fetched<readonly PostgreSqlFlexibleServer[]>;
}
