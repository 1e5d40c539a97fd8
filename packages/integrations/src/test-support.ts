/** Test helpers: typed finding and notification factories, and a local HTTP receiver that records what it was sent. */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertFinding, AlertScan, Notification } from './types.ts';

export const TEST_TIME = '2026-03-02T10:00:00.000Z';

export const testScan: AlertScan = {
  id: 'scan-42',
  providerId: 'prov-1',
  providerAlias: 'production',
  trigger: 'schedule',
  finishedAt: TEST_TIME,
  totals: { PASS: 120, FAIL: 7 },
  link: 'https://palisade.example.com/scans/scan-42',
};

export function alertFinding(overrides: Partial<AlertFinding> = {}): AlertFinding {
  return {
    uid: 'aws-123456789012-us-east-1-s3-bucket-public-access-logs',
    checkId: 'aws/s3-bucket-public-access',
    title: 'S3 bucket allows public access',
    service: 's3',
    severity: 'high',
    status: 'FAIL',
    delta: 'new',
    message: 'Bucket logs has no public access block.',
    provider: 'aws',
    accountUid: '123456789012',
    region: 'us-east-1',
    resource: { uid: 'arn:aws:s3:::logs', name: 'logs', type: 'AwsS3Bucket' },
    risk: 'Anyone on the internet could read the objects.',
    remediation: { text: 'Turn on the bucket public access block.', url: 'https://docs.example.com/s3-public' },
    compliance: ['cis-aws-3.0:2.1.4'],
    muted: false,
    time: TEST_TIME,
    link: 'https://palisade.example.com/findings/f-1',
    ...overrides,
  };
}

export function testNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'c0ffee00-0000-8000-8000-000000000001',
    tenantId: 'tenant-a',
    kind: 'finding',
    rule: { id: 'rule-1', name: 'High and critical failures' },
    scan: testScan,
    findings: [alertFinding()],
    createdAt: TEST_TIME,
    ...overrides,
  };
}

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A receiver on 127.0.0.1 and a free port; the handler answers each request, given its whole body. */
export async function startTestServer(handler: (request: ReceivedRequest, response: ServerResponse) => unknown): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = { method: incoming.method ?? '', url: incoming.url ?? '', headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      Promise.resolve(handler(request, response)).catch((error: unknown) => {
        response.writeHead(599, { 'content-type': 'text/plain' });
        response.end(`test handler failed: ${String(error)}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Answers with a JSON body. */
export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(status === 204 ? undefined : JSON.stringify(body));
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = await startTestServer((_request, response) => response.end());
  const port = Number(new URL(server.url).port);
  await server.close();
  return port;
}
