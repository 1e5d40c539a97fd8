import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { JiraConfig } from './config.ts';
import { createJiraDestination, jiraIssueLabel } from './jira.ts';
import type { AdfNode } from './jira.ts';
import { alertFinding, json, startTestServer, testNotification } from './test-support.ts';
import type { ReceivedRequest, TestServer } from './test-support.ts';

const TOKEN = 'atlassian-api-token-123';
const AUTH = `Basic ${Buffer.from(`bot@acme.com:${TOKEN}`).toString('base64')}`;

interface FakeIssue {
  key: string;
  fields: { project: { key: string }; issuetype: { name: string }; summary: string; description: AdfNode; labels: string[] };
  status: string;
  comments: AdfNode[];
}

/** Throws unless `node` is an ADF node Jira would take: known types, non-empty text, a doc at the root. */
function assertAdf(node: unknown, root = true): void {
  const value = node as AdfNode & { version?: unknown };
  if (root && (value.type !== 'doc' || value.version !== 1 || !Array.isArray(value.content))) throw new Error('not an ADF doc');
  const known = ['doc', 'paragraph', 'text', 'heading', 'bulletList', 'listItem'];
  if (!known.includes(value.type)) throw new Error(`unknown ADF node ${value.type}`);
  if (value.type === 'text' && (typeof value.text !== 'string' || value.text.length === 0)) throw new Error('empty ADF text node');
  if (value.type === 'heading' && typeof value.attrs?.level !== 'number') throw new Error('heading without a level');
  for (const child of value.content ?? []) assertAdf(child, false);
}

function adfText(node: AdfNode): string {
  return (node.text ?? '') + (node.content ?? []).map(adfText).join(node.type === 'doc' || node.type === 'bulletList' ? '\n' : '');
}

/** A fake Jira Cloud: search/jql, create, comment, transitions and project, with basic auth and Jira's error bodies. */
function fakeJira(options: { transitions?: { id: string; name: string }[] } = {}) {
  const issues: FakeIssue[] = [];
  const transitions = options.transitions ?? [
    { id: '11', name: 'Start Progress' },
    { id: '31', name: 'Done' },
  ];
  const handler = (request: ReceivedRequest, response: ServerResponse): void => {
    if (request.headers.authorization !== AUTH) return json(response, 401, { errorMessages: ['You are not authenticated.'], errors: {} });
    const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    const issuePath = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)\/(comment|transitions)$/.exec(request.url);
    if (request.method === 'POST' && request.url === '/rest/api/3/search/jql') {
      const jql = String(body.jql);
      const label = /labels = "([^"]+)"/.exec(jql)?.[1];
      const project = /project = "([^"]+)"/.exec(jql)?.[1];
      if (!label || !project || !jql.includes('statusCategory != Done')) return json(response, 400, { errorMessages: ['unexpected JQL'], errors: {} });
      const found = issues.filter((issue) => issue.fields.project.key === project && issue.fields.labels.includes(label) && issue.status !== 'Done');
      return json(response, 200, { issues: found.map((issue) => ({ id: issue.key, key: issue.key, fields: { summary: issue.fields.summary } })), isLast: true });
    }
    if (request.method === 'POST' && request.url === '/rest/api/3/issue') {
      const fields = body.fields as FakeIssue['fields'];
      if (fields.issuetype.name !== 'Bug') return json(response, 400, { errorMessages: [], errors: { issuetype: 'Specify a valid issue type' } });
      if (fields.summary.length > 255 || fields.labels.some((label) => /\s/.test(label))) return json(response, 400, { errorMessages: ['bad summary or labels'], errors: {} });
      assertAdf(fields.description);
      const key = `${fields.project.key}-${issues.length + 1}`;
      issues.push({ key, fields, status: 'To Do', comments: [] });
      return json(response, 201, { id: String(10000 + issues.length), key, self: `https://acme.atlassian.net/rest/api/3/issue/${key}` });
    }
    if (issuePath) {
      const issue = issues.find((candidate) => candidate.key === issuePath[1]);
      if (!issue) return json(response, 404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
      if (issuePath[2] === 'comment' && request.method === 'POST') {
        assertAdf(body.body);
        issue.comments.push(body.body as AdfNode);
        return json(response, 201, { id: String(issue.comments.length) });
      }
      if (issuePath[2] === 'transitions' && request.method === 'GET') return json(response, 200, { transitions: transitions.map((transition) => ({ ...transition, to: { name: transition.name } })) });
      if (issuePath[2] === 'transitions' && request.method === 'POST') {
        const id = (body.transition as { id?: unknown } | undefined)?.id;
        const transition = transitions.find((candidate) => candidate.id === id);
        if (!transition) return json(response, 400, { errorMessages: ['Transition id is not valid for this issue.'], errors: {} });
        issue.status = transition.name;
        return json(response, 204, undefined);
      }
    }
    if (request.method === 'GET' && request.url === '/rest/api/3/project/SEC') return json(response, 200, { key: 'SEC', name: 'Security' });
    return json(response, 404, { errorMessages: [`no route ${request.method} ${request.url}`], errors: {} });
  };
  return { issues, handler };
}

