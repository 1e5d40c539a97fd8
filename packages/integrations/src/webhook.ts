/**
 * A generic webhook: the notification as JSON, signed so that the receiver can tell it came from
 * Palisade and was not replayed. The signature is `sha256=<hex>` of an HMAC-SHA256 over
 * `<timestamp>.<body>` with the shared signing secret; receivers check it with
 * `verifyWebhookSignature`, which also bounds the timestamp's age.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookConfig, WebhookSecret } from './config.ts';
import { httpFailure, redactSecrets, sendHttp } from './http.ts';
import type { DestinationDeps } from './http.ts';
import type { AlertFinding, AlertRequirement, AlertScan, Destination, Notification } from './types.ts';

/** The event a webhook delivery carries (`X-Palisade-Event`): the notification's kind, or `test`. */
export type WebhookEvent = 'finding' | 'digest' | 'test';

/** The JSON body of a webhook delivery. */
export interface WebhookPayload {
  readonly id: string;
  readonly type: WebhookEvent;
  readonly createdAt: string;
  readonly rule: { readonly id: string; readonly name: string } | null;
  readonly scan: AlertScan | null;
  readonly findings: readonly AlertFinding[];
  readonly requirements?: readonly AlertRequirement[];
}

export const WEBHOOK_HEADERS = {
  event: 'X-Palisade-Event',
  delivery: 'X-Palisade-Delivery',
  timestamp: 'X-Palisade-Timestamp',
  signature: 'X-Palisade-Signature',
} as const;

export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export function createWebhookDestination(config: WebhookConfig, secret: WebhookSecret, deps: DestinationDeps = {}): Destination {
  return {
    type: 'webhook',
    async send(notification, signal) {
      const payload = webhookPayload(notification);
      const body = JSON.stringify(payload);
      const now = deps.now?.() ?? new Date();
      const timestamp = String(Math.floor(now.getTime() / 1000));
      const headers: Record<string, string> = {
        ...secret.headers,
        'content-type': 'application/json',
        'user-agent': 'Palisade-Webhook/1',
        [WEBHOOK_HEADERS.event]: payload.type,
        [WEBHOOK_HEADERS.delivery]: notification.id,
        [WEBHOOK_HEADERS.timestamp]: timestamp,
        [WEBHOOK_HEADERS.signature]: signWebhook(secret.signingSecret, timestamp, body),
      };
      const outcome = await sendHttp({ method: 'POST', url: config.url, headers, body }, deps, signal);
      if ('failure' in outcome) return redactSecrets(outcome.failure, [secret.signingSecret]);
      const { answer } = outcome;
      if (answer.status >= 200 && answer.status < 300) return { ok: true, retryable: false, status: answer.status };
      return redactSecrets(httpFailure(answer, { now }), [secret.signingSecret]);
    },
  };
}

export function webhookPayload(notification: Notification): WebhookPayload {
  return {
    id: notification.id,
    type: notification.test ? 'test' : notification.kind,
    createdAt: notification.createdAt,
    rule: notification.rule ?? null,
    scan: notification.scan ?? null,
    findings: notification.findings,
    ...(notification.requirements ? { requirements: notification.requirements } : {}),
  };
}

/** `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<body>`). */
export function signWebhook(secret: string, timestamp: string | number, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`, 'utf8');
  hmac.update(body);
  return `sha256=${hmac.digest('hex')}`;
}

/**
 * For receivers: true when `header` is the signature of exactly these body bytes at this timestamp
 * and the timestamp is within `toleranceSeconds` of `now` (either side), so that a captured
 * delivery cannot be replayed later. Pass the raw body as received, before any JSON parsing.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | null | undefined,
  body: string | Uint8Array,
  header: string | null | undefined,
  now: Date | number,
  toleranceSeconds = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (timestamp === null || timestamp === undefined || !header) return false;
  const seconds = typeof timestamp === 'number' ? timestamp : /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!Number.isInteger(seconds)) return false;
  const nowSeconds = (typeof now === 'number' ? now : now.getTime()) / 1000;
  if (Math.abs(nowSeconds - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body), 'utf8');
  const given = Buffer.from(header.trim(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
