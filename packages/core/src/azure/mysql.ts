/**
 * Azure Database for MySQL flexible servers (`Microsoft.DBforMySQL/flexibleServers`), as ARM
 * returns them (API version 2023-12-30): network access and the server parameters security checks
 * read.
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/**
 * One server parameter (`configurations/<name>`), its value as ARM writes it (`ON`/`OFF` for
 * booleans, comma-separated lists such as `TLSv1.2,TLSv1.3` or `CONNECTION,DDL`).
 */
export interface MySqlConfiguration {
  readonly name: string;
  readonly value: string;
  readonly defaultValue?: string;
  /** `system-default` or `user-override`. */
  readonly source?: string;
}

export interface MySqlFlexibleServer {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags;
  /** e.g. `8.0.21`, `5.7`. */
  readonly version?: string;
  readonly state?: string;
  /** `Disabled` for servers integrated into a virtual network or reached only privately; `Enabled` when absent. */
  readonly publicNetworkAccess: 'Enabled' | 'Disabled';
  /**
   * The server parameters security checks read (see `MYSQL_PARAMETERS` in the collector):
   * `require_secure_transport`, `tls_version`, `audit_log_enabled`, `audit_log_events`. A
   * parameter the server does not report is absent.
   */
  readonly configurations: Fetched<readonly MySqlConfiguration[]>;
}

export interface MySqlData {
  /** Flexible servers of the subscription in the scanned locations. */
  readonly flexibleServers: Fetched<readonly MySqlFlexibleServer[]>;
}
