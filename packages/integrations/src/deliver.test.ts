import { afterEach, describe, expect, it } from 'vitest';
import { MemoryDeliveryLog, deliverWithRetries, exponentialBackoff } from './deliver.ts';
import type { DeliveryAttempt } from './deliver.ts';
import { closedPort, startTestServer, testNotification } from './test-support.ts';
import type { TestServer } from './test-support.ts';
import type { Destination } from './types.ts';
import { createWebhookDestination } from './webhook.ts';

const SECRET = 'whsec-0123456789abcdef';
const CLOCK = () => new Date('2026-03-02T10:00:00.000Z');

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A sleep that returns at once and remembers how long it was asked to wait. */
function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

/** A receiver that answers the given statuses in turn (the last one from then on). */
async function scriptedReceiver(answers: readonly { status: number; headers?: Record<string, string>; body?: string }[]): Promise<TestServer> {
  let index = 0;
  return startTestServer((_request, response) => {
    const answer = answers[Math.min(index++, answers.length - 1)]!;
    response.writeHead(answer.status, answer.headers ?? {});
    response.end(answer.body ?? '');
  });
}

describe('deliverWithRetries', () => {
  it('retries a receiver that fails twice and records three attempts', async () => {
    server = await scriptedReceiver([{ status: 502, body: 'bad gateway' }, { status: 500 }, { status: 200 }]);
    const { waits, sleep } = recordingSleep();
    const seen: [DeliveryAttempt, number][] = [];
    const record = await deliverWithRetries(createWebhookDestination({ url: server.url }, { signingSecret: SECRET }), testNotification(), {
      sleep,
      now: CLOCK,
      backoff: exponentialBackoff({ random: () => 1 }),
      onAttempt: (attempt, number) => void seen.push([attempt, number]),
    });
    expect(record.status).toBe('delivered');
    expect(record.attempts.map(({ durationMs: _durationMs, ...attempt }) => attempt)).toEqual([
      { at: '2026-03-02T10:00:00.000Z', ok: false, status: 502, code: 'HTTP_502', message: 'bad gateway', retryable: true },
      { at: '2026-03-02T10:00:00.000Z', ok: false, status: 500, code: 'HTTP_500', message: 'HTTP 500', retryable: true },
      { at: '2026-03-02T10:00:00.000Z', ok: true, status: 200 },
    ]);
    expect(record.attempts.every((attempt) => attempt.durationMs >= 0)).toBe(true);
    expect(waits).toEqual([1000, 2000]);
    expect(seen.map(([, number]) => number)).toEqual([1, 2, 3]);
    expect(server.requests).toHaveLength(3);
    // Every attempt carries the same delivery id, so that the receiver can drop a repeat.
    expect(new Set(server.requests.map((request) => request.headers['x-palisade-delivery'])).size).toBe(1);
  });

  it('gives up on a receiver that is down after every attempt, with the network code', async () => {
    const port = await closedPort();
    const { waits, sleep } = recordingSleep();
    const record = await deliverWithRetries(createWebhookDestination({ url: `http://127.0.0.1:${port}/hook` }, { signingSecret: SECRET }), testNotification(), {
      sleep,
      backoff: exponentialBackoff({ random: () => 0.5 }),
    });
    expect(record.status).toBe('failed');
    expect(record.attempts).toHaveLength(4);
    expect(record.attempts.map((attempt) => attempt.code)).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
    expect(waits).toEqual([500, 1000, 2000]);
  });

  it('waits as long as a 429\'s Retry-After says', async () => {
    server = await scriptedReceiver([{ status: 429, headers: { 'retry-after': '3' } }, { status: 204 }]);
    const { waits, sleep } = recordingSleep();
    const record = await deliverWithRetries(createWebhookDestination({ url: server.url }, { signingSecret: SECRET }), testNotification(), { sleep, backoff: () => 1 });
    expect(record.status).toBe('delivered');
    expect(record.attempts[0]).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterMs: 3000 });
    expect(waits).toEqual([3000]);
  });

  it('ends the delivery when Retry-After asks for longer than it may wait', async () => {
    server = await scriptedReceiver([{ status: 503, headers: { 'retry-after': '3600' } }, { status: 200 }]);
    const { waits, sleep } = recordingSleep();
    const record = await deliverWithRetries(createWebhookDestination({ url: server.url }, { signingSecret: SECRET }), testNotification(), { sleep });
    expect(record).toMatchObject({ status: 'failed', attempts: [{ status: 503, retryAfterMs: 3_600_000 }] });
    expect(waits).toEqual([]);
  });

  it('does not retry a 400', async () => {
    server = await scriptedReceiver([{ status: 400, body: 'unknown event' }, { status: 200 }]);
    const { waits, sleep } = recordingSleep();
    const record = await deliverWithRetries(createWebhookDestination({ url: server.url }, { signingSecret: SECRET }), testNotification(), { sleep });
    expect(record.status).toBe('failed');
    expect(record.attempts).toHaveLength(1);
    expect(record.attempts[0]).toMatchObject({ ok: false, status: 400, code: 'HTTP_400', message: 'unknown event', retryable: false });
    expect(waits).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('writes each attempt and the outcome to a delivery log, and keeps the receiver\'s ids', async () => {
    let calls = 0;
    const flaky: Destination = {
      type: 'jira',
      send: async () => (++calls === 1 ? { ok: false, retryable: true, code: 'TIMEOUT', message: 'slow' } : { ok: true, retryable: false, externalIds: ['SEC-7'] }),
    };
    const log = new MemoryDeliveryLog();
    const notification = testNotification();
    const record = await deliverWithRetries(flaky, notification, { sleep: async () => undefined, now: CLOCK, log: { store: log, destinationId: 'integration-9' } });
    expect(record).toMatchObject({ status: 'delivered', externalIds: ['SEC-7'] });
    const logged = log.get({ tenantId: 'tenant-a', notificationId: notification.id, destinationId: 'integration-9' });
    expect(logged?.attempts.map((attempt) => attempt.code ?? 'ok')).toEqual(['TIMEOUT', 'ok']);
    expect(logged?.record).toBe(record);
    expect(log.list()).toHaveLength(1);
  });

  it('records a destination that throws as a failure not to retry', async () => {
    const broken: Destination = {
      type: 'slack',
      send: async () => {
        throw new RangeError('bad index');
      },
    };
    const record = await deliverWithRetries(broken, testNotification(), { sleep: async () => undefined });
    expect(record).toMatchObject({ status: 'failed', attempts: [{ ok: false, code: 'INTERNAL_RangeError', message: 'the slack destination failed: bad index', retryable: false }] });
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const failing: Destination = { type: 'webhook', send: async () => ({ ok: false, retryable: true, code: 'HTTP_500' }) };
    const record = await deliverWithRetries(failing, testNotification(), {
      signal: controller.signal,
      sleep: async () => controller.abort(),
    });
    expect(record).toMatchObject({ status: 'failed', attempts: [{ code: 'HTTP_500' }] });
  });
});

describe('exponentialBackoff', () => {
  it('doubles from the base up to the cap, scaled by the jitter', () => {
    const top = exponentialBackoff({ random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([999, 1999, 3999, 7999, 15999, 29999, 29999]);
    const none = exponentialBackoff({ random: () => 0 });
    expect(none(5)).toBe(0);
  });
});
