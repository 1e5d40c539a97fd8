import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import type { Finding } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { frameworksForCheck } from '@palisade/compliance';
import { DEFAULT_SCAN_CONFIG } from './config.ts';
import { parseMutelist } from './mutelist.ts';
import { parseScanRequest } from './request.ts';
import type { ScanRequest } from './request.ts';
import { compileRequest, compileSource, runScan, runScanInProcess, scanSignal } from './run-scan.ts';
import type { ScanSink, ScanStart } from './run-scan.ts';
import { executeScan } from './scan.ts';
import type { ScanResult } from './scan.ts';

/** These tests scan the AWS demo estate: the registry's AWS checks and frameworks. */
const AWS_CHECKS = ALL_CHECKS.filter((check) => check.provider === 'aws');

const demo = fileURLToPath(new URL('../../../examples/demo-aws.json.gz', import.meta.url));
const mutelistText = 'Mutelist:\n  Accounts:\n    "222222222222":\n      Checks:\n        "s3_.*":\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: dev buckets\n';

/** A request as an API would receive it: JSON text, parsed and validated. */
function requestFromJson(overrides: Partial<ScanRequest> = {}): ScanRequest {
  const request: ScanRequest = {
    version: 1,
    provider: 'aws',
    scanId: 'scan-from-json',
    tenantId: 'tenant-a',
    source: { kind: 'snapshot', path: demo },
    scope: { checks: AWS_CHECKS.map((check) => check.id), frameworks: ['cis-aws-3.0'] },
    config: DEFAULT_SCAN_CONFIG,
    mutelist: parseMutelist(mutelistText, 'mute.yaml').spec,
    limits: {},
    output: {},
    ...overrides,
  };
  return parseScanRequest(JSON.parse(JSON.stringify(request)));
}

type Event = { readonly kind: 'begin'; readonly scan: ScanStart } | { readonly kind: 'write'; readonly batch: readonly Finding[] } | { readonly kind: 'end'; readonly result: ScanResult } | { readonly kind: 'fail'; readonly error: unknown };

function recordingSink(receives?: 'all'): ScanSink & { readonly events: Event[]; findings(): Finding[] } {
  const events: Event[] = [];
  return {
    events,
    findings: () => events.flatMap((event) => (event.kind === 'write' ? event.batch : [])),
    ...(receives ? { receives } : {}),
    begin: (scan) => void events.push({ kind: 'begin', scan }),
    write: async (batch) => void events.push({ kind: 'write', batch }),
    end: (result) => void events.push({ kind: 'end', result }),
    fail: (error) => void events.push({ kind: 'fail', error }),
  };
}

const key = (finding: Finding) => `${finding.uid} ${finding.status} ${finding.muted?.rule ?? ''}`;

