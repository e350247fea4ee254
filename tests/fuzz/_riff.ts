// Hand-made RIFF bytes for the chunk tests, the corpus and the fuzzer.
//
// The writer never computes a size on its own: every size field is written
// exactly as the caller gives it, because the point of these files is to
// control every byte, including the wrong ones.

/** Builds a byte string field by field (little-endian, like RIFF). */
export class Bytes {
  #parts: number[] = [];

  /** Four characters (Latin-1), e.g. `"RIFF"`; shorter strings are an error. */
  fcc(s: string): this {
    if (s.length !== 4) throw new RangeError(`fcc needs 4 characters: ${s}`);
    for (let i = 0; i < 4; i++) this.#parts.push(s.charCodeAt(i) & 0xff);
    return this;
  }

  /** An unsigned 32-bit little-endian number. */
  u32(n: number): this {
    const v = n >>> 0;
    this.#parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
    return this;
  }

  /** Raw bytes, or the Latin-1 codes of a string. */
  raw(data: ArrayLike<number> | string): this {
    if (typeof data === "string") {
      for (let i = 0; i < data.length; i++) {
        this.#parts.push(data.charCodeAt(i) & 0xff);
      }
    } else {
      for (let i = 0; i < data.length; i++) this.#parts.push(data[i] & 0xff);
    }
    return this;
  }

  /** `n` copies of `byte`. */
  fill(byte: number, n: number): this {
    for (let i = 0; i < n; i++) this.#parts.push(byte & 0xff);
    return this;
  }

  /** The bytes so far (a fresh copy). */
  bytes(): Uint8Array {
    return Uint8Array.from(this.#parts);
  }

  /** The number of bytes so far: the offset the next field will have. */
  get length(): number {
    return this.#parts.length;
  }
}

/** Reads an unsigned 32-bit little-endian number, or null past the end. */
export function u32At(b: Uint8Array, offset: number): number | null {
  if (offset < 0 || offset + 4 > b.length) return null;
  return (b[offset] | b[offset + 1] << 8 | b[offset + 2] << 16 |
    b[offset + 3] << 24) >>> 0;
}

/** A FOURCC as its four Latin-1 characters ("" for 0). */
export function fccText(fcc: number): string {
  if (fcc === 0) return "";
  const v = fcc >>> 0;
  return String.fromCharCode(
    v & 0xff,
    (v >>> 8) & 0xff,
    (v >>> 16) & 0xff,
    v >>> 24,
  );
}

/** The FOURCC of a 4-character string (no padding, no case change). */
export function fcc(s: string): number {
  if (s.length !== 4) throw new RangeError(`fcc needs 4 characters: ${s}`);
  return (s.charCodeAt(0) | s.charCodeAt(1) << 8 | s.charCodeAt(2) << 16 |
    s.charCodeAt(3) << 24) >>> 0;
}

/** A chunk size rounded up to even: what a reader skips (the pad byte). */
export function padded(size: number): number {
  return size + (size % 2);
}
