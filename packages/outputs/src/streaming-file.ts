import { mkdir, open, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PalisadeError } from '@palisade/core';
import type { Finding } from '@palisade/core';
import { ByteBuilder } from './byte-builder.ts';
import { writeFileAtomic } from './compliance/atomic-write.ts';
import type { FindingWriter } from './writer.ts';

/**
 * Where output files go: the local disk by default, or anything that can take a file's bytes in
 * order, such as an object store's multipart upload. The writers only ever append: a header, whole
 * records in order, a footer. Nothing is read back, sought or rewritten, so a destination need not
 * hold a file anywhere but at its end.
 */
export interface FileDestination {
  /** How the file `name` is shown in file lists and error messages: a path, a URL. */
  locate(name: string): string;
  /** Starts the file `name` (a `/`-separated path within the destination), which replaces any file of that name. */
  open(name: string): Promise<DestinationFile>;
  /** Writes a small file whole: readers see the previous file or this one, never part of it. */
  put(name: string, content: string): Promise<void>;
  /** Removes a file; one that is not there needs nothing. */
  remove(name: string): Promise<void>;
}

/** A file being written from its start to its end. */
export interface DestinationFile {
  /** Appends the chunks in order. The caller may reuse their memory once the promise settles. */
  append(chunks: readonly Uint8Array[]): Promise<void>;
  /** Completes the file. */
  close(): Promise<void>;
  /**
   * Gives up on the file. A local file keeps what was written until it is removed; an upload leaves
   * nothing. Either way it never stands as a complete file.
   */
  abort(): Promise<void>;
}

/** Files on the local disk, each named by the path `pathOf` makes of its name. */
function localFiles(pathOf: (name: string) => string): FileDestination {
  return {
    locate: pathOf,
    async open(name) {
      const path = pathOf(name);
      await createDirectory(dirname(path));
      const handle = await open(path, 'w');
      return { append: (chunks) => writeChunks(handle, chunks), close: () => handle.close(), abort: () => handle.close() };
    },
    put: (name, content) => writeFileAtomic(pathOf(name), content),
    remove: (name) => removeFile(pathOf(name)),
  };
}

/** Files under `directory` on the local disk: the file sinks' destination unless they are given another. */
export function localFileDestination(directory: string): FileDestination {
  return localFiles((name) => join(directory, name));
}

/** Names that are local paths already. */
const LOCAL_PATHS = localFiles((path) => path);

/** A part of a finding file: the bytes of whole records, and whatever assembling them needs. */
export interface EncodedPart {
  readonly bytes: Uint8Array;
}

/** Appends the records of `batch` to `out` and returns the part they make (its `bytes` are `out`'s). */
export type RecordEncoder<Part extends EncodedPart> = (batch: readonly Finding[], out: ByteBuilder) => Part;

/** The ordered half of a finding file: its header, each part in output order, its footer. */
export interface PartAssembler<Part extends EncodedPart> {
  readonly header: string;
  /**
   * The bytes that append `part`, which `source`'s encoder made (the parts of one source arrive in
   * the order it encoded them). What depends on the records before (a separator, an index into
   * entries written earlier) is added here. The bytes are valid until the next call.
   */
  assemble(part: Part, source: number): readonly Uint8Array[];
  /** The text that completes the file after the last part. */
  footer(): string;
}

/** A part of a JSON array file: the batch's records comma-separated, and how many there are. */
export interface JsonArrayPart extends EncodedPart {
  readonly records: number;
}

const FIRST_RECORD = Buffer.from('\n');
const NEXT_RECORD = Buffer.from(',\n');

/** A JSON array file: `[` on open, each non-empty part after a separator, `]` on close. */
export function jsonArrayAssembler(): PartAssembler<JsonArrayPart> {
  let first = true;
  return {
    header: '[',
    assemble(part) {
      if (!part.records) return [];
      const separator = first ? FIRST_RECORD : NEXT_RECORD;
      first = false;
      return [separator, part.bytes];
    },
    footer: () => '\n]\n',
  };
}

/**
 * A finding file format in two halves, so that findings can be encoded where they are produced: the
 * record encoder is pure apart from state bounded by the number of checks and may run in any
 * thread (each thread its own), while the file's one assembler puts the parts in order.
 */
export interface FindingFileCodec<Part extends EncodedPart> {
  readonly format: string;
  encoder(): RecordEncoder<Part>;
  assembler(): PartAssembler<Part>;
}

/** A finding writer that also appends parts encoded in another thread. */
export interface FindingFileWriter<Part extends EncodedPart = EncodedPart> extends FindingWriter {
  writePart(part: Part, source: number): Promise<void>;
  /** Gives the file up instead of completing it (see `DestinationFile.abort`); after `close`, only waits for it. */
  abort(): Promise<void>;
}

/** The source of the parts a writer encodes itself (`write`). */
const OWN_ENCODER = -1;

/**
 * Opens `name` in `destination` — by default a path on the local disk, its directory created — and
 * writes the codec's header. Each batch or part becomes one append of complete records, queued in
 * call order so concurrent callers cannot interleave bytes.
 */
