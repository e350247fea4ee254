// Argument checks shared by the public functions. Each returns the error to
// report (the caller rejects its promise with it) or null when the argument
// is fine: promise-returning functions never throw synchronously.

/**
 * Whether `value` is a real `Uint8Array` (or a subclass): a `Proxy` of one,
 * or an object that only inherits from `Uint8Array.prototype`, has no typed
 * array inside and would make the first property read throw.
 */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && ArrayBuffer.isView(value);
}

/** A `TypeError` unless `value` is a `Uint8Array`. */
function checkBuffer(value: unknown, name: string): TypeError | null {
  return isBytes(value)
    ? null
    : new TypeError(`${name} must be a Uint8Array, got ${describe(value)}`);
}

/** A `TypeError` unless `value` is a number. */
export function checkNumber(value: unknown, name: string): TypeError | null {
  return typeof value === "number"
    ? null
    : new TypeError(`${name} must be a number, got ${describe(value)}`);
}

/** A `TypeError` unless `value` is a non-null object. */
export function checkObject(value: unknown, name: string): TypeError | null {
  return typeof value === "object" && value !== null
    ? null
    : new TypeError(`${name} must be an object, got ${describe(value)}`);
}

/**
 * A `TypeError` unless `value` is an object whose listed fields are numbers
 * where present (partial structures may leave fields out).
 */
export function checkNumericFields(
  value: unknown,
  name: string,
  fields: readonly string[],
): TypeError | null {
  const bad = checkObject(value, name);
  if (bad) return bad;
  for (const field of fields) {
    const v = (value as Record<string, unknown>)[field];
    if (v !== undefined && typeof v !== "number") {
      return new TypeError(
        `${name}.${field} must be a number, got ${describe(v)}`,
      );
    }
  }
  return null;
}

const CHUNK_FIELDS = [
  "ckid",
  "cksize",
  "fccType",
  "dwDataOffset",
  "dwFlags",
] as const;

/**
 * A `TypeError` unless `value` is an `MMCKINFO` (or a part of one) whose
 * fields are numbers.
 */
export function checkChunk(value: unknown, name: string): TypeError | null {
  return isChunk(value) ? null : checkNumericFields(value, name, CHUNK_FIELDS);
}

/**
 * Whether `value` is an `MMCKINFO` (or a part of one) whose fields are
 * numbers: the test {@linkcode checkChunk} makes, without building an
 * error. Chunk walks ask it up to three times per chunk, so it reads each
 * field by name, testing `typeof` first (a loop over the names, or the
 * error-building form on the hot path, costs a walk about a tenth).
 */
export function isChunk(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Partial<Record<(typeof CHUNK_FIELDS)[number], unknown>>;
  const a = c.ckid;
  if (typeof a !== "number" && a !== undefined) return false;
  const b = c.cksize;
  if (typeof b !== "number" && b !== undefined) return false;
  const t = c.fccType;
  if (typeof t !== "number" && t !== undefined) return false;
  const d = c.dwDataOffset;
  if (typeof d !== "number" && d !== undefined) return false;
  const f = c.dwFlags;
  return typeof f === "number" || f === undefined;
}

/** The numeric fields of an `MMIOINFO` that the buffer functions read. */
export const POINTER_FIELDS = [
  "dwFlags",
  "pchNext",
  "pchEndRead",
  "pchEndWrite",
  "lBufOffset",
] as const;

/**
 * Checks a byte count against the buffer it refers to: a `TypeError` when it
 * is not a number, a `RangeError` when it is not a whole number in
 * `[0, length]`.
 */
export function checkCount(
  value: unknown,
  length: number,
  name = "cch",
): TypeError | RangeError | null {
  if (typeof value !== "number") {
    return new TypeError(`${name} must be a number, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < 0 || value > length) {
    return new RangeError(
      `${name} must be a whole number from 0 to the buffer length ${length}, got ${value}`,
    );
  }
  return null;
}

/**
 * The byte count of a read or write: `cch` checked against `buffer`, or
 * `buffer.length` when `cch` is undefined; else the error to report.
 */
export function transferCount(
  buffer: unknown,
  cch: unknown,
): number | TypeError | RangeError {
  const bad = checkBuffer(buffer, "buffer");
  if (bad) return bad;
  const length = (buffer as Uint8Array).length;
  if (cch === undefined) return length;
  return checkCount(cch, length) ?? (cch as number);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") {
    if (value instanceof Uint8Array) return "an object posing as a Uint8Array";
    try {
      return value.constructor?.name ?? "object";
    } catch {
      return "object";
    }
  }
  return typeof value;
}
