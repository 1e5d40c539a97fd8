import type { ServerResponse } from 'node:http';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecurityHubDestination } from './security-hub.ts';
import { alertFinding, closedPort, json, startTestServer, testNotification } from './test-support.ts';
import type { ReceivedRequest, TestServer } from './test-support.ts';
import type { AlertFinding } from './types.ts';

const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** A minimal ASFF mapper, standing in for the outputs package's. */
function toAsff(finding: AlertFinding): AwsSecurityFinding {
  return {
    SchemaVersion: '2018-10-08',
    Id: finding.uid,
    ProductArn: `arn:aws:securityhub:${finding.region}:${finding.accountUid}:product/${finding.accountUid}/default`,
    GeneratorId: finding.checkId,
    AwsAccountId: finding.accountUid,
    Types: ['Software and Configuration Checks'],
    CreatedAt: finding.time,
    UpdatedAt: finding.time,
    Severity: { Label: finding.severity === 'informational' ? 'INFORMATIONAL' : (finding.severity.toUpperCase() as 'HIGH') },
    Title: finding.title,
    Description: finding.message,
    Resources: [{ Type: finding.resource.type, Id: finding.resource.uid, Region: finding.region }],
    Compliance: { Status: finding.status === 'PASS' ? 'PASSED' : 'FAILED' },
  };
}

const REQUIRED = ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'Types', 'CreatedAt', 'UpdatedAt', 'Severity', 'Title', 'Description', 'Resources'] as const;

/** What Security Hub checks of an imported finding before it looks at anything else: the ASFF required fields. */
function missingFields(finding: Record<string, unknown>): string[] {
  const missing: string[] = REQUIRED.filter((field) => finding[field] === undefined || finding[field] === '');
  const resources = finding.Resources as { Type?: unknown; Id?: unknown }[] | undefined;
  if (!Array.isArray(resources) || resources.length === 0 || resources.some((resource) => !resource.Type || !resource.Id)) missing.push('Resources[].Type/Id');
  if (finding.SchemaVersion !== '2018-10-08') missing.push('SchemaVersion=2018-10-08');
  return missing;
}

