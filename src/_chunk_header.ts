/**
 * The chunk-header codec: the one place that knows how a RIFF chunk header
 * is laid out. The chunk functions (`mmioDescend` on both of its paths,
 * `mmioCreateChunk`, `mmioAscend`), the RIFF tools and the WAVE layer all
 * read and write headers through it.
 *
 * A chunk is an 8-byte header (a FOURCC id and a 32-bit size) followed by
 * the data and a pad byte when the size is odd. `RIFF` and `LIST` chunks
 * (and the `RF64`/`BW64` forms, and big-endian `RIFX`) start their data with
 * a 4-byte type. An `RF64`/`BW64` form keeps its true 64-bit sizes in a
 * `ds64` chunk, its first child (EBU Tech 3306, ITU-R BS.2088).
 *
 * @module
 */

import { FOURCC_LIST, FOURCC_RIFF } from "./constants.ts";

/** `RF64`: EBU Tech 3306's form id for files past 4 GiB. */
export const FOURCC_RF64 = 0x34364652;
/** `BW64`: ITU-R BS.2088's form id, the same layout as `RF64`. */
export const FOURCC_BW64 = 0x34365742;
/** `RIFX`: RIFF with big-endian sizes. */
export const FOURCC_RIFX = 0x58464952;
/** `ds64`: the chunk holding an RF64/BW64 form's 64-bit sizes. */
export const FOURCC_DS64 = 0x34367364;
/** `JUNK`: filler every reader skips; the `ds64` placeholder. */
export const FOURCC_JUNK = 0x4b4e554a;
/** `data`: the chunk whose 64-bit size `ds64` holds in its own field. */
export const FOURCC_DATA = 0x61746164;

/** The bytes of a chunk header: id and size. */
export const HEADER_SIZE = 8;
/** The bytes of a `RIFF`/`LIST` header with its type. */
export const TYPED_HEADER_SIZE = 12;
/** The largest size a 32-bit size field holds. */
export const MAX_U32 = 0xffffffff;
/** The data size of the smallest `ds64` (no table): 28 bytes. */
export const DS64_MIN_SIZE = 28;

/** Reads a little-endian unsigned 32-bit value. */
export function u32le(b: Uint8Array, at: number): number {
  return (b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24) >>> 0;
}

/** Reads a big-endian unsigned 32-bit value. */
export function u32be(b: Uint8Array, at: number): number {
  return (b[at] << 24 | b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3]) >>> 0;
}

/** Writes a little-endian unsigned 32-bit value. */
export function setU32le(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = (v >>> 24) & 0xff;
}

/**
 * Reads a little-endian unsigned 64-bit value, or -1 when it is not a safe
 * integer (above 2^53 - 1).
 */
export function u64le(b: Uint8Array, at: number): number {
  const lo = u32le(b, at);
  const hi = u32le(b, at + 4);
  if (hi > 0x1fffff) return -1;
  return hi * 0x100000000 + lo;
}

/** Writes a safe integer as a little-endian unsigned 64-bit value. */
export function setU64le(b: Uint8Array, at: number, v: number): void {
  setU32le(b, at, v % 0x100000000);
  setU32le(b, at + 4, Math.floor(v / 0x100000000));
}

/** Whether `ckid` is a form: `RIFF`, `RF64` or `BW64`. */
export function isForm(ckid: number): boolean {
  return ckid === FOURCC_RIFF || ckid === FOURCC_RF64 || ckid === FOURCC_BW64;
}

/** Whether `ckid` is a 64-bit form, `RF64` or `BW64`, sized by `ds64`. */
export function isForm64(ckid: number): boolean {
  return ckid === FOURCC_RF64 || ckid === FOURCC_BW64;
}

/**
 * Whether a chunk with id `ckid` starts its data with a 4-byte type, as the
 * chunk functions read it: `RIFF`, `LIST`, `RF64`, `BW64`.
 */
export function hasType(ckid: number): boolean {
  return ckid === FOURCC_LIST || isForm(ckid);
}

/** A chunk's size with its pad byte: the bytes it takes after its header. */
export function paddedSize(size: number): number {
  return size + (size % 2);
}

/**
 * Writes a chunk header (`ckid`, `size` and, when `ckid` has one, the type)
 * into `b` at `at`. Returns the header's length, 8 or 12. `size` is written
 * as a 32-bit field: the caller has checked that it fits.
 */
export function writeChunkHeader(
  b: Uint8Array,
  at: number,
  ckid: number,
  size: number,
  fccType: number,
): number {
  setU32le(b, at, ckid);
  setU32le(b, at + 4, size);
  if (!hasType(ckid)) return HEADER_SIZE;
  setU32le(b, at + 8, fccType);
  return TYPED_HEADER_SIZE;
}

/** One entry of a `ds64` table: a chunk id and its 64-bit size. */
export interface Ds64Entry {
  /** The chunk id. */
  ckid: number;
  /** Its true size. */
  size: number;
}

/** The sizes a `ds64` chunk holds. */
export interface Ds64 {
  /** The form's size (the file size - 8). */
  riffSize: number;
  /** The `data` chunk's size. */
  dataSize: number;
  /** The sample count (replaces `fact`; 0 when unknown). */
  sampleCount: number;
  /** The sizes of other chunks over 4 GiB. */
  table: Ds64Entry[];
}

/** The most table entries read from one `ds64` (each is 12 bytes). */
const MAX_TABLE = 4096;

/**
 * Decodes a `ds64` chunk's data (`length` bytes of `b` from `at`). Null when
 * it is malformed: shorter than 28 bytes, a table that does not fit, or a
 * size that is not a safe integer.
 */
export function parseDs64(
  b: Uint8Array,
  at: number,
  length: number,
): Ds64 | null {
  if (length < DS64_MIN_SIZE || at + length > b.length) return null;
  const riffSize = u64le(b, at);
  const dataSize = u64le(b, at + 8);
  const sampleCount = u64le(b, at + 16);
  if (riffSize < 0 || dataSize < 0 || sampleCount < 0) return null;
  const n = u32le(b, at + 24);
  if (n > MAX_TABLE || DS64_MIN_SIZE + 12 * n > length) return null;
  const table: Ds64Entry[] = [];
  for (let i = 0; i < n; i++) {
    const e = at + DS64_MIN_SIZE + 12 * i;
    const size = u64le(b, e + 4);
    if (size < 0) return null;
    table.push({ ckid: u32le(b, e), size });
  }
  return { riffSize, dataSize, sampleCount, table };
}

/**
 * Writes a `ds64` chunk's data without a table (28 bytes) into `b` at `at`.
 */
export function writeDs64(
  b: Uint8Array,
  at: number,
  riffSize: number,
  dataSize: number,
  sampleCount: number,
): void {
  setU64le(b, at, riffSize);
  setU64le(b, at + 8, dataSize);
  setU64le(b, at + 16, sampleCount);
  setU32le(b, at + 24, 0);
}
