import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackDestination } from './slack.ts';
import type { SlackBlock } from './slack.ts';
import { alertFinding, startTestServer, testNotification } from './test-support.ts';
import type { ReceivedRequest, TestServer } from './test-support.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const HOOK_PATH = '/services/T000/B000/s3cr3tT0k3nValue';

/** A fake Slack incoming webhook: checks the payload's shape as Slack does and answers like it. */
function slackReceiver(answer?: { status: number; body: string }) {
  return (request: ReceivedRequest, response: ServerResponse) => {
    const payload = JSON.parse(request.body) as { text?: unknown; blocks?: unknown };
    const valid =
      request.method === 'POST' &&
      request.headers['content-type'] === 'application/json' &&
      typeof payload.text === 'string' &&
      payload.text.length > 0 &&
      Array.isArray(payload.blocks) &&
      payload.blocks.length <= 50 &&
      (payload.blocks as { type?: unknown }[]).every((block) => typeof block.type === 'string');
    const reply = answer ?? (valid ? { status: 200, body: 'ok' } : { status: 400, body: 'invalid_payload' });
    response.writeHead(reply.status, { 'content-type': 'text/html' });
    response.end(reply.body);
  };
}

function sentBlocks(request: ReceivedRequest | undefined): SlackBlock[] {
  return (JSON.parse(request!.body) as { blocks: SlackBlock[] }).blocks;
}