/** A fake Security Hub endpoint: BatchImportFindings (POST /findings/import) and DescribeHub (GET /accounts). */
function fakeSecurityHub(options: { rejectId?: string } = {}) {
  const imported: Record<string, unknown>[][] = [];
  const handler = (request: ReceivedRequest, response: ServerResponse): void => {
    if (!String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/')) {
      return json(response, 403, { message: 'The security token included in the request is invalid.' }, { 'x-amzn-errortype': 'UnrecognizedClientException' });
    }
    if (request.method === 'GET' && request.url === '/accounts') return json(response, 200, { HubArn: 'arn:aws:securityhub:eu-west-1:123456789012:hub/default', AutoEnableControls: true });
    if (request.method !== 'POST' || request.url !== '/findings/import') return json(response, 404, { message: `no route ${request.url}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
    const findings = (JSON.parse(request.body) as { Findings: Record<string, unknown>[] }).Findings;
    if (findings.length > 100) return json(response, 400, { message: 'At most 100 findings per call.' }, { 'x-amzn-errortype': 'InvalidInputException' });
    imported.push(findings);
    const failed = findings.flatMap((finding) => {
      const missing = missingFields(finding);
      if (missing.length > 0) return [{ Id: finding.Id, ErrorCode: 'InvalidInput', ErrorMessage: `Missing ${missing.join(', ')}` }];
      if (finding.Id === options.rejectId) return [{ Id: finding.Id, ErrorCode: 'FindingSizeExceeded', ErrorMessage: 'The finding is too large.' }];
      return [];
    });
    return json(response, 200, { FailedCount: failed.length, SuccessCount: findings.length - failed.length, FailedFindings: failed });
  };
  return { imported, handler };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function manyFindings(count: number): AlertFinding[] {
  return Array.from({ length: count }, (_unused, index) => alertFinding({ uid: `finding-${index}`, resource: { uid: `arn:aws:s3:::bucket-${index}`, name: `bucket-${index}`, type: 'AwsS3Bucket' } }));
}

describe('Security Hub destination', () => {
  it('imports findings as ASFF in batches of 100 through the SDK', async () => {
    const hub = fakeSecurityHub();
    server = await startTestServer(hub.handler);
    const destination = createSecurityHubDestination({ region: 'eu-west-1', endpointUrl: server.url }, KEYS, { toAsff });
    const findings = manyFindings(230);
    const result = await destination.send(testNotification({ kind: 'digest', findings }));
    expect(result).toEqual({ ok: true, retryable: false, externalIds: findings.map((finding) => finding.uid) });
    expect(hub.imported.map((batch) => batch.length)).toEqual([100, 100, 30]);
    expect(hub.imported[0]![0]).toMatchObject({ Id: 'finding-0', GeneratorId: 'aws/s3-bucket-public-access', Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::bucket-0' }] });
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('fails naming the finding Security Hub rejected and its error code', async () => {
    const hub = fakeSecurityHub({ rejectId: 'finding-1' });
    server = await startTestServer(hub.handler);
    const destination = createSecurityHubDestination({ region: 'eu-west-1', endpointUrl: server.url }, KEYS, { toAsff });
    const result = await destination.send(testNotification({ kind: 'digest', findings: manyFindings(3) }));
    expect(result).toEqual({
      ok: false,
      retryable: false,
      code: 'FindingSizeExceeded',
      message: 'Security Hub rejected 1 of 3 findings: finding-1 (FindingSizeExceeded: The finding is too large.)',
      externalIds: ['finding-0', 'finding-2'],
    });
  });

  it('reports a finding without ASFF required fields as rejected', async () => {
    server = await startTestServer(fakeSecurityHub().handler);
    const destination = createSecurityHubDestination({ region: 'eu-west-1', endpointUrl: server.url }, KEYS, { toAsff: (finding) => ({ ...toAsff(finding), Types: undefined, Resources: [] }) });
    const result = await destination.send(testNotification());
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'InvalidInput' });
    expect(result.message).toContain('Missing Types, Resources[].Type/Id');
  });

  it('takes an SDK error\'s name as the code, never the secret key', async () => {
    server = await startTestServer(fakeSecurityHub().handler);
    const destination = createSecurityHubDestination({ region: 'eu-west-1', endpointUrl: server.url }, { accessKeyId: 'AKIAWRONGKEY00000000', secretAccessKey: 'wrong-secret-key' }, { toAsff });
    const result = await destination.send(testNotification());
    expect(result).toMatchObject({ ok: false, retryable: false, status: 403, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    expect(JSON.stringify(result)).not.toContain('wrong-secret-key');

    const port = await closedPort();
    const down = await createSecurityHubDestination({ region: 'eu-west-1', endpointUrl: `http://127.0.0.1:${port}` }, KEYS, { toAsff }).send(testNotification());
    expect(down).toMatchObject({ ok: false, retryable: true, code: 'ECONNREFUSED' });
  });

  it('leaves out findings the mapper has no ASFF form for', async () => {
    const hub = fakeSecurityHub();
    server = await startTestServer(hub.handler);
    const awsOnly = (finding: AlertFinding) => (finding.provider === 'aws' ? toAsff(finding) : undefined);
    const destination = createSecurityHubDestination({ region: 'eu-west-1', endpointUrl: server.url }, KEYS, { toAsff: awsOnly });
    const findings = [alertFinding({ uid: 'aws-1' }), alertFinding({ uid: 'gcp-1', provider: 'gcp' })];
    expect(await destination.send(testNotification({ kind: 'digest', findings }))).toEqual({ ok: true, retryable: false, externalIds: ['aws-1'] });
    expect(hub.imported.map((batch) => batch.map((finding) => finding.Id))).toEqual([['aws-1']]);
  });

  it('checks the hub for a test message, importing nothing', async () => {
    const hub = fakeSecurityHub();
    server = await startTestServer(hub.handler);
    const result = await createSecurityHubDestination({ region: 'eu-west-1', endpointUrl: server.url }, KEYS, { toAsff }).send(testNotification({ test: true, findings: [] }));
    expect(result).toEqual({ ok: true, retryable: false, externalIds: ['arn:aws:securityhub:eu-west-1:123456789012:hub/default'] });
    expect(hub.imported).toHaveLength(0);
  });
});
