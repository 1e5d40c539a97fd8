import { describe, expect, it } from 'vitest';
import { parseIntegrationConfig, parseIntegrationSettings } from './config.ts';

describe('parseIntegrationSettings', () => {
  it('parses each type and fills its defaults', () => {
    const slack = parseIntegrationSettings('slack', { channelLabel: '#security' }, { webhookUrl: 'https://hooks.slack.com/services/T0/B0/xyz' });
    expect(slack).toEqual({ ok: true, value: { type: 'slack', config: { channelLabel: '#security' }, secret: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/xyz' } } });

    const jira = parseIntegrationSettings('jira', { baseUrl: 'https://acme.atlassian.net', email: 'bot@acme.com', projectKey: 'SEC' }, { apiToken: 'token-1' });
    expect(jira.ok && jira.value.config).toEqual({
      baseUrl: 'https://acme.atlassian.net',
      email: 'bot@acme.com',
      projectKey: 'SEC',
      issueType: 'Bug',
      mode: 'finding',
      labels: [],
      resolveTransition: 'Done',
    });

    const email = parseIntegrationSettings('email', { host: 'smtp.acme.com', port: 587, from: 'Palisade <alerts@acme.com>', to: ['sec@acme.com'], username: 'alerts' }, { password: 'pw' });
    expect(email.ok && email.value.config).toMatchObject({ secure: false, from: 'Palisade <alerts@acme.com>' });

    const webhook = parseIntegrationSettings('webhook', { url: 'http://127.0.0.1:9000/hook' }, { signingSecret: '0123456789abcdef', headers: { 'X-Team': 'sec' } });
    expect(webhook.ok).toBe(true);
  });

  it('takes no AWS keys as the server\'s own credential chain, and keys when given', () => {
    for (const secret of [undefined, null, {}]) {
      expect(parseIntegrationSettings('securityhub', { region: 'eu-west-1' }, secret)).toEqual({ ok: true, value: { type: 'securityhub', config: { region: 'eu-west-1' }, secret: undefined } });
    }
    const s3 = parseIntegrationSettings('s3', { bucket: 'palisade-reports', region: 'us-east-1', prefix: 'exports/', forcePathStyle: true }, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' });
    expect(s3.ok && s3.value.secret).toEqual({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' });
  });

  it('names the field of every problem', () => {
    const webhook = parseIntegrationSettings('webhook', { url: 'ftp://example.com' }, { signingSecret: 'short' });
    expect(webhook).toEqual({
      ok: false,
      problems: [
        { field: 'config.url', message: 'must be an http(s) URL' },
        { field: 'secret.signingSecret', message: 'must have at least 16 characters' },
      ],
    });
    const slack = parseIntegrationSettings('slack', {}, { webhookUrl: 'not a url' });
    expect(slack).toEqual({ ok: false, problems: [{ field: 'secret.webhookUrl', message: 'must be an http(s) URL' }] });
    const email = parseIntegrationSettings('email', { host: 'smtp', port: 70000, from: 'alerts@acme.com', to: ['sec@acme.com', 'nobody'], extra: 1 }, {});
    expect(email.ok === false && email.problems).toEqual([
      { field: 'config.port', message: expect.stringContaining('65535') as string },
      { field: 'config.to[1]', message: 'must be an e-mail address' },
      { field: 'config.extra', message: 'is not a known field' },
    ]);
    const jira = parseIntegrationSettings('jira', { baseUrl: 'https://acme.atlassian.net', email: 'bot@acme.com', projectKey: 'sec', mode: 'issue', labels: ['two words'] }, {});
    expect(jira.ok === false && jira.problems.map((problem) => problem.field)).toEqual(['config.projectKey', 'config.mode', 'config.labels[0]', 'secret.apiToken']);
    expect(jira.ok === false && jira.problems.at(-1)).toEqual({ field: 'secret.apiToken', message: 'is required' });
  });

  it('refuses headers that would replace the webhook\'s own', () => {
    const result = parseIntegrationSettings('webhook', { url: 'https://example.com/hook' }, { signingSecret: '0123456789abcdef', headers: { 'X-Palisade-Signature': 'forged', 'Content-Type': 'text/plain' } });
    expect(result.ok === false && result.problems.map((problem) => problem.field)).toEqual(['secret.headers.X-Palisade-Signature', 'secret.headers.Content-Type']);
  });

  it('rejects an unknown type and half a set of AWS keys', () => {
    expect(parseIntegrationSettings('pagerduty', {}, {})).toEqual({ ok: false, problems: [{ field: 'type', message: expect.stringContaining('slack') as string }] });
    const result = parseIntegrationSettings('securityhub', { region: 'Ireland' }, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    expect(result.ok === false && result.problems.map((problem) => problem.field)).toEqual(['config.region', 'secret.secretAccessKey']);
  });
});

describe('parseIntegrationConfig', () => {
  it('parses the shown part alone', () => {
    expect(parseIntegrationConfig('s3', { bucket: 'b', region: 'us-east-1' })).toEqual({ ok: false, problems: [{ field: 'config.bucket', message: 'must be an S3 bucket name' }] });
    expect(parseIntegrationConfig('slack', undefined)).toEqual({ ok: true, value: {} });
  });
});
