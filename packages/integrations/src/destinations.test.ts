import { afterEach, describe, expect, it } from 'vitest';
import { parseIntegrationSettings } from './config.ts';
import { createDestination } from './destinations.ts';
import { startTestServer, testNotification } from './test-support.ts';
import type { TestServer } from './test-support.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createDestination', () => {
  it('builds the destination of a parsed integration\'s type and sends through the given fetch', async () => {
    server = await startTestServer((_request, response) => response.end('ok'));
    const parsed = parseIntegrationSettings('slack', {}, { webhookUrl: `${server.url}/services/T/B/x` });
    if (!parsed.ok || parsed.value.type !== 'slack') throw new Error('expected Slack settings');
    const urls: string[] = [];
    const destination = createDestination('slack', parsed.value.config, parsed.value.secret, {
      fetch: (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      },
    });
    expect(destination.type).toBe('slack');
    expect(await destination.send(testNotification())).toEqual({ ok: true, retryable: false, status: 200 });
    expect(urls).toEqual([`${server.url}/services/T/B/x`]);
  });

  it('builds each notification type', () => {
    const webhook = createDestination('webhook', { url: 'https://example.com/hook' }, { signingSecret: '0123456789abcdef' }, {});
    const jira = createDestination(
      'jira',
      { baseUrl: 'https://acme.atlassian.net', email: 'bot@acme.com', projectKey: 'SEC', issueType: 'Bug', mode: 'finding', labels: [], resolveTransition: 'Done' },
      { apiToken: 't' },
      {},
    );
    const email = createDestination('email', { host: 'smtp.acme.com', port: 587, secure: false, from: 'a@acme.com', to: ['b@acme.com'] }, {}, {});
    const hub = createDestination('securityhub', { region: 'eu-west-1' }, undefined, { toAsff: () => ({}) as never });
    expect([webhook.type, jira.type, email.type, hub.type]).toEqual(['webhook', 'jira', 'email', 'securityhub']);
  });
});
