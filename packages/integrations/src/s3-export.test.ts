import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createS3Exporter, reportObjectKey } from './s3-export.ts';
import { startTestServer, testScan } from './test-support.ts';
import type { ReceivedRequest, TestServer } from './test-support.ts';

const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's3-secret-access-key' };

/** A fake S3 endpoint (path-style): PutObject stores the body by bucket and key; a key under `denied/` is refused. */
function fakeS3() {
  const objects = new Map<string, { body: string; contentType: string | undefined }>();
  const handler = (request: ReceivedRequest, response: ServerResponse): void => {
    const path = decodeURIComponent(new URL(request.url, 'http://s3').pathname);
    if (!String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256 ')) {
      response.writeHead(403, { 'content-type': 'application/xml' });
      return void response.end('<Error><Code>AccessDenied</Code><Message>Unsigned request</Message></Error>');
    }
    if (request.method !== 'PUT') {
      response.writeHead(405);
      return void response.end();
    }
    if (path.includes('/denied/')) {
      response.writeHead(403, { 'content-type': 'application/xml' });
      return void response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R1</RequestId></Error>');
    }
    objects.set(path, { body: request.body, contentType: request.headers['content-type'] });
    response.writeHead(200, { etag: '"0123456789abcdef"' });
    response.end();
  };
  return { objects, handler };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('S3 report exporter', () => {
  it('puts each report at <prefix><provider>/<scan>/<suffix> with its content type', async () => {
    const s3 = fakeS3();
    server = await startTestServer(s3.handler);
    const exporter = createS3Exporter({ bucket: 'palisade-reports', prefix: 'exports', region: 'eu-west-1', endpointUrl: server.url, forcePathStyle: true }, KEYS);
    const result = await exporter.exportReports(testScan, [
      { keySuffix: 'findings.ocsf.json', contentType: 'application/json', body: '[{"status":"FAIL"}]' },
      { keySuffix: 'compliance/cis-aws-3.0.csv', contentType: 'text/csv', body: new TextEncoder().encode('id;status\n1.10;FAIL\n') },
    ]);
    expect(result).toEqual({
      ok: true,
      retryable: false,
      externalIds: ['s3://palisade-reports/exports/prov-1/scan-42/findings.ocsf.json', 's3://palisade-reports/exports/prov-1/scan-42/compliance/cis-aws-3.0.csv'],
    });
    expect(s3.objects.get('/palisade-reports/exports/prov-1/scan-42/findings.ocsf.json')).toEqual({ body: '[{"status":"FAIL"}]', contentType: 'application/json' });
    expect(s3.objects.get('/palisade-reports/exports/prov-1/scan-42/compliance/cis-aws-3.0.csv')).toEqual({ body: 'id;status\n1.10;FAIL\n', contentType: 'text/csv' });
  });

  it('stops at the first refused object, naming its key and S3\'s error code', async () => {
    const s3 = fakeS3();
    server = await startTestServer(s3.handler);
    const exporter = createS3Exporter({ bucket: 'palisade-reports', prefix: 'ok/', region: 'eu-west-1', endpointUrl: server.url, forcePathStyle: true }, KEYS);
    const result = await exporter.exportReports({ ...testScan, providerId: 'denied' }, [{ keySuffix: 'a.json', contentType: 'application/json', body: '{}' }]);
    expect(result).toMatchObject({ ok: false, retryable: false, status: 403, code: 'AccessDenied', externalIds: [] });
    expect(result.message).toContain('ok/denied/scan-42/a.json: Access Denied');
    expect(JSON.stringify(result)).not.toContain(KEYS.secretAccessKey);
  });

  it('refuses a key suffix that leaves the scan\'s folder', async () => {
    const exporter = createS3Exporter({ bucket: 'palisade-reports', region: 'eu-west-1' }, KEYS);
    const result = await exporter.exportReports(testScan, [{ keySuffix: '../other-scan/x.json', contentType: 'application/json', body: '{}' }]);
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'INVALID_REPORT' });
  });
});

describe('reportObjectKey', () => {
  it('joins the prefix with one slash', () => {
    expect(reportObjectKey({}, testScan, 'r.html')).toBe('prov-1/scan-42/r.html');
    expect(reportObjectKey({ prefix: 'a/b' }, testScan, 'r.html')).toBe('a/b/prov-1/scan-42/r.html');
    expect(reportObjectKey({ prefix: 'a/b/' }, testScan, 'r.html')).toBe('a/b/prov-1/scan-42/r.html');
  });
});
