/**
 * A growable UTF-8 byte buffer that output encoders append records to. Records are written one by
 * one into a buffer that is reused from batch to batch: converting a whole batch's text at once
 * (`Buffer.from` of megabytes joined from many records) allocates fresh memory for every batch and
 * is an order of magnitude slower than writing each record into memory already in use.
 *
 * The backing memory is never taken from Node's shared buffer pool, so the bytes of a builder can
 * be transferred to another thread (`take()`).
 */
const EMPTY = Buffer.alloc(0);
/** Batches a worker encodes ahead of the main thread's writes, and one more. */
const MAX_SPARE = 5;

export class ByteBuilder {
  private buffer: Buffer = EMPTY;
  private used = 0;
  /** What the next allocation starts from: the capacity the builder had before `take()`. */
  private capacity: number;
  /** Memory handed back (`adopt`), for the next batches. */
  private readonly spare: ArrayBuffer[] = [];

  constructor(capacity = 64 * 1024) {
    this.capacity = Math.max(16, capacity);
  }

  get length(): number {
    return this.used;
  }

  /** Appends `text` as UTF-8. */
  text(text: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    this.reserve(text.length * 3);
    this.used += this.buffer.write(text, this.used);
  }

  /** Appends `bytes[start, end)`. */
  bytes(bytes: Uint8Array, start = 0, end = bytes.length): void {
    const count = end - start;
    if (count <= 0) return;
    this.reserve(count);
    this.buffer.set(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end), this.used);
    this.used += count;
  }

  /** Appends a whole number in decimal. */
  integer(value: number): void {
    this.text(String(value));
  }

  /** The bytes appended since the last `reset`; valid until the next append or reset. */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }

  /**
   * The bytes appended, in memory of their own that can be transferred to another thread; the
   * builder continues empty and allocates new memory (of the capacity it had) when next appended to.
   */
  take(): Uint8Array {
    if (this.used === 0) return new Uint8Array(0);
    const taken = new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.used);
    this.capacity = Math.max(this.capacity, this.buffer.length);
    this.buffer = EMPTY;
    this.used = 0;
    return taken;
  }

  reset(): void {
    this.used = 0;
  }

  /**
   * Memory of an earlier `take()`, handed back once its bytes are no longer needed (written by
   * the thread they were sent to): an empty builder continues in it, which is much cheaper than
   * new memory (fresh pages are faulted in and zeroed by the system).
   */
  adopt(memory: ArrayBuffer): void {
    if (memory.byteLength >= 16 && this.spare.length < MAX_SPARE) this.spare.push(memory);
  }

  private reserve(extra: number): void {
    const needed = this.used + extra;
    if (needed <= this.buffer.length) return;
    if (this.used === 0) {
      const spare = this.spare.pop();
      if (spare && spare.byteLength >= needed) {
        this.buffer = Buffer.from(spare);
        return;
      }
    }
    const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.buffer.length * 2, this.capacity));
    if (this.used) grown.set(this.buffer.subarray(0, this.used));
    this.buffer = grown;
  }
}
