/**
 * Report files written straight into an S3 bucket, for the finalize function: nothing is staged in
 * the function's `/tmp`. The file sinks only append to a file (header, records in order, footer),
 * so each file is a multipart upload whose parts are sent as they fill: S3 takes parts of 5 MiB
 * or more except the last, at most 10,000 of them, so an object holds up to 10,000 × the part
 * size (78 GiB at the default 8 MiB). A file that never fills one part is one PutObject when it
 * closes. Memory per open file is the part being filled plus the parts uploading.
 *
 * Giving a file up aborts its upload (S3 keeps no object, and frees the parts); a function that
 * dies mid-upload leaves an incomplete upload, which the bucket's lifecycle rule aborts after a
 * day. An object appears only once its upload completes, whole, so a reader (a presigned link)
 * never sees part of a file.
 *
 * Errors name the S3 action and S3's own error code (`UploadPart: SlowDown (…)`), and reach the
 * caller as the file sinks' output errors.
 */
import type { DestinationFile, FileDestination } from '@palisade/outputs';

/** What the destination needs of the SDK's `S3Client`: an S3Client is one. */
export interface S3FileDestinationClient {
  send(command: object): Promise<unknown>;
}

export interface S3FileDestinationOptions {
  readonly client: S3FileDestinationClient;
  readonly bucket: string;
  /** Put before each file's name to make its key, e.g. `reports/<tenant>/<scan>/`. */
  readonly prefix: string;
  /** Bytes per part (default 8 MiB, at least S3's 5 MiB). */
  readonly partBytes?: number;
  /** Parts of one file uploading at once (default 2). */
  readonly partsInFlight?: number;
}

/** S3's smallest part, but for the last one. */
export const S3_MIN_PART_BYTES = 5 * 2 ** 20;
/** S3's most parts in one multipart upload. */
export const S3_MAX_PARTS = 10_000;
export const DEFAULT_PART_BYTES = 8 * 2 ** 20;
export const DEFAULT_PARTS_IN_FLIGHT = 2;

/** How a report is served when downloaded through a presigned link. */
const CONTENT_TYPES: readonly (readonly [string, string])[] = [
  ['.jsonl', 'application/x-ndjson'],
  ['.json', 'application/json'],
  ['.sarif', 'application/sarif+json'],
  ['.csv', 'text/csv; charset=utf-8'],
  ['.html', 'text/html; charset=utf-8'],
];

export function contentTypeOf(name: string): string {
  return CONTENT_TYPES.find(([suffix]) => name.endsWith(suffix))?.[1] ?? 'application/octet-stream';
}

// The fields of the SDK's answers the destination reads.
interface CreateAnswer {
  readonly UploadId?: string;
}
interface PartAnswer {
  readonly ETag?: string;
  readonly ChecksumCRC32?: string;
}

const loadSdk = () => import('@aws-sdk/client-s3');
type Sdk = Awaited<ReturnType<typeof loadSdk>>;

/** An S3 error as the SDK raised it, with the action that met it. */
export class S3RequestError extends Error {
  /** S3's error code (`SlowDown`, `NoSuchUpload`, …), or the error's name when S3 gave none. */
  readonly code: string;

  constructor(
    readonly action: string,
    cause: unknown,
  ) {
    const code = (cause as { name?: unknown; Code?: unknown } | null)?.Code ?? (cause as { name?: unknown } | null)?.name ?? 'Error';
    const message = cause instanceof Error ? cause.message : String(cause);
    super(`${action}: ${String(code)} (${message})`, { cause });
    this.name = 'S3RequestError';
    this.code = String(code);
  }
}

export class S3FileDestination implements FileDestination {
  private readonly partBytes: number;
  private readonly partsInFlight: number;
  private sdk: Promise<Sdk> | undefined;

  constructor(private readonly options: S3FileDestinationOptions) {
    this.partBytes = options.partBytes ?? DEFAULT_PART_BYTES;
    if (!Number.isInteger(this.partBytes) || this.partBytes < S3_MIN_PART_BYTES) throw new RangeError(`a part is at least ${S3_MIN_PART_BYTES} bytes (S3's smallest), not ${this.partBytes}`);
    this.partsInFlight = Math.max(1, options.partsInFlight ?? DEFAULT_PARTS_IN_FLIGHT);
  }

  key(name: string): string {
    return `${this.options.prefix}${name}`;
  }

  locate(name: string): string {
    return `s3://${this.options.bucket}/${this.key(name)}`;
  }

  async open(name: string): Promise<DestinationFile> {
    return new S3Upload(this, this.key(name), contentTypeOf(name), this.partBytes, this.partsInFlight);
  }

  async put(name: string, content: string): Promise<void> {
    const { PutObjectCommand } = await this.commands();
    await this.send('PutObject', new PutObjectCommand({ Bucket: this.options.bucket, Key: this.key(name), Body: content, ContentType: contentTypeOf(name) }));
  }

  async remove(name: string): Promise<void> {
    const { DeleteObjectCommand } = await this.commands();
    // Deleting a key that does not exist succeeds.
    await this.send('DeleteObject', new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(name) }));
  }

  get bucket(): string {
    return this.options.bucket;
  }

  /** The SDK's command classes, loaded on first use. */
  commands(): Promise<Sdk> {
    this.sdk ??= loadSdk();
    return this.sdk;
  }

  /** Sends a command; an error names the action and S3's code. */
  async send<T>(action: string, command: object): Promise<T> {
    try {
      return (await this.options.client.send(command)) as T;
    } catch (error) {
      throw new S3RequestError(action, error);
    }
  }
}