const config = (fields: Partial<JiraConfig> = {}): JiraConfig => ({
  baseUrl: 'http://placeholder',
  email: 'bot@acme.com',
  projectKey: 'SEC',
  issueType: 'Bug',
  mode: 'finding',
  labels: ['security'],
  resolveTransition: 'Done',
  ...fields,
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Jira destination, one issue per finding', () => {
  it('opens an issue labelled by the finding, comments instead of opening a second, and closes it when resolved', async () => {
    const jira = fakeJira();
    server = await startTestServer(jira.handler);
    const destination = createJiraDestination(config({ baseUrl: `${server.url}/` }), { apiToken: TOKEN });
    const finding = alertFinding();
    const label = jiraIssueLabel(finding.uid);
    expect(label).toMatch(/^palisade-[0-9a-f]{16}$/);

    expect(await destination.send(testNotification())).toEqual({ ok: true, retryable: false, externalIds: ['SEC-1'] });
    expect(jira.issues).toHaveLength(1);
    const [issue] = jira.issues;
    expect(issue!.fields).toMatchObject({ project: { key: 'SEC' }, issuetype: { name: 'Bug' }, summary: '[Palisade] S3 bucket allows public access (logs)', labels: ['security', 'palisade', label] });
    const description = adfText(issue!.fields.description);
    expect(description).toContain('arn:aws:s3:::logs');
    expect(description).toContain('Turn on the bucket public access block.');
    expect(description).toContain(`label ${label}`);

    // The same finding again (a retry, or a change): found by its label, commented on.
    const changed = alertFinding({ delta: 'changed', previousStatus: 'PASS' });
    expect(await destination.send(testNotification({ id: 'n-2', findings: [changed] }))).toEqual({ ok: true, retryable: false, externalIds: ['SEC-1'] });
    expect(jira.issues).toHaveLength(1);
    expect(adfText(issue!.comments[0]!)).toContain('FAIL (changed (was PASS)) in scan scan-42');

    // Unchanged: nothing to say.
    await destination.send(testNotification({ id: 'n-3', findings: [alertFinding({ delta: 'unchanged' })] }));
    expect(issue!.comments).toHaveLength(1);

    const resolved = alertFinding({ delta: 'resolved', status: 'PASS', previousStatus: 'FAIL', message: 'Bucket logs blocks public access.' });
    expect(await destination.send(testNotification({ id: 'n-4', findings: [resolved] }))).toEqual({ ok: true, retryable: false, externalIds: ['SEC-1'] });
    expect(adfText(issue!.comments[1]!)).toContain('Resolved in scan scan-42: Bucket logs blocks public access.');
    expect(issue!.status).toBe('Done');
    const calls = server.requests.map((request) => `${request.method} ${request.url}`);
    expect(calls.slice(-4)).toEqual(['POST /rest/api/3/search/jql', 'POST /rest/api/3/issue/SEC-1/comment', 'GET /rest/api/3/issue/SEC-1/transitions', 'POST /rest/api/3/issue/SEC-1/transitions']);
    expect(JSON.parse(server.requests.at(-1)!.body)).toEqual({ transition: { id: '31' } });

    // Resolved again, with the issue closed: nothing open, nothing to do.
    const before = server.requests.length;
    expect(await destination.send(testNotification({ id: 'n-5', findings: [resolved] }))).toEqual({ ok: true, retryable: false, externalIds: [] });
    expect(server.requests.length - before).toBe(1);
    expect(jira.issues).toHaveLength(1);
  });

  it('sends the search as JQL over the project and label, asking for few fields', async () => {
    const jira = fakeJira();
    server = await startTestServer(jira.handler);
    await createJiraDestination(config({ baseUrl: server.url }), { apiToken: TOKEN }).send(testNotification());
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      jql: `project = "SEC" AND labels = "${jiraIssueLabel(alertFinding().uid)}" AND statusCategory != Done`,
      fields: ['summary', 'status'],
      maxResults: 1,
    });
    expect(server.requests.every((request) => request.headers.authorization === AUTH)).toBe(true);
  });

  it('reports Jira\'s error body, never the token', async () => {
    server = await startTestServer(fakeJira().handler);
    const result = await createJiraDestination(config({ baseUrl: server.url, issueType: 'Task' }), { apiToken: TOKEN }).send(testNotification());
    expect(result).toEqual({ ok: false, retryable: false, status: 400, code: 'HTTP_400', message: 'Jira answered 400: issuetype: Specify a valid issue type' });

    const unauthorized = await createJiraDestination(config({ baseUrl: server.url }), { apiToken: 'wrong-token' }).send(testNotification());
    expect(unauthorized).toMatchObject({ ok: false, retryable: false, status: 401, message: 'Jira answered 401: You are not authenticated.' });
    expect(JSON.stringify(unauthorized)).not.toContain('wrong-token');
  });

  it('fails, naming the transitions there are, when the configured one is missing', async () => {
    const jira = fakeJira({ transitions: [{ id: '21', name: 'Close Issue' }] });
    server = await startTestServer(jira.handler);
    const destination = createJiraDestination(config({ baseUrl: server.url }), { apiToken: TOKEN });
    await destination.send(testNotification());
    const result = await destination.send(testNotification({ findings: [alertFinding({ delta: 'resolved', status: 'PASS' })] }));
    expect(result).toEqual({ ok: false, retryable: false, code: 'TRANSITION_NOT_FOUND', message: 'SEC-1 has no transition named "Done" (available: Close Issue)' });

    const closing = createJiraDestination(config({ baseUrl: server.url, resolveTransition: 'close issue' }), { apiToken: TOKEN });
    expect((await closing.send(testNotification({ findings: [alertFinding({ delta: 'resolved', status: 'PASS' })] }))).ok).toBe(true);
    expect(jira.issues[0]!.status).toBe('Close Issue');
  });

  it('checks the project for a test message, creating nothing', async () => {
    const jira = fakeJira();
    server = await startTestServer(jira.handler);
    const result = await createJiraDestination(config({ baseUrl: server.url }), { apiToken: TOKEN }).send(testNotification({ test: true, findings: [] }));
    expect(result).toEqual({ ok: true, retryable: false, status: 200, externalIds: ['SEC'] });
    expect(jira.issues).toHaveLength(0);
  });
});

