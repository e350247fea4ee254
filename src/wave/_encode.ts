// Sample encoding: one tight loop per (input array type, stored sample
// type), writing one channel into a block of interleaved frames (a strided
// walk through a typed view of the block). Float input to an integer type is
// scaled by 2^(bits-1), rounded to nearest (halves toward +Infinity, as
// Math.round), and clamped to the integer range, which also clamps the input
// to [-1, 1]; NaN becomes 0. Float input to a float type is stored as it is.

import type { BlockViews } from "./_decode.ts";
import type { SampleType } from "./types.ts";

/** The typed arrays a writer takes samples from. */
export type SampleArray =
  | Float32Array
  | Float64Array
  | Uint8Array
  | Int16Array
  | Int32Array;

function f32ToU8(
  src: Float32Array,
  from: number,
  n: number,
  dst: Uint8Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    const r = Math.round(src[from + i] * 128);
    // NaN fails every comparison and lands on 0 (stored as 128, silence).
    dst[k] = 128 + (r > 127 ? 127 : r >= -128 ? r : r < -128 ? -128 : 0);
  }
}

function f32ToS16(
  src: Float32Array,
  from: number,
  n: number,
  dst: Int16Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    const r = Math.round(src[from + i] * 32768);
    // A typed-array store turns the NaN that passes both tests into 0.
    dst[k] = r > 32767 ? 32767 : r < -32768 ? -32768 : r;
  }
}

function f32ToS24(
  src: Float32Array,
  from: number,
  n: number,
  dst: Uint8Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    const r = Math.round(src[from + i] * 8388608);
    // `| 0` turns NaN into 0.
    const v = (r > 8388607 ? 8388607 : r < -8388608 ? -8388608 : r) | 0;
    dst[k] = v;
    dst[k + 1] = v >> 8;
    dst[k + 2] = v >> 16;
  }
}

function f32ToS32(
  src: Float32Array,
  from: number,
  n: number,
  dst: Int32Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    const r = Math.round(src[from + i] * 2147483648);
    dst[k] = r > 2147483647 ? 2147483647 : r < -2147483648 ? -2147483648 : r;
  }
}

function f32ToF32(
  src: Float32Array,
  from: number,
  n: number,
  dst: Float32Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

function f32ToF64(
  src: Float32Array,
  from: number,
  n: number,
  dst: Float64Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

function u8ToU8(
  src: Uint8Array,
  from: number,
  n: number,
  dst: Uint8Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

function s16ToS16(
  src: Int16Array,
  from: number,
  n: number,
  dst: Int16Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

function i32ToS24(
  src: Int32Array,
  from: number,
  n: number,
  dst: Uint8Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    const x = src[from + i];
    const v = x > 8388607 ? 8388607 : x < -8388608 ? -8388608 : x;
    dst[k] = v;
    dst[k + 1] = v >> 8;
    dst[k + 2] = v >> 16;
  }
}

function i32ToS32(
  src: Int32Array,
  from: number,
  n: number,
  dst: Int32Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

function f64ToF64(
  src: Float64Array,
  from: number,
  n: number,
  dst: Float64Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

/**
 * Encodes `n` samples of `src` from index `from` as channel `c` of the
 * first `n` frames of a block (`channels` interleaved). `src` is a
 * `Float32Array`, or the sample type's own array (`Uint8Array` for uint8,
 * `Int16Array` for int16, `Int32Array` for int24 and int32, `Float64Array`
 * for float64), which the caller has checked. Own-type samples are stored as
 * they are; an int24 sample outside [-2^23, 2^23) is clamped.
 */
export function encode(
  sample: SampleType,
  src: SampleArray,
  from: number,
  n: number,
  v: BlockViews,
  c: number,
  channels: number,
): void {
  if (src instanceof Float32Array) {
    switch (sample) {
      case "uint8":
        return f32ToU8(src, from, n, v.u8, c, channels);
      case "int16":
        return f32ToS16(src, from, n, v.s16, c, channels);
      case "int24":
        return f32ToS24(src, from, n, v.u8, 3 * c, 3 * channels);
      case "int32":
        return f32ToS32(src, from, n, v.s32, c, channels);
      case "float32":
        return f32ToF32(src, from, n, v.f32, c, channels);
      case "float64":
        return f32ToF64(src, from, n, v.f64, c, channels);
    }
  }
  if (src instanceof Uint8Array) return u8ToU8(src, from, n, v.u8, c, channels);
  if (src instanceof Int16Array) {
    return s16ToS16(src, from, n, v.s16, c, channels);
  }
  if (src instanceof Float64Array) {
    return f64ToF64(src, from, n, v.f64, c, channels);
  }
  if (sample === "int24") {
    return i32ToS24(src, from, n, v.u8, 3 * c, 3 * channels);
  }
  return i32ToS32(src, from, n, v.s32, c, channels);
}

/** The array type a sample type takes as it is, besides `Float32Array`. */
export const OWN_ARRAY: Record<SampleType, string> = {
  uint8: "Uint8Array",
  int16: "Int16Array",
  int24: "Int32Array",
  int32: "Int32Array",
  float32: "Float32Array",
  float64: "Float64Array",
};

/** Whether `a` is `Float32Array` or the sample type's own array. */
export function acceptsArray(sample: SampleType, a: unknown): boolean {
  if (a instanceof Float32Array) return true;
  switch (sample) {
    case "uint8":
      return a instanceof Uint8Array;
    case "int16":
      return a instanceof Int16Array;
    case "int24":
    case "int32":
      return a instanceof Int32Array;
    case "float64":
      return a instanceof Float64Array;
    case "float32":
      return false;
  }
}
