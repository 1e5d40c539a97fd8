/**
 * Values with typed arrays (the report files' encoded records: bytes, row offsets) as plain JSON,
 * for a part store, and back: each typed array becomes `{ "$typed": "<class>", "base64": "…" }`
 * holding exactly the bytes of its view. Everything else passes through unchanged.
 */
const TYPED_ARRAYS = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;

type TypedArrayName = keyof typeof TYPED_ARRAYS;

interface TypedValue {
  readonly $typed: TypedArrayName;
  readonly base64: string;
}

export function toWire(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name as TypedArrayName;
    if (!(name in TYPED_ARRAYS)) throw new TypeError(`cannot store a ${value.constructor.name} as JSON`);
    return { $typed: name, base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') } satisfies TypedValue;
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toWire(entry)]));
  return value;
}

export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === 'object') {
    const typed = value as Partial<TypedValue>;
    if (typeof typed.$typed === 'string' && typeof typed.base64 === 'string' && typed.$typed in TYPED_ARRAYS) {
      const bytes = Buffer.from(typed.base64, 'base64');
      // A copy on its own memory, aligned for any element size.
      const buffer = new ArrayBuffer(bytes.byteLength);
      new Uint8Array(buffer).set(bytes);
      const View = TYPED_ARRAYS[typed.$typed];
      return new View(buffer, 0, bytes.byteLength / View.BYTES_PER_ELEMENT);
    }
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, fromWire(entry)]));
  }
  return value;
}
