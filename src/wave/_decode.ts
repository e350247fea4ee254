// Sample decoding: one tight loop per stored sample type, reading one
// channel of a block of interleaved frames (a strided walk through a typed
// view of the block) into a typed array. Each loop sees one pair of array
// types only, so V8 keeps it monomorphic. Deno runs on little-endian CPUs
// only (x86-64, AArch64), so typed views read the WAV byte order directly.

import type { Codec } from "./_format.ts";

/** Typed views over one block buffer (its byte length a multiple of 8). */
export interface BlockViews {
  /** The block as bytes. */
  u8: Uint8Array;
  /** As 16-bit samples. */
  s16: Int16Array;
  /** As 32-bit samples. */
  s32: Int32Array;
  /** As 32-bit floats. */
  f32: Float32Array;
  /** As 64-bit floats. */
  f64: Float64Array;
}

/** Views over `bytes` bytes of fresh memory (rounded up to 8). */
export function blockViews(bytes: number): BlockViews {
  const buffer = new ArrayBuffer(Math.ceil(bytes / 8) * 8);
  return {
    u8: new Uint8Array(buffer),
    s16: new Int16Array(buffer),
    s32: new Int32Array(buffer),
    f32: new Float32Array(buffer),
    f64: new Float64Array(buffer),
  };
}

/** G.711 mu-law: the 16-bit linear value of each code. */
function mulawLinear(code: number): number {
  const u = ~code & 0xff;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

/** G.711 A-law: the 16-bit linear value of each code. */
function alawLinear(code: number): number {
  const a = code ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let magnitude = (a & 0x0f) << 4;
  if (segment === 0) magnitude += 8;
  else magnitude = (magnitude + 0x108) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

function table(linear: (code: number) => number): Float32Array {
  const t = new Float32Array(256);
  for (let i = 0; i < 256; i++) t[i] = linear(i) / 32768;
  return t;
}

const ALAW = table(alawLinear);
const MULAW = table(mulawLinear);

// Multiplying by these is exact (they are powers of two) and cheaper than
// dividing.
const INV_2_7 = 1 / 128;
const INV_2_15 = 1 / 32768;
const INV_2_23 = 1 / 8388608;
const INV_2_31 = 1 / 2147483648;

function fromU8(
  src: Uint8Array,
  k: number,
  stride: number,
  dst: Float32Array,
  at: number,
  n: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    dst[at + i] = (src[k] - 128) * INV_2_7;
  }
}

function fromS16(
  src: Int16Array,
  k: number,
  stride: number,
  dst: Float32Array,
  at: number,
  n: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[at + i] = src[k] * INV_2_15;
}

function fromS24(
  src: Uint8Array,
  k: number,
  stride: number,
  dst: Float32Array,
  at: number,
  n: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    // The three bytes into the top of an int32, then back down: sign extended.
    const v = (src[k] << 8 | src[k + 1] << 16 | src[k + 2] << 24) >> 8;
    dst[at + i] = v * INV_2_23;
  }
}

function fromS32(
  src: Int32Array,
  k: number,
  stride: number,
  dst: Float32Array,
  at: number,
  n: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    dst[at + i] = src[k] * INV_2_31;
  }
}

function fromF32(
  src: Float32Array,
  k: number,
  stride: number,
  dst: Float32Array,
  at: number,
  n: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[at + i] = src[k];
}

function fromF64(
  src: Float64Array,
  k: number,
  stride: number,
  dst: Float32Array,
  at: number,
  n: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[at + i] = src[k];
}

function fromTable(
  src: Uint8Array,
  k: number,
  stride: number,
  dst: Float32Array,
  at: number,
  n: number,
  codes: Float32Array,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[at + i] = codes[src[k]];
}

/**
 * Decodes channel `c` of the first `n` frames of a block (`channels`
 * interleaved) into `dst` from index `at`, as floats: integers / 2^(bits-1)
 * (8-bit: (x - 128) / 128), A-law and mu-law by their G.711 linear value /
 * 32768, floats as they are.
 */
export function decodeFloat(
  codec: Codec,
  v: BlockViews,
  channels: number,
  c: number,
  n: number,
  dst: Float32Array,
  at: number,
): void {
  switch (codec) {
    case "u8":
      return fromU8(v.u8, c, channels, dst, at, n);
    case "s16":
      return fromS16(v.s16, c, channels, dst, at, n);
    case "s24":
      return fromS24(v.u8, 3 * c, 3 * channels, dst, at, n);
    case "s32":
      return fromS32(v.s32, c, channels, dst, at, n);
    case "f32":
      return fromF32(v.f32, c, channels, dst, at, n);
    case "f64":
      return fromF64(v.f64, c, channels, dst, at, n);
    case "alaw":
      return fromTable(v.u8, c, channels, dst, at, n, ALAW);
    case "mulaw":
      return fromTable(v.u8, c, channels, dst, at, n, MULAW);
  }
}

function s16ToInt16(
  src: Int16Array,
  k: number,
  stride: number,
  dst: Int16Array,
  at: number,
  n: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[at + i] = src[k];
}

function s16ToInt32(
  src: Int16Array,
  k: number,
  stride: number,
  dst: Int32Array,
  at: number,
  n: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[at + i] = src[k];
}

function s24ToInt32(
  src: Uint8Array,
  k: number,
  stride: number,
  dst: Int32Array,
  at: number,
  n: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    dst[at + i] = (src[k] << 8 | src[k + 1] << 16 | src[k + 2] << 24) >> 8;
  }
}

function s32ToInt32(
  src: Int32Array,
  k: number,
  stride: number,
  dst: Int32Array,
  at: number,
  n: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[at + i] = src[k];
}

/** As {@linkcode decodeFloat}, 16-bit PCM to its stored values. */
export function decodeInt16(
  v: BlockViews,
  channels: number,
  c: number,
  n: number,
  dst: Int16Array,
  at: number,
): void {
  s16ToInt16(v.s16, c, channels, dst, at, n);
}

/**
 * As {@linkcode decodeFloat}, 16, 24 or 32-bit PCM to its stored values,
 * sign extended.
 */
export function decodeInt32(
  codec: "s16" | "s24" | "s32",
  v: BlockViews,
  channels: number,
  c: number,
  n: number,
  dst: Int32Array,
  at: number,
): void {
  switch (codec) {
    case "s16":
      return s16ToInt32(v.s16, c, channels, dst, at, n);
    case "s24":
      return s24ToInt32(v.u8, 3 * c, 3 * channels, dst, at, n);
    case "s32":
      return s32ToInt32(v.s32, c, channels, dst, at, n);
  }
}
