/**
 * @palisade/integrations — alert delivery: notifications (types.ts), integration settings
 * (config.ts), destinations (Slack, webhook, Jira, e-mail, Security Hub) built by
 * createDestination, the S3 report exporter, delivery with retries (deliver.ts) and alert rules
 * (rules.ts).
 */
export { INTEGRATION_TYPES } from './types.ts';
export type {
  AlertDelta,
  AlertFinding,
  AlertRequirement,
  AlertScan,
  DeliveryResult,
  Destination,
  DestinationType,
  IntegrationType,
  Notification,
} from './types.ts';
export { isIntegrationType, parseIntegrationConfig, parseIntegrationSettings } from './config.ts';
export type {
  AwsSecret,
  EmailConfig,
  EmailSecret,
  IntegrationConfigs,
  IntegrationSecrets,
  IntegrationSettings,
  JiraConfig,
  JiraSecret,
  ParseResult,
  S3Config,
  SecurityHubConfig,
  SlackConfig,
  SlackSecret,
  ValidationProblem,
  WebhookConfig,
  WebhookSecret,
} from './config.ts';
export { DEFAULT_ATTEMPT_TIMEOUT_MS } from './http.ts';
export type { DestinationDeps, FetchFunction } from './http.ts';
export { createDestination } from './destinations.ts';
export type { DestinationDepsFor } from './destinations.ts';
export { createSlackDestination, slackMessage } from './slack.ts';
export type { SlackBlock, SlackDeps, SlackMessage } from './slack.ts';
export { DEFAULT_SIGNATURE_TOLERANCE_SECONDS, WEBHOOK_HEADERS, createWebhookDestination, signWebhook, verifyWebhookSignature, webhookPayload } from './webhook.ts';
export type { WebhookEvent, WebhookPayload } from './webhook.ts';
export { createJiraDestination, jiraIssueLabel } from './jira.ts';
export type { AdfDocument, AdfNode } from './jira.ts';
export { DEFAULT_SMTP_TIMEOUT_MS, createEmailDestination, emailMessage } from './email.ts';
export type { EmailMessage } from './email.ts';
export { SECURITY_HUB_BATCH_SIZE, createSecurityHubDestination } from './security-hub.ts';
export type { AsffFindingInput, SecurityHubDeps } from './security-hub.ts';
export { DEFAULT_S3_TIMEOUT_MS, createS3Exporter, reportObjectKey } from './s3-export.ts';
export type { ReportExporter, ReportFile } from './s3-export.ts';
export {
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_CAP_MS,
  DEFAULT_DELIVERY_ATTEMPTS,
  DEFAULT_MAX_RETRY_AFTER_MS,
  MemoryDeliveryLog,
  deliverWithRetries,
  deliveryAttemptOf,
  exponentialBackoff,
} from './deliver.ts';
export type { DeliverOptions, DeliveryAttempt, DeliveryKey, DeliveryLog, DeliveryRecord } from './deliver.ts';
export {
  ALERT_RULE_KINDS,
  DEFAULT_DEDUPE_WINDOW_MINUTES,
  DEFAULT_RULE_DELTAS,
  DEFAULT_RULE_STATUSES,
  MemoryDedupeStore,
  notificationsFor,
  parseAlertRule,
} from './rules.ts';
export type {
  AlertRule,
  AlertRuleBody,
  AlertRuleKind,
  AlertScanResult,
  ComplianceRuleBody,
  DedupeStore,
  FindingRuleBody,
  ProviderChangeRuleBody,
  RequirementChange,
} from './rules.ts';