describe('runScan of a request that went through JSON', () => {
  it('tells the sinks begin, the batches, then end, and finds what the options-based scan finds', async () => {
    const sink = recordingSink();
    const result = await runScan(requestFromJson(), [sink], { productVersion: 'test' });

    const kinds = sink.events.map((event) => event.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds.at(-1)).toBe('end');
    expect(kinds.slice(1, -1).every((kind) => kind === 'write')).toBe(true);
    expect(kinds.length).toBeGreaterThan(3);
    const begin = sink.events[0] as Extract<Event, { kind: 'begin' }>;
    expect(begin.scan).toMatchObject({ scanId: 'scan-from-json', productVersion: 'test' });
    expect(begin.scan.request.scope.frameworks).toEqual(['cis-aws-3.0']);
    expect((sink.events.at(-1) as Extract<Event, { kind: 'end' }>).result).toBe(result);
    expect(result).toMatchObject({ scanId: 'scan-from-json', startedAt: begin.scan.startedAt, interrupted: false, timedOut: false, accountsScanned: ['111111111111', '222222222222'] });

    const findings = sink.findings();
    expect(findings.every((finding) => finding.scanId === 'scan-from-json' && finding.tenantId === 'tenant-a')).toBe(true);
    expect(findings.filter((finding) => finding.muted?.rule === '222222222222/s3_.*').length).toBeGreaterThan(10);

    const direct: Finding[] = [];
    await executeScan({
      source: { kind: 'snapshot', path: demo },
      checks: AWS_CHECKS,
      config: DEFAULT_SCAN_CONFIG,
      mutelist: parseMutelist(mutelistText, 'mute.yaml'),
      complianceRefs: frameworksForCheck,
      sinks: [{ write: async (batch) => void direct.push(...batch) }],
      productVersion: 'test',
    });
    expect(findings.length).toBe(direct.length);
    expect(findings.map(key)).toEqual(direct.map(key));
    expect(result.summary.total.FAIL + result.summary.total.PASS + result.summary.total.ERROR + result.summary.total.muted).toBe(direct.length);
  });

  it('gives output sinks the requested statuses and `all` sinks every in-scope finding', async () => {
    const output = recordingSink();
    const all = recordingSink('all');
    const result = await runScanInProcess(requestFromJson({ output: { statuses: ['ERROR'] } }), [output, all]);
    const errors = all.findings().filter((finding) => finding.status === 'ERROR');
    expect(errors.map((finding) => [finding.check.id, finding.accountId, finding.error?.code])).toEqual([
      ['aws/account-maintain-different-contact-details-to-security-billing-and-operations', '222222222222', 'AccessDeniedException'],
      ['aws/account-security-contact-information-is-registered', '222222222222', 'AccessDeniedException'],
    ]);
    expect(output.findings()).toEqual(errors);
    expect(all.findings().length).toBe(result.summary.total.PASS + result.summary.total.FAIL + result.summary.total.ERROR + result.summary.total.muted);
  });

  it('scans only the accounts of scope.accounts', async () => {
    const sink = recordingSink();
    const result = await runScan(requestFromJson({ scope: { checks: ['aws/iam-root-mfa-enabled'], frameworks: [], accounts: ['222222222222'] } }), [sink]);
    expect(result.accountsScanned).toEqual(['222222222222']);
    expect(sink.findings().map((finding) => [finding.accountId, finding.resource.uid, finding.status])).toEqual([['222222222222', 'arn:aws:iam::222222222222:root', 'FAIL']]);
  });

  it('rejects a bad request naming the field, and tells the sinks it failed', async () => {
    const sink = recordingSink();
    const request = { ...requestFromJson(), scope: { checks: ['aws/iam-root-mfa-enabled', 'aws/no-such-check'], frameworks: [] } };
    const error = await runScan(request, [sink]).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('REQUEST_INVALID');
    expect((error as InputError).message).toBe('scope.checks[1]: unknown check "aws/no-such-check"');
    expect(sink.events).toEqual([{ kind: 'fail', error }]);
  });

  it('calls fail and rethrows when the scan itself throws', async () => {
    const sink = recordingSink();
    const error = await runScan(requestFromJson({ source: { kind: 'snapshot', path: '/nonexistent/absent.json.gz' } }), [sink]).catch((thrown: unknown) => thrown);
    expect((error as InputError).code).toBe('SNAPSHOT_INVALID');
    expect(sink.events.map((event) => event.kind)).toEqual(['begin', 'fail']);
    expect(sink.events[1]).toEqual({ kind: 'fail', error });
  });
});