describe('Jira destination, one issue per check', () => {
  it('gathers a check\'s resources in one issue and comments on changes without closing it', async () => {
    const jira = fakeJira();
    server = await startTestServer(jira.handler);
    const destination = createJiraDestination(config({ baseUrl: server.url, mode: 'check' }), { apiToken: TOKEN });
    const logs = alertFinding();
    const backups = alertFinding({ uid: 'uid-backups', resource: { uid: 'arn:aws:s3:::backups', name: 'backups', type: 'AwsS3Bucket' } });
    const other = alertFinding({ uid: 'uid-root', checkId: 'aws/iam-root-mfa', title: 'Root account has no MFA', resource: { uid: 'arn:aws:iam::123456789012:root', name: 'root', type: 'AwsAccount' } });

    const result = await destination.send(testNotification({ kind: 'digest', findings: [logs, backups, other] }));
    expect(result).toEqual({ ok: true, retryable: false, externalIds: ['SEC-1', 'SEC-2'] });
    const bucketIssue = jira.issues.find((issue) => issue.fields.labels.includes(jiraIssueLabel('aws/s3-bucket-public-access')))!;
    expect(bucketIssue.fields.summary).toBe('[Palisade] S3 bucket allows public access');
    const description = adfText(bucketIssue.fields.description);
    expect(description).toContain('arn:aws:s3:::logs');
    expect(description).toContain('arn:aws:s3:::backups');

    const fixed = await destination.send(testNotification({ id: 'n-2', findings: [{ ...backups, delta: 'resolved', status: 'PASS' }] }));
    expect(fixed.ok).toBe(true);
    expect(adfText(bucketIssue.comments[0]!)).toContain('Resolved in scan scan-42');
    expect(bucketIssue.status).toBe('To Do');
    expect(server.requests.some((request) => request.url.endsWith('/transitions'))).toBe(false);
  });
});
