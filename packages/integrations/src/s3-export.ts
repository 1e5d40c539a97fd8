/**
 * S3 export of scan reports. Not a notification sink: the platform hands it a finished scan's report
 * files (OCSF, CSV, HTML, compliance) and each becomes one object at
 * `<prefix><provider id>/<scan id>/<key suffix>`. Writing an object again replaces it, so a retried
 * export is safe. The SDK loads on the first export, not with this package.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { sdkFailure } from './aws-sdk-errors.ts';
import type { AwsSecret, S3Config } from './config.ts';
import { redactSecrets } from './http.ts';
import type { DestinationDeps } from './http.ts';
import type { AlertScan, DeliveryResult } from './types.ts';

/** Reports can be large: each object gets this long by default. */
export const DEFAULT_S3_TIMEOUT_MS = 120_000;

/** One report file to export. */
export interface ReportFile {
  /** The object key's end, e.g. `findings.ocsf.json` or `compliance/cis-aws-3.0.csv`. */
  readonly keySuffix: string;
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

export interface ReportExporter {
  readonly type: 's3';
  /** Writes every report (in order, stopping at the first failure); `externalIds` are the `s3://` URIs written. */
  exportReports(scan: AlertScan, reports: readonly ReportFile[], signal?: AbortSignal): Promise<DeliveryResult>;
}

export function createS3Exporter(config: S3Config, secret: AwsSecret | undefined, deps: Omit<DestinationDeps, 'fetch'> = {}): ReportExporter {
  let client: Promise<S3Client> | undefined;
  const secrets = secret ? [secret.secretAccessKey, secret.sessionToken] : [];
  const getClient = async (): Promise<S3Client> => {
    const sdk = await import('@aws-sdk/client-s3');
    return new sdk.S3Client({
      region: config.region,
      maxAttempts: 1,
      // S3-compatible stores behind `endpointUrl` do not all take the newer default checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      ...(config.endpointUrl ? { endpoint: config.endpointUrl } : {}),
      ...(config.forcePathStyle === undefined ? {} : { forcePathStyle: config.forcePathStyle }),
      ...(secret ? { credentials: { accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey, ...(secret.sessionToken ? { sessionToken: secret.sessionToken } : {}) } } : {}),
    });
  };

  return {
    type: 's3',
    async exportReports(scan, reports, signal) {
      const invalid = reports.find((report) => !isSafeSuffix(report.keySuffix));
      if (invalid) return { ok: false, retryable: false, code: 'INVALID_REPORT', message: `report key suffix "${invalid.keySuffix}" must be a relative path without ".."` };
      const timeoutMs = deps.timeoutMs ?? DEFAULT_S3_TIMEOUT_MS;
      client ??= getClient();
      const s3 = await client;
      const sdk = await import('@aws-sdk/client-s3');
      const written: string[] = [];
      for (const report of reports) {
        const key = reportObjectKey(config, scan, report.keySuffix);
        const timeout = AbortSignal.timeout(timeoutMs);
        const abortSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
        try {
          await s3.send(new sdk.PutObjectCommand({ Bucket: config.bucket, Key: key, Body: report.body, ContentType: report.contentType }), { abortSignal });
          written.push(`s3://${config.bucket}/${key}`);
        } catch (error) {
          const failure = sdkFailure(error, { timedOut: timeout.aborted, aborted: signal?.aborted ?? false, timeoutMs });
          return redactSecrets({ ...failure, message: `${key}: ${failure.message ?? ''}`, externalIds: written }, secrets);
        }
      }
      return { ok: true, retryable: false, externalIds: written };
    },
  };
}

/** `<prefix><provider id>/<scan id>/<key suffix>`; a prefix without a trailing slash gets one. */
export function reportObjectKey(config: Pick<S3Config, 'prefix'>, scan: Pick<AlertScan, 'providerId' | 'id'>, keySuffix: string): string {
  const prefix = config.prefix ? (config.prefix.endsWith('/') ? config.prefix : `${config.prefix}/`) : '';
  return `${prefix}${scan.providerId}/${scan.id}/${keySuffix}`;
}

function isSafeSuffix(suffix: string): boolean {
  return suffix.length > 0 && !suffix.startsWith('/') && !suffix.split('/').some((part) => part === '..' || part === '.' || part === '');
}