export async function openFindingFile<Part extends EncodedPart>(name: string, codec: FindingFileCodec<Part>, destination: FileDestination = LOCAL_PATHS): Promise<FindingFileWriter<Part>> {
  const path = destination.locate(name);
  let file: DestinationFile;
  try {
    file = await destination.open(name);
  } catch (cause) {
    throw outputError(path, 'cannot be created', cause);
  }
  const assembler = codec.assembler();
  const writer = new FindingFile(codec.format, path, file, codec.encoder(), assembler);
  try {
    await file.append([Buffer.from(assembler.header, 'utf8')]);
  } catch (cause) {
    await file.abort().catch(() => undefined);
    throw outputError(path, 'cannot be written', cause);
  }
  return writer;
}

class FindingFile<Part extends EncodedPart> implements FindingFileWriter<Part> {
  private queue: Promise<void> = Promise.resolve();
  /** Set once a write failed: the file may hold a partial record, so nothing more is appended. */
  private failure: PalisadeError | undefined;
  private closing: Promise<void> | undefined;
  /** Reused from batch to batch: encoding and writing happen one batch at a time, in the queue. */
  private readonly records = new ByteBuilder();

  constructor(
    readonly format: string,
    readonly path: string,
    private readonly file: DestinationFile,
    private readonly encoder: RecordEncoder<Part>,
    private readonly assembler: PartAssembler<Part>,
  ) {}

  write(batch: readonly Finding[]): Promise<void> {
    if (!batch.length) return this.closing ? this.closedError() : this.queue;
    return this.append(() => {
      this.records.reset();
      return this.assembler.assemble(this.encoder(batch, this.records), OWN_ENCODER);
    });
  }

  writePart(part: Part, source: number): Promise<void> {
    return this.append(() => this.assembler.assemble(part, source));
  }

  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  abort(): Promise<void> {
    // A file already being completed is left to that: a completion that fails gives the file up itself.
    if (this.closing) return this.closing.catch(() => undefined);
    this.closing = this.queue.then(() => this.giveUp());
    return this.closing;
  }

  private async giveUp(): Promise<void> {
    try {
      await this.file.abort();
    } catch (cause) {
      throw outputError(this.path, 'could not be given up', cause);
    }
  }

  private closedError(): Promise<never> {
    return Promise.reject(new PalisadeError('INTERNAL', `${this.format} output ${this.path} was written after it was closed.`));
  }

  /** Queued: the bytes are made when the writes before them are done, so the builders they live in can be reused. */
  private append(bytes: () => readonly Uint8Array[]): Promise<void> {
    if (this.closing) return this.closedError();
    const run = this.queue.then(async () => {
      if (this.failure) throw this.failure;
      const chunks = bytes();
      try {
        await this.file.append(chunks);
      } catch (cause) {
        this.failure = outputError(this.path, 'could not be written', cause);
        throw this.failure;
      }
    });
    // The caller of `write` gets the failure; the queue itself keeps going so `close` still releases the file.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async finish(): Promise<void> {
    await this.queue;
    // After a failed write the file may end inside a record: it is given up, never completed.
    if (this.failure) return this.giveUp();
    try {
      await this.file.append([Buffer.from(this.assembler.footer(), 'utf8')]);
      await this.file.close();
    } catch (cause) {
      await this.file.abort().catch(() => undefined);
      throw outputError(this.path, 'could not be completed', cause);
    }
  }
}

/**
 * `mkdir -p` one level at a time. Node's recursive mkdir never returns for a path whose parent
 * exists but refuses children with ENOENT (`-o /proc/x`): it retries the parent forever. A path
 * that exists must be a directory (or a link to one): an error with code ENOTDIR says otherwise.
 */
export async function createDirectory(path: string): Promise<void> {
  try {
    await mkdir(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return requireDirectory(path);
    const parent = dirname(path);
    if (code !== 'ENOENT' || parent === path) throw error;
    await createDirectory(parent);
    await mkdir(path).catch(async (retry: NodeJS.ErrnoException) => {
      if (retry.code !== 'EEXIST') throw retry;
      await requireDirectory(path);
    });
  }
}

/** EEXIST says that something is there, not that it is a directory (`-o report.json`). */
async function requireDirectory(path: string): Promise<void> {
  if ((await stat(path)).isDirectory()) return;
  throw Object.assign(new Error(`ENOTDIR: ${path} exists and is not a directory`), { code: 'ENOTDIR', syscall: 'mkdir', path });
}

/** Writes every byte of `chunks`, in order; the loop only covers short writes, which a regular file seldom makes. */
async function writeChunks(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<void> {
  let pending = chunks.filter((chunk) => chunk.length > 0);
  while (pending.length) {
    const { bytesWritten } = pending.length === 1 ? await handle.write(pending[0]!) : await handle.writev(pending);
    let written = bytesWritten;
    const rest: Uint8Array[] = [];
    for (const chunk of pending) {
      if (written >= chunk.length) {
        written -= chunk.length;
        continue;
      }
      rest.push(written ? chunk.subarray(written) : chunk);
      written = 0;
    }
    pending = rest;
  }
}

/** Removes a file; one that is not there (never created, or its directory is a file) needs nothing. */
async function removeFile(path: string): Promise<void> {
  try {
    await rm(path, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
  }
}

function outputError(path: string, what: string, cause: unknown): PalisadeError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new PalisadeError('OUTPUT', `Output file ${path} ${what}: ${reason}`, { cause });
}
