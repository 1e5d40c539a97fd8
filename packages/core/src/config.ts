/**
 * Thresholds that checks read. Defaults follow CIS AWS Foundations v3.0; a config file may override
 * any of them (validated by the engine; see docs/configuration.md).
 */
export interface CheckConfig {
  /** Access keys older than this many days fail rotation (CIS 1.14). */
  readonly maxAccessKeyAgeDays: number;
  /** Passwords and access keys unused for this many days must be disabled (CIS 1.12). */
  readonly maxUnusedCredentialDays: number;
  /** Minimum IAM password length (CIS 1.8). */
  readonly minPasswordLength: number;
  /** Passwords remembered by the password policy (CIS 1.9). */
  readonly minPasswordReusePrevention: number;
  /** Maximum password age in days. */
  readonly maxPasswordAgeDays: number;
  /** The root user counts as "in use" when used within this many days (CIS 1.7). */
  readonly rootUsageLookbackDays: number;
  /** Server certificates expiring within this many days are flagged ahead of time. */
  readonly certificateExpiryWarningDays: number;
  /** Minimum CloudWatch Logs retention in days. */
  readonly minLogRetentionDays: number;
  /** Minimum RDS automated backup retention in days. */
  readonly minBackupRetentionDays: number;
  /**
   * Remote administration ports that must never be open to the internet (CIS 5.1-5.3). Each port is
   * checked over TCP, and also over UDP where its service listens there too (3389 RDP, ...).
   */
  readonly adminPorts: readonly number[];
  /** Database and cache ports that must not be open to the internet (TCP, plus UDP where the service uses it). */
  readonly databasePorts: readonly number[];
  /**
   * Ingress from a public IPv4 block wider than this prefix length (more public addresses than a
   * /16 holds, by default) fails the wide-public-CIDR check.
   */
  readonly minPublicIngressPrefixLength: number;
  /** The IPv6 counterpart of `minPublicIngressPrefixLength`; /32 is a whole provider allocation. */
  readonly minPublicIngressPrefixLengthIpv6: number;
  /** Accounts trusted for cross-account access (role trust policies, bucket/key policies). */
  readonly trustedAccountIds: readonly string[];
}

export const DEFAULT_CHECK_CONFIG: CheckConfig = {
  maxAccessKeyAgeDays: 90,
  maxUnusedCredentialDays: 45,
  minPasswordLength: 14,
  minPasswordReusePrevention: 24,
  maxPasswordAgeDays: 90,
  rootUsageLookbackDays: 90,
  certificateExpiryWarningDays: 30,
  minLogRetentionDays: 365,
  minBackupRetentionDays: 7,
  adminPorts: [22, 3389],
  databasePorts: [1433, 1521, 3306, 5432, 6379, 9200, 11211, 27017],
  minPublicIngressPrefixLength: 16,
  minPublicIngressPrefixLengthIpv6: 32,
  trustedAccountIds: [],
};