describe('Slack destination', () => {
  it('posts one finding as Block Kit: header, fields, remediation, a link button and a text fallback', async () => {
    server = await startTestServer(slackReceiver());
    const slack = createSlackDestination({ channelLabel: '#sec-alerts' }, { webhookUrl: `${server.url}${HOOK_PATH}` });
    const result = await slack.send(testNotification());
    expect(result).toEqual({ ok: true, retryable: false, status: 200 });
    expect(server.requests[0]!.url).toBe(HOOK_PATH);
    const payload = JSON.parse(server.requests[0]!.body) as { text: string; blocks: SlackBlock[] };
    expect(payload.text).toContain('FAIL high: S3 bucket allows public access (logs)');
    const [header, message, fields, remediation, actions, context] = payload.blocks;
    expect(header).toEqual({ type: 'header', text: { type: 'plain_text', text: 'FAIL high: S3 bucket allows public access (logs)' } });
    expect(message).toMatchObject({ type: 'section', text: { type: 'mrkdwn', text: 'Bucket logs has no public access block.' } });
    expect(fields?.type === 'section' && fields.fields?.map((field) => field.text)).toEqual([
      '*Severity*\nhigh',
      '*Status*\nFAIL · new',
      '*Check*\n`aws/s3-bucket-public-access`',
      '*Resource*\nlogs (AwsS3Bucket)',
      '*Account / region*\naws 123456789012 / us-east-1',
    ]);
    expect(remediation).toMatchObject({ type: 'section', text: { text: '*Remediation*\nTurn on the bucket public access block. <https://docs.example.com/s3-public|more>' } });
    expect(actions).toEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'View finding' }, url: 'https://palisade.example.com/findings/f-1' }] });
    expect(context).toMatchObject({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Rule: High and critical failures · Scan scan-42 (schedule) · #sec-alerts' }] });
  });

  it('escapes Slack markup in finding text and leaves out a button without a link', async () => {
    server = await startTestServer(slackReceiver());
    const slack = createSlackDestination({}, { webhookUrl: `${server.url}${HOOK_PATH}` });
    const finding = alertFinding({ message: 'Policy allows <*> & more', link: undefined, remediation: undefined });
    await slack.send(testNotification({ findings: [finding], scan: undefined }));
    const blocks = sentBlocks(server.requests[0]);
    expect(blocks[1]).toMatchObject({ text: { text: 'Policy allows &lt;*&gt; &amp; more' } });
    expect(blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  it('lists a digest\'s findings worst first, up to the limit, then "and K more"', async () => {
    server = await startTestServer(slackReceiver());
    const slack = createSlackDestination({}, { webhookUrl: `${server.url}${HOOK_PATH}` }, { digestLimit: 3 });
    const findings = [
      alertFinding({ uid: 'a', severity: 'low', resource: { uid: 'arn:a', name: 'a', type: 'AwsS3Bucket' } }),
      alertFinding({ uid: 'b', severity: 'critical', resource: { uid: 'arn:b', name: 'b', type: 'AwsS3Bucket' } }),
      alertFinding({ uid: 'c', severity: 'medium', delta: 'resolved', status: 'PASS', resource: { uid: 'arn:c', name: 'c', type: 'AwsS3Bucket' } }),
      alertFinding({ uid: 'd', severity: 'high', delta: 'changed', previousStatus: 'PASS', resource: { uid: 'arn:d', name: 'd', type: 'AwsS3Bucket' } }),
      alertFinding({ uid: 'e', severity: 'informational', resource: { uid: 'arn:e', name: 'e', type: 'AwsS3Bucket' } }),
    ];
    const result = await slack.send(testNotification({ kind: 'digest', findings }));
    expect(result.ok).toBe(true);
    const blocks = sentBlocks(server.requests[0]);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: '5 findings in production: 1 critical, 1 high, 1 medium, 1 low, 1 informational (3 new, 1 changed, 1 resolved)' } });
    const listed = blocks.filter((block) => block.type === 'section').map((block) => (block.type === 'section' ? block.text?.text : ''));
    expect(listed).toHaveLength(3);
    expect(listed[0]).toMatch(/^\*critical\* FAIL · new — <https:\/\/palisade\.example\.com\/findings\/f-1\|S3 bucket allows public access>\n`aws\/s3-bucket-public-access` · b · /);
    expect(listed[1]).toContain('*high* FAIL · changed (was PASS)');
    expect(listed[2]).toContain('*medium* PASS · resolved');
    expect(blocks).toContainEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'and 2 more' }] });
    expect(blocks).toContainEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'View scan' }, url: 'https://palisade.example.com/scans/scan-42' }] });
  });

  it('takes Slack\'s error text as the code, and keeps the webhook URL out of the message', async () => {
    server = await startTestServer(slackReceiver({ status: 404, body: 'no_service' }));
    const slack = createSlackDestination({}, { webhookUrl: `${server.url}${HOOK_PATH}` });
    const result = await slack.send(testNotification());
    expect(result).toMatchObject({ ok: false, retryable: false, status: 404, code: 'no_service' });
    expect(result.message).not.toContain('s3cr3tT0k3nValue');

    const rejecting = await startTestServer((_request, response) => {
      response.writeHead(400);
      response.end('invalid_payload');
    });
    const rejected = await createSlackDestination({}, { webhookUrl: `${rejecting.url}${HOOK_PATH}` }).send(testNotification());
    await rejecting.close();
    expect(rejected).toMatchObject({ ok: false, retryable: false, status: 400, code: 'invalid_payload' });
  });

  it('says a 5xx or 429 may pass later, with the Retry-After', async () => {
    server = await startTestServer((_request, response) => {
      response.writeHead(429, { 'retry-after': '7' });
      response.end('rate_limited');
    });
    const result = await createSlackDestination({}, { webhookUrl: `${server.url}${HOOK_PATH}` }).send(testNotification());
    expect(result).toMatchObject({ ok: false, retryable: true, status: 429, code: 'rate_limited', retryAfterMs: 7000 });
  });

  it('sends a test message without findings', async () => {
    server = await startTestServer(slackReceiver());
    const result = await createSlackDestination({}, { webhookUrl: `${server.url}${HOOK_PATH}` }).send(testNotification({ test: true, findings: [], rule: undefined, scan: undefined }));
    expect(result.ok).toBe(true);
    const payload = JSON.parse(server.requests[0]!.body) as { text: string; blocks: SlackBlock[] };
    expect(payload.text).toBe('Test: Palisade notification');
    expect(payload.blocks[1]).toMatchObject({ text: { text: 'This is a test message from Palisade: the integration works.' } });
  });
});