/**
 * One file on its way into the bucket. Appends fill the current part; a full part is sent while
 * the next fills, at most `partsInFlight` at once (an append waits for a slot). The upload itself
 * starts with the first full part, so a small file is one PutObject at `close`.
 */
class S3Upload implements DestinationFile {
  private part: Buffer | undefined;
  private filled = 0;
  private uploadId: Promise<string> | undefined;
  private readonly parts: { PartNumber: number; ETag: string; ChecksumCRC32?: string }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private partNumber = 0;
  /** The first failure of a part: every later call reports it. */
  private failure: unknown;
  private state: 'open' | 'closed' | 'aborted' = 'open';

  constructor(
    private readonly destination: S3FileDestination,
    private readonly key: string,
    private readonly contentType: string,
    private readonly partBytes: number,
    private readonly partsInFlight: number,
  ) {}

  async append(chunks: readonly Uint8Array[]): Promise<void> {
    this.check();
    for (const chunk of chunks) {
      // Copied now: the caller reuses the chunk's memory once this call is done.
      for (let offset = 0; offset < chunk.length; ) {
        this.part ??= Buffer.allocUnsafe(this.partBytes);
        const taken = Math.min(chunk.length - offset, this.partBytes - this.filled);
        this.part.set(chunk.subarray(offset, offset + taken), this.filled);
        this.filled += taken;
        offset += taken;
        if (this.filled === this.partBytes) await this.sendPart();
      }
    }
  }

  async close(): Promise<void> {
    this.check();
    const { PutObjectCommand, CompleteMultipartUploadCommand } = await this.destination.commands();
    if (this.uploadId === undefined) {
      // Never a full part: the file is one object.
      const body = this.part ? this.part.subarray(0, this.filled) : Buffer.alloc(0);
      this.part = undefined;
      await this.destination.send('PutObject', new PutObjectCommand({ Bucket: this.destination.bucket, Key: this.key, Body: body, ContentType: this.contentType }));
      this.state = 'closed';
      return;
    }
    if (this.filled > 0) await this.sendPart();
    await this.settle();
    this.check();
    const uploadId = await this.uploadId;
    this.parts.sort((a, b) => a.PartNumber - b.PartNumber);
    await this.destination.send(
      'CompleteMultipartUpload',
      new CompleteMultipartUploadCommand({ Bucket: this.destination.bucket, Key: this.key, UploadId: uploadId, MultipartUpload: { Parts: this.parts } }),
    );
    this.state = 'closed';
  }

  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    this.part = undefined;
    await this.settle();
    const uploadId = await this.uploadId?.catch(() => undefined);
    if (uploadId === undefined) return;
    const { AbortMultipartUploadCommand } = await this.destination.commands();
    await this.destination.send('AbortMultipartUpload', new AbortMultipartUploadCommand({ Bucket: this.destination.bucket, Key: this.key, UploadId: uploadId }));
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.state !== 'open') throw new Error(`${this.key} is ${this.state}`);
  }

  /** Sends the filled part, once a slot is free, and starts filling a new one. */
  private async sendPart(): Promise<void> {
    while (this.inFlight.size >= this.partsInFlight) await Promise.race(this.inFlight);
    this.check();
    const partNumber = ++this.partNumber;
    if (partNumber > S3_MAX_PARTS) {
      this.failure = new Error(`${this.key} is over ${S3_MAX_PARTS} parts of ${this.partBytes} bytes, the most one S3 object holds at this part size`);
      throw this.failure;
    }
    const body = this.part!.subarray(0, this.filled);
    this.part = undefined;
    this.filled = 0;
    this.uploadId ??= this.start();
    const sending = this.upload(partNumber, body).catch((error: unknown) => {
      this.failure ??= error;
    });
    const tracked = sending.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async start(): Promise<string> {
    const { CreateMultipartUploadCommand } = await this.destination.commands();
    const answer = await this.destination.send<CreateAnswer>(
      'CreateMultipartUpload',
      new CreateMultipartUploadCommand({ Bucket: this.destination.bucket, Key: this.key, ContentType: this.contentType, ChecksumAlgorithm: 'CRC32' }),
    );
    if (!answer.UploadId) throw new Error(`CreateMultipartUpload of ${this.key} returned no UploadId`);
    return answer.UploadId;
  }

  private async upload(partNumber: number, body: Buffer): Promise<void> {
    const uploadId = await this.uploadId!;
    const { UploadPartCommand } = await this.destination.commands();
    const answer = await this.destination.send<PartAnswer>(
      'UploadPart',
      new UploadPartCommand({ Bucket: this.destination.bucket, Key: this.key, UploadId: uploadId, PartNumber: partNumber, Body: body, ChecksumAlgorithm: 'CRC32' }),
    );
    if (!answer.ETag) throw new Error(`UploadPart ${partNumber} of ${this.key} returned no ETag`);
    this.parts.push({ PartNumber: partNumber, ETag: answer.ETag, ...(answer.ChecksumCRC32 ? { ChecksumCRC32: answer.ChecksumCRC32 } : {}) });
  }

  /** Waits for every part in flight (their failures are kept in `failure`). */
  private async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}