describe('scanSignal', () => {
  it('aborts at the request time limit and says it was the time limit', async () => {
    const { signal, timedOut } = scanSignal({ limits: { timeoutSeconds: 1 } }, new AbortController().signal);
    expect(signal?.aborted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(signal?.aborted).toBe(true);
    expect(timedOut()).toBe(true);
  });

  it('passes the caller’s abort through, which is not a timeout', () => {
    const interrupt = new AbortController();
    const { signal, timedOut } = scanSignal({ limits: { timeoutSeconds: 60 } }, interrupt.signal);
    interrupt.abort();
    expect(signal?.aborted).toBe(true);
    expect(timedOut()).toBe(false);
    expect(scanSignal({ limits: {} }, undefined).signal).toBeUndefined();
  });
});

describe('the transport hook', () => {
  // A module as a test or the benchmark would name it: built in whichever thread collects.
  const module = join(mkdtempSync(join(tmpdir(), 'palisade-transport-')), 'transport.mjs');
  writeFileSync(
    module,
    [
      'export class Handler { constructor(options) { this.options = options; } handle() { throw new Error("not called here"); } }',
      'export const handlerOnly = (options) => new Handler(options);',
      "export const withCredentials = (options) => ({ requestHandler: new Handler(options), credentials: { accessKeyId: 'AKIDSIM', secretAccessKey: 'sim' }, region: 'eu-west-1' });",
      'export const notAFunction = 1;',
    ].join('\n'),
  );
  const live = (exportName: string) =>
    requestFromJson({ source: { kind: 'live', credentials: { profile: 'audit' } }, transport: { module, export: exportName, options: { scenario: 'small' } } });

  it('sends the SDK calls through the handler the export builds from its options', async () => {
    const source = await compileSource(live('handlerOnly'), ['eu-west-1']);
    expect(source.kind).toBe('aws');
    const connect = (source as { connect: { profile?: string; regions?: readonly string[]; transport?: { handler: { options: unknown } } } }).connect;
    expect(connect.profile).toBe('audit');
    expect(connect.regions).toEqual(['eu-west-1']);
    expect(connect.transport?.handler.options).toEqual({ scenario: 'small' });
  });

  it('takes the credentials and home region an export returns with its handler', async () => {
    const source = await compileSource(live('withCredentials'), undefined);
    expect(source).toMatchObject({ kind: 'aws', connect: { credentials: { accessKeyId: 'AKIDSIM', secretAccessKey: 'sim' }, region: 'eu-west-1', transport: { handler: { options: { scenario: 'small' } } } } });
  });

  it('names the field when the export is not a function', async () => {
    await expect(compileSource(live('notAFunction'), undefined)).rejects.toMatchObject({ code: 'REQUEST_INVALID', message: `transport.export: ${module} has no function export "notAFunction"` });
  });
});

describe('compileRequest', () => {
  it('passes the request\'s limits to the scan options, the retry policy included', async () => {
    const request = requestFromJson({ limits: { maxConcurrency: 8, maxAccountsInFlight: 2, retryPolicy: 'uniform' } });
    const start: ScanStart = { scanId: 'scan-from-json', startedAt: '2026-12-03T00:00:00.000Z', productVersion: 'test', request };
    const options = await compileRequest(request, start, {}, undefined);
    expect(options).toMatchObject({ maxConcurrency: 8, maxAccountsInFlight: 2, retryPolicy: 'uniform', scanId: 'scan-from-json', tenantId: 'tenant-a' });
    expect((await compileRequest(requestFromJson(), start, {}, undefined)).retryPolicy).toBeUndefined();
  });
});

describe('stored credentials by reference', () => {
  const live = (credentials: Record<string, unknown>) =>
    parseScanRequest(JSON.parse(JSON.stringify({ ...requestFromJson(), mutelist: undefined, source: { kind: 'live', credentials } })));

  it('opens the secret a request names with the caller\'s resolver, and keeps the secret out of the request', async () => {
    const request = live({ secretRef: 'secret-1', endpointUrl: 'http://127.0.0.1:4566' });
    expect(JSON.stringify(request)).not.toContain('AKIA');
    const asked: string[] = [];
    const source = await compileSource(request, undefined, async (reference) => {
      asked.push(reference);
      return { accessKeyId: 'AKIAEXAMPLEKEY000001', secretAccessKey: 'stored-secret' };
    });
    expect(asked).toEqual(['secret-1']);
    expect(source).toMatchObject({ kind: 'aws', connect: { endpointUrl: 'http://127.0.0.1:4566', credentials: { accessKeyId: 'AKIAEXAMPLEKEY000001', secretAccessKey: 'stored-secret' } } });
  });

  const azure = (source: Record<string, unknown>) =>
    parseScanRequest(
      JSON.parse(
        JSON.stringify({
          ...requestFromJson(),
          provider: 'azure',
          mutelist: undefined,
          scope: { checks: [ALL_CHECKS.find((check) => check.provider === 'azure')!.id], frameworks: [] },
          source: { kind: 'azure', cloud: 'AzureChinaCloud', ...source },
        }),
      ),
    );

  it('signs in to Azure as the stored service principal a request names, in the request\'s tenant', async () => {
    const request = azure({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', credentials: { secretRef: 'secret-2' } });
    const asked: string[] = [];
    const source = await compileSource(request, undefined, async (reference) => {
      asked.push(reference);
      return { clientId: '0c5b5f4c-1c4e-4b4a-9f0e-2d4b6f6f1a11', clientSecret: 'stored-client-secret' };
    });
    expect(asked).toEqual(['secret-2']);
    expect(source).toEqual({
      kind: 'azure',
      connect: { cloud: 'AzureChinaCloud', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', servicePrincipal: { clientId: '0c5b5f4c-1c4e-4b4a-9f0e-2d4b6f6f1a11', clientSecret: 'stored-client-secret' } },
    });
    await expect(compileSource(request, undefined, async () => ({ accessKeyId: 'AKIAEXAMPLEKEY000001', secretAccessKey: 'stored-secret' }))).rejects.toThrow(
      /^source\.credentials\.secretRef: the stored secret holds no Azure service principal$/,
    );
    expect(() => azure({ credentials: { secretRef: 'secret-2' } })).toThrow(/^source\.tenantId: is required with stored credentials$/);
    expect(() => azure({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', credentials: { secretRef: 'secret-2', clientSecret: 'x' } })).toThrow(/^source\.credentials\.clientSecret: /);
  });

  it('refuses a secret reference without a resolver, and with a profile, naming the field', async () => {
    await expect(compileSource(live({ secretRef: 'secret-1' }), undefined)).rejects.toThrow(/^source\.credentials\.secretRef: names a stored secret, but this process has no way to open stored secrets$/);
    expect(() => live({ secretRef: 'secret-1', profile: 'audit' })).toThrow(/^source\.credentials\.secretRef: cannot be combined with a profile$/);
  });
});
