/**
 * An in-memory S3 bucket behind the SDK's `client.send(command)`, with multipart uploads: it tells
 * commands apart by their class name and reads their `input`, answers with the SDK's output shapes,
 * and checks what S3 checks when an upload completes — parts in ascending order, each ETag the one
 * its UploadPart returned, every part but the last at least 5 MiB, and each part's CRC32 when the
 * upload was created with that algorithm. Errors are shaped like the SDK's (`name` is S3's code,
 * `$metadata` the status). Objects appear when PutObject or CompleteMultipartUpload succeeds.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export interface SentCommand {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

export interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string | undefined;
}

interface Upload {
  readonly key: string;
  readonly contentType: string | undefined;
  readonly checksumAlgorithm: string | undefined;
  readonly parts: Map<number, { readonly body: Buffer; readonly etag: string; readonly crc32: string }>;
}

/** An error as the SDK throws it for an S3 error answer. */
export function s3Error(code: string, status: number, message = code): Error {
  return Object.assign(new Error(message), { name: code, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

const MIN_PART_BYTES = 5 * 2 ** 20;

function bodyOf(body: unknown): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new Error(`the fake S3 client takes string or byte bodies, not ${typeof body}`);
}

function crc32Base64(body: Buffer): string {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(crc32(body));
  return value.toString('base64');
}

export class FakeS3MultipartClient {
  readonly objects = new Map<string, StoredObject>();
  readonly uploads = new Map<string, Upload>();
  readonly sent: SentCommand[] = [];
  /** An error to throw for the next command of this class name. */
  readonly failNext = new Map<string, Error>();
  private nextUpload = 0;

  constructor(readonly bucket = 'reports') {}

  async send(command: object): Promise<unknown> {
    const name = command.constructor.name;
    const input = (command as { input?: Record<string, unknown> }).input ?? {};
    this.sent.push({ name, input });
    // Answers come later than the call, as over a network: parts overlap.
    await new Promise((resolve) => setImmediate(resolve));
    const failure = this.failNext.get(name);
    if (failure) {
      this.failNext.delete(name);
      throw failure;
    }
    if (input['Bucket'] !== this.bucket) throw s3Error('NoSuchBucket', 404, 'The specified bucket does not exist');
    const key = String(input['Key']);
    switch (name) {
      case 'PutObjectCommand':
        this.objects.set(key, { body: bodyOf(input['Body']), contentType: input['ContentType'] as string | undefined });
        return { $metadata: { httpStatusCode: 200 }, ETag: '"put"' };
      case 'GetObjectCommand': {
        const object = this.objects.get(key);
        if (!object) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
        return { $metadata: { httpStatusCode: 200 }, ContentType: object.contentType, Body: { transformToByteArray: async () => new Uint8Array(object.body) } };
      }
      case 'DeleteObjectCommand':
        this.objects.delete(key);
        return { $metadata: { httpStatusCode: 204 } };
      case 'ListObjectsV2Command': {
        const prefix = String(input['Prefix'] ?? '');
        const keys = [...this.objects.keys()].filter((candidate) => candidate.startsWith(prefix)).sort();
        return { $metadata: { httpStatusCode: 200 }, KeyCount: keys.length, IsTruncated: false, ...(keys.length ? { Contents: keys.map((each) => ({ Key: each, Size: this.objects.get(each)!.body.length })) } : {}) };
      }
      case 'CreateMultipartUploadCommand': {
        const uploadId = `upload-${++this.nextUpload}`;
        this.uploads.set(uploadId, { key, contentType: input['ContentType'] as string | undefined, checksumAlgorithm: input['ChecksumAlgorithm'] as string | undefined, parts: new Map() });
        return { $metadata: { httpStatusCode: 200 }, Bucket: this.bucket, Key: key, UploadId: uploadId, ...(input['ChecksumAlgorithm'] ? { ChecksumAlgorithm: input['ChecksumAlgorithm'] } : {}) };
      }
      case 'UploadPartCommand': {
        const upload = this.upload(input, key);
        const body = bodyOf(input['Body']);
        const etag = `"${createHash('md5').update(body).digest('hex')}"`;
        const checksum = crc32Base64(body);
        upload.parts.set(Number(input['PartNumber']), { body, etag, crc32: checksum });
        return { $metadata: { httpStatusCode: 200 }, ETag: etag, ...(upload.checksumAlgorithm === 'CRC32' ? { ChecksumCRC32: checksum } : {}) };
      }
      case 'CompleteMultipartUploadCommand':
        return this.complete(input, key);
      case 'AbortMultipartUploadCommand':
        this.upload(input, key);
        this.uploads.delete(String(input['UploadId']));
        return { $metadata: { httpStatusCode: 204 } };
      default:
        throw new Error(`the fake S3 client does not know ${name}`);
    }
  }

  /** Names of the commands sent, in order. */
  names(): string[] {
    return this.sent.map((command) => command.name);
  }

  private upload(input: Record<string, unknown>, key: string): Upload {
    const upload = this.uploads.get(String(input['UploadId']));
    if (!upload || upload.key !== key) throw s3Error('NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
    return upload;
  }

  private complete(input: Record<string, unknown>, key: string) {
    const upload = this.upload(input, key);
    const listed = ((input['MultipartUpload'] as { Parts?: { PartNumber?: number; ETag?: string; ChecksumCRC32?: string }[] } | undefined)?.Parts ?? []).map((part) => ({ ...part }));
    if (listed.length === 0) throw s3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
    const bodies: Buffer[] = [];
    for (const [index, part] of listed.entries()) {
      if (index > 0 && part.PartNumber! <= listed[index - 1]!.PartNumber!) throw s3Error('InvalidPartOrder', 400, 'The list of parts was not in ascending order.');
      const stored = upload.parts.get(part.PartNumber!);
      if (!stored || stored.etag !== part.ETag) throw s3Error('InvalidPart', 400, 'One or more of the specified parts could not be found.');
      if (upload.checksumAlgorithm === 'CRC32' && part.ChecksumCRC32 !== stored.crc32) {
        throw s3Error('InvalidRequest', 400, `The upload was created using a crc32 checksum. The complete request must include the checksum for each part. It was missing for part ${part.PartNumber} in the request.`);
      }
      if (index < listed.length - 1 && stored.body.length < MIN_PART_BYTES) throw s3Error('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed object size.');
      bodies.push(stored.body);
    }
    this.objects.set(key, { body: Buffer.concat(bodies), contentType: upload.contentType });
    this.uploads.delete(String(input['UploadId']));
    return { $metadata: { httpStatusCode: 200 }, Bucket: this.bucket, Key: key, ETag: `"combined-${listed.length}"`, Location: `https://${this.bucket}.s3.amazonaws.com/${key}` };
  }
}
