/**
 * What every function of the serverless deployment shares: the store (DynamoDB), the part store
 * (S3), the master key (Secrets Manager, encrypted with the deployment's KMS key), the reports
 * bucket, and how a scan's execution is started — built once per function instance from its
 * environment, or given by a test (the local end-to-end run binds the same handlers to dynalite
 * and a directory).
 */
import { createHash } from 'node:crypto';
import type { PartStore, ScanRequest } from '@palisade/engine';
import type { FileDestination } from '@palisade/outputs';
import type { AlertDispatcherOptions, ScanRef } from '@palisade/platform';
import type { Store } from '@palisade/store';
import { S3FileDestination, S3RequestError } from '../s3-file-destination.ts';
import type { S3FileDestinationClient } from '../s3-file-destination.ts';

/**
 * Where the report files of completed scans are kept, and how a download reaches them: objects
 * `reports/<tenant>/<scan>/<name>`, where `<name>` is the file's name in a report directory
 * (`palisade.ocsf.json`, `compliance/palisade_<framework>.csv`).
 */
export interface ReportBucket {
  /** Where finalize writes the scan's report files, straight into the bucket. */
  destination(tenantId: string, scanId: string): FileDestination;
  /** A short-lived link to one file. */
  link(tenantId: string, scanId: string, fileName: string): Promise<string>;
  /** The scan's report files, for the export to S3 integrations. */
  files: NonNullable<AlertDispatcherOptions['reportFiles']>;
}

export interface ServerlessContext {
  readonly store: Store;
  readonly parts: PartStore;
  /** The platform master key (base64), which seals cloud credentials and integration secrets in the store. */
  readonly masterKey: string;
  readonly productVersion: string;
  /** Scratch space of the function (`/tmp`); without `reports`, the report files are written here (the local end-to-end test). */
  readonly workDir: string;
  readonly reports?: ReportBucket;
  /** Starts the scan's state machine execution (named after the scan: a second start of one scan is refused by Step Functions). */
  readonly startExecution: (ref: ScanRef) => Promise<void>;
  /** Asks the orchestrator (asynchronously) to dispatch queued scans. */
  readonly invokeOrchestrator?: (event: { readonly kind: 'dispatch' }) => Promise<void>;
  /** Request log lines of the HTTP API (default on: they go to the function's log group, secrets redacted). */
  readonly httpLog?: boolean;
  /** Test hook: the SDK transport of live scans (the benchmark's simulated AWS). */
  readonly transport?: ScanRequest['transport'];
}

export const PRODUCT_VERSION = process.env['PALISADE_VERSION'] ?? '0.1.0';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`the function's environment lacks ${name}: the deployment sets it`);
  return value;
}

/** The context of a deployed function, from the environment the stack sets. */
export async function contextFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<ServerlessContext> {
  const [{ DynamoDBClient }, { S3Client, GetObjectCommand }, { SecretsManagerClient, GetSecretValueCommand }, { getSignedUrl }, { createDynamoStore }, { S3PartStore }] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-secrets-manager'),
    import('@aws-sdk/s3-request-presigner'),
    import('@palisade/store/dynamodb'),
    import('@palisade/engine'),
  ]);
  const table = required(env, 'PALISADE_TABLE');
  const partsBucket = required(env, 'PALISADE_PARTS_BUCKET');
  const reportsBucket = env['PALISADE_REPORTS_BUCKET'];
  const s3 = new S3Client({});
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: required(env, 'PALISADE_MASTER_KEY_SECRET_ARN') }));
  if (!secret.SecretString) throw new Error('the master key secret has no value');
  const reportPrefix = (tenantId: string, scanId: string) => `reports/${tenantId}/${scanId}/`;
  const stateMachineArn = env['PALISADE_STATE_MACHINE_ARN'];
  const orchestrator = env['PALISADE_ORCHESTRATOR_FUNCTION'];
  return {
    store: createDynamoStore({ tableName: table, client: new DynamoDBClient({}) }),
    parts: new S3PartStore({ client: s3, bucket: partsBucket, prefix: 'parts' }),
    masterKey: masterKeyOf(secret.SecretString),
    productVersion: PRODUCT_VERSION,
    workDir: '/tmp/palisade',
    ...(reportsBucket
      ? {
          reports: reportBucket(s3, reportsBucket, reportPrefix, (tenantId, scanId, fileName) =>
            getSignedUrl(s3, new GetObjectCommand({ Bucket: reportsBucket, Key: `${reportPrefix(tenantId, scanId)}${fileName}` }), { expiresIn: 300 }),
          ),
        }
      : {}),
    async startExecution(ref) {
      if (!stateMachineArn) throw new Error('this function cannot start scans: PALISADE_STATE_MACHINE_ARN is not set');
      const { SFNClient, StartExecutionCommand } = await import('@aws-sdk/client-sfn');
      await new SFNClient({}).send(new StartExecutionCommand({ stateMachineArn, name: ref.scanId, input: JSON.stringify(ref) }));
    },
    ...(orchestrator
      ? {
          async invokeOrchestrator(event) {
            const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
            await new LambdaClient({}).send(new InvokeCommand({ FunctionName: orchestrator, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));
          },
        }
      : {}),
  };
}

// The fields of the SDK's answers `files` reads.
interface ListAnswer {
  readonly Contents?: readonly { readonly Key?: string }[];
  readonly IsTruncated?: boolean;
  readonly NextContinuationToken?: string;
}
interface GetAnswer {
  readonly ContentType?: string;
  readonly Body?: { transformToByteArray(): Promise<Uint8Array> };
}

/** The reports bucket: files written as multipart uploads, read back whole for S3 integrations. */
export function reportBucket(
  client: S3FileDestinationClient,
  bucket: string,
  prefixOf: (tenantId: string, scanId: string) => string,
  link: ReportBucket['link'],
): ReportBucket {
  return {
    destination: (tenantId, scanId) => new S3FileDestination({ client, bucket, prefix: prefixOf(tenantId, scanId) }),
    link,
    async files(tenantId, scanId) {
      const { ListObjectsV2Command, GetObjectCommand } = await import('@aws-sdk/client-s3');
      const prefix = prefixOf(tenantId, scanId);
      const send = async <T>(action: string, command: object): Promise<T> => {
        try {
          return (await client.send(command)) as T;
        } catch (error) {
          throw new S3RequestError(action, error);
        }
      };
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await send<ListAnswer>('ListObjectsV2', new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      const files = [];
      for (const key of keys.sort()) {
        const object = await send<GetAnswer>('GetObject', new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = await object.Body?.transformToByteArray();
        if (!body) throw new Error(`GetObject ${key} returned no body`);
        files.push({ keySuffix: key.slice(prefix.length), contentType: object.ContentType ?? 'application/octet-stream', body });
      }
      return files;
    },
  };
}

/**
 * The master key from the secret: 64 hex characters as the stack generates it, or base64 of 32
 * bytes as `palisade serve` keeps it; any other text is hashed to 32 bytes (consistently, so every
 * function derives the same key).
 */
export function masterKeyOf(value: string): string {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex').toString('base64');
  const decoded = Buffer.from(text, 'base64');
  if (decoded.length === 32 && decoded.toString('base64') === text) return text;
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

