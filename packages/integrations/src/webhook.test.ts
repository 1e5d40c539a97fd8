import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, startTestServer, testNotification } from './test-support.ts';
import type { ReceivedRequest, TestServer } from './test-support.ts';
import { createWebhookDestination, signWebhook, verifyWebhookSignature } from './webhook.ts';
import type { WebhookPayload } from './webhook.ts';

const SECRET = 'whsec-0123456789abcdef';
const NOW = new Date('2026-03-02T10:00:05.000Z');

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A receiver as a customer would write it: 401 unless the signature over the raw body verifies. */
function verifyingReceiver(verifiedAt: Date) {
  return (request: ReceivedRequest, response: ServerResponse) => {
    const timestamp = request.headers['x-palisade-timestamp'];
    const signature = request.headers['x-palisade-signature'];
    const ok = verifyWebhookSignature(SECRET, typeof timestamp === 'string' ? timestamp : undefined, request.body, typeof signature === 'string' ? signature : undefined, verifiedAt);
    response.writeHead(ok ? 204 : 401);
    response.end();
  };
}

describe('webhook destination', () => {
  it('posts the notification as signed JSON that the receiver verifies', async () => {
    server = await startTestServer(verifyingReceiver(new Date(NOW.getTime() + 2000)));
    const webhook = createWebhookDestination({ url: `${server.url}/hooks/palisade` }, { signingSecret: SECRET, headers: { 'X-Team': 'sec' } }, { now: () => NOW });
    const notification = testNotification();
    const result = await webhook.send(notification);
    expect(result).toEqual({ ok: true, retryable: false, status: 204 });

    const [request] = server.requests;
    expect(request!.url).toBe('/hooks/palisade');
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-team': 'sec',
      'x-palisade-event': 'finding',
      'x-palisade-delivery': notification.id,
      'x-palisade-timestamp': String(NOW.getTime() / 1000),
      'x-palisade-signature': signWebhook(SECRET, NOW.getTime() / 1000, request!.body),
    });
    const payload = JSON.parse(request!.body) as WebhookPayload;
    expect(payload).toEqual({
      id: notification.id,
      type: 'finding',
      createdAt: notification.createdAt,
      rule: { id: 'rule-1', name: 'High and critical failures' },
      scan: notification.scan,
      findings: notification.findings,
    });
  });

  it('is refused by a receiver whose clock is past the tolerance (a replay)', async () => {
    server = await startTestServer(verifyingReceiver(new Date(NOW.getTime() + 301_000)));
    const result = await createWebhookDestination({ url: server.url }, { signingSecret: SECRET }, { now: () => NOW }).send(testNotification());
    expect(result).toMatchObject({ ok: false, retryable: false, status: 401, code: 'HTTP_401' });
  });

  it('marks a digest and a test message by their event', async () => {
    server = await startTestServer((_request, response) => response.end());
    const webhook = createWebhookDestination({ url: server.url }, { signingSecret: SECRET });
    await webhook.send(testNotification({ kind: 'digest' }));
    await webhook.send(testNotification({ test: true, rule: undefined, scan: undefined, findings: [] }));
    expect(server.requests.map((request) => request.headers['x-palisade-event'])).toEqual(['digest', 'test']);
    expect(JSON.parse(server.requests[1]!.body)).toMatchObject({ type: 'test', rule: null, scan: null, findings: [] });
  });

  it('says a 503 may pass later and an unreachable receiver is a network error', async () => {
    server = await startTestServer((_request, response) => {
      response.writeHead(503, { 'retry-after': '2' });
      response.end('maintenance');
    });
    const unavailable = await createWebhookDestination({ url: server.url }, { signingSecret: SECRET }).send(testNotification());
    expect(unavailable).toEqual({ ok: false, retryable: true, status: 503, code: 'HTTP_503', message: 'maintenance', retryAfterMs: 2000 });

    const port = await closedPort();
    const down = await createWebhookDestination({ url: `http://127.0.0.1:${port}/hook` }, { signingSecret: SECRET }).send(testNotification());
    expect(down).toEqual({ ok: false, retryable: true, code: 'ECONNREFUSED', message: `could not reach 127.0.0.1:${port} (ECONNREFUSED)` });
  });

  it('times an attempt out', async () => {
    server = await startTestServer(() => undefined); // never answers
    const result = await createWebhookDestination({ url: server.url }, { signingSecret: SECRET }, { timeoutMs: 50 }).send(testNotification());
    expect(result).toMatchObject({ ok: false, retryable: true, code: 'TIMEOUT' });
  });
});

describe('verifyWebhookSignature', () => {
  const body = '{"id":"n-1"}';
  const timestamp = '1772445600';
  const at = 1772445600 * 1000;
  const signature = signWebhook(SECRET, timestamp, body);

  it('accepts the signature of these bytes at this time', () => {
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, timestamp, body, signature, at)).toBe(true);
    expect(verifyWebhookSignature(SECRET, timestamp, Buffer.from(body), signature, new Date(at + 300_000))).toBe(true);
  });

  it('rejects another body, secret or timestamp, an old or future timestamp, and a malformed header', () => {
    expect(verifyWebhookSignature(SECRET, timestamp, '{"id":"n-2"}', signature, at)).toBe(false);
    expect(verifyWebhookSignature('another-secret-value', timestamp, body, signature, at)).toBe(false);
    expect(verifyWebhookSignature(SECRET, '1772445601', body, signature, at)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, body, signature, at + 301_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, body, signature, at - 301_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, body, signature.slice(0, -1), at)).toBe(false);
    expect(verifyWebhookSignature(SECRET, 'soon', body, signature, at)).toBe(false);
    expect(verifyWebhookSignature(SECRET, undefined, body, signature, at)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, body, undefined, at)).toBe(false);
  });
});
